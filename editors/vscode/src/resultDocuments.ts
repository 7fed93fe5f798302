// Read-only text documents (scheme choreo-result:) for projections and
// compatibility reports, so that closing them never asks to save.

import * as vscode from "vscode";

export const resultScheme = "choreo-result";

export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "";
  }

  /** Opens (or refreshes) the document named name with text, beside the editor. */
  async show(name: string, text: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: resultScheme, path: `/${name}` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
