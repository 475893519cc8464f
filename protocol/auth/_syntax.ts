/**
 * Lexical layer shared by challenge and credentials parsing: a liberal scanner for the
 * `#challenge` / `credentials` grammar of RFC 7235 section 2.1, quoted-string quoting
 * (RFC 7230 section 3.2.6) and the RFC 5987 `ext-value` codec used by `username*`.
 *
 * @module
 */

/** Longest header value scanned; real challenges and credentials stay well under 1 KiB. */
export const MAX_HEADER_LENGTH = 16_384;

/** One scheme with its token68 or its parameters (names lower-cased). */
export interface AuthItem {
  readonly scheme: string;
  readonly token68: string | undefined;
  readonly params: ReadonlyMap<string, string>;
}

/** Where and why scanning stopped. */
export interface ScanError {
  readonly message: string;
  readonly offset: number;
}

/** The complete items before any error; the item being read when it failed is dropped. */
export interface ScanResult {
  readonly items: readonly AuthItem[];
  readonly error: ScanError | undefined;
}

interface Builder {
  readonly scheme: string;
  readonly token68: string | undefined;
  readonly params: Map<string, string>;
  lastParam: string | undefined;
}

type Step = { readonly next: number } | { readonly error: ScanError };

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;
const TOKEN68_CHAR = /^[A-Za-z0-9\-._~+/]$/;
const QOP_VALUES = new Set(["auth", "auth-int"]);

/**
 * Splits a `WWW-Authenticate` or `Authorization` value into schemes and parameters.
 * Liberal: optional commas, spaces around `=`, unquoted values up to the next space or comma,
 * trailing commas, and an unquoted `qop=auth,auth-int` list.
 */
export function scanAuthHeader(text: string): ScanResult {
  if (text.length > MAX_HEADER_LENGTH) {
    const message = `header is longer than ${MAX_HEADER_LENGTH} characters`;
    return { items: [], error: { message, offset: MAX_HEADER_LENGTH } };
  }
  const items: AuthItem[] = [];
  let current: Builder | undefined;
  let pos = skipSeparators(text, 0);
  while (pos < text.length) {
    const step = current === undefined ? undefined : scanParam(text, pos, current);
    if (step === undefined) {
      const scheme = scanScheme(text, pos);
      if ("error" in scheme) return { items, error: scheme.error };
      if (current !== undefined) items.push(current);
      current = scheme.builder;
      pos = scheme.next;
    } else if ("error" in step) {
      return { items, error: step.error };
    } else {
      pos = step.next;
    }
    pos = skipSeparators(text, pos);
  }
  if (current !== undefined) items.push(current);
  return { items, error: undefined };
}

function scanScheme(
  text: string,
  pos: number,
): { readonly builder: Builder; readonly next: number } | { readonly error: ScanError } {
  const scheme = readToken(text, pos);
  if (scheme.length === 0) {
    return { error: { message: `unexpected ${JSON.stringify(text[pos])}`, offset: pos } };
  }
  let next = pos + scheme.length;
  if (text[skipSpaces(text, next)] === "=") {
    return { error: { message: `parameter "${scheme}" before any scheme`, offset: pos } };
  }
  const start = skipSpaces(text, next);
  const end = start > next ? readToken68(text, start) : start;
  let token68: string | undefined;
  const after = skipSpaces(text, end);
  if (end > start && (after >= text.length || text[after] === ",")) {
    token68 = text.slice(start, end);
    next = after;
  }
  return { builder: { scheme, token68, params: new Map(), lastParam: undefined }, next };
}

/** Reads `name=value` into `item`; `undefined` when the token at `pos` starts a new scheme. */
function scanParam(text: string, pos: number, item: Builder): Step | undefined {
  const name = readToken(text, pos).toLowerCase();
  if (name.length === 0 || item.token68 !== undefined) return undefined;
  const eq = skipSpaces(text, pos + name.length);
  if (text[eq] !== "=") return continueQop(text, pos, name, item);
  const value = readValue(text, skipSpaces(text, eq + 1));
  if ("error" in value) return value;
  if (item.params.has(name)) {
    return { error: { message: `duplicate parameter "${name}"`, offset: pos } };
  }
  item.params.set(name, value.value);
  item.lastParam = name;
  return { next: value.next };
}

/** `qop=auth,auth-int` sent without quotes: the second value looks like a bare token. */
function continueQop(text: string, pos: number, name: string, item: Builder): Step | undefined {
  const after = skipSpaces(text, pos + name.length);
  const ends = after >= text.length || text[after] === ",";
  if (item.lastParam !== "qop" || !QOP_VALUES.has(name) || !ends) return undefined;
  item.params.set("qop", `${item.params.get("qop") ?? ""},${name}`);
  return { next: after };
}

function readValue(
  text: string,
  pos: number,
): { readonly value: string; readonly next: number } | { readonly error: ScanError } {
  if (text[pos] !== '"') {
    let end = pos;
    while (end < text.length && !isSeparator(text.charCodeAt(end))) end++;
    return { value: text.slice(pos, end), next: end };
  }
  let value = "";
  for (let i = pos + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') return { value, next: i + 1 };
    if (ch === "\\") i++;
    if (i < text.length) value += text[i];
  }
  return { error: { message: "unterminated quoted string", offset: pos } };
}

function readToken68(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && TOKEN68_CHAR.test(text[end] ?? "")) end++;
  if (end === pos) return pos;
  while (text[end] === "=") end++;
  return end;
}

function readToken(text: string, pos: number): string {
  let end = pos;
  while (end < text.length && TCHAR.test(text[end] ?? "")) end++;
  return text.slice(pos, end);
}

function isSeparator(code: number): boolean {
  return code === 0x2c || code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

function skipSeparators(text: string, pos: number): number {
  while (pos < text.length && isSeparator(text.charCodeAt(pos))) pos++;
  return pos;
}

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && isSeparator(text.charCodeAt(pos)) && text[pos] !== ",") pos++;
  return pos;
}

/** Wraps `value` in a quoted-string, escaping `"` and `\`. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** True when `value` can go into a quoted-string as is: printable US-ASCII only. */
export function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;

/** Encodes `value` as an RFC 5987 ext-value in UTF-8, e.g. `UTF-8''J%C3%A4sper`. */
export function encodeExtValue(value: string): string {
  let out = "UTF-8''";
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    out += ATTR_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Decodes an RFC 5987 ext-value in UTF-8 or ISO-8859-1; `undefined` if it is not one. */
export function decodeExtValue(ext: string): string | undefined {
  const match = /^([A-Za-z0-9!#$%&+\-^_`{}~]+)'[^']*'(.*)$/s.exec(ext);
  const charset = match?.[1]?.toLowerCase();
  const encoded = match?.[2];
  if (encoded === undefined || (charset !== "utf-8" && charset !== "iso-8859-1")) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const code = encoded.charCodeAt(i);
    if (code === 0x25) {
      const hex = encoded.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      return undefined;
    }
  }
  if (charset === "iso-8859-1") return String.fromCharCode(...bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}
