import { XmlSyntaxError } from "../errors.ts";

/** The result of {@link decodeXmlBytes}. */
export interface DecodedText {
  text: string;
  /** The charset actually used (lower-case WHATWG label). */
  charset: string;
  /** Anything tolerated on the way (a wrong declared charset, replaced bytes). */
  warnings: string[];
}

const SUPPORTED = new Set([
  "utf-8",
  "utf8",
  "us-ascii",
  "ascii",
  "iso-8859-1",
  "latin1",
  "iso8859-1",
  "iso_8859-1",
  "windows-1252",
  "cp1252",
  "utf-16",
  "utf-16le",
  "utf-16be",
]);

/**
 * Turns an HTTP body into text: the charset comes from the Content-Type header, else a byte
 * order mark, else the XML declaration, else UTF-8. Bytes that are not valid UTF-8 when
 * nothing declared a charset are read as ISO-8859-1 (with a warning) rather than rejected,
 * because old CPEs send Latin-1 without saying so.
 *
 * @param bytes The raw (already decompressed) body.
 * @param contentType The request's Content-Type header, if any.
 * @returns The text, the charset used, and warnings.
 * @throws {XmlSyntaxError} An unsupported charset was named.
 *
 * @example Usage
 * ```ts
 * import { decodeXmlBytes } from "./charset.ts";
 * const bytes = new Uint8Array([0x3c, 0x61, 0x3e, 0xe9, 0x3c, 0x2f, 0x61, 0x3e]);
 * const { text } = decodeXmlBytes(bytes, 'text/xml; charset="ISO-8859-1"');
 * if (text !== "<a>\u00e9</a>") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4.1 Encoding SOAP over HTTP
 */
export function decodeXmlBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const warnings: string[] = [];
  const declared = charsetFromContentType(contentType) ?? charsetFromBom(bytes) ??
    charsetFromDeclaration(bytes);
  if (declared !== undefined) {
    if (!SUPPORTED.has(declared)) {
      throw new XmlSyntaxError(`Cannot decode body: unsupported charset '${declared}'`, {
        line: 1,
        column: 1,
      });
    }
    const charset = canonical(declared);
    try {
      return { text: stripBom(decode(bytes, charset, true)), charset, warnings };
    } catch {
      warnings.push(`Body is not valid ${charset}; invalid bytes were replaced`);
      return { text: stripBom(decode(bytes, charset, false)), charset, warnings };
    }
  }
  try {
    return { text: stripBom(decode(bytes, "utf-8", true)), charset: "utf-8", warnings };
  } catch {
    warnings.push("Body is not valid UTF-8 and names no charset; read as ISO-8859-1");
    return { text: decode(bytes, "windows-1252", false), charset: "iso-8859-1", warnings };
  }
}

function decode(bytes: Uint8Array, charset: string, fatal: boolean): string {
  // WHATWG maps ISO-8859-1 to windows-1252, a superset for every printable Latin-1 byte.
  return new TextDecoder(charset, { fatal, ignoreBOM: true }).decode(bytes);
}

function canonical(label: string): string {
  if (label === "utf8") return "utf-8";
  if (label === "ascii" || label === "us-ascii") return "utf-8";
  if (label === "latin1" || label.startsWith("iso") || label === "cp1252") return "iso-8859-1";
  if (label === "utf-16") return "utf-16le";
  return label;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

function charsetFromDeclaration(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 200)));
  const match = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return match?.[1]?.toLowerCase();
}
