import { XmlSyntaxError } from "../errors.ts";
import { positionAt } from "./position.ts";

const PREDEFINED: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  apos: "'",
  quot: '"',
};

/**
 * Replaces the five predefined entities and character references in `raw`.
 * `source` and `offset` locate `raw` in the document for error positions.
 */
export function decodeEntities(raw: string, source: string, offset: number): string {
  let amp = raw.indexOf("&");
  if (amp === -1) return raw;
  let out = "";
  let from = 0;
  while (amp !== -1) {
    const semi = raw.indexOf(";", amp + 1);
    if (semi === -1 || semi - amp > 12) {
      throw new XmlSyntaxError(
        "Cannot parse XML: unterminated entity reference",
        positionAt(source, offset + amp),
      );
    }
    out += raw.slice(from, amp) + resolveReference(raw.slice(amp + 1, semi), source, offset + amp);
    from = semi + 1;
    amp = raw.indexOf("&", from);
  }
  return out + raw.slice(from);
}

function resolveReference(name: string, source: string, offset: number): string {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  if (name.charCodeAt(0) === 35 /* # */) {
    const hex = name.charCodeAt(1) === 120 /* x */;
    const digits = hex ? name.slice(2) : name.slice(1);
    const valid = hex ? /^[0-9a-fA-F]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
    const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : -1;
    if (isXmlChar(code)) return String.fromCodePoint(code);
    throw new XmlSyntaxError(
      `Cannot parse XML: invalid character reference '&${name};'`,
      positionAt(source, offset),
    );
  }
  throw new XmlSyntaxError(
    `Cannot parse XML: undefined entity '&${name};'`,
    positionAt(source, offset),
  );
}

/** Whether `code` is a character XML 1.0 allows (production [2] Char). */
export function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
}
