#!/usr/bin/env node
// Converts a terminal capture with SGR colour sequences (`tmux capture-pane
// -e -p`) into an HTML page, so that headless Chromium can screenshot what
// the terminal showed. Handles the SGR codes tmux emits: reset, bold,
// italic, underline, reverse, the 16 + 256 palette and 24-bit colours.
//
// Usage: node ansi2html.mjs TITLE < capture.txt > page.html
import { readFileSync } from "node:fs";

const base16 = [
  "#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
  "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
];

function palette(n) {
  if (n < 16) return base16[n];
  if (n < 232) {
    const i = n - 16;
    const c = (v) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

const defaults = { fg: "#d4d4d4", bg: "#1e1e1e" };

function escapeHTML(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Applies the SGR parameters in codes to the style st (mutated).
function apply(st, codes) {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) Object.assign(st, { fg: null, bg: null, bold: false, italic: false, underline: false, reverse: false });
    else if (c === 1) st.bold = true;
    else if (c === 3) st.italic = true;
    else if (c === 4) st.underline = true;
    else if (c === 7) st.reverse = true;
    else if (c === 22) st.bold = false;
    else if (c === 23) st.italic = false;
    else if (c === 24) st.underline = false;
    else if (c === 27) st.reverse = false;
    else if (c >= 30 && c <= 37) st.fg = base16[c - 30];
    else if (c >= 90 && c <= 97) st.fg = base16[c - 90 + 8];
    else if (c >= 40 && c <= 47) st.bg = base16[c - 40];
    else if (c >= 100 && c <= 107) st.bg = base16[c - 100 + 8];
    else if (c === 39) st.fg = null;
    else if (c === 49) st.bg = null;
    else if (c === 38 || c === 48) {
      let colour = null;
      if (codes[i + 1] === 5) {
        colour = palette(codes[i + 2]);
        i += 2;
      } else if (codes[i + 1] === 2) {
        colour = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`;
        i += 4;
      }
      if (c === 38) st.fg = colour;
      else st.bg = colour;
    }
  }
}

function style(st) {
  let fg = st.fg ?? defaults.fg;
  let bg = st.bg ?? null;
  if (st.reverse) [fg, bg] = [bg ?? defaults.bg, fg];
  const css = [`color:${fg}`];
  if (bg) css.push(`background:${bg}`);
  if (st.bold) css.push("font-weight:bold");
  if (st.italic) css.push("font-style:italic");
  if (st.underline) css.push("text-decoration:underline");
  return css.join(";");
}

function convert(text) {
  const st = { fg: null, bg: null, bold: false, italic: false, underline: false, reverse: false };
  const out = [];
  // Split into SGR sequences and text runs; other escapes are dropped.
  const re = /\x1b\[([0-9;:]*)m|\x1b\[[0-9;?]*[A-Za-z]|([^\x1b]+)/g;
  let m;
  while ((m = re.exec(text))) {
    if (m[2] !== undefined) {
      out.push(`<span style="${style(st)}">${escapeHTML(m[2])}</span>`);
    } else if (m[1] !== undefined) {
      const codes = m[1] === "" ? [0] : m[1].split(/[;:]/).map((x) => (x === "" ? 0 : Number(x)));
      apply(st, codes);
    }
  }
  return out.join("");
}

const title = process.argv[2] ?? "terminal";
const capture = readFileSync(0, "utf8").replace(/\n+$/, "");
console.log(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHTML(title)}</title>
<style>
body{margin:0;background:#111}
.term{background:${defaults.bg};margin:0;padding:10px 12px;font:14px/1.4 "DejaVu Sans Mono",monospace;white-space:pre;color:${defaults.fg};display:inline-block}
.bar{background:#333;color:#bbb;font:12px sans-serif;padding:5px 12px}
</style></head><body><div class="bar">${escapeHTML(title)}</div><pre class="term">${convert(capture)}</pre></body></html>`);
