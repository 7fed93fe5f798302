// The extension contributes one language for both file names: *.choreo and
// *.tell (the name upstream Telltale uses since April 2026).

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

const root = path.join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const grammar = JSON.parse(readFileSync(path.join(root, "syntaxes", "choreo.tmLanguage.json"), "utf8"));

test("the choreo language covers .choreo and .tell", () => {
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === "choreo");
  assert.deepEqual(lang.extensions, [".choreo", ".tell"]);
  assert.ok(pkg.activationEvents.includes("workspaceContains:**/*.tell"));
  assert.deepEqual(grammar.fileTypes, ["choreo", "tell"]);
  assert.equal(pkg.contributes.grammars[0].language, "choreo");
});
