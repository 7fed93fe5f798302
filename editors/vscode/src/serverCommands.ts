// The custom commands of `choreo lsp` (workspace/executeCommand): their
// names, arguments and results, in one place. Free of the `vscode` module.

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** Names of the server's commands. */
export const ServerCommand = {
  runInVM: "choreo.runInVM",
  showProjection: "choreo.showProjection",
  compatWithBase: "choreo.compatWithBase",
  showStateMachine: "choreo.showStateMachine",
} as const;

// Every command takes the document URI first, then one optional argument.

/**
 * Arguments of choreo.runInVM: the URI, then a run configuration (the JSON
 * of the runtime's run.yaml) when family sizes are set.
 */
export function runArgs(uri: string, familySizes: Record<string, number> = {}): unknown[] {
  return Object.keys(familySizes).length > 0 ? [uri, { families: familySizes }] : [uri];
}

/** Arguments of choreo.showProjection; without a role the server projects every role. */
export function projectionArgs(uri: string, role?: string): unknown[] {
  return role ? [uri, role] : [uri];
}

/**
 * Arguments of choreo.showStateMachine; without a role the server draws every
 * role and the global protocol.
 */
export function stateMachineArgs(uri: string, role?: string): unknown[] {
  return role ? [uri, role] : [uri];
}

/** Arguments of choreo.compatWithBase; without a base the server uses its configured one (HEAD). */
export function compatArgs(uri: string, base?: string): unknown[] {
  return base ? [uri, base] : [uri];
}

/** The document URI a server command was called with. */
export function documentURI(args: unknown[]): string | undefined {
  const first = args[0];
  return typeof first === "string" ? first : undefined;
}

/** A run of the protocol VM, as the editor shows it. */
export interface RunView {
  /** completed, deadlock, orphan, bound-exceeded, fault, or unknown. */
  outcome: string;
  /** One line: the reason, the role and the step the outcome was decided at. */
  detail: string;
  steps?: number;
  maxSteps?: number;
  /** The trace as text, one event a line. */
  trace: string;
  /** The SVG sequence diagram, when the result carried it inline. */
  svg?: string;
  /** Where the server wrote the SVG sequence diagram (a file: URI). */
  svgUri?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : undefined;
}

/**
 * Normalizes the result of choreo.runInVM:
 * {outcome: {kind, step, role, reason, …}, summary, steps, maxSteps, trace,
 *  svgUri, …}. A bare string is taken as the trace of a run whose outcome
 * is unknown.
 */
export function toRunView(result: unknown): RunView {
  if (typeof result === "string") {
    return { outcome: "unknown", detail: "", trace: result };
  }
  if (!result || typeof result !== "object") {
    return { outcome: "unknown", detail: "the server returned no run result", trace: "" };
  }
  const o = result as Record<string, unknown>;
  const out = (o.outcome && typeof o.outcome === "object" ? o.outcome : {}) as Record<string, unknown>;
  const parts: string[] = [];
  const reason = str(out.reason);
  if (reason) parts.push(reason);
  const role = str(out.role);
  if (role) parts.push(`role ${role}`);
  const step = num(out.step);
  if (step !== undefined && str(out.kind) !== "completed") parts.push(`step ${step}`);
  return {
    outcome: str(out.kind) ?? str(o.outcome) ?? "unknown",
    detail: parts.length > 0 ? parts.join(" · ") : (str(o.summary) ?? ""),
    steps: num(o.steps),
    maxSteps: num(o.maxSteps),
    trace: str(o.trace) ?? "",
    svg: str(o.svg),
    svgUri: str(o.svgUri),
  };
}

/**
 * Returns run with its SVG read from the file the server wrote (svgUri),
 * when the result did not carry it inline. The server removes its output
 * files when it stops: call this while it runs.
 */
export async function withDiagram(run: RunView): Promise<RunView> {
  if (run.svg || !run.svgUri) return run;
  return { ...run, svg: await readFile(fileURLToPath(run.svgUri), "utf8") };
}

/** A role and its local type, from choreo.showProjection. */
export interface RoleLocalType {
  role: string;
  session: string;
}

/** The roles of a choreo.showProjection result ({roles: [{role, session, …}]}). */
export function projectionRoles(result: unknown): RoleLocalType[] {
  const roles = (result as { roles?: unknown } | null)?.roles;
  if (!Array.isArray(roles)) return [];
  return roles
    .filter((r): r is { role: string; session?: unknown } => typeof r?.role === "string")
    .map((r) => ({ role: r.role, session: typeof r.session === "string" ? r.session : "" }));
}

/**
 * Renders the result of choreo.showProjection or choreo.compatWithBase as
 * plain text for a read-only document. Strings pass through; objects show
 * their `text` field when present and are pretty-printed otherwise.
 */
export function resultText(result: unknown): string {
  if (typeof result === "string") return result;
  if (result && typeof result === "object") {
    const text = (result as Record<string, unknown>).text;
    if (typeof text === "string") return text;
  }
  return JSON.stringify(result ?? null, null, 2);
}

/** State machines drawn by choreo.showStateMachine. */
export interface MachineView {
  protocol: string;
  /** The participants drawn. */
  roles: string[];
  /** The SVG picture, laid out by the server (Graphviz). */
  svg: string;
  /** The same graph as Graphviz text. */
  dot: string;
}

/** Normalizes the result of choreo.showStateMachine ({protocol, roles, svg, dot}). */
export function toMachineView(result: unknown): MachineView {
  const o = (result && typeof result === "object" ? result : {}) as Record<string, unknown>;
  return {
    protocol: str(o.protocol) ?? "",
    roles: Array.isArray(o.roles) ? o.roles.filter((r): r is string => typeof r === "string") : [],
    svg: str(o.svg) ?? "",
    dot: str(o.dot) ?? "",
  };
}
