// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the `vpl.sampleEvents.patterns` setting uses `${name}`.
import {
  compile,
  createEngine,
  detectEventFormat,
  EngineLoadError,
  expandDeclarationLoops,
  formatInputError,
  formatJsonlLine,
  parseEventText,
} from '@varpulis/engine';
import { ast, parseVplSyntax } from '@varpulis/language';
import { type LangiumDocument, type URI, UriUtils } from 'langium';
import type { RunSampleResult, StreamRunSummary } from './protocol.js';
import type { VplSharedLspServices } from './vpl-lsp-module.js';

/** How many emitted events per stream a result keeps as a sample. */
const SAMPLE_LINES = 3;

/**
 * Runs a program on its sample events, in virtual time, with the engine (`@varpulis/engine`): the sample input is
 * `<program>.evt` or `<program>.jsonl` next to the file, or the first match of the `vpl.sampleEvents.patterns`
 * setting. Imported files are compiled with the program (imports first), declaration loops expanded. Results are
 * cached per document version and input text, so code lenses can show them cheaply.
 */
export class VplSampleRunner {
  private readonly cache = new Map<string, { key: string; result: RunSampleResult }>();

  constructor(private readonly shared: VplSharedLspServices) {}

  /** The sample input of a program, or undefined when there is none. */
  async findInput(documentUri: URI): Promise<URI | undefined> {
    if (documentUri.scheme !== 'file') return undefined;
    const settings = await this.shared.vpl.Settings.get();
    const dir = UriUtils.dirname(documentUri);
    const name = UriUtils.basename(documentUri).replace(/\.vpl$/, '');
    const candidates = [
      `${name}.evt`,
      `${name}.jsonl`,
      ...settings.sampleEvents.patterns.map((p) => p.replaceAll('${name}', name)),
    ];
    for (const candidate of candidates) {
      const uri = UriUtils.resolvePath(dir, candidate);
      try {
        await this.shared.workspace.FileSystemProvider.readFile(uri);
        return uri;
      } catch {
        // not there
      }
    }
    return undefined;
  }

  /** Runs the document's program on its sample input (or `inputUri`). Never throws for user errors. */
  async run(document: LangiumDocument, inputUri?: URI): Promise<RunSampleResult> {
    const started = performance.now();
    const input = inputUri ?? (await this.findInput(document.uri));
    const problems: string[] = [];
    const finish = (events: number, streams: StreamRunSummary[]): RunSampleResult => ({
      ...(input ? { inputUri: input.toString() } : {}),
      events,
      streams,
      problems,
      elapsedMs: Math.round(performance.now() - started),
    });
    if (!input) {
      problems.push(
        'No sample input: put <program>.evt or <program>.jsonl next to the file, or set vpl.sampleEvents.patterns.',
      );
      return finish(0, []);
    }
    let inputText: string;
    try {
      inputText = await this.shared.workspace.FileSystemProvider.readFile(input);
    } catch (error) {
      problems.push(`Cannot read ${input.fsPath}: ${(error as Error).message}`);
      return finish(0, []);
    }
    const { maxEvents } = (await this.shared.vpl.Settings.get()).sampleEvents;
    const key = `${document.textDocument.version}:${inputText.length}:${hash(inputText)}:${this.importVersions(document)}:${maxEvents}`;
    const cached = this.cache.get(document.uri.toString());
    if (cached?.key === key) return cached.result;
    const result = this.execute(document, inputText, input, problems, finish, maxEvents);
    this.cache.set(document.uri.toString(), { key, result });
    return result;
  }

  private execute(
    document: LangiumDocument,
    inputText: string,
    input: URI,
    problems: string[],
    finish: (events: number, streams: StreamRunSummary[]) => RunSampleResult,
    maxEvents: number,
  ): RunSampleResult {
    const errors = this.program(document).flatMap((doc) => (doc.diagnostics ?? []).filter((d) => d.severity === 1));
    if (errors.length > 0) {
      problems.push(`The program has ${errors.length} error${errors.length > 1 ? 's' : ''}; fix them to run it.`);
      return finish(0, []);
    }
    const programs: ast.Program[] = [];
    const texts: string[] = [];
    for (const doc of this.program(document)) {
      const text = doc.textDocument.getText();
      const expanded = expandDeclarationLoops(text);
      texts.push(expanded.text);
      programs.push(
        expanded.text === text ? (doc.parseResult.value as ast.Program) : parseVplSyntax(expanded.text).program,
      );
    }
    const compiled = compile(programs, { sourceText: texts.join('\n') });
    const compileErrors = compiled.errors.filter((e) => e.severity === 'error');
    if (compileErrors.length > 0) {
      for (const e of compileErrors) problems.push(`${e.span.line}:${e.span.column} [${e.code}] ${e.message}`);
      return finish(0, []);
    }
    const streams = new Map<string, StreamRunSummary>();
    for (const stream of compiled.plan.streams) streams.set(stream.name, { name: stream.name, emitted: 0, sample: [] });
    let engine: ReturnType<typeof createEngine>;
    try {
      engine = createEngine(compiled.plan, {
        sinks: {
          emit: (e) => {
            const summary = streams.get(e.stream) ?? { name: e.stream, emitted: 0, sample: [] };
            streams.set(e.stream, summary);
            summary.emitted++;
            if (summary.sample.length < SAMPLE_LINES) summary.sample.push(formatJsonlLine(e.stream, e.record));
          },
          diagnostic: (d) => {
            if (problems.length < 20)
              problems.push(`${d.span.line}:${d.span.column} ${d.severity} [${d.code}] ${d.message}`);
          },
          log: () => undefined,
          sink: () => undefined,
        },
      });
    } catch (error) {
      if (error instanceof EngineLoadError) {
        for (const e of error.errors) problems.push(`${e.span.line}:${e.span.column} [${e.code}] ${e.message}`);
        return finish(0, []);
      }
      throw error;
    }
    const parsed = parseEventText(inputText, detectEventFormat(input.path), input.fsPath);
    for (const e of parsed.errors.slice(0, 10)) problems.push(formatInputError(e));
    let count = 0;
    for (const record of parsed.events) {
      if (count >= maxEvents) {
        problems.push(`Only the first ${maxEvents} events were run (vpl.sampleEvents.maxEvents).`);
        break;
      }
      engine.push(record);
      count++;
    }
    engine.end();
    return finish(count, [...streams.values()]);
  }

  /** The document and the documents it imports, imports first, each once. */
  program(document: LangiumDocument): LangiumDocument[] {
    const documents = this.shared.workspace.LangiumDocuments;
    const ordered: LangiumDocument[] = [];
    const seen = new Set<string>();
    const visit = (doc: LangiumDocument, depth: number) => {
      const key = doc.uri.toString();
      if (seen.has(key) || depth > 10) return;
      seen.add(key);
      const root = doc.parseResult?.value;
      if (ast.isProgram(root)) {
        for (const statement of root.statements) {
          if (!ast.isImportDecl(statement)) continue;
          const target = documents.getDocument(UriUtils.resolvePath(UriUtils.dirname(doc.uri), statement.path));
          if (target) visit(target, depth + 1);
        }
      }
      ordered.push(doc);
    };
    visit(document, 0);
    return ordered;
  }

  private importVersions(document: LangiumDocument): string {
    return this.program(document)
      .map((doc) => `${doc.textDocument.version}`)
      .join(',');
  }
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
