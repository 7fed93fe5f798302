// Settings → how to start the server and what to tell it. Kept free of the
// `vscode` module so that Node tests can exercise it directly.

/** Reads one setting of the `choreo` section (WorkspaceConfiguration.get). */
export type SettingReader = <T>(key: string, defaultValue: T) => T;

/** The process that runs the language server. */
export interface ServerSpec {
  command: string;
  args: string[];
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

/** Returns the command line that starts `choreo lsp`. */
export function serverSpec(get: SettingReader): ServerSpec {
  const path = get<string>("server.path", "choreo").trim() || "choreo";
  const extra = get<unknown[]>("server.args", []);
  const args = Array.isArray(extra) ? extra.filter((a): a is string => typeof a === "string") : [];
  return { command: path, args: ["lsp", ...args] };
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
