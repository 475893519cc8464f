/**
 * The CWMP SOAP header elements (TR-069 3.5 Table 3, and the later SessionTimeout,
 * SupportedCWMPVersions and UseCWMPVersion).
 *
 * @module
 */

import type { XmlElement } from "../xml/types.ts";
import type { XmlNode } from "../xml/write.ts";
import { type CwmpVersion, versionAtLeast } from "./namespaces.ts";

/** Headers of one envelope. Absent means absent on the wire (booleans then mean false). */
export interface SoapHeaders {
  /** Associates a request with its response; echoed in the response. */
  id?: string;
  /** ACS to CPE: the CPE must not send requests while true (spec 3.7.1.3). */
  holdRequests?: boolean;
  /** The sender will send no more requests in this session (CWMP 1.0; spec 3.7.1.4). */
  noMoreRequests?: boolean;
  /** Seconds of inactivity before the session times out (CWMP 1.3, cwmp-1-2 namespace). */
  sessionTimeout?: number;
  /** Versions the CPE supports, e.g. "1.0,1.1,1.2,1.3,1.4" (CWMP 1.4, cwmp-1-2 namespace). */
  supportedCwmpVersions?: string;
  /** The version the ACS chose (CWMP 1.4, cwmp-1-2 namespace). */
  useCwmpVersion?: string;
}

/**
 * Reads the CWMP headers from a SOAP Header element, ignoring unknown ones (spec 3.5).
 *
 * @param header The `Header` element, or undefined when the envelope has none.
 * @param warnings Receives a note for any header value that could not be read.
 * @returns The headers found.
 */
export function decodeHeaders(header: XmlElement | undefined, warnings: string[]): SoapHeaders {
  const headers: SoapHeaders = {};
  if (header === undefined) return headers;
  for (const child of header.children) {
    const text = child.text.trim();
    switch (child.local) {
      case "ID":
        headers.id = child.text;
        break;
      case "HoldRequests":
        headers.holdRequests = readFlag(text, child.local, warnings);
        break;
      case "NoMoreRequests":
        headers.noMoreRequests = readFlag(text, child.local, warnings);
        break;
      case "SessionTimeout": {
        const seconds = Number(text);
        if (text !== "" && Number.isSafeInteger(seconds) && seconds >= 0) {
          headers.sessionTimeout = seconds;
        } else warnings.push(`SessionTimeout '${text}' ignored: not a number of seconds`);
        break;
      }
      case "SupportedCWMPVersions":
        headers.supportedCwmpVersions = text;
        break;
      case "UseCWMPVersion":
        headers.useCwmpVersion = text;
        break;
    }
  }
  return headers;
}

function readFlag(text: string, name: string, warnings: string[]): boolean {
  const t = text.toLowerCase();
  if (t === "1" || t === "true") return true;
  if (t !== "0" && t !== "false" && t !== "") warnings.push(`${name} '${text}' read as false`);
  return false;
}

/**
 * The header elements to write, in the prefix form of the envelope writer. Headers that the
 * target namespace does not define are left out (NoMoreRequests after 1.0; SessionTimeout and
 * the version headers before 1.2), so every envelope we send validates.
 */
export function encodeHeaders(headers: SoapHeaders, version: CwmpVersion): XmlNode[] {
  const out: XmlNode[] = [];
  const mustUnderstand = { "SOAP-ENV:mustUnderstand": "1" };
  const optional = { "SOAP-ENV:mustUnderstand": "0" };
  if (headers.id !== undefined) {
    out.push({ name: "cwmp:ID", attributes: mustUnderstand, text: headers.id });
  }
  if (headers.holdRequests !== undefined) {
    out.push({
      name: "cwmp:HoldRequests",
      attributes: mustUnderstand,
      text: headers.holdRequests ? "1" : "0",
    });
  }
  if (headers.noMoreRequests !== undefined && version === "1.0") {
    out.push({ name: "cwmp:NoMoreRequests", text: headers.noMoreRequests ? "1" : "0" });
  }
  if (versionAtLeast(version, "1.2")) {
    if (headers.sessionTimeout !== undefined) {
      out.push({
        name: "cwmp:SessionTimeout",
        attributes: optional,
        text: String(headers.sessionTimeout),
      });
    }
    if (headers.supportedCwmpVersions !== undefined) {
      out.push({
        name: "cwmp:SupportedCWMPVersions",
        attributes: optional,
        text: headers.supportedCwmpVersions,
      });
    }
    if (headers.useCwmpVersion !== undefined) {
      out.push({ name: "cwmp:UseCWMPVersion", attributes: optional, text: headers.useCwmpVersion });
    }
  }
  return out;
}
