/**
 * SOAP 1.1 envelopes carrying CWMP messages: decoding any number of envelopes from one HTTP
 * body, and encoding one envelope in the namespace of a chosen CWMP version.
 *
 * @module
 */

import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { codecFor, type CwmpMessage } from "../rpc/codecs.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement, XmlLimits } from "../xml/types.ts";
import { writeXml, type XmlNode } from "../xml/write.ts";
import { decodeSoapFault, encodeSoapFault } from "./fault.ts";
import { decodeHeaders, encodeHeaders, type SoapHeaders } from "./headers.ts";
import {
  cwmpNamespace,
  type CwmpVersion,
  SOAP_ENC,
  SOAP_ENV,
  versionAtLeast,
  versionOfNamespace,
  XSD,
  XSI,
} from "./namespaces.ts";

/** One decoded envelope. */
export interface Envelope {
  /** The CWMP namespace the sender used; answer in the same one (design.md section 4). */
  cwmpVersion: CwmpVersion;
  headers: SoapHeaders;
  /** The Body's message; null for an empty Body (e.g. only a HoldRequests header, spec 3.5). */
  message: CwmpMessage | null;
}

/** The result of {@link decodeEnvelopes}. */
export interface DecodedBody {
  /** The envelopes in order; empty for an empty HTTP body (spec 3.4.1). */
  envelopes: Envelope[];
  /** Everything tolerated on the way. */
  warnings: string[];
}

/** Options of {@link decodeEnvelopes}. */
export interface DecodeEnvelopesOptions {
  limits?: XmlLimits;
}

/**
 * Decodes an HTTP body into its SOAP envelopes.
 *
 * Liberal as TR-069 3.5 asks: any prefixes, namespace declarations on any ancestor, cwmp as
 * the default namespace, unknown headers, elements and attributes ignored, unknown methods
 * returned as `Unsupported`.
 *
 * @param text The body text (see `decodeXmlBytes` for bytes).
 * @param options Parser limits.
 * @returns Envelopes and warnings.
 * @throws {XmlSyntaxError} The body is not well-formed XML.
 * @throws {XmlLimitError} The body exceeds a limit.
 * @throws {RemoteProtocolError} Well-formed, but not a SOAP envelope or a valid CWMP message.
 *
 * @example Usage
 * ```ts
 * import { decodeEnvelopes } from "./envelope.ts";
 * const body = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
 *   xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>
 *   <cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>
 *   </soap:Body></soap:Envelope>`;
 * const { envelopes } = decodeEnvelopes(body);
 * if (envelopes[0]?.message?.method !== "InformResponse") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4.1 Encoding SOAP over HTTP, and 3.5 Use of SOAP
 */
export function decodeEnvelopes(text: string, options: DecodeEnvelopesOptions = {}): DecodedBody {
  const warnings: string[] = [];
  const roots = options.limits === undefined
    ? parseXml(text)
    : parseXml(text, { limits: options.limits });
  return { envelopes: roots.map((root) => decodeEnvelope(root, warnings)), warnings };
}

function decodeEnvelope(root: XmlElement, warnings: string[]): Envelope {
  if (root.local !== "Envelope") {
    throw new RemoteProtocolError(
      `Cannot decode envelope: root element is '${root.local}', not Envelope`,
    );
  }
  if (root.uri !== SOAP_ENV) warnings.push(`Envelope namespace '${root.uri}' is not SOAP 1.1`);
  const header = root.children.find((c) => c.local === "Header");
  const body = root.children.find((c) => c.local === "Body");
  if (body === undefined) throw new RemoteProtocolError("Cannot decode envelope: missing Body");
  const content = body.children[0];
  const cwmpVersion = detectVersion(root, header, content, warnings);
  const headers = decodeHeaders(header, warnings);
  if (content === undefined) return { cwmpVersion, headers, message: null };
  return { cwmpVersion, headers, message: decodeMessage(content, warnings) };
}

function decodeMessage(element: XmlElement, warnings: string[]): CwmpMessage {
  if (
    element.local === "Fault" &&
    (element.uri === SOAP_ENV || versionOfNamespace(element.uri) === undefined)
  ) {
    return decodeSoapFault(element, warnings);
  }
  const codec = codecFor(element.local);
  if (codec === undefined) {
    return { method: "Unsupported", name: element.local, namespace: element.uri };
  }
  if (versionOfNamespace(element.uri) === undefined) {
    warnings.push(`Method ${element.local} is in namespace '${element.uri}', not a CWMP namespace`);
  }
  try {
    return codec.decode(element, { warnings });
  } catch (error) {
    if (error instanceof RemoteProtocolError) throw error;
    throw new RemoteProtocolError(`Cannot decode ${element.local}: ${String(error)}`, {
      cause: error,
    });
  }
}

// The version comes from the first CWMP namespace found: the method element, a header, the
// fault detail, then any in-scope declaration (a CPE may declare cwmp on the Envelope only).
function detectVersion(
  root: XmlElement,
  header: XmlElement | undefined,
  content: XmlElement | undefined,
  warnings: string[],
): CwmpVersion {
  const candidates: XmlElement[] = [];
  if (content !== undefined) {
    candidates.push(content, ...content.children.flatMap((c) => [c, ...c.children]));
  }
  if (header !== undefined) candidates.push(...header.children);
  for (const element of candidates) {
    const version = versionOfNamespace(element.uri);
    if (version !== undefined) return version;
  }
  const scope = (content ?? header ?? root).namespaces;
  for (const prefix in scope) {
    const version = versionOfNamespace(scope[prefix] ?? "");
    if (version !== undefined) return version;
  }
  warnings.push("No CWMP namespace found; assuming cwmp-1-0");
  return "1.0";
}

/** Options of {@link encodeEnvelope}. */
export interface EncodeEnvelopeOptions {
  /** The CWMP namespace to write; answer a peer in the one it used. */
  version: CwmpVersion;
  headers?: SoapHeaders;
}

/**
 * Encodes one message (or an empty Body, for `null`) as a SOAP envelope that validates
 * against the official CWMP schema of `options.version`.
 *
 * @throws {LocalProtocolError} The method does not exist in that namespace, the message is
 * `Unsupported`, or a value does not fit its type.
 *
 * @example Usage
 * ```ts
 * import { encodeEnvelope } from "./envelope.ts";
 * const xml = encodeEnvelope(
 *   { method: "InformResponse", maxEnvelopes: 1 },
 *   { version: "1.0", headers: { id: "42" } },
 * );
 * if (!xml.includes('<cwmp:ID SOAP-ENV:mustUnderstand="1">42</cwmp:ID>')) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.5 Use of SOAP
 */
export function encodeEnvelope(
  message: CwmpMessage | null,
  options: EncodeEnvelopeOptions,
): string {
  const version = options.version;
  const children: XmlNode[] = [];
  const headerNodes = encodeHeaders(options.headers ?? {}, version);
  if (headerNodes.length > 0) children.push({ name: "SOAP-ENV:Header", children: headerNodes });
  children.push({
    name: "SOAP-ENV:Body",
    children: message === null ? [] : [encodeBody(message, version)],
  });
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + writeXml({
    name: "SOAP-ENV:Envelope",
    attributes: {
      "xmlns:SOAP-ENV": SOAP_ENV,
      "xmlns:SOAP-ENC": SOAP_ENC,
      "xmlns:xsd": XSD,
      "xmlns:xsi": XSI,
      "xmlns:cwmp": cwmpNamespace(version),
    },
    children,
  });
}

function encodeBody(message: CwmpMessage, version: CwmpVersion): XmlNode {
  if (message.method === "Fault") return encodeSoapFault(message);
  if (message.method === "Unsupported") {
    throw new LocalProtocolError(`Cannot encode ${message.name}: the method is not supported`);
  }
  const codec = codecFor(message.method);
  if (codec === undefined) {
    throw new LocalProtocolError(`Cannot encode ${message.method}: unknown method`);
  }
  if (!versionAtLeast(version, codec.since)) {
    throw new LocalProtocolError(
      `Cannot encode ${message.method} in cwmp-${version}: it exists from cwmp-${codec.since}`,
    );
  }
  return { name: `cwmp:${message.method}`, children: codec.encode(message, { version }) };
}
