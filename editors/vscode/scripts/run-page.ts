// Renders the "Run in VM" webview page for a file outside VS Code: starts
// the real `choreo lsp`, runs choreo.runInVM like the extension does, and
// prints the page the panel would show, with VS Code's dark theme colours
// filled in. With --state-machine ROLE it prints the "Show State Machine"
// page of ROLE instead (choreo.showStateMachine). The README's webview
// screenshots are these pages in headless Chromium
// (editors/screenshots/take.sh).
//
// Usage: node out/run-page.js CHOREO_BIN FILE [--state-machine ROLE] > page.html

import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver-protocol/node";
import { machinePage, runPage } from "../src/runView";
import { runArgs, ServerCommand, stateMachineArgs, toMachineView, toRunView, withDiagram } from "../src/serverCommands";

// The variables VS Code's dark theme gives a webview.
const darkTheme = `<style>:root{--vscode-font-family:"DejaVu Sans",sans-serif;--vscode-foreground:#cccccc;
--vscode-editor-background:#1e1e1e;--vscode-editor-font-family:"DejaVu Sans Mono",monospace}</style>`;

async function main(): Promise<void> {
  const [bin, file, mode, role] = process.argv.slice(2);
  if (!bin || !file || (mode !== undefined && (mode !== "--state-machine" || !role))) {
    throw new Error("usage: run-page.js CHOREO_BIN FILE [--state-machine ROLE]");
  }
  const proc = spawn(bin, ["lsp"], { stdio: ["pipe", "pipe", "ignore"] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.listen();
  const uri = pathToFileURL(path.resolve(file)).href;
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {},
  });
  await conn.sendNotification(InitializedNotification.type, {});
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "choreo", version: 1, text: readFileSync(file, "utf8") },
  });
  const name = path.basename(file);
  let page: string;
  if (role) {
    const result = await conn.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommand.showStateMachine,
      arguments: stateMachineArgs(uri, role),
    });
    page = machinePage(toMachineView(result), { title: `${name} · ${role}`, cspSource: "vscode-webview:" });
  } else {
    const result = await conn.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommand.runInVM,
      arguments: runArgs(uri),
    });
    page = runPage(await withDiagram(toRunView(result)), { title: name, cspSource: "vscode-webview:" });
  }
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  conn.dispose();
  proc.stdin!.end();
  process.stdout.write(page.replace("</head>", `${darkTheme}</head>`));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
