// Unit tests of the extension's editor-independent parts: settings, the
// server command contract and the run page.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { serverSettings, serverSpec, type SettingReader } from "../src/config";
import { escapeHTML, runPage } from "../src/runView";
import { projectionArgs, resultText, toRunView } from "../src/serverCommands";

function reader(values: Record<string, unknown>): SettingReader {
  return <T>(key: string, def: T) => (key in values ? (values[key] as T) : def);
}

describe("serverSpec", () => {
  const cases: { name: string; values: Record<string, unknown>; want: { command: string; args: string[] } }[] = [
    { name: "defaults", values: {}, want: { command: "choreo", args: ["lsp"] } },
    { name: "blank path", values: { "server.path": "  " }, want: { command: "choreo", args: ["lsp"] } },
    {
      name: "path and args",
      values: { "server.path": "/opt/choreo", "server.args": ["--log", "/tmp/l", 3] },
      want: { command: "/opt/choreo", args: ["lsp", "--log", "/tmp/l"] },
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(serverSpec(reader(c.values)), c.want));
  }
});

describe("serverSettings", () => {
  test("keeps positive integer family sizes only", () => {
    const s = serverSettings(reader({ familySizes: { Witness: 3, N: 0, P: 2.5, Q: "4" }, "budget.multiplier": 2 }));
    assert.deepEqual(s, { choreo: { familySizes: { Witness: 3 }, budget: { multiplier: 2 } } });
  });
  test("falls back to multiplier 1", () => {
    assert.equal(serverSettings(reader({ "budget.multiplier": 0.5 })).choreo.budget.multiplier, 1);
  });
});

describe("toRunView", () => {
  test("a failed run keeps outcome, role, step and trace", () => {
    const v = toRunView({ outcome: "deadlock", role: "B", step: 4, message: "B waits on A", trace: "1 A -> B : X", svg: "<svg/>" });
    assert.deepEqual(v, { outcome: "deadlock", detail: "B waits on A · role B · step 4", steps: undefined, trace: "1 A -> B : X", svg: "<svg/>" });
  });
  test("a nested outcome object and a trace of events", () => {
    const v = toRunView({ outcome: { kind: "completed" }, steps: 2, trace: ["a", { step: 2 }] });
    assert.equal(v.outcome, "completed");
    assert.equal(v.steps, 2);
    assert.equal(v.trace, 'a\n{"step":2}');
  });
  test("a bare string is a trace", () => {
    assert.deepEqual(toRunView("x"), { outcome: "unknown", detail: "", trace: "x" });
  });
});

describe("runPage", () => {
  const page = runPage(
    { outcome: "fault", detail: "<denied> & more", trace: "A -> B : <Msg>", svg: "<svg><script>x</script></svg>" },
    { title: "a&b.choreo", cspSource: "vscode-resource:" },
  );
  test("escapes text", () => {
    assert.ok(page.includes("&lt;denied&gt; &amp; more"));
    assert.ok(page.includes("A -&gt; B : &lt;Msg&gt;"));
    assert.ok(page.includes("a&amp;b.choreo"));
  });
  test("embeds the SVG as an image, never as markup, and allows no script", () => {
    assert.ok(!page.includes("<script>"));
    assert.ok(page.includes(`data:image/svg+xml;base64,${Buffer.from("<svg><script>x</script></svg>").toString("base64")}`));
    assert.match(page, /default-src 'none'/);
    assert.doesNotMatch(page, /script-src/);
  });
  test("marks failures", () => assert.match(page, /class="outcome bad">fault</));
  test("escapeHTML", () => assert.equal(escapeHTML(`<a href="x">'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&lt;/a&gt;"));
});

describe("command arguments and result text", () => {
  test("projection arguments", () => {
    assert.deepEqual(projectionArgs("file:///a.choreo"), [{ uri: "file:///a.choreo" }]);
    assert.deepEqual(projectionArgs("file:///a.choreo", "A"), [{ uri: "file:///a.choreo", role: "A" }]);
  });
  test("resultText", () => {
    assert.equal(resultText("plain"), "plain");
    assert.equal(resultText({ text: "t", other: 1 }), "t");
    assert.equal(resultText({ a: 1 }), '{\n  "a": 1\n}');
  });
});
