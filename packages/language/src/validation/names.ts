import { type AstNode, AstUtils, type Reference, type ValidationAcceptor } from 'langium';
import {
  type ConnectorSource,
  type ContextOp,
  type EmitOp,
  type EnrichOp,
  type EventSource,
  type FollowedBy,
  type InlineStream,
  isCallExpr,
  isComparisonExpr,
  isEmitOp,
  isMemberAccess,
  isNamedArg,
  isNameRef,
  isPatternDecl,
  isSelectItem,
  isStreamDecl,
  type MemberAccess,
  type NamedType,
  type NameRef,
  type NotOp,
  type SaseItem,
  type SelectItem,
  type SequenceStep,
  type SourceRef,
  type ToOp,
  TrendItem,
} from '../generated/ast.js';
import { closestName } from '../utils/suggestions.js';
import type { VplServices } from '../vpl-module.js';
import { DiagnosticCode } from './codes.js';
import { report } from './report.js';
import type { VplCheckSet } from './vpl-validator.js';

/** Whether a node is inside a `.trend_aggregate` item (a `$type` walk: this runs for every name). */
function isInsideTrendItem(node: AstNode): boolean {
  for (let current: AstNode | undefined = node; current; current = current.$container) {
    if (current.$type === TrendItem.$type) return true;
  }
  return false;
}

const SYNTHETIC_SOURCE = /^(Late|Timer)_[A-Za-z_][A-Za-z0-9_]*$/;

const TYPE_SUGGESTIONS: Readonly<Record<string, string>> = {
  string: 'str',
  String: 'str',
  integer: 'int',
  long: 'int',
  double: 'float',
  number: 'float',
  boolean: 'bool',
  datetime: 'timestamp',
  date: 'timestamp',
  time: 'timestamp',
  list: '[T]',
  array: '[T]',
  map: '{K: V}',
  dict: '{K: V}',
};

/** Name checks (semantics §5.2): VPL-N001–N004, N006, W030, E030, E031, W031 and VPL-T003. */
export const nameChecks: VplCheckSet = (services: VplServices) => {
  const resolver = services.scoping.NameResolver;
  const reportedHints = new WeakMap<AstNode, Set<string>>();

  const bareNameMustResolve = (nameRef: NameRef, accept: ValidationAcceptor): void => {
    const container: AstNode = nameRef.$container;
    if (isCallExpr(container) && container.callee === nameRef) return; // functions: E050
    if (isMemberAccess(container) && container.receiver === nameRef) return; // receivers: N003
    if (isNamedArg(container) && container.name === 'context' && isEmitOp(container.$container)) return;
    if (isInsideTrendItem(nameRef)) return; // trend-function arguments: VPL-O162
    if (isComparisonExpr(container) && container.operator === 'is' && (container.right as AstNode) === nameRef) return; // a type: VPL-E020
    const name = nameRef.target?.$refText ?? '';
    const resolution = resolver.resolve(nameRef);
    switch (resolution.kind) {
      case 'unknown': {
        const candidates = [
          ...resolution.context.shape.fields.keys(),
          ...resolution.context.aliases.keys(),
          ...resolver.globalsOf(AstUtils.getDocument(nameRef)).keys(),
        ];
        const suggestion = closestName(name, candidates);
        const fields = [...resolution.context.shape.fields.keys()];
        report(
          accept,
          DiagnosticCode.UnknownName,
          `Unknown name '${name}': it is not a field of this record${fields.length ? ` (fields: ${fields.join(', ')})` : ''}, nor a local, alias, global or built-in variable.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
          { node: nameRef, property: 'target', data: suggestion ? { suggestion } : undefined },
        );
        return;
      }
      case 'unverifiable': {
        if (!isInEmitOrSelect(nameRef)) return;
        const stream = AstUtils.getContainerOfType(nameRef, isStreamDecl);
        if (!stream) return;
        const seen = reportedHints.get(stream) ?? new Set<string>();
        reportedHints.set(stream, seen);
        if (seen.has(name)) return;
        seen.add(name);
        report(
          accept,
          DiagnosticCode.UnverifiableName,
          `'${name}' cannot be checked: the source event type has no declared schema, so it is read as a field and is null on events that lack it. Declare the event type to have names checked.`,
          { node: nameRef, property: 'target' },
        );
        return;
      }
      case 'global': {
        const context = resolver.visibleNames(nameRef).context;
        if (context?.shape.known && context.shape.fields.has(name)) {
          report(
            accept,
            DiagnosticCode.GlobalHidesField,
            `The global '${name}' hides the field '${name}' of this record; the global's value is used. Read the field through the source or an alias (e.g. Source.${name}), or rename the global.`,
            { node: nameRef, property: 'target' },
          );
        }
        return;
      }
      default:
        return;
    }
  };

  /** `.select(name)` keeps the field `name`: it must exist when the record shape is known (VPL-N001), else VPL-N002. */
  const keptFieldMustExist = (item: SelectItem, accept: ValidationAcceptor): void => {
    if (item.value) return;
    const context = resolver.visibleNames(item).context;
    if (!context || context.shape.opaque) return;
    const name = item.name;
    if (context.shape.fields.has(name) || context.aliases.has(name) || context.builtinVariables.has(name)) return;
    if (context.shape.known) {
      const suggestion = closestName(name, context.shape.fields.keys());
      report(
        accept,
        DiagnosticCode.UnknownName,
        `Unknown field '${name}': the record has ${[...context.shape.fields.keys()].join(', ') || 'no fields'}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        { node: item, property: 'name', data: suggestion ? { suggestion } : undefined },
      );
      return;
    }
    const stream = AstUtils.getContainerOfType(item, isStreamDecl);
    if (!stream) return;
    const seen = reportedHints.get(stream) ?? new Set<string>();
    reportedHints.set(stream, seen);
    if (seen.has(name)) return;
    seen.add(name);
    report(
      accept,
      DiagnosticCode.UnverifiableName,
      `'${name}' cannot be checked: the source event type has no declared schema, so the field is null on events that lack it. Declare the event type to have names checked.`,
      { node: item, property: 'name' },
    );
  };

  const receiverMustBeBound = (access: MemberAccess, accept: ValidationAcceptor): void => {
    const receiver = access.receiver;
    if (!isNameRef(receiver)) return;
    const name = receiver.target?.$refText ?? '';
    const resolution = resolver.resolve(receiver);
    if (resolution.kind !== 'unknown' && resolution.kind !== 'unverifiable') return;
    const context = resolution.context;
    if (context.sourceNames.has(name)) return;
    if (!context.shape.known) return;
    const suggestion = closestName(name, [...context.aliases.keys(), ...context.sourceNames]);
    report(
      accept,
      DiagnosticCode.UnboundReceiver,
      `'${name}' is not bound here: it is not an alias of this stream${context.aliases.size ? ` (aliases: ${[...context.aliases.keys()].join(', ')})` : ''}, a join input, the source, a variable or a field.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
      { node: receiver, property: 'target', data: suggestion ? { suggestion } : undefined },
    );
  };

  const sourceMustBeDeclared = (
    node: EventSource | FollowedBy | NotOp | SaseItem | SourceRef | InlineStream | SequenceStep,
    accept: ValidationAcceptor,
  ): void => {
    sourceReferenceMustResolve(node.target, node, 'target', accept);
  };

  const sourceReferenceMustResolve = (
    reference: Reference | undefined,
    node: AstNode,
    property: string,
    accept: ValidationAcceptor,
  ): void => {
    const name = reference?.$refText;
    if (!reference) return;
    if (!name || reference.ref || SYNTHETIC_SOURCE.test(name)) return;
    report(
      accept,
      DiagnosticCode.UndeclaredSource,
      `'${name}' is not a declared event type, stream or pattern; it is read as an event type without a schema, so its field names cannot be checked. Declare it with 'event ${name}:' and its fields.`,
      { node, property: property as never },
    );
  };

  const connectorMustBeDeclared = (node: ConnectorSource | ToOp | EnrichOp, accept: ValidationAcceptor): void => {
    const reference = node.connector;
    if (!reference?.$refText || reference.ref) return;
    report(
      accept,
      DiagnosticCode.UndefinedConnector,
      `Unknown connector '${reference.$refText}': declare it with 'connector ${reference.$refText} = kind(...)'.`,
      {
        node,
        property: 'connector',
      },
    );
  };

  const contextMustBeDeclared = (node: ContextOp, accept: ValidationAcceptor): void => {
    if (!node.context?.$refText || node.context.ref) return;
    report(
      accept,
      DiagnosticCode.UndefinedContext,
      `Unknown context '${node.context.$refText}': declare it with 'context ${node.context.$refText}'.`,
      {
        node,
        property: 'context',
      },
    );
  };

  const emitTypeShouldBeDeclared = (node: EmitOp, accept: ValidationAcceptor): void => {
    if (!node.asType || node.asType.ref) return;
    report(
      accept,
      DiagnosticCode.UndeclaredEmitType,
      `'${node.asType.$refText}' is not a declared event type; declare it so the emitted fields can be checked against it.`,
      { node, property: 'asType' },
    );
  };

  const namedTypeShouldExist = (node: NamedType, accept: ValidationAcceptor): void => {
    if (!node.ref || node.ref.ref) return;
    const name = node.ref.$refText;
    const suggestion = TYPE_SUGGESTIONS[name];
    report(
      accept,
      DiagnosticCode.UnknownNamedType,
      `Unknown type '${name}': it is not a primitive type (int, float, bool, str, timestamp, duration), a declared event or a type alias.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
      { node, property: 'ref', data: suggestion ? { suggestion } : undefined },
    );
  };

  const stepMustNotBePattern = (node: FollowedBy, accept: ValidationAcceptor): void => {
    if (!isPatternDecl(node.target?.ref)) return;
    report(
      accept,
      DiagnosticCode.PatternAsStep,
      `'${node.target?.$refText ?? ''}' is a pattern declaration, which can only be a stream's source, not a '->' step. Use it as the source ('stream S = ${node.target?.$refText ?? ''} ...') or name an event type here.`,
      { node, property: 'target' },
    );
  };

  return {
    NameRef: bareNameMustResolve,
    SelectItem: keptFieldMustExist,
    MemberAccess: receiverMustBeBound,
    EventSource: sourceMustBeDeclared,
    FollowedBy: [sourceMustBeDeclared, stepMustNotBePattern],
    NotOp: sourceMustBeDeclared,
    SaseItem: sourceMustBeDeclared,
    SourceRef: sourceMustBeDeclared,
    InlineStream: sourceMustBeDeclared,
    SequenceStep: sourceMustBeDeclared,
    ConnectorSource: [
      (node, accept) => sourceReferenceMustResolve(node.event, node, 'event', accept),
      connectorMustBeDeclared,
    ],
    ToOp: connectorMustBeDeclared,
    EnrichOp: connectorMustBeDeclared,
    ContextOp: contextMustBeDeclared,
    EmitOp: emitTypeShouldBeDeclared,
    NamedType: namedTypeShouldExist,
  };
};

function isInEmitOrSelect(node: AstNode): boolean {
  for (let current = node.$container; current; current = current.$container) {
    if (isEmitOp(current) || isSelectItem(current)) return true;
    if (isStreamDecl(current)) return false;
  }
  return false;
}
