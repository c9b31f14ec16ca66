import {
  AGGREGATE_BUILTINS,
  ast,
  type Builtin,
  SCALAR_BUILTINS,
  TREND_BUILTINS,
  typeRefText,
} from '@varpulis/language';
import type { LangiumDocument } from 'langium';
import type { SignatureHelpProvider } from 'langium/lsp';
import {
  MarkupKind,
  type SignatureHelp,
  type SignatureHelpOptions,
  type SignatureHelpParams,
  type SignatureInformation,
} from 'vscode-languageserver';
import { CONNECTOR_KINDS } from './docs/keywords.js';
import { FROM_DOC, OPERATION_DOCS, type OperationDoc } from './docs/operations.js';
import { openBrackets, significantTokens, statementStartIndex } from './vpl-analysis.js';
import type { VplLspServices } from './vpl-lsp-module.js';

/**
 * Signature help inside the parentheses of a stream operation (`.window(`), a source (`.from(`, `timer(`), a builtin
 * function (aggregate functions inside `.aggregate(...)`, trend functions inside `.trend_aggregate(...)`), a user
 * function, an `emit` of a declared event, or a connector declaration. The active parameter is the number of commas
 * before the cursor at that bracket's depth.
 */
export class VplSignatureHelpProvider implements SignatureHelpProvider {
  readonly signatureHelpOptions: SignatureHelpOptions = { triggerCharacters: ['(', ','], retriggerCharacters: [','] };

  constructor(private readonly services: VplLspServices) {}

  provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): SignatureHelp | undefined {
    const text = document.textDocument.getText();
    const offset = document.textDocument.offsetAt(params.position);
    const tokens = significantTokens(this.services, text.slice(0, offset));
    const start = statementStartIndex(tokens);
    const brackets = openBrackets(tokens, start).filter((index) => tokens[index]!.image === '(');
    const open = brackets.at(-1);
    if (open === undefined) return undefined;
    let active = 0;
    let depth = 0;
    for (let i = open + 1; i < tokens.length; i++) {
      const image = tokens[i]!.image;
      if (image === '(' || image === '[' || image === '{') depth++;
      else if (image === ')' || image === ']' || image === '}') depth--;
      else if (image === ',' && depth === 0) active++;
    }
    const owner = tokens[open - 1];
    const dot = tokens[open - 2];
    if (!owner) return undefined;
    const opNames = brackets.map((index) =>
      tokens[index - 2]?.tokenType.name === 'OP_DOT' ? tokens[index - 1]!.image : undefined,
    );
    let signature: SignatureInformation | undefined;
    if (dot?.tokenType.name === 'OP_DOT' || (dot?.image === '.' && owner.image === 'from')) {
      const doc = owner.image === 'from' ? FROM_DOC : OPERATION_DOCS.get(owner.image);
      if (doc) signature = operationSignature(doc);
    } else if (tokens[start]?.image === 'connector' && open === start + 4) {
      const kind = CONNECTOR_KINDS.find((k) => k.kind === owner.image);
      if (kind) {
        signature = {
          label: `${kind.kind}(${kind.params.map((p) => `${p.name}: ${p.type}`).join(', ')})`,
          documentation: kind.doc,
          parameters: kind.params.map((p) => ({ label: `${p.name}: ${p.type}` })),
        };
        // Named parameters: highlight the one being written, whatever its position.
      }
    } else if (/^[A-Za-z_]/.test(owner.image)) {
      signature = this.functionSignature(document, owner.image, opNames, tokens[open - 2]?.image === 'emit');
    }
    if (!signature) return undefined;
    const count = signature.parameters?.length ?? 0;
    return {
      signatures: [signature],
      activeSignature: 0,
      activeParameter: count === 0 ? 0 : Math.min(active, count - 1),
    };
  }

  private functionSignature(
    document: LangiumDocument,
    name: string,
    opNames: (string | undefined)[],
    isEmit: boolean,
  ): SignatureInformation | undefined {
    if (isEmit) {
      const event = this.services.shared.workspace.IndexManager.allElements('EventDecl').find(
        (d) => d.name === name,
      )?.node;
      if (event && ast.isEventDecl(event)) {
        const params = event.fields.map((f) => `${f.name}: ${typeRefText(f.type)}`);
        return { label: `emit ${name}(${params.join(', ')})`, parameters: params.map((label) => ({ label })) };
      }
    }
    const user = this.services.scoping.NameResolver.globalsOf(document).get(name);
    if (user && ast.isFnDecl(user)) {
      const params = user.params.map((p) => `${p.name}: ${typeRefText(p.type)}`);
      return {
        label: `${name}(${params.join(', ')})${user.returnType ? ` -> ${typeRefText(user.returnType)}` : ''}`,
        parameters: params.map((label) => ({ label })),
        documentation: 'User function.',
      };
    }
    const inTrend = opNames.includes('trend_aggregate');
    const inAggregate = opNames.includes('aggregate');
    const builtin =
      (inTrend ? TREND_BUILTINS.get(name) : undefined) ??
      (inAggregate ? AGGREGATE_BUILTINS.get(name) : undefined) ??
      SCALAR_BUILTINS.get(name);
    return builtin ? builtinSignature(builtin) : undefined;
  }
}

function operationSignature(doc: OperationDoc): SignatureInformation {
  return {
    label: doc.signature,
    documentation: { kind: MarkupKind.Markdown, value: doc.doc },
    parameters: doc.params.map((p) => ({ label: p.label, documentation: p.doc })),
  };
}

export function builtinSignature(builtin: Builtin): SignatureInformation {
  const variadic = builtin.maxArgs === Number.POSITIVE_INFINITY;
  const params = builtin.params.map(
    (type, index) =>
      `${paramName(builtin, index)}: ${type}${variadic && index === builtin.params.length - 1 ? ', …' : ''}`,
  );
  return {
    label: `${builtin.name}(${params.join(', ')}) -> ${builtin.result}`,
    documentation: { kind: MarkupKind.Markdown, value: builtin.doc },
    parameters: params.map((label) => ({ label })),
  };
}

function paramName(builtin: Builtin, index: number): string {
  if (builtin.kind === 'aggregate' || builtin.kind === 'trend')
    return index === 0 ? (builtin.params[0]?.startsWith('alias') ? 'alias' : 'field') : 'period';
  return String.fromCharCode(97 + index);
}
