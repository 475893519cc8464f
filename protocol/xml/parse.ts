import { XmlLimitError, XmlSyntaxError } from "../errors.ts";
import { decodeEntities } from "./_entities.ts";
import { positionAt } from "./position.ts";
import { DEFAULT_XML_LIMITS, type XmlAttribute, type XmlElement, type XmlLimits } from "./types.ts";

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
const ROOT_SCOPE: Readonly<Record<string, string>> = Object.freeze({ xml: XML_NS, "": "" });

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /** Bounds on the input; see {@link XmlLimits} for defaults. */
  limits?: XmlLimits;
}

interface RawAttribute {
  qname: string;
  value: string;
}

/**
 * Parses XML text into namespace-resolved element trees.
 *
 * Strict where it matters for safety (well-formedness, namespace binding, no DOCTYPE or entity
 * declarations, bounded size, depth, element and attribute counts) and returns every top-level
 * element, because a CWMP HTTP body may carry several SOAP envelopes one after another
 * (TR-069 3.4.1 and 3.5, MaxEnvelopes).
 *
 * @param text The document text (already decoded from bytes; see `decodeXmlBytes`).
 * @param options Limits.
 * @returns The top-level elements in document order (empty for whitespace-only input).
 * @throws {XmlSyntaxError} Malformed XML, DOCTYPE, an unbound prefix, an undefined entity.
 * @throws {XmlLimitError} A limit was exceeded.
 *
 * @example Usage
 * ```ts
 * import { parseXml } from "./parse.ts";
 * const [root] = parseXml('<a xmlns="urn:x"><b>1 &amp; 2</b></a>');
 * if (root?.uri !== "urn:x" || root.children[0]?.text !== "1 & 2") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.5 Use of SOAP
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): XmlElement[] {
  const limits = { ...DEFAULT_XML_LIMITS, ...options.limits };
  if (text.length > limits.maxLength) throw new XmlLimitError("bodySize", limits.maxLength);
  return new Parser(text, limits).run();
}

class Parser {
  readonly #src: string;
  readonly #limits: Required<XmlLimits>;
  readonly #stack: XmlElement[] = [];
  readonly #roots: XmlElement[] = [];
  #pos = 0;
  #elements = 0;

  constructor(src: string, limits: Required<XmlLimits>) {
    this.#src = src;
    this.#limits = limits;
  }

  run(): XmlElement[] {
    const src = this.#src;
    if (src.charCodeAt(0) === 0xfeff) this.#pos = 1;
    while (this.#pos < src.length) {
      const lt = src.indexOf("<", this.#pos);
      const end = lt === -1 ? src.length : lt;
      if (end > this.#pos) this.#text(this.#pos, end);
      if (lt === -1) break;
      this.#markup(lt);
    }
    const open = this.#stack.at(-1);
    if (open !== undefined) {
      this.#fail(`Cannot parse XML: element '${qnameOf(open)}' is not closed`, src.length);
    }
    return this.#roots;
  }

  #markup(lt: number): void {
    const next = this.#src.charCodeAt(lt + 1);
    if (next === 47 /* / */) this.#closeTag(lt);
    else if (next === 33 /* ! */) this.#bang(lt);
    else if (next === 63 /* ? */) this.#processingInstruction(lt);
    else this.#openTag(lt);
  }

  #text(from: number, to: number): void {
    const top = this.#stack.at(-1);
    const raw = this.#src.slice(from, to);
    if (top === undefined) {
      if (!isWhitespace(raw)) this.#fail("Cannot parse XML: text outside the root element", from);
      this.#pos = to;
      return;
    }
    if (raw.indexOf("]]>") !== -1) {
      this.#fail("Cannot parse XML: ']]>' in character data", from + raw.indexOf("]]>"));
    }
    top.text += decodeEntities(normaliseNewlines(raw), this.#src, from);
    this.#pos = to;
  }

  #bang(lt: number): void {
    const src = this.#src;
    if (src.startsWith("<!--", lt)) {
      const close = src.indexOf("--", lt + 4);
      if (close === -1) this.#fail("Cannot parse XML: unterminated comment", lt);
      if (src.charCodeAt(close + 2) !== 62) {
        this.#fail("Cannot parse XML: '--' inside a comment", close);
      }
      this.#pos = close + 3;
    } else if (src.startsWith("<![CDATA[", lt)) {
      const close = src.indexOf("]]>", lt + 9);
      if (close === -1) this.#fail("Cannot parse XML: unterminated CDATA section", lt);
      const top = this.#stack.at(-1);
      if (top === undefined) this.#fail("Cannot parse XML: CDATA outside the root element", lt);
      top.text += normaliseNewlines(src.slice(lt + 9, close));
      this.#pos = close + 3;
    } else if (src.startsWith("<!DOCTYPE", lt) || src.startsWith("<!ENTITY", lt)) {
      this.#fail("Cannot parse XML: DOCTYPE and entity declarations are not allowed", lt);
    } else {
      this.#fail("Cannot parse XML: unexpected '<!'", lt);
    }
  }

  #processingInstruction(lt: number): void {
    const close = this.#src.indexOf("?>", lt + 2);
    if (close === -1) this.#fail("Cannot parse XML: unterminated processing instruction", lt);
    const target = /^[^\s?]*/.exec(this.#src.slice(lt + 2, close))?.[0] ?? "";
    if (target === "") this.#fail("Cannot parse XML: processing instruction without target", lt);
    if (target.toLowerCase() === "xml" && this.#stack.length > 0) {
      this.#fail("Cannot parse XML: XML declaration inside an element", lt);
    }
    this.#pos = close + 2;
  }

  #closeTag(lt: number): void {
    const src = this.#src;
    const gt = src.indexOf(">", lt + 2);
    if (gt === -1) this.#fail("Cannot parse XML: unterminated end tag", lt);
    const qname = src.slice(lt + 2, gt).trimEnd();
    const top = this.#stack.pop();
    if (top === undefined) this.#fail(`Cannot parse XML: unexpected end tag '${qname}'`, lt);
    if (qname !== qnameOf(top)) {
      this.#fail(`Cannot parse XML: end tag '${qname}' does not match '${qnameOf(top)}'`, lt);
    }
    this.#pos = gt + 1;
  }

  #openTag(lt: number): void {
    const src = this.#src;
    let i = lt + 1;
    while (i < src.length && !isNameEnd(src.charCodeAt(i))) i++;
    const qname = src.slice(lt + 1, i);
    checkName(qname, this, lt + 1);
    const attrs: RawAttribute[] = [];
    let selfClosing = false;
    for (;;) {
      const start = i;
      i = skipWhitespace(src, i);
      const c = src.charCodeAt(i);
      if (c === 62 /* > */) break;
      if (c === 47 /* / */ && src.charCodeAt(i + 1) === 62) {
        selfClosing = true;
        i++;
        break;
      }
      if (Number.isNaN(c)) this.#fail(`Cannot parse XML: unterminated start tag '${qname}'`, lt);
      if (i === start) this.#fail("Cannot parse XML: missing whitespace before attribute", i);
      i = this.#attribute(i, attrs);
      if (attrs.length > this.#limits.maxAttributes) {
        throw new XmlLimitError("attributes", this.#limits.maxAttributes);
      }
    }
    this.#pos = i + 1;
    this.#push(qname, attrs, lt, selfClosing);
  }

  #attribute(from: number, attrs: RawAttribute[]): number {
    const src = this.#src;
    let i = from;
    while (i < src.length && !isNameEnd(src.charCodeAt(i)) && src.charCodeAt(i) !== 61) i++;
    const qname = src.slice(from, i);
    checkName(qname, this, from);
    i = skipWhitespace(src, i);
    if (src.charCodeAt(i) !== 61 /* = */) {
      this.#fail(`Cannot parse XML: attribute '${qname}' has no value`, i);
    }
    i = skipWhitespace(src, i + 1);
    const quote = src.charCodeAt(i);
    if (quote !== 34 && quote !== 39) {
      this.#fail(`Cannot parse XML: attribute '${qname}' value is not quoted`, i);
    }
    const close = src.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close === -1) this.#fail(`Cannot parse XML: unterminated value of attribute '${qname}'`, i);
    const raw = src.slice(i + 1, close);
    if (raw.indexOf("<") !== -1) {
      this.#fail("Cannot parse XML: '<' in an attribute value", i + 1 + raw.indexOf("<"));
    }
    if (attrs.some((a) => a.qname === qname)) {
      this.#fail(`Cannot parse XML: duplicate attribute '${qname}'`, from);
    }
    const value = decodeEntities(raw.replace(/\r\n|[\r\n\t]/g, " "), src, i + 1);
    attrs.push({ qname, value });
    return close + 1;
  }

  #push(qname: string, raw: RawAttribute[], offset: number, selfClosing: boolean): void {
    // With no parent this is another top-level element: a body may hold several SOAP
    // envelopes (TR-069 3.4.1), so a second root is accepted here.
    const parent = this.#stack.at(-1);
    if (this.#stack.length >= this.#limits.maxDepth) {
      throw new XmlLimitError("depth", this.#limits.maxDepth);
    }
    if (++this.#elements > this.#limits.maxElements) {
      throw new XmlLimitError("elements", this.#limits.maxElements);
    }
    const namespaces = this.#scope(raw, parent?.namespaces ?? ROOT_SCOPE, offset);
    const { prefix, local } = splitQName(qname);
    const element: XmlElement = {
      local,
      prefix,
      uri: this.#resolve(prefix, namespaces, offset, true),
      attributes: this.#attributes(raw, namespaces, offset),
      children: [],
      text: "",
      offset,
      namespaces,
    };
    if (parent === undefined) this.#roots.push(element);
    else parent.children.push(element);
    if (!selfClosing) this.#stack.push(element);
  }

  #scope(
    raw: RawAttribute[],
    inherited: Readonly<Record<string, string>>,
    offset: number,
  ): Readonly<Record<string, string>> {
    let scope: Record<string, string> | undefined;
    for (const attr of raw) {
      let prefix: string;
      if (attr.qname === "xmlns") prefix = "";
      else if (attr.qname.startsWith("xmlns:")) prefix = attr.qname.slice(6);
      else continue;
      if (prefix !== "" && attr.value === "") {
        this.#fail(`Cannot parse XML: empty namespace for prefix '${prefix}'`, offset);
      }
      scope ??= Object.create(inherited) as Record<string, string>;
      // defineProperty, because plain assignment cannot shadow a frozen prototype's property.
      Object.defineProperty(scope, prefix, { value: attr.value, enumerable: true });
    }
    return scope ?? inherited;
  }

  #attributes(
    raw: RawAttribute[],
    namespaces: Readonly<Record<string, string>>,
    offset: number,
  ): XmlAttribute[] {
    const out: XmlAttribute[] = [];
    for (const attr of raw) {
      const { prefix, local } = splitQName(attr.qname);
      const uri = attr.qname === "xmlns" || prefix === "xmlns"
        ? XMLNS_NS
        : prefix === ""
        ? ""
        : this.#resolve(prefix, namespaces, offset, false);
      out.push({ local, prefix, uri, value: attr.value });
    }
    return out;
  }

  #resolve(
    prefix: string,
    namespaces: Readonly<Record<string, string>>,
    offset: number,
    isElement: boolean,
  ): string {
    const uri = namespaces[prefix];
    if (uri !== undefined) return uri;
    if (!isElement && prefix === "") return "";
    return this.#fail(`Cannot parse XML: unbound namespace prefix '${prefix}'`, offset);
  }

  fail(message: string, offset: number): never {
    return this.#fail(message, offset);
  }

  #fail(message: string, offset: number): never {
    throw new XmlSyntaxError(message, positionAt(this.#src, offset));
  }
}

function checkName(qname: string, parser: Parser, offset: number): void {
  if (qname === "") parser.fail("Cannot parse XML: missing name", offset);
  const first = qname.charCodeAt(0);
  const colon = qname.indexOf(":");
  if (
    (first >= 48 && first <= 57) || first === 45 || first === 46 || colon === 0 ||
    colon === qname.length - 1 || (colon !== -1 && qname.indexOf(":", colon + 1) !== -1) ||
    /[<>&"'=\/?!]/.test(qname)
  ) {
    parser.fail(`Cannot parse XML: invalid name '${qname}'`, offset);
  }
}

function splitQName(qname: string): { prefix: string; local: string } {
  const colon = qname.indexOf(":");
  return colon === -1
    ? { prefix: "", local: qname }
    : { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}

function qnameOf(element: XmlElement): string {
  return element.prefix === "" ? element.local : `${element.prefix}:${element.local}`;
}

function isNameEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 62 || c === 47;
}

function skipWhitespace(src: string, from: number): number {
  let i = from;
  for (;;) {
    const c = src.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

function isWhitespace(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}

function normaliseNewlines(text: string): string {
  return text.indexOf("\r") === -1 ? text : text.replace(/\r\n?/g, "\n");
}
