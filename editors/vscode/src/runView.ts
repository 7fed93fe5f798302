// HTML of the "Run in VM" webview. Free of the `vscode` module: the panel
// passes in what it needs from the webview (CSP source, nonce).

import type { RunView } from "./serverCommands";

export interface PageOptions {
  /** Title line: usually the file name. */
  title: string;
  /** webview.cspSource, allowed for styles. */
  cspSource: string;
}

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML element or attribute. */
export function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapes[c]);
}

/** Whether an outcome is a successful run. */
export function isSuccess(outcome: string): boolean {
  return outcome === "completed" || outcome === "ok";
}

/**
 * Returns the whole page. The SVG is shown through an <img> data URI, so a
 * diagram can never run script inside the webview, and the CSP allows no
 * script at all.
 */
export function runPage(run: RunView, opts: PageOptions): string {
  const ok = isSuccess(run.outcome);
  const csp = [
    "default-src 'none'",
    `style-src 'unsafe-inline' ${opts.cspSource}`,
    "img-src data:",
  ].join("; ");
  const facts: string[] = [];
  if (run.steps !== undefined) {
    facts.push(run.maxSteps !== undefined ? `${run.steps} steps (max_steps ${run.maxSteps})` : `${run.steps} steps`);
  }
  if (run.detail) facts.push(run.detail);
  const diagram = run.svg
    ? `<img class="diagram" alt="sequence diagram of the run" src="data:image/svg+xml;base64,${Buffer.from(run.svg, "utf8").toString("base64")}">`
    : `<p class="muted">The server sent no sequence diagram for this run.</p>`;
  const trace = run.trace
    ? `<details open><summary>Trace</summary><pre>${escapeHTML(run.trace)}</pre></details>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHTML(opts.title)}</title>
<style>
  body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground, #333); background: var(--vscode-editor-background, #fff); padding: 12px 18px; }
  h1 { font-size: 1.15em; margin: 0 0 8px; font-weight: 600; }
  .outcome { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; color: #fff; }
  .ok { background: #2e7d32; }
  .bad { background: #c62828; }
  .facts { margin: 8px 0 14px; }
  .muted { opacity: 0.7; }
  .diagram { max-width: 100%; background: #fff; border: 1px solid rgba(128,128,128,0.35); border-radius: 4px; }
  pre { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; white-space: pre-wrap; }
  summary { cursor: pointer; margin-top: 12px; font-weight: 600; }
</style>
</head>
<body>
<h1>Run in VM — ${escapeHTML(opts.title)}</h1>
<div><span class="outcome ${ok ? "ok" : "bad"}">${escapeHTML(run.outcome)}</span></div>
<div class="facts">${escapeHTML(facts.join(" · "))}</div>
${diagram}
${trace}
</body>
</html>`;
}
