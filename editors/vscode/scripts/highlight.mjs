#!/usr/bin/env node
// Tokenizes a .choreo file with the extension's TextMate grammar (the same
// engine VS Code uses: vscode-textmate + vscode-oniguruma) and prints either
// the scopes of every token (--tokens) or a standalone HTML page with the
// code coloured by a Dark+-like theme (--html). The README's highlighting
// screenshot is this page rendered by headless Chromium.
//
// Usage: node scripts/highlight.mjs --tokens FILE
//        node scripts/highlight.mjs --html FILE > page.html
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
  ["entity.name.label", "#c8c8c8"],
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

async function main() {
  const [mode, file] = process.argv.slice(2);
  if (!file || (mode !== "--tokens" && mode !== "--html")) {
    console.error("usage: highlight.mjs --tokens|--html FILE");
    process.exit(2);
  }
  const grammar = await loadGrammar();
  const lines = readFileSync(file, "utf8").replace(/\n$/, "").split("\n");
  let stack = vsctm.INITIAL;
  const out = [];
  lines.forEach((line, n) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    if (mode === "--tokens") {
      for (const t of r.tokens) {
        const text = line.slice(t.startIndex, t.endIndex);
        if (text.trim() !== "") out.push(`${n + 1}:${t.startIndex} ${JSON.stringify(text)} ${t.scopes.slice(1).join(" ")}`);
      }
      return;
    }
    const spans = r.tokens.map((t) => {
      const text = escapeHTML(line.slice(t.startIndex, t.endIndex));
      return `<span style="color:${colour(t.scopes)}">${text}</span>`;
    });
    out.push(`<span class="ln">${n + 1}</span>${spans.join("")}`);
  });
  if (mode === "--tokens") {
    console.log(out.join("\n"));
    return;
  }
  console.log(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHTML(basename(file))}</title>
<style>
body{margin:0;background:#1e1e1e;font:15px/1.45 "DejaVu Sans Mono",monospace;color:#d4d4d4}
.tab{background:#2d2d2d;color:#ccc;padding:6px 16px;font:13px sans-serif;border-bottom:1px solid #111}
pre{margin:0;padding:10px 0}
.ln{display:inline-block;width:3.2em;padding-right:1.2em;text-align:right;color:#858585}
</style></head><body><div class="tab">${escapeHTML(basename(file))} — Choreo (TextMate grammar)</div><pre>
${out.join("\n")}
</pre></body></html>`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
