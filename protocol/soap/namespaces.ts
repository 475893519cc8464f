/**
 * Namespace URIs of SOAP 1.1 and the CWMP versions, and the version detection that reads them.
 *
 * @module
 */

/** SOAP 1.1 envelope namespace. */
export const SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
/** SOAP 1.1 encoding namespace (arrays, `arrayType`). */
export const SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/";
/** XML Schema namespace (value types). */
export const XSD = "http://www.w3.org/2001/XMLSchema";
/** XML Schema instance namespace (`xsi:type`). */
export const XSI = "http://www.w3.org/2001/XMLSchema-instance";

/**
 * A CWMP namespace version. CWMP 1.3 and 1.4 reuse the `cwmp-1-2` namespace, so three
 * namespaces cover every version in the field.
 */
export type CwmpVersion = "1.0" | "1.1" | "1.2";

/** Every {@link CwmpVersion}, oldest first. */
export const CWMP_VERSIONS: readonly CwmpVersion[] = ["1.0", "1.1", "1.2"];

const URN: Readonly<Record<CwmpVersion, string>> = {
  "1.0": "urn:dslforum-org:cwmp-1-0",
  "1.1": "urn:dslforum-org:cwmp-1-1",
  "1.2": "urn:dslforum-org:cwmp-1-2",
};

/**
 * The namespace URI of a CWMP version.
 *
 * @example Usage
 * ```ts
 * import { cwmpNamespace } from "./namespaces.ts";
 * if (cwmpNamespace("1.1") !== "urn:dslforum-org:cwmp-1-1") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.5 Use of SOAP
 */
export function cwmpNamespace(version: CwmpVersion): string {
  return URN[version];
}

/**
 * The CWMP version of a namespace URI, or undefined when it is not a CWMP namespace.
 * Later minor namespaces (`cwmp-1-3` and up, which no schema defines) map to 1.2.
 *
 * @example Usage
 * ```ts
 * import { versionOfNamespace } from "./namespaces.ts";
 * if (versionOfNamespace("urn:dslforum-org:cwmp-1-0") !== "1.0") throw new Error("unexpected");
 * if (versionOfNamespace("urn:example") !== undefined) throw new Error("unexpected");
 * ```
 */
export function versionOfNamespace(uri: string): CwmpVersion | undefined {
  const match = /^urn:dslforum-org:cwmp-1-(\d+)$/.exec(uri);
  if (match === null) return undefined;
  const minor = Number(match[1]);
  return minor === 0 ? "1.0" : minor === 1 ? "1.1" : "1.2";
}

/**
 * Whether `version` is at least `since` (e.g. to know whether a method exists in a namespace).
 *
 * @example Usage
 * ```ts
 * import { versionAtLeast } from "./namespaces.ts";
 * if (!versionAtLeast("1.2", "1.1") || versionAtLeast("1.0", "1.1")) throw new Error("unexpected");
 * ```
 */
export function versionAtLeast(version: CwmpVersion, since: CwmpVersion): boolean {
  return CWMP_VERSIONS.indexOf(version) >= CWMP_VERSIONS.indexOf(since);
}
