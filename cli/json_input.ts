/**
 * Parsing JSON input with the line and column of a syntax error.
 *
 * @module
 */

import { InputError } from "./errors.ts";

const POSITION = /\s+in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/;
const UNEXPECTED_TOKEN = /^(Unexpected token '.+?'), .* is not valid JSON$/s;

/**
 * Parses JSON text; a syntax error becomes an {@link InputError} with its line and column.
 *
 * @param text The JSON text.
 * @returns The parsed value.
 * @throws {InputError} The text is empty or not valid JSON.
 *
 * @example Usage
 * ```ts
 * import { parseJsonInput } from "./json_input.ts";
 * try {
 *   parseJsonInput('{\n  "a": x\n}');
 *   throw new Error("unexpected");
 * } catch (error) {
 *   if (!(error instanceof Error) || !error.message.startsWith("Cannot parse JSON")) throw error;
 * }
 * ```
 */
export function parseJsonInput(text: string): unknown {
  if (text.trim() === "") throw new InputError("Cannot parse JSON: the input is empty");
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const located = POSITION.exec(error.message);
    const position = located === null ? findErrorOffset(text) : Number(located[1]);
    const reason = located === null
      ? UNEXPECTED_TOKEN.exec(error.message)?.[1] ?? error.message
      : error.message.slice(0, located.index);
    return failAt(text, { position, reason });
  }
}

function failAt(text: string, error: { position: number | undefined; reason: string }): never {
  const message = `Cannot parse JSON: ${error.reason}`;
  if (error.position === undefined) throw new InputError(message);
  const before = text.slice(0, error.position);
  const line = before.split("\n").length;
  const column = error.position - (before.lastIndexOf("\n") + 1) + 1;
  throw new InputError(message, { line, column });
}

// V8 names no position for an unexpected token ("Unexpected token 'x', ... is not valid JSON").
// Every prefix before the bad token is a valid start of some JSON text, so it parses or fails
// at its very end; the shortest prefix that fails earlier ends with the bad token.
function findErrorOffset(text: string): number | undefined {
  let low = 1;
  let high = text.length;
  if (!failsBeforeEnd(text, high)) return undefined;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsBeforeEnd(text, middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

function failsBeforeEnd(text: string, length: number): boolean {
  try {
    JSON.parse(text.slice(0, length));
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (message.startsWith("Unexpected end of JSON input")) return false;
    const located = POSITION.exec(message);
    return located === null || Number(located[1]) < length;
  }
}
