/**
 * The one XML writer: every character of text and attribute values passes through
 * {@link escapeXml}, so no caller ever escapes by hand.
 *
 * @module
 */

/** An element to write. `name` is the qualified name exactly as it should appear. */
export interface XmlNode {
  name: string;
  attributes?: Readonly<Record<string, string>>;
  children?: readonly XmlNode[];
  /** Character data; written before any children. */
  text?: string;
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#13;",
  "\n": "&#10;",
  "\t": "&#9;",
};

// Characters XML 1.0 cannot carry at all (not even as references) become U+FFFD: C0 controls
// other than tab, LF and CR, U+FFFE/U+FFFF, and unpaired surrogates.
const INVALID_SOURCE = "[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]" +
  "|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
const INVALID_ONE = new RegExp(INVALID_SOURCE);
const INVALID_ALL = new RegExp(INVALID_SOURCE, "g");
const TEXT_SPECIAL = /[&<>\r]/g;
const ATTRIBUTE_SPECIAL = /[&<>"'\r\n\t]/g;

/**
 * Escapes text for element content (`inAttribute` false) or a quoted attribute value.
 * Carriage returns are written as `&#13;` so they survive a parser's newline normalisation.
 *
 * @example Usage
 * ```ts
 * import { escapeXml } from "./write.ts";
 * if (escapeXml('a<b & "c"', { inAttribute: true }) !== "a&lt;b &amp; &quot;c&quot;") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function escapeXml(text: string, options: { inAttribute?: boolean } = {}): string {
  const clean = INVALID_ONE.test(text) ? text.replace(INVALID_ALL, "\ufffd") : text;
  const special = options.inAttribute === true ? ATTRIBUTE_SPECIAL : TEXT_SPECIAL;
  return clean.replace(special, (c) => ESCAPES[c] ?? c);
}

/**
 * Serialises a node tree without whitespace between elements.
 *
 * @example Usage
 * ```ts
 * import { writeXml } from "./write.ts";
 * const xml = writeXml({ name: "a", attributes: { x: "1" }, children: [{ name: "b", text: "<" }] });
 * if (xml !== '<a x="1"><b>&lt;</b></a>') throw new Error("unexpected");
 * ```
 */
export function writeXml(node: XmlNode): string {
  const parts: string[] = [];
  writeNode(node, parts);
  return parts.join("");
}

function writeNode(node: XmlNode, parts: string[]): void {
  parts.push("<", node.name);
  if (node.attributes !== undefined) {
    for (const key in node.attributes) {
      parts.push(" ", key, '="', escapeXml(node.attributes[key] ?? "", { inAttribute: true }), '"');
    }
  }
  const children = node.children;
  // An element with text, even empty text, is written as a start and end tag: some CPE
  // parsers do not understand `<ParameterKey/>`.
  const hasText = node.text !== undefined;
  if (!hasText && (children === undefined || children.length === 0)) {
    parts.push("/>");
    return;
  }
  parts.push(">");
  if (hasText) parts.push(escapeXml(node.text ?? ""));
  if (children !== undefined) { for (const child of children) writeNode(child, parts); }
  parts.push("</", node.name, ">");
}
