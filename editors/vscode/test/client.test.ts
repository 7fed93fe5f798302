// Unit tests of the extension's editor-independent parts: settings, the
// server command contract and the run page.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { bundledServer, serverSettings, serverSpec, type SettingReader } from "../src/config";
import { escapeHTML, machinePage, runPage } from "../src/runView";
import {
  compatArgs,
  documentURI,
  projectionArgs,
  projectionRoles,
  resultText,
  runArgs,
  stateMachineArgs,
  toMachineView,
  toRunView,
} from "../src/serverCommands";

function reader(values: Record<string, unknown>): SettingReader {
  return <T>(key: string, def: T) => (key in values ? (values[key] as T) : def);
}

describe("serverSpec", () => {
  const bundled = "/ext/server/choreo";
  const cases: {
    name: string;
    values: Record<string, unknown>;
    bundled?: string;
    want: { command: string; args: string[]; source: string };
  }[] = [
    { name: "defaults: choreo on PATH", values: {}, want: { command: "choreo", args: ["lsp"], source: "path" } },
    { name: "blank path", values: { "server.path": "  " }, want: { command: "choreo", args: ["lsp"], source: "path" } },
    {
      name: "path and args",
      values: { "server.path": "/opt/choreo", "server.args": ["--log", "/tmp/l", 3] },
      want: { command: "/opt/choreo", args: ["lsp", "--log", "/tmp/l"], source: "setting" },
    },
    {
      name: "the bundled binary before PATH",
      values: { "server.args": ["--log-level", "info"] },
      bundled,
      want: { command: bundled, args: ["lsp", "--log-level", "info"], source: "bundled" },
    },
    {
      name: "the bundled binary when the path is blank",
      values: { "server.path": " " },
      bundled,
      want: { command: bundled, args: ["lsp"], source: "bundled" },
    },
    {
      name: "the setting before the bundled binary",
      values: { "server.path": "/opt/choreo" },
      bundled,
      want: { command: "/opt/choreo", args: ["lsp"], source: "setting" },
    },
    {
      name: "an explicit choreo means PATH, even with a bundled binary",
      values: { "server.path": "choreo" },
      bundled,
      want: { command: "choreo", args: ["lsp"], source: "setting" },
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(serverSpec(reader(c.values), c.bundled), c.want));
  }
});

describe("bundledServer", () => {
  const ext = path.join(path.sep, "ext");
  test("server/choreo when the extension has it", () => {
    const want = path.join(ext, "server", "choreo");
    assert.equal(
      bundledServer(ext, "linux", (f) => f === want),
      want,
    );
  });
  test("server/choreo.exe on Windows", () => {
    const want = path.join(ext, "server", "choreo.exe");
    assert.equal(
      bundledServer(ext, "win32", (f) => f === want),
      want,
    );
  });
  test("undefined without a bundled binary", () => {
    assert.equal(
      bundledServer(ext, "linux", () => false),
      undefined,
    );
  });
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
  test("a deadlock keeps kind, reason, role, step, counts and the diagram's URI", () => {
    const v = toRunView({
      outcome: { kind: "deadlock", step: 4, time: 0, role: "B", reason: "B waits on ?A.X" },
      summary: "deadlock at step 4 (t=0), role B: B waits on ?A.X",
      steps: 4,
      maxSteps: 40,
      trace: "1 A -> B : X",
      svgUri: "file:///tmp/x.svg",
    });
    assert.deepEqual(v, {
      outcome: "deadlock",
      detail: "B waits on ?A.X · role B · step 4",
      steps: 4,
      maxSteps: 40,
      trace: "1 A -> B : X",
      svg: undefined,
      svgUri: "file:///tmp/x.svg",
    });
  });
  test("a completed run without a reason falls back to the summary", () => {
    const v = toRunView({ outcome: { kind: "completed", step: 6 }, summary: "completed at step 6 (t=0)", trace: "" });
    assert.equal(v.outcome, "completed");
    assert.equal(v.detail, "completed at step 6 (t=0)");
  });
  test("a bare string is a trace", () => {
    assert.deepEqual(toRunView("x"), { outcome: "unknown", detail: "", trace: "x" });
  });
  test("no result", () => {
    assert.equal(toRunView(null).outcome, "unknown");
  });
});

describe("projectionRoles", () => {
  test("keeps roles with a name", () => {
    const roles = projectionRoles({ roles: [{ role: "A", session: "!B.M; end", rust: "x" }, { session: "?" }, { role: "B" }] });
    assert.deepEqual(roles, [
      { role: "A", session: "!B.M; end" },
      { role: "B", session: "" },
    ]);
  });
  test("tolerates other shapes", () => {
    assert.deepEqual(projectionRoles("text"), []);
    assert.deepEqual(projectionRoles(null), []);
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
  test("shows the steps against the budget", () => {
    const ok = runPage({ outcome: "completed", detail: "", steps: 8, maxSteps: 28, trace: "" }, { title: "t", cspSource: "" });
    assert.match(ok, /class="outcome ok">completed</);
    assert.match(ok, /8 steps \(max_steps 28\)/);
    assert.match(ok, /no sequence diagram/);
  });
  test("escapeHTML", () => assert.equal(escapeHTML(`<a href="x">'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&lt;/a&gt;"));
});

describe("command arguments and result text", () => {
  const uri = "file:///a.choreo";
  test("the URI comes first, then the optional argument", () => {
    assert.deepEqual(runArgs(uri), [uri]);
    assert.deepEqual(runArgs(uri, { Witness: 3 }), [uri, { families: { Witness: 3 } }]);
    assert.deepEqual(projectionArgs(uri), [uri]);
    assert.deepEqual(projectionArgs(uri, "A"), [uri, "A"]);
    assert.deepEqual(compatArgs(uri), [uri]);
    assert.deepEqual(compatArgs(uri, "main"), [uri, "main"]);
    assert.deepEqual(stateMachineArgs(uri), [uri]);
    assert.deepEqual(stateMachineArgs(uri, "W[0]"), [uri, "W[0]"]);
    assert.equal(documentURI(projectionArgs(uri, "A")), uri);
    assert.equal(documentURI([{ uri }]), undefined);
  });
  test("resultText", () => {
    assert.equal(resultText("plain"), "plain");
    assert.equal(resultText({ text: "t", other: 1 }), "t");
    assert.equal(resultText({ a: 1 }), '{\n  "a": 1\n}');
  });
});

describe("state machines", () => {
  test("toMachineView keeps the picture, the dot text and the roles", () => {
    assert.deepEqual(toMachineView({ protocol: "P", roles: ["A", 3, "B"], svg: "<svg/>", dot: "digraph {}", x: 1 }), {
      protocol: "P",
      roles: ["A", "B"],
      svg: "<svg/>",
      dot: "digraph {}",
    });
    assert.deepEqual(toMachineView(null), { protocol: "", roles: [], svg: "", dot: "" });
  });
  test("machinePage embeds the SVG as an image and escapes the dot text", () => {
    const svg = "<svg><script>x</script></svg>";
    const page = machinePage(
      { protocol: "P", roles: ["Buyer"], svg, dot: 'm0s0 -> m0s1 [label="!B.M<u8>"];' },
      { title: "a.choreo · Buyer", cspSource: "" },
    );
    assert.ok(page.includes(`data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`));
    assert.ok(!page.includes("<script>"));
    assert.ok(page.includes("P: role Buyer"));
    assert.ok(page.includes("label=&quot;!B.M&lt;u8&gt;&quot;"));
    const all = machinePage({ protocol: "P", roles: ["A", "B"], svg: "", dot: "" }, { title: "t", cspSource: "" });
    assert.match(all, /A, B and the global protocol/);
    assert.match(all, /no picture/);
  });
});
