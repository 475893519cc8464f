/**
 * The agent's state file, written atomically (design.md invariant 5): the new content goes to
 * a temporary file in the same directory, is flushed to disk, the old file becomes the backup
 * (`.bak`) and the temporary file takes its name by rename, then the directory is flushed.
 * A crash at any point leaves either the new file or the previous one (as the backup).
 *
 * @module
 */

import { type AgentState, parseState, StateError } from "./state.ts";

/** The result of {@link StateFile.load}. */
export interface LoadedState {
  state: AgentState;
  /** Set when the main file was missing or unusable and the backup was read. */
  warning?: string;
}

/** Where the agent keeps its state. */
export interface StateFile {
  /** The file's path. */
  readonly path: string;
  /**
   * Whether the state carries the model's snapshot (default true). A store without it (the
   * simulator's memory) keeps the device object itself across reboots, so the agent skips
   * taking snapshots, which are its largest and costliest part.
   */
  readonly keepsModel?: boolean;
  /**
   * Reads the state, falling back to the backup when the file is missing or corrupt.
   *
   * @returns The state, or null when neither file exists (the first start).
   * @throws {StateError} The file is unusable and so is the backup (or there is none).
   */
  load(): Promise<LoadedState | null>;
  /**
   * Stores the state durably; returns once it is on disk. Calls are applied in order.
   *
   * @throws {StateError} The file cannot be written.
   */
  save(state: AgentState): Promise<void>;
}

/**
 * Opens the state file at `path` (created on the first save, mode 0600: it holds passwords).
 *
 * @param path The file; its directory must exist.
 * @returns The state file.
 *
 * @example Save and load
 * ```ts
 * import { createStateFile } from "./state_file.ts";
 * import { initialState } from "./state.ts";
 * const dir = await Deno.makeTempDir();
 * const file = createStateFile(`${dir}/state.json`);
 * await file.save({ ...initialState("/cr"), retryCount: 2 });
 * const loaded = await file.load();
 * if (loaded?.state.retryCount !== 2) throw new Error("unexpected");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function createStateFile(path: string): StateFile {
  let queue: Promise<void> = Promise.resolve();
  return {
    path,
    load: () => load(path),
    save(state: AgentState): Promise<void> {
      const next = queue.then(() => write(path, JSON.stringify(state) + "\n"));
      queue = next.catch(() => {});
      return next;
    },
  };
}

/**
 * A state "file" kept in memory, for simulated devices: nothing survives the process, and the
 * saved state is the agent's own object (no copy), so it costs no memory of its own. It keeps
 * no model snapshot ({@link StateFile.keepsModel} false): the agent's device object lives on
 * across its reboots, and a FactoryReset builds a new one anyway.
 *
 * @param path A name for log lines (default `memory`).
 * @returns The state store; {@link StateFile.load} returns the last saved state, or null.
 *
 * @example Usage
 * ```ts
 * import { createMemoryStateFile } from "./state_file.ts";
 * import { initialState } from "./state.ts";
 * const file = createMemoryStateFile();
 * if (await file.load() !== null) throw new Error("unexpected");
 * await file.save(initialState("/cr"));
 * if ((await file.load())?.state.connectionRequestPath !== "/cr") throw new Error("unexpected");
 * ```
 */
export function createMemoryStateFile(path = "memory"): StateFile {
  let saved: AgentState | undefined;
  return {
    path,
    keepsModel: false,
    load: () => Promise.resolve(saved === undefined ? null : { state: saved }),
    save(state: AgentState): Promise<void> {
      saved = state;
      return Promise.resolve();
    },
  };
}

async function load(path: string): Promise<LoadedState | null> {
  const main = await readState(path);
  if (main.kind === "ok") return { state: main.state };
  const backup = await readState(`${path}.bak`);
  if (backup.kind === "ok") {
    const why = main.kind === "missing" ? "is missing" : `is unusable (${main.reason})`;
    return { state: backup.state, warning: `state file ${path} ${why}; using its backup` };
  }
  if (main.kind === "missing" && backup.kind === "missing") return null;
  const reasons = [main, backup].filter((r) => r.kind === "bad").map((r) =>
    r.kind === "bad" ? r.reason : ""
  );
  throw new StateError(`Cannot read state ${path}: ${reasons.join("; backup: ")}`);
}

type ReadOutcome =
  | { kind: "ok"; state: AgentState }
  | { kind: "missing" }
  | { kind: "bad"; reason: string };

async function readState(path: string): Promise<ReadOutcome> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { kind: "missing" };
    return { kind: "bad", reason: errorText(error) };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: "bad", reason: `not JSON (${text.length} bytes, truncated or corrupt)` };
  }
  try {
    return { kind: "ok", state: parseState(data, path) };
  } catch (error) {
    return { kind: "bad", reason: errorText(error).replace(/^Cannot read state [^:]*: /, "") };
  }
}

async function write(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp`;
  try {
    const file = await Deno.open(temp, { write: true, create: true, truncate: true, mode: 0o600 });
    try {
      let bytes = new TextEncoder().encode(text);
      // A short write is rare for regular files but allowed by the API; finish it.
      while (bytes.length > 0) bytes = bytes.subarray(await file.write(bytes));
      await file.sync();
    } finally {
      file.close();
    }
    try {
      await Deno.rename(path, `${path}.bak`);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    await Deno.rename(temp, path);
    await syncDirectory(path);
  } catch (error) {
    throw new StateError(`Cannot write state ${path}: ${errorText(error)}`, { cause: error });
  }
}

async function syncDirectory(path: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  const handle = await Deno.open(dir, { read: true });
  try {
    await handle.sync();
  } finally {
    handle.close();
  }
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\(os error \d+\).*$/s, "");
}
