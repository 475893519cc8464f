/**
 * Reading a command's input: a file path, or standard input for `-` or no path.
 *
 * @module
 */

import { InputError, UsageError } from "./errors.ts";
import { type CliIo, ReadFileError } from "./io.ts";

/**
 * Reads the bytes of `source`: standard input when it is `-` or undefined, else the file.
 *
 * With no `source` and a terminal on stdin there is nothing to read, so this is a usage error
 * rather than a silent wait; `-` still reads a terminal for those who type their input.
 *
 * @param source The FILE argument as given.
 * @param io Where to read.
 * @returns The whole input.
 * @throws {InputError} The file cannot be read ("cannot read FILE: No such file").
 * @throws {UsageError} No FILE and stdin is a terminal.
 */
export async function readInput(source: string | undefined, io: CliIo): Promise<Uint8Array> {
  if (source === undefined || source === "-") {
    if (source === undefined && io.isTerminal.stdin) {
      throw new UsageError("no input: give FILE, or pipe the input to stdin (or use - to type it)");
    }
    return await io.readStdin();
  }
  try {
    return await io.readFile(source);
  } catch (error) {
    if (error instanceof ReadFileError) {
      throw new InputError(`cannot read ${source}: ${error.reason}`);
    }
    throw error;
  }
}
