// The platform-specific .vsix that `npm run package` writes (scripts/package.mjs):
// it targets one platform, carries the license, and bundles an executable
// choreo binary where the extension looks for it (bundledServer), with the
// helper programs it finds next to itself (choreo-lsp, choreo-graphviz).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { bundledServer } from "../src/config";

const ext = path.join(__dirname, "..", "..");
const vsix = readdirSync(ext).filter((f) => /^choreo-[a-z0-9]+-[a-z0-9]+\.vsix$/.test(f));
const haveUnzip = spawnSync("unzip", ["-v"]).status === 0;

test("the .vsix bundles an executable choreo", { skip: !haveUnzip && "unzip is missing" }, () => {
  assert.equal(vsix.length, 1, `want one choreo-TARGET.vsix (npm test runs npm run package first), found: ${vsix.join(", ")}`);
  const file = path.join(ext, vsix[0]);
  const target = vsix[0].slice("choreo-".length, -".vsix".length);
  const manifest = execFileSync("unzip", ["-p", file, "extension.vsixmanifest"], { encoding: "utf8" });
  assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));

  const server = process.platform === "win32" ? "extension/server/choreo.exe" : "extension/server/choreo";
  const listing = execFileSync("unzip", ["-Z", file], { encoding: "utf8", maxBuffer: 1 << 24 }).split("\n");
  const entry = (name: string) => listing.find((l) => l.endsWith(` ${name}`));
  assert.ok(entry("extension/LICENSE.txt"), "no LICENSE in the .vsix"); // vsce adds .txt
  assert.ok(entry("extension/dist/extension.js"), "no dist/extension.js in the .vsix");
  assert.match(entry(server) ?? "", /^-rwx/, `${server} missing or not executable:\n${entry(server)}`);
  const helper = (name: string) => server.replace(/choreo(\.exe)?$/, `${name}$1`);
  for (const [name, what] of [["choreo-syntax", "command line"], ["choreo-lsp", "language server"], ["choreo-graphviz", "SVG layout"]]) {
    assert.match(entry(helper(name)) ?? "", /^-rwx/, `${helper(name)} (${what}) missing or not executable:\n${entry(helper(name))}`);
  }

  // Unpacked as VS Code does, the extension finds the binary and it runs.
  const dir = mkdtempSync(path.join(tmpdir(), "choreo-vsix-"));
  try {
    execFileSync("unzip", ["-q", file, server, helper("choreo-syntax"), helper("choreo-lsp"), "-d", dir]);
    const bin = bundledServer(path.join(dir, "extension"));
    assert.ok(bin, "bundledServer does not find the unpacked binary");
    assert.match(execFileSync(bin, ["version"], { encoding: "utf8" }), /^choreo \S+\n/);
    // `choreo lsp` hands its command line to the choreo-lsp beside it.
    const lsp = spawnSync(bin, ["lsp", "--log-level", "loud"], { encoding: "utf8" });
    assert.equal(lsp.status, 2, `choreo lsp --log-level loud: ${lsp.stderr}`);
    assert.match(lsp.stderr, /^choreo-lsp: --log-level/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
