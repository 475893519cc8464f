/**
 * The input and output a CLI command may use, injected so that commands run in tests without a
 * process: `createDenoIo()` is the real one, and the only file under `cli/` that names `Deno.*`.
 *
 * @module
 */

/** A text sink: stdout or stderr. Writes are synchronous so output ordering is exact. */
export interface CliWriter {
  write(text: string): void;
}

/** Everything a command may read or write besides its arguments. */
export interface CliIo {
  /** Data: the command's result. */
  readonly stdout: CliWriter;
  /** Diagnostics: errors, warnings, progress. */
  readonly stderr: CliWriter;
  /** Reads standard input to its end. */
  readStdin(): Promise<Uint8Array>;
  /**
   * Reads a whole file.
   *
   * @throws {ReadFileError} The file cannot be read; `reason` says why in a few words.
   */
  readFile(path: string): Promise<Uint8Array>;
  /** An environment variable, or undefined when unset. */
  env(name: string): string | undefined;
  /** Which standard streams are terminals (for prompts, progress and defaults). */
  readonly isTerminal: {
    readonly stdin: boolean;
    readonly stdout: boolean;
    readonly stderr: boolean;
  };
}

/**
 * A file could not be read. `reason` is short and user-facing ("No such file").
 *
 * @example Usage
 * ```ts
 * import { ReadFileError } from "./io.ts";
 * const e = new ReadFileError("a.xml", "No such file");
 * if (e.message !== "Cannot read a.xml: No such file") throw new Error("unexpected");
 * ```
 */
export class ReadFileError extends Error {
  /** The path as given. */
  readonly path: string;
  /** Why, e.g. "No such file", "Permission denied", "Is a directory". */
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(`Cannot read ${path}: ${reason}`);
    this.name = "ReadFileError";
    this.path = path;
    this.reason = reason;
  }
}

/**
 * The process's real IO: standard streams, files and environment of Deno.
 *
 * Output to a closed pipe (`cwmp decode big.xml | head`) is dropped silently rather than
 * reported, as Unix tools do.
 *
 * @returns The IO of this process.
 */
export function createDenoIo(): CliIo {
  return {
    stdout: createWriter(Deno.stdout),
    stderr: createWriter(Deno.stderr),
    readStdin(): Promise<Uint8Array> {
      return new Response(Deno.stdin.readable).bytes();
    },
    async readFile(path: string): Promise<Uint8Array> {
      try {
        return await Deno.readFile(path);
      } catch (error) {
        throw new ReadFileError(path, readFailureReason(error));
      }
    },
    env(name: string): string | undefined {
      return Deno.env.get(name);
    },
    isTerminal: {
      stdin: Deno.stdin.isTerminal(),
      stdout: Deno.stdout.isTerminal(),
      stderr: Deno.stderr.isTerminal(),
    },
  };
}

function createWriter(stream: { writeSync(bytes: Uint8Array): number }): CliWriter {
  const encoder = new TextEncoder();
  let closed = false;
  return {
    write(text: string): void {
      if (closed) return;
      let bytes = encoder.encode(text);
      try {
        while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
      } catch (error) {
        if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
        closed = true;
      }
    },
  };
}

function readFailureReason(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "No such file";
  if (error instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "Is a directory";
  const message = error instanceof Error ? error.message : String(error);
  // Deno appends the OS detail ("(os error 21)", "readfile '...'"), which says nothing more.
  return message.replace(/\s*\(os error \d+\).*$/s, "");
}
