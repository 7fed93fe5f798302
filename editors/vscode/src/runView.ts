// HTML of the webviews ("Run in VM", "Show State Machine"). Free of the
// `vscode` module: the panel passes in what it needs from the webview (CSP
// source).

import type { MachineView, RunView } from "./serverCommands";

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

/** The CSP of the pages: styles from the webview, images from data URIs, no script. */
function contentPolicy(cspSource: string): string {
  return ["default-src 'none'", `style-src 'unsafe-inline' ${cspSource}`, "img-src data:"].join("; ");
}

/** An SVG as an <img> data URI, so a picture can never run script in the webview. */
export function svgImage(svg: string, alt: string): string {
  return `<img class="diagram" alt="${escapeHTML(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}">`;
}

/** A whole page: the head with its CSP and styles, then body. */
export function page(title: string, cspSource: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentPolicy(cspSource)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHTML(title)}</title>
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
${body}
</body>
</html>`;
}

/**
 * Returns the whole page of a run. The SVG is shown through an <img> data
 * URI, so a diagram can never run script inside the webview, and the CSP
 * allows no script at all.
 */
export function runPage(run: RunView, opts: PageOptions): string {
  const ok = isSuccess(run.outcome);
  const facts: string[] = [];
  if (run.steps !== undefined) {
    facts.push(run.maxSteps !== undefined ? `${run.steps} steps (max_steps ${run.maxSteps})` : `${run.steps} steps`);
  }
  if (run.detail) facts.push(run.detail);
  const diagram = run.svg
    ? svgImage(run.svg, "sequence diagram of the run")
    : `<p class="muted">The server sent no sequence diagram for this run.</p>`;
  const trace = run.trace
    ? `<details open><summary>Trace</summary><pre>${escapeHTML(run.trace)}</pre></details>`
    : "";
  return page(
    opts.title,
    opts.cspSource,
    `<h1>Run in VM — ${escapeHTML(opts.title)}</h1>
<div><span class="outcome ${ok ? "ok" : "bad"}">${escapeHTML(run.outcome)}</span></div>
<div class="facts">${escapeHTML(facts.join(" · "))}</div>
${diagram}
${trace}`,
  );
}

/**
 * Returns the page of choreo.showStateMachine: the picture, then the
 * Graphviz text (folded) to copy elsewhere.
 */
export function machinePage(view: MachineView, opts: PageOptions): string {
  const who = view.roles.length === 1 ? `role ${view.roles[0]}` : `${view.roles.join(", ")} and the global protocol`;
  const picture = view.svg
    ? svgImage(view.svg, `state machine of ${who}`)
    : `<p class="muted">The server sent no picture.</p>`;
  return page(
    opts.title,
    opts.cspSource,
    `<h1>State machine — ${escapeHTML(opts.title)}</h1>
<div class="facts">${escapeHTML(`${view.protocol}: ${who}`)}</div>
${picture}
<details><summary>Graphviz (dot)</summary><pre>${escapeHTML(view.dot)}</pre></details>`,
  );
}
