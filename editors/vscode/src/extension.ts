// The Choreo extension: starts `choreo lsp`, wires the server's commands to
// the command palette, and shows their results (webviews for runs and state
// machines, read-only documents for projections and compatibility reports). All
// language intelligence lives in the server.

import * as path from "node:path";
import * as vscode from "vscode";
import {
  CancellationToken,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  ResponseError,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";
import { bundledServer, restartKeys, serverSettings, serverSpec, type ServerSpec, type SettingReader } from "./config";
import { ResultDocuments, resultScheme } from "./resultDocuments";
import { Panel } from "./panel";
import { machinePage, runPage } from "./runView";
import {
  compatArgs,
  documentURI,
  projectionArgs,
  projectionRoles,
  resultText,
  runArgs,
  ServerCommand,
  stateMachineArgs,
  toMachineView,
  toRunView,
  withDiagram,
  type RunView,
} from "./serverCommands";

let client: LanguageClient | undefined;

function settingsReader(): SettingReader {
  const cfg = vscode.workspace.getConfiguration("choreo");
  return <T>(key: string, def: T) => cfg.get<T>(key, def);
}

/** The .choreo or .tell document the user is working on, or undefined with a message. */
function activeChoreoDocument(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === "choreo") return doc;
  void vscode.window.showWarningMessage("Choreo: open a .choreo or .tell file first.");
  return undefined;
}

// How the output channel names where the server binary comes from.
const serverSource: Record<ServerSpec["source"], string> = {
  setting: "choreo.server.path",
  bundled: "bundled with the extension",
  path: "choreo on PATH",
};

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Choreo");
  // The choreo binary of a platform-specific .vsix, if this one has it.
  const bundled = bundledServer(context.extensionPath);
  const runPanel = new Panel("choreo.run", "Run");
  const machinePanel = new Panel("choreo.stateMachine", "State machine");
  const results = new ResultDocuments();
  context.subscriptions.push(
    output,
    runPanel,
    machinePanel,
    results,
    vscode.workspace.registerTextDocumentContentProvider(resultScheme, results),
  );

  // While a run is in flight the server's window/showDocument requests (the
  // trace, the SVG in an external viewer) are answered here: the run panel
  // shows both.
  let runsInFlight = 0;

  // The run with its sequence diagram, or without it when it cannot be read.
  async function runWithDiagram(result: unknown): Promise<RunView> {
    const run = toRunView(result);
    try {
      return await withDiagram(run);
    } catch (err) {
      output.appendLine(`reading the sequence diagram ${run.svgUri}: ${String(err)}`);
      return run;
    }
  }

  // Shows what a server command returned, whoever invoked it (palette,
  // code lens or code action).
  async function present(command: string, args: unknown[], result: unknown): Promise<void> {
    const uri = documentURI(args);
    const name = uri ? path.basename(vscode.Uri.parse(uri).fsPath) : "protocol";
    switch (command) {
      case ServerCommand.runInVM: {
        const run = await runWithDiagram(result);
        runPanel.show(name, (cspSource) => runPage(run, { title: name, cspSource }));
        break;
      }
      case ServerCommand.showStateMachine: {
        const title = typeof args[1] === "string" ? `${name} · ${args[1]}` : name;
        const view = toMachineView(result);
        machinePanel.show(title, (cspSource) => machinePage(view, { title, cspSource }));
        break;
      }
      case ServerCommand.showProjection: {
        const role = typeof args[1] === "string" ? `.${args[1]}` : "";
        await results.show(`${name}${role}.projection.txt`, resultText(result));
        break;
      }
      case ServerCommand.compatWithBase:
        await results.show(`${name}.compat.txt`, resultText(result));
        break;
    }
  }

  // Calls fn, counting it as a run in flight when command is choreo.runInVM.
  async function tracked<T>(command: string, fn: () => Promise<T>): Promise<T> {
    const isRun = command === ServerCommand.runInVM;
    if (isRun) runsInFlight++;
    try {
      return await fn();
    } finally {
      if (isRun) runsInFlight--;
    }
  }

  // Sends a server command; the caller presents the result.
  function execute(command: string, args: unknown[]): Promise<unknown> {
    return tracked(command, () => client!.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }));
  }

  const choreoFiles = vscode.workspace.createFileSystemWatcher("**/*.{choreo,tell}");
  context.subscriptions.push(choreoFiles);

  function createClient(): LanguageClient {
    const get = settingsReader();
    const spec = serverSpec(get, bundled);
    output.appendLine(`Starting ${spec.command} ${spec.args.join(" ")} (${serverSource[spec.source]})`);
    const serverOptions: ServerOptions = { command: spec.command, args: spec.args };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "choreo" },
        { scheme: "untitled", language: "choreo" },
      ],
      outputChannel: output,
      traceOutputChannel: output,
      initializationOptions: serverSettings(get),
      synchronize: { fileEvents: choreoFiles },
      middleware: {
        // Server commands run from a code lens or a code action.
        executeCommand: (command, args, next) =>
          tracked(command, async () => {
            const result = await next(command, args);
            await present(command, args, result);
            return result;
          }),
        window: {
          showDocument: async (params, next) => {
            if (runsInFlight > 0) return { success: true };
            const shown = await next(params, CancellationToken.None);
            return shown instanceof ResponseError ? { success: false } : shown;
          },
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
          `Choreo: could not start "${serverSpec(settingsReader(), bundled).command} lsp". Set choreo.server.path to the choreo binary.`,
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

  // Runs a server command from the palette, with progress and errors shown.
  async function runFromPalette(command: string, args: unknown[]): Promise<unknown> {
    if (!client || client.state !== State.Running) {
      void vscode.window.showErrorMessage("Choreo: the language server is not running.");
      return undefined;
    }
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Choreo: ${command}` },
        () => execute(command, args),
      );
    } catch (err) {
      void vscode.window.showErrorMessage(`Choreo: ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  async function runAndPresent(command: string, args: unknown[]): Promise<void> {
    const result = await runFromPalette(command, args);
    if (result !== undefined) await present(command, args, result);
  }

  context.subscriptions.push(
    vscode.commands.registerCommand("choreo.run", async () => {
      const doc = activeChoreoDocument();
      if (!doc) return;
      const sizes = serverSettings(settingsReader()).choreo.familySizes;
      await runAndPresent(ServerCommand.runInVM, runArgs(doc.uri.toString(), sizes));
    }),
    vscode.commands.registerCommand("choreo.projection", async (role?: string) => {
      const doc = activeChoreoDocument();
      if (!doc) return;
      const uri = doc.uri.toString();
      if (typeof role === "string") {
        await runAndPresent(ServerCommand.showProjection, projectionArgs(uri, role));
        return;
      }
      // Every role's local type first, then the one the user picks.
      const all = await runFromPalette(ServerCommand.showProjection, projectionArgs(uri));
      if (all === undefined) return;
      const everyRole = "All roles";
      const pick = await vscode.window.showQuickPick(
        [
          { label: everyRole, description: "every local type, both notations" },
          ...projectionRoles(all).map((r) => ({ label: r.role, description: r.session })),
        ],
        { placeHolder: "Project the protocol onto role…", matchOnDescription: true },
      );
      if (!pick) return;
      if (pick.label === everyRole) await present(ServerCommand.showProjection, projectionArgs(uri), all);
      else await runAndPresent(ServerCommand.showProjection, projectionArgs(uri, pick.label));
    }),
    vscode.commands.registerCommand("choreo.stateMachine", async (role?: string) => {
      const doc = activeChoreoDocument();
      if (!doc) return;
      const uri = doc.uri.toString();
      if (typeof role === "string") {
        await runAndPresent(ServerCommand.showStateMachine, stateMachineArgs(uri, role));
        return;
      }
      const all = await runFromPalette(ServerCommand.showStateMachine, stateMachineArgs(uri));
      if (all === undefined) return;
      const everyRole = "All roles";
      const pick = await vscode.window.showQuickPick(
        [
          { label: everyRole, description: "every role and the global protocol" },
          ...toMachineView(all).roles.map((r) => ({ label: r })),
        ],
        { placeHolder: "Draw the state machine of role…" },
      );
      if (!pick) return;
      if (pick.label === everyRole) await present(ServerCommand.showStateMachine, stateMachineArgs(uri), all);
      else await runAndPresent(ServerCommand.showStateMachine, stateMachineArgs(uri, pick.label));
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
      if (base !== undefined) await runAndPresent(ServerCommand.compatWithBase, compatArgs(doc.uri.toString(), base));
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
