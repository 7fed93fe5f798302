// The Choreo extension: starts `choreo lsp`, wires the server's commands to
// the command palette, and shows their results (a webview for runs,
// read-only documents for projections and compatibility reports). All
// language intelligence lives in the server.

import * as path from "node:path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";
import { restartKeys, serverSettings, serverSpec, type SettingReader } from "./config";
import { ResultDocuments, resultScheme } from "./resultDocuments";
import { RunPanel } from "./runPanel";
import {
  compatArgs,
  projectionArgs,
  resultText,
  runArgs,
  ServerCommand,
  toRunView,
} from "./serverCommands";

let client: LanguageClient | undefined;

function settingsReader(): SettingReader {
  const cfg = vscode.workspace.getConfiguration("choreo");
  return <T>(key: string, def: T) => cfg.get<T>(key, def);
}

/** The .choreo document the user is working on, or undefined with a message. */
function activeChoreoDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === "choreo") return doc;
  void vscode.window.showWarningMessage("Choreo: open a .choreo file first.");
  return undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Choreo");
  const runPanel = new RunPanel();
  const results = new ResultDocuments();
  context.subscriptions.push(
    output,
    runPanel,
    results,
    vscode.workspace.registerTextDocumentContentProvider(resultScheme, results),
  );

  // Shows what a server command returned, whoever invoked it (palette,
  // code lens or code action).
  async function present(command: string, args: unknown[], result: unknown): Promise<void> {
    const uri = (args[0] as { uri?: string } | undefined)?.uri;
    const name = uri ? path.basename(vscode.Uri.parse(uri).fsPath) : "protocol";
    switch (command) {
      case ServerCommand.runInVM:
        runPanel.show(toRunView(result), name);
        break;
      case ServerCommand.showProjection: {
        const role = (args[0] as { role?: string } | undefined)?.role;
        await results.show(`${name}${role ? `.${role}` : ""}.projection.txt`, resultText(result));
        break;
      }
      case ServerCommand.compatWithBase:
        await results.show(`${name}.compat.txt`, resultText(result));
        break;
    }
  }

  function createClient(): LanguageClient {
    const get = settingsReader();
    const spec = serverSpec(get);
    const serverOptions: ServerOptions = { command: spec.command, args: spec.args };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "choreo" },
        { scheme: "untitled", language: "choreo" },
      ],
      outputChannel: output,
      traceOutputChannel: output,
      initializationOptions: serverSettings(get),
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.choreo") },
      middleware: {
        executeCommand: async (command, args, next) => {
          const result = await next(command, args);
          await present(command, args, result);
          return result;
        },
      },
    };
    return new LanguageClient("choreo", "Choreo Language Server", serverOptions, clientOptions);
  }

  async function startClient(): Promise<void> {
    client = createClient();
    try {
      await client.start();
    } catch (err) {
      output.appendLine(`choreo lsp failed to start: ${String(err)}`);
      void vscode.window
        .showErrorMessage(
          `Choreo: could not start "${serverSpec(settingsReader()).command} lsp". Set choreo.server.path to the choreo binary.`,
          "Open Settings",
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "choreo.server");
        });
    }
  }

  async function stopClient(): Promise<void> {
    const c = client;
    client = undefined;
    if (c && c.state !== State.Stopped) await c.stop();
  }

  // Runs a server command directly and presents its result.
  async function runServerCommand(command: string, args: unknown[]): Promise<void> {
    if (!client || client.state !== State.Running) {
      void vscode.window.showErrorMessage("Choreo: the language server is not running.");
      return;
    }
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Choreo: ${command}` },
        () => client!.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }),
      );
      await present(command, args, result);
    } catch (err) {
      void vscode.window.showErrorMessage(`Choreo: ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // Role names for the projection quick pick, from the server's document symbols.
  async function rolesOf(doc: vscode.TextDocument): Promise<string[]> {
    const symbols =
      (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
        "vscode.executeDocumentSymbolProvider",
        doc.uri,
      )) ?? [];
    const roles = new Set<string>();
    const visit = (list: vscode.DocumentSymbol[]) => {
      for (const s of list) {
        if (/\brole\b/i.test(s.detail ?? "")) roles.add(s.name.replace(/\[.*$/, ""));
        if (s.children) visit(s.children);
      }
    };
    visit(symbols);
    return [...roles];
  }

  context.subscriptions.push(
    vscode.commands.registerCommand("choreo.run", async () => {
      const doc = activeChoreoDocument();
      if (doc) await runServerCommand(ServerCommand.runInVM, runArgs(doc.uri.toString()));
    }),
    vscode.commands.registerCommand("choreo.projection", async (role?: string) => {
      const doc = activeChoreoDocument();
      if (!doc) return;
      if (typeof role !== "string") {
        const roles = await rolesOf(doc);
        role = roles.length
          ? await vscode.window.showQuickPick(roles, { placeHolder: "Project the protocol onto role…" })
          : await vscode.window.showInputBox({ prompt: "Role to project onto" });
      }
      if (role) await runServerCommand(ServerCommand.showProjection, projectionArgs(doc.uri.toString(), role));
    }),
    vscode.commands.registerCommand("choreo.compat", async (base?: string) => {
      const doc = activeChoreoDocument();
      if (!doc) return;
      if (typeof base !== "string") {
        base = await vscode.window.showInputBox({
          prompt: "Git revision to compare with (the old version of the protocol)",
          value: "HEAD",
        });
      }
      if (base !== undefined) await runServerCommand(ServerCommand.compatWithBase, compatArgs(doc.uri.toString(), base));
    }),
    vscode.commands.registerCommand("choreo.restartServer", async () => {
      await stopClient();
      await startClient();
    }),
    vscode.commands.registerCommand("choreo.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("choreo")) return;
      if (restartKeys.some((k) => e.affectsConfiguration(k))) {
        await stopClient();
        await startClient();
      } else if (client?.state === State.Running) {
        await client.sendNotification("workspace/didChangeConfiguration", {
          settings: serverSettings(settingsReader()),
        });
      }
    }),
  );

  await startClient();
}

export async function deactivate(): Promise<void> {
  if (client && client.state !== State.Stopped) await client.stop();
}
