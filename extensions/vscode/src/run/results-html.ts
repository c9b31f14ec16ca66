/**
 * The results view's HTML: a summary, the problems (each a link back to its line), one table per stream and the
 * print/log lines. Pure (tested without VS Code); the webview supplies its CSP source and a script nonce.
 */
import type { ResultsModel, StreamTable } from './results-model.js';
import type { RunProblem } from './run-protocol.js';

export interface HtmlContext {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh nonce for the inline script. */
  nonce: string;
  /** Paths are shown relative to this folder when inside it. */
  workspaceFolder?: string;
  /** A stream to scroll to and highlight (the code lens of that stream was clicked). */
  focusStream?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function shownPath(path: string, folder: string | undefined): string {
  if (folder && path.startsWith(`${folder}/`)) return path.slice(folder.length + 1);
  return path;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function problemRow(p: RunProblem, ctx: HtmlContext): string {
  const where =
    p.line > 0
      ? `${shownPath(p.file, ctx.workspaceFolder)}:${p.line}:${p.column}`
      : shownPath(p.file, ctx.workspaceFolder);
  const link =
    p.line > 0
      ? `<a href="#" class="reveal" data-file="${escapeHtml(p.file)}" data-line="${p.line}" data-column="${p.column}">${escapeHtml(where)}</a>`
      : escapeHtml(where);
  const context = [
    p.stream ? `stream ${escapeHtml(p.stream)}` : '',
    p.eventNumber ? `input event ${p.eventNumber}` : '',
    p.count > 1 ? `${p.count} times` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `<tr class="problem ${p.severity}" data-code="${escapeHtml(p.code)}"><td class="severity">${p.severity}</td><td class="code">${escapeHtml(p.code)}</td><td>${escapeHtml(p.message)}${context ? ` <span class="muted">(${context})</span>` : ''}</td><td class="where">${link}</td></tr>`;
}

function streamSection(t: StreamTable): string {
  const head = `<h2><span class="stream-name">${escapeHtml(t.name)}</span> <span class="badge" title="events emitted">${t.count}</span>${
    t.firstTime
      ? ` <span class="muted">${escapeHtml(t.firstTime)}${t.lastTime !== t.firstTime ? ` → ${escapeHtml(t.lastTime ?? '')}` : ''}</span>`
      : ''
  }</h2>`;
  if (t.count === 0)
    return `<section class="stream empty" data-stream="${escapeHtml(t.name)}">${head}<p class="muted">No events emitted.</p></section>`;
  const header = `<tr><th class="num">#</th><th>event time</th>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const rows = t.rows
    .map(
      (r, i) =>
        `<tr><td class="num">${i + 1}</td><td class="time" title="${r.timestamp} ms">${escapeHtml(r.time)}</td>${t.columns
          .map((_, c) => {
            const cell = r.cells[c];
            return cell === undefined ? '<td class="missing">—</td>' : `<td>${escapeHtml(cell)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const more =
    t.count > t.rows.length ? `<p class="muted">Showing the first ${t.rows.length} of ${t.count} events.</p>` : '';
  return `<section class="stream" data-stream="${escapeHtml(t.name)}">${head}<table class="events"><thead>${header}</thead><tbody>\n${rows}\n</tbody></table>${more}</section>`;
}

export function renderResultsHtml(model: ResultsModel, ctx: HtmlContext): string {
  const s = model.summary;
  const program = shownPath(model.programPath, ctx.workspaceFolder);
  const input = shownPath(model.inputPath, ctx.workspaceFolder);
  const facts = model.ok
    ? [
        `<li><strong>${s.eventsRead}</strong> input event${s.eventsRead === 1 ? '' : 's'}${s.truncatedInput ? ' (input cut at the event limit)' : ''}</li>`,
        `<li><strong>${s.emitted}</strong> emitted by ${plural(s.streamsEmitting, 'stream')} (of ${s.streamsDeclared} declared)</li>`,
        `<li><strong>${s.errors}</strong> error${s.errors === 1 ? '' : 's'}, <strong>${s.warnings}</strong> warning${s.warnings === 1 ? '' : 's'}</li>`,
        s.lateEvents > 0
          ? `<li><strong>${s.lateEvents}</strong> late event${s.lateEvents === 1 ? '' : 's'} dropped</li>`
          : '',
        ...s.sinkRecords.map(
          ([c, n]) => `<li>sink <code>${escapeHtml(c)}</code>: ${plural(n, 'record')} (not sent in a sample run)</li>`,
        ),
        `<li class="muted">${s.elapsedMs} ms</li>`,
      ]
    : [`<li class="error-text">The program did not run: ${plural(s.errors, 'error')}.</li>`];
  const problems =
    model.problems.length === 0
      ? ''
      : `<section class="problems"><h2>Problems <span class="badge">${model.problems.length}</span></h2><table class="problems"><tbody>${model.problems
          .map((p) => problemRow(p, ctx))
          .join('\n')}</tbody></table></section>`;
  const logs =
    model.logs.length === 0
      ? ''
      : `<section class="logs"><h2>Output <span class="badge">${model.logs.length}</span></h2><pre>${model.logs
          .map((l) => escapeHtml(l.text))
          .join('\n')}</pre></section>`;
  const streams = model.streams.map(streamSection).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${ctx.cspSource} 'unsafe-inline'; script-src 'nonce-${ctx.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>VPL results</title>
<style>${STYLE}</style>
</head>
<body data-focus="${escapeHtml(ctx.focusStream ?? '')}">
<header class="summary" data-ok="${model.ok}">
<h1>${escapeHtml(program)} <span class="muted">on</span> ${escapeHtml(input)}</h1>
<ul class="facts">${facts.filter(Boolean).join('')}</ul>
</header>
${problems}
<main>
${streams}
</main>
${logs}
<script nonce="${ctx.nonce}">
const vscode = acquireVsCodeApi();
const focus = document.body.dataset.focus;
if (focus) {
  const section = document.querySelector('section.stream[data-stream="' + CSS.escape(focus) + '"]');
  if (section) {
    section.classList.add('focused');
    section.scrollIntoView({ block: 'start' });
  }
}
document.addEventListener('click', (event) => {
  const link = event.target.closest('a.reveal');
  if (!link) return;
  event.preventDefault();
  vscode.postMessage({ type: 'reveal', file: link.dataset.file, line: Number(link.dataset.line), column: Number(link.dataset.column) });
});
</script>
</body>
</html>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 24px; }
h1 { font-size: 1.2em; font-weight: 600; margin: 16px 0 8px; }
h2 { font-size: 1.05em; font-weight: 600; margin: 20px 0 6px; }
.muted { color: var(--vscode-descriptionForeground); font-weight: normal; }
.badge { display: inline-block; min-width: 1.4em; padding: 0 6px; border-radius: 10px; text-align: center; font-size: 0.85em;
  background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
ul.facts { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 20px; }
table { border-collapse: collapse; margin: 4px 0; }
th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.25)); vertical-align: top; }
th { font-weight: 600; color: var(--vscode-descriptionForeground); position: sticky; top: 0; background: var(--vscode-editor-background); }
td { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); white-space: pre; }
td.num, th.num { text-align: right; color: var(--vscode-descriptionForeground); }
td.time { color: var(--vscode-descriptionForeground); }
td.missing { color: var(--vscode-disabledForeground); }
tr.problem td { white-space: normal; }
tr.problem.error td.severity, .error-text { color: var(--vscode-errorForeground); }
tr.problem.warning td.severity { color: var(--vscode-editorWarning-foreground); }
tr.problem td.code { font-weight: 600; }
a { color: var(--vscode-textLink-foreground); }
section.stream.focused h2 .stream-name { text-decoration: underline; text-decoration-color: var(--vscode-focusBorder); text-underline-offset: 3px; }
pre { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 8px; }
`;
