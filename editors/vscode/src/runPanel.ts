// The webview beside the editor that shows a run's outcome, its SVG
// sequence diagram and its trace. One panel is reused for every run.

import * as vscode from "vscode";
import { runPage } from "./runView";
import type { RunView } from "./serverCommands";

export class RunPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  /** Shows run in the panel, creating it beside the active editor when needed. */
  show(run: RunView, title: string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        "choreo.run",
        "Choreo run",
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
    }
    this.panel.title = `Run: ${title}`;
    this.panel.webview.html = runPage(run, { title, cspSource: this.panel.webview.cspSource });
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
