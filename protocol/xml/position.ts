/**
 * Line and column of an offset, computed only when an error needs them.
 *
 * @example Usage
 * ```ts
 * import { positionAt } from "./position.ts";
 * const p = positionAt("a\nbc", 3);
 * if (p.line !== 2 || p.column !== 2) throw new Error("unexpected");
 * ```
 */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
