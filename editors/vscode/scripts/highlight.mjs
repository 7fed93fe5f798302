#!/usr/bin/env node
// Tokenizes a .choreo file with the extension's TextMate grammar (the same
// engine VS Code uses: vscode-textmate + vscode-oniguruma) and prints either
// the scopes of every token (--tokens) or a standalone HTML page with the
// code coloured by a Dark+-like theme (--html). The README's highlighting
// screenshot is this page rendered by headless Chromium.
//
// Usage: node scripts/highlight.mjs --tokens FILE...
//        node scripts/highlight.mjs --html FILE... > page.html   (one pane per file)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const here = dirname(fileURLToPath(import.meta.url));
const grammarPath = join(here, "..", "syntaxes", "choreo.tmLanguage.json");

// Scope prefix → colour, most specific first (a subset of VS Code's Dark+).
const theme = [
  ["comment", "#6a9955"],
  ["string", "#ce9178"],
  ["constant.character.escape", "#d7ba7d"],
  ["constant.numeric", "#b5cea8"],
  ["keyword.other.unit", "#b5cea8"],
  ["constant.language", "#569cd6"],
  ["keyword.operator.arrow", "#d4d4d4"],
  ["keyword.operator", "#d4d4d4"],
  ["keyword.control", "#c586c0"],
  ["keyword.other.runtime", "#c586c0"],
  ["keyword", "#569cd6"],
  ["storage.type.annotation", "#dcdcaa"],
  ["entity.name.class.role", "#4ec9b0"],
  ["entity.name.function.message", "#dcdcaa"],
  ["entity.name.type.protocol", "#4ec9b0"],
  ["entity.name.type.payload", "#9cdcfe"],
  ["entity.name.namespace", "#4ec9b0"],
  ["entity.name.label", "#d7ba7d"],
  ["support.type.property-name", "#9cdcfe"],
  ["variable.parameter", "#9cdcfe"],
  ["variable", "#9cdcfe"],
];

function colour(scopes) {
  for (let i = scopes.length - 1; i >= 0; i--) {
    for (const [prefix, c] of theme) {
      if (scopes[i] === prefix || scopes[i].startsWith(prefix + ".")) return c;
    }
  }
  return "#d4d4d4";
}

async function loadGrammar() {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "source.choreo"
        ? vsctm.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath)
        : null,
  });
  return registry.loadGrammar("source.choreo");
}

function escapeHTML(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Tokenizes file and returns its lines as token lists {text, scopes}.
function tokenize(grammar, file) {
  const lines = readFileSync(file, "utf8").replace(/\n$/, "").split("\n");
  let stack = vsctm.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes }));
  });
}

function pane(file, lines) {
  const body = lines
    .map((tokens, n) => {
      const spans = tokens.map((t) => `<span style="color:${colour(t.scopes)}">${escapeHTML(t.text)}</span>`);
      return `<span class="ln">${n + 1}</span>${spans.join("")}`;
    })
    .join("\n");
  return `<div class="pane"><div class="tab">${escapeHTML(basename(file))}</div><pre>${body}</pre></div>`;
}

async function main() {
  const [mode, ...files] = process.argv.slice(2);
  if (files.length === 0 || (mode !== "--tokens" && mode !== "--html")) {
    console.error("usage: highlight.mjs --tokens|--html FILE...");
    process.exit(2);
  }
  const grammar = await loadGrammar();
  if (mode === "--tokens") {
    for (const file of files) {
      tokenize(grammar, file).forEach((tokens, n) => {
        for (const t of tokens) {
          if (t.text.trim() !== "") console.log(`${n + 1}:${t.start} ${JSON.stringify(t.text)} ${t.scopes.slice(1).join(" ")}`);
        }
      });
    }
    return;
  }
  const panes = files.map((f) => pane(f, tokenize(grammar, f)));
  console.log(`<!doctype html><html><head><meta charset="utf-8"><title>Choreo highlighting</title>
<style>
body{margin:0;background:#181818;font:13px/1.45 "DejaVu Sans Mono",monospace;color:#d4d4d4;display:flex;gap:2px}
.pane{flex:auto;background:#1e1e1e}
.tab{background:#2d2d2d;color:#ccc;padding:6px 16px;font:13px sans-serif;border-bottom:1px solid #111}
pre{margin:0;padding:10px 0;white-space:pre}
.ln{display:inline-block;width:2.6em;padding-right:1em;text-align:right;color:#858585}
</style></head><body>
${panes.join("\n")}
</body></html>`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
