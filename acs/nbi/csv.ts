/**
 * One line of CSV (RFC 4180 without line breaks inside fields).
 *
 * @module
 */

/**
 * Splits one CSV line into fields: commas separate, double quotes enclose a field, and two
 * double quotes inside one stand for one.
 *
 * @param line The line, without its line break.
 * @returns The fields, or undefined when a quote is not closed.
 *
 * @example Usage
 * ```ts
 * import { parseCsvLine } from "./csv.ts";
 * const fields = parseCsvLine('d1,"user","pa,ss""word"');
 * if (fields?.join("|") !== 'd1|user|pa,ss"word') throw new Error("unexpected");
 * ```
 */
export function parseCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "" && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      wasQuoted = false;
    } else field += ch;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
