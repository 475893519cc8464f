/**
 * The element tree produced by {@link parseXml} and consumed by the SOAP and RPC decoders.
 *
 * @module
 */

/** One attribute of an element, with its namespace resolved. */
export interface XmlAttribute {
  /** Local name, without prefix. */
  readonly local: string;
  /** Prefix as written ("" when none). */
  readonly prefix: string;
  /** Namespace URI ("" for unprefixed attributes, which belong to no namespace). */
  readonly uri: string;
  /** Value with entities decoded and whitespace normalised as XML 1.0 section 3.3.3 says. */
  readonly value: string;
}

/** One element, its attributes, child elements and the character data directly inside it. */
export interface XmlElement {
  /** Local name, without prefix. */
  readonly local: string;
  /** Prefix as written ("" when none). */
  readonly prefix: string;
  /** Namespace URI the prefix (or the default namespace) resolves to; "" when none. */
  readonly uri: string;
  readonly attributes: XmlAttribute[];
  readonly children: XmlElement[];
  /** Character data and CDATA directly inside this element, entity-decoded, in order. */
  text: string;
  /** Offset of the `<` that opened this element in the parsed text. */
  readonly offset: number;
  /** The in-scope namespace declarations (prefix to URI; "" is the default namespace). */
  readonly namespaces: Readonly<Record<string, string>>;
}

/** Limits that bound the work a hostile document can cause; all are inclusive maxima. */
export interface XmlLimits {
  /** Characters of input (default 16 MiB). */
  maxLength?: number;
  /** Element nesting depth (default 64). */
  maxDepth?: number;
  /** Elements in the whole input (default 1,000,000). */
  maxElements?: number;
  /** Attributes on one element (default 64). */
  maxAttributes?: number;
}

/** The limits used when the caller gives none. */
export const DEFAULT_XML_LIMITS: Readonly<Required<XmlLimits>> = Object.freeze({
  maxLength: 16 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 1_000_000,
  maxAttributes: 64,
});
