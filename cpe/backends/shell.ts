/**
 * Runs the shell commands of the configuration (value backends and hooks) with `sh -c`, a
 * time limit and bounded output.
 *
 * @module
 */

/** The outcome of one command. */
export interface ShellResult {
  /** Exit code; -1 when the command was killed (time limit). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runShell}. */
export interface ShellOptions {
  /** Extra environment variables (CWMP_VALUE, CWMP_FILE, ...). */
  env?: Record<string, string>;
  /** Killed after this many ms (default 10 000). */
  timeoutMs?: number;
}

/** Runs a command; injected so tests and the simulator need no processes. */
export type ShellRunner = (command: string, options?: ShellOptions) => Promise<ShellResult>;

const MAX_OUTPUT = 64 * 1024;

/**
 * Runs `command` with `sh -c`.
 *
 * @param command The shell command line.
 * @param options Environment and time limit.
 * @returns Exit code and output (each cut at 64 KiB).
 * @throws {Error} The shell cannot be started.
 *
 * @example Usage
 * ```ts
 * import { runShell } from "./shell.ts";
 * const result = await runShell("echo $CWMP_VALUE", { env: { CWMP_VALUE: "42" } });
 * if (result.code !== 0 || result.stdout !== "42\n") throw new Error("unexpected");
 * ```
 */
export async function runShell(command: string, options: ShellOptions = {}): Promise<ShellResult> {
  const child = new Deno.Command("sh", {
    args: ["-c", command],
    env: options.env ?? {},
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  }).spawn();
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  const status = await child.status;
  // A background process of the command (or of a killed shell) may hold the pipes open: its
  // output is not waited for long.
  const graceMs = status.signal === null ? 1_000 : 50;
  const [out, err] = await Promise.all([stdout(graceMs), stderr(graceMs)]);
  return { code: status.signal === null ? status.code : -1, stdout: out, stderr: err };
}

function collect(stream: ReadableStream<Uint8Array>): (graceMs: number) => Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const done = (async (): Promise<void> => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      if (text.length < MAX_OUTPUT) text += decoder.decode(value, { stream: true });
    }
  })().catch(() => {});
  return async (graceMs) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => timer = setTimeout(resolve, graceMs));
    await Promise.race([done, late]);
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
    return text.slice(0, MAX_OUTPUT);
  };
}

/**
 * One line about a failed command: its exit code and the end of its stderr.
 *
 * @param what What ran, e.g. "read command of X".
 * @param result The command's outcome.
 * @returns e.g. "read command of X exited with 3: no such file".
 *
 * @example Usage
 * ```ts
 * import { describeFailure } from "./shell.ts";
 * const line = describeFailure("hook", { code: 2, stdout: "", stderr: "bad\nworse\n" });
 * if (line !== "hook exited with 2: worse") throw new Error("unexpected");
 * ```
 */
export function describeFailure(what: string, result: ShellResult): string {
  const how = result.code === -1 ? "was killed (time limit)" : `exited with ${result.code}`;
  const last = result.stderr.trim().split("\n").at(-1)?.trim() ?? "";
  return last === "" ? `${what} ${how}` : `${what} ${how}: ${last}`;
}
