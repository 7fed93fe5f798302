// The custom commands of `choreo lsp` (workspace/executeCommand): their
// names, arguments and results, in one place. Free of the `vscode` module.

/** Names of the server's commands. */
export const ServerCommand = {
  runInVM: "choreo.runInVM",
  showProjection: "choreo.showProjection",
  compatWithBase: "choreo.compatWithBase",
} as const;

export type ServerCommandName = (typeof ServerCommand)[keyof typeof ServerCommand];

/** Arguments of choreo.runInVM. */
export function runArgs(uri: string): unknown[] {
  return [{ uri }];
}

/** Arguments of choreo.showProjection; without a role the server projects every role. */
export function projectionArgs(uri: string, role?: string): unknown[] {
  return role ? [{ uri, role }] : [{ uri }];
}

/** Arguments of choreo.compatWithBase; without a base the server uses its configured one. */
export function compatArgs(uri: string, base?: string): unknown[] {
  return base ? [{ uri, base }] : [{ uri }];
}

/** A run of the protocol VM, as the editor shows it. */
export interface RunView {
  /** completed, deadlock, orphan-messages, bound-exceeded, fault, … */
  outcome: string;
  /** One-line explanation (which role, which step), when the outcome is not completed. */
  detail: string;
  steps?: number;
  /** The trace as text, one event a line. */
  trace: string;
  /** A standalone SVG sequence diagram, when the server rendered one. */
  svg?: string;
}

function field(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) {
    if (o[n] !== undefined && o[n] !== null) return o[n];
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/**
 * Normalizes the result of choreo.runInVM. The server answers with an
 * object ({outcome, step, role, message, trace, svg, …}); a bare string is
 * taken as the trace of a run whose outcome is unknown.
 */
export function toRunView(result: unknown): RunView {
  if (typeof result === "string") {
    return { outcome: "unknown", detail: "", trace: result };
  }
  if (!result || typeof result !== "object") {
    return { outcome: "unknown", detail: "the server returned no run result", trace: "" };
  }
  const o = result as Record<string, unknown>;
  let outcome = field(o, "outcome", "status", "kind");
  if (outcome && typeof outcome === "object") {
    const inner = outcome as Record<string, unknown>;
    outcome = field(inner, "kind", "outcome", "status");
  }
  const parts: string[] = [];
  const message = str(field(o, "message", "reason", "detail"));
  if (message) parts.push(message);
  const role = str(field(o, "role"));
  if (role) parts.push(`role ${role}`);
  const step = field(o, "step");
  if (typeof step === "number") parts.push(`step ${step}`);
  const steps = field(o, "steps", "totalSteps");
  let trace = field(o, "trace", "text");
  if (Array.isArray(trace)) trace = trace.map((e) => (typeof e === "string" ? e : JSON.stringify(e))).join("\n");
  return {
    outcome: str(outcome) ?? "unknown",
    detail: parts.join(" · "),
    steps: typeof steps === "number" ? steps : undefined,
    trace: str(trace) ?? "",
    svg: str(field(o, "svg")),
  };
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
