// Settings → how to start the server and what to tell it. Kept free of the
// `vscode` module so that Node tests can exercise it directly.

import { existsSync } from "node:fs";
import * as path from "node:path";

/** Reads one setting of the `choreo` section (WorkspaceConfiguration.get). */
export type SettingReader = <T>(key: string, defaultValue: T) => T;

/** The process that runs the language server. */
export interface ServerSpec {
  command: string;
  args: string[];
  /** Where command comes from: the setting, the .vsix, or `choreo` on PATH. */
  source: "setting" | "bundled" | "path";
}

/** Settings sent to the server in initializationOptions and didChangeConfiguration. */
export interface ServerSettings {
  choreo: {
    familySizes: Record<string, number>;
    budget: { multiplier: number };
  };
}

/** Keys whose change needs a server restart (the rest is sent live). */
export const restartKeys = ["choreo.server.path", "choreo.server.args"];

/**
 * Returns the binary a platform-specific .vsix bundles
 * (scripts/package.mjs puts it at server/choreo, server/choreo.exe on
 * Windows), or undefined when the extension in extensionDir has none.
 */
export function bundledServer(
  extensionDir: string,
  platform: string = process.platform,
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  const file = path.join(extensionDir, "server", platform === "win32" ? "choreo.exe" : "choreo");
  return exists(file) ? file : undefined;
}

/**
 * Returns the command line that starts `choreo lsp`. The binary is, first
 * found: choreo.server.path when set (not blank); the binary bundled with
 * the extension (bundled, from bundledServer); `choreo` on PATH.
 */
export function serverSpec(get: SettingReader, bundled?: string): ServerSpec {
  const extra = get<unknown[]>("server.args", []);
  const args = ["lsp", ...(Array.isArray(extra) ? extra.filter((a): a is string => typeof a === "string") : [])];
  const setting = get<string>("server.path", "");
  const configured = typeof setting === "string" ? setting.trim() : "";
  if (configured) return { command: configured, args, source: "setting" };
  if (bundled) return { command: bundled, args, source: "bundled" };
  return { command: "choreo", args, source: "path" };
}

/**
 * Returns the analysis settings for the server. Family sizes that are not
 * positive integers are dropped rather than sent: the server would reject
 * the whole object.
 */
export function serverSettings(get: SettingReader): ServerSettings {
  const familySizes: Record<string, number> = {};
  const raw = get<Record<string, unknown>>("familySizes", {});
  if (raw && typeof raw === "object") {
    for (const [name, size] of Object.entries(raw)) {
      if (typeof size === "number" && Number.isInteger(size) && size > 0) {
        familySizes[name] = size;
      }
    }
  }
  const m = get<number>("budget.multiplier", 1);
  const multiplier = typeof m === "number" && Number.isFinite(m) && m >= 1 ? m : 1;
  return { choreo: { familySizes, budget: { multiplier } } };
}
