// Starts the real `choreo lsp` and talks to it through the protocol layer
// vscode-languageclient is built on (vscode-languageserver-protocol over
// vscode-jsonrpc's Node streams), as the extension does inside VS Code.
//
// CHOREO_BIN names the binary; the default is the repository's ../../choreo,
// which `npm test` builds first (see editors/test.sh).

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type InitializeResult,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";
import { serverSpec } from "../src/config";
import {
  compatArgs,
  projectionArgs,
  projectionRoles,
  resultText,
  runArgs,
  ServerCommand,
  stateMachineArgs,
  toMachineView,
  toRunView,
  withDiagram,
} from "../src/serverCommands";

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const bin = process.env.CHOREO_BIN ?? path.join(repo, "choreo");
const example = path.join(repo, "examples", "ping_pong.choreo");

// The local type `choreo project --role ROLE` prints for the example
// (without its "ROLE: " prefix): the oracle for hovers and projections.
function cliProjection(role: string): string {
  const out = execFileSync(bin, ["project", "--role", role, example], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const type = out.trim().replace(new RegExp(`^${role}:\\s*`), "");
  assert.ok(type.length > 0 && !type.includes("\n"), `unexpected choreo project output: ${out}`);
  return type;
}

function hoverText(h: Hover | null): string {
  if (!h) return "";
  const c = h.contents;
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((m) => (typeof m === "string" ? m : m.value)).join("\n");
  return (c as MarkupContent).value;
}

// Position (0-based line, UTF-16 column) of the first match of re in text.
function positionOf(text: string, re: RegExp): { line: number; character: number } {
  const m = re.exec(text);
  assert.ok(m, `${re} not found in the example`);
  const before = text.slice(0, m.index + (m[1] ? m[0].indexOf(m[1]) : 0));
  const lines = before.split("\n");
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

describe("choreo lsp over vscode-jsonrpc", { timeout: 60_000, skip: !existsSync(bin) && `no choreo binary at ${bin}` }, () => {
  let proc: ChildProcess;
  let conn: ProtocolConnection;
  let init: InitializeResult;
  const text = readFileSync(example, "utf8");
  const uri = pathToFileURL(example).href;
  const diagnostics: PublishDiagnosticsParams[] = [];

  before(async () => {
    // The command line the extension builds from these settings.
    const settings: Record<string, unknown> = { "server.path": bin, "server.args": ["--log-level", "error"] };
    const spec = serverSpec(<T>(key: string, def: T) => (key in settings ? (settings[key] as T) : def));
    proc = spawn(spec.command, spec.args, { stdio: ["pipe", "pipe", "inherit"] });
    conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => diagnostics.push(p));
    conn.listen();
    init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(repo).href,
      workspaceFolders: null,
      capabilities: {
        textDocument: { hover: { contentFormat: ["markdown", "plaintext"] } },
        general: { positionEncodings: ["utf-16"] },
      },
      initializationOptions: { choreo: { familySizes: {}, budget: { multiplier: 1 } } },
    });
    await conn.sendNotification(InitializedNotification.type, {});
    await conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "choreo", version: 1, text },
    });
  });

  after(async () => {
    if (!proc || proc.exitCode !== null) {
      conn?.dispose();
      return;
    }
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    // Like vscode-languageclient: close the pipe, give the server a moment, then kill it.
    conn.dispose();
    proc.stdin!.end();
    const timer = setTimeout(() => proc.kill(), 5000);
    const code = await exited;
    clearTimeout(timer);
    assert.equal(code, 0, "choreo lsp exit status after shutdown + exit");
  });

  test("initialize advertises hover and the editor commands", () => {
    assert.ok(init.capabilities.hoverProvider, "hoverProvider");
    const commands = init.capabilities.executeCommandProvider?.commands ?? [];
    for (const c of Object.values(ServerCommand)) assert.ok(commands.includes(c), `command ${c} in ${commands}`);
  });

  test("hover on a role shows its local type", async () => {
    const h = await conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: positionOf(text, /roles (Client)/),
    });
    const shown = hoverText(h);
    const expected = cliProjection("Client");
    assert.ok(shown.includes(expected), `hover lacks ${JSON.stringify(expected)}:\n${shown}`);
  });

  test("choreo.showProjection gives the role's local type", async () => {
    const result = await conn.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommand.showProjection,
      arguments: projectionArgs(uri, "Server"),
    });
    assert.deepEqual(
      projectionRoles(result).map((r) => r.role),
      ["Server"],
    );
    assert.ok(resultText(result).includes(cliProjection("Server")), resultText(result));
  });

  test("choreo.showStateMachine draws the role's state machine", async () => {
    const result = await conn.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommand.showStateMachine,
      arguments: stateMachineArgs(uri, "Server"),
    });
    const view = toMachineView(result);
    assert.deepEqual(view.roles, ["Server"]);
    assert.match(view.svg, /<svg[\s>]/);
    assert.match(view.dot, /label="\?Client\.Request\(query: String\)"/);
  });

  test("choreo.compatWithBase compares with the committed version", async () => {
    const result = await conn.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommand.compatWithBase,
      arguments: compatArgs(uri, "HEAD"),
    });
    assert.match(resultText(result), /^ping_pong\.choreo vs HEAD: /);
  });

  test("a clean example gets an empty diagnostics list", async () => {
    const deadline = Date.now() + 5000;
    while (!diagnostics.some((d) => d.uri === uri) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const mine = diagnostics.filter((d) => d.uri === uri);
    assert.ok(mine.length > 0, "no publishDiagnostics for the example");
    const errors = mine[mine.length - 1].diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(errors, []);
  });

  test("choreo.runInVM completes the example", async () => {
    const result = await conn.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommand.runInVM,
      arguments: runArgs(uri),
    });
    const run = toRunView(result);
    assert.equal(run.outcome, "completed", JSON.stringify(result));
    assert.match(run.trace, /Request/);
    assert.match(run.trace, /Response/);
    assert.ok(run.svgUri, "no sequence diagram URI");
    assert.match((await withDiagram(run)).svg ?? "", /<svg[\s>]/);
  });
});
