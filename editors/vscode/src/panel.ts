// A webview beside the editor, reused for every result of one kind: the
// runs of "Run in VM", the state machines of "Show State Machine".

import * as vscode from "vscode";

export class Panel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  /** viewType names the kind of webview; label starts the panel's titles. */
  constructor(
    private readonly viewType: string,
    private readonly label: string,
  ) {}

  /**
   * Shows the page that page(cspSource) returns, titled "label: title",
   * creating the panel beside the active editor when needed.
   */
  show(title: string, page: (cspSource: string) => string): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        this.viewType,
        this.label,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
    }
    this.panel.title = `${this.label}: ${title}`;
    this.panel.webview.html = page(this.panel.webview.cspSource);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
