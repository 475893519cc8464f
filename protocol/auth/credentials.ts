/**
 * `Authorization` credentials: parse what a client sent, and serialise our own.
 *
 * @see TR-069 Issue 1 section 3.4.4 (Authentication) and section 3.2.2 (Connection Request)
 * @module
 */

import {
  decodeExtValue,
  encodeExtValue,
  isPrintableAscii,
  quote,
  scanAuthHeader,
} from "./_syntax.ts";

/**
 * Parsed `Digest` credentials. Values are unquoted and unescaped; `username` is decoded from
 * `username*` when the client used that form.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAuthorization } from "./credentials.ts";
 *
 * const parsed = parseAuthorization(
 *   'Digest username="u", realm="r", nonce="n", uri="/", response="00"',
 * );
 * assert.ok(parsed.ok && parsed.credentials.scheme === "Digest");
 * assert.equal(parsed.credentials.qop, undefined);
 * ```
 *
 * @see RFC 7616 section 3.4 and TR-069 Issue 1 section 3.4.4
 */
export interface DigestCredentials {
  readonly scheme: "Digest";
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  /** As sent; `undefined` means MD5. */
  readonly algorithm: string | undefined;
  /** Lower-cased; `undefined` for the RFC 2069 form. */
  readonly qop: string | undefined;
  readonly nc: string | undefined;
  readonly cnonce: string | undefined;
  readonly opaque: string | undefined;
  readonly userhash: boolean;
}

/**
 * Parsed `Basic` credentials.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAuthorization } from "./credentials.ts";
 *
 * assert.deepEqual(parseAuthorization("Basic dTpwOnc="), {
 *   ok: true,
 *   credentials: { scheme: "Basic", username: "u", password: "p:w" },
 * });
 * ```
 *
 * @see RFC 7617 section 2 and TR-069 Issue 1 section 3.4.4
 */
export interface BasicCredentials {
  readonly scheme: "Basic";
  readonly username: string;
  readonly password: string;
}

/**
 * Credentials keyed by `scheme`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Credentials } from "./credentials.ts";
 *
 * const credentials: Credentials = { scheme: "Basic", username: "u", password: "p" };
 * assert.equal(credentials.scheme, "Basic");
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4
 */
export type Credentials = DigestCredentials | BasicCredentials;

/**
 * The outcome of {@linkcode parseAuthorization}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { type CredentialsResult, parseAuthorization } from "./credentials.ts";
 *
 * const result: CredentialsResult = parseAuthorization(null);
 * assert.deepEqual(result, { ok: false, reason: "missing", message: "No Authorization header" });
 * ```
 *
 * @see TR-069 Issue 1 section 3.4.4
 */
export type CredentialsResult =
  | { readonly ok: true; readonly credentials: Credentials }
  | {
    readonly ok: false;
    readonly reason: "missing" | "malformed" | "unsupported-scheme";
    readonly message: string;
  };

/**
 * Parses an `Authorization` value. Never throws; hostile input yields `malformed`.
 *
 * @example Digest and failures
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAuthorization } from "./credentials.ts";
 *
 * const ok = parseAuthorization(
 *   'digest Username="Mufasa", realm="r", nonce="n", uri="/", qop=auth, nc=00000001, ' +
 *     'cnonce="c", response="6629fae49393a05397450978507c4ef1",',
 * );
 * assert.ok(ok.ok && ok.credentials.scheme === "Digest" && ok.credentials.username === "Mufasa");
 * assert.equal(parseAuthorization('Digest username="open').ok, false);
 * assert.equal(parseAuthorization("Bearer abc").ok, false);
 * ```
 *
 * @see RFC 7616 section 3.4, RFC 7617 section 2 and TR-069 Issue 1 section 3.4.4
 */
export function parseAuthorization(header: string | null | undefined): CredentialsResult {
  if (header === null || header === undefined || header.trim() === "") {
    return { ok: false, reason: "missing", message: "No Authorization header" };
  }
  const { items, error } = scanAuthHeader(header);
  const item = items[0];
  if (error !== undefined) return malformed(`${error.message} at offset ${error.offset}`);
  if (item === undefined || items.length > 1) return malformed("expected exactly one scheme");
  const scheme = item.scheme.toLowerCase();
  if (scheme === "basic") return parseBasic(item.token68);
  if (scheme !== "digest") {
    const message = `Cannot accept Authorization: unsupported scheme "${item.scheme.slice(0, 32)}"`;
    return { ok: false, reason: "unsupported-scheme", message };
  }
  if (item.token68 !== undefined) return malformed("Digest needs parameters");
  const get = (name: string): string | undefined => item.params.get(name);
  const username = digestUsername(get("username"), get("username*"));
  if (username === undefined) return malformed("needs exactly one of username or username*");
  const required = ["realm", "nonce", "uri", "response"] as const;
  const missing = required.find((name) => get(name) === undefined);
  if (missing !== undefined) return malformed(`missing "${missing}"`);
  const qop = get("qop")?.toLowerCase();
  if (qop !== undefined && (!get("nc") || !get("cnonce"))) return malformed("qop needs nc/cnonce");
  const credentials: DigestCredentials = {
    scheme: "Digest",
    username,
    realm: get("realm") ?? "",
    nonce: get("nonce") ?? "",
    uri: get("uri") ?? "",
    response: get("response") ?? "",
    algorithm: get("algorithm"),
    qop,
    nc: get("nc"),
    cnonce: get("cnonce"),
    opaque: get("opaque"),
    userhash: get("userhash")?.toLowerCase() === "true",
  };
  return { ok: true, credentials };
}

function digestUsername(plain: string | undefined, ext: string | undefined): string | undefined {
  if (ext === undefined) return plain;
  return plain === undefined ? decodeExtValue(ext) : undefined;
}

function parseBasic(token68: string | undefined): CredentialsResult {
  if (token68 === undefined) return malformed("Basic needs a base64 token");
  let binary: string;
  try {
    binary = atob(token68.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return malformed("Basic token is not base64");
  }
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = binary;
  }
  const colon = text.indexOf(":");
  if (colon < 0) return malformed("Basic token has no ':'");
  const credentials: BasicCredentials = {
    scheme: "Basic",
    username: text.slice(0, colon),
    password: text.slice(colon + 1),
  };
  return { ok: true, credentials };
}

function malformed(detail: string): CredentialsResult {
  return { ok: false, reason: "malformed", message: `Cannot parse Authorization: ${detail}` };
}

/**
 * Serialises Digest credentials. A username that is not printable US-ASCII goes out as
 * `username*` (RFC 7616 section 3.4.4), so any string is header-safe.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildDigestAuthorization, parseAuthorization } from "./credentials.ts";
 *
 * const header = buildDigestAuthorization({
 *   scheme: "Digest",
 *   username: "Jäsper",
 *   realm: "r",
 *   nonce: "n",
 *   uri: "/",
 *   response: "00",
 *   algorithm: undefined,
 *   qop: undefined,
 *   nc: undefined,
 *   cnonce: undefined,
 *   opaque: undefined,
 *   userhash: false,
 * });
 * assert.equal(
 *   header,
 *   `Digest username*=UTF-8''J%C3%A4sper, realm="r", nonce="n", uri="/", response="00"`,
 * );
 * assert.ok(parseAuthorization(header).ok);
 * ```
 *
 * @see RFC 7616 section 3.4 and TR-069 Issue 1 section 3.4.4
 */
export function buildDigestAuthorization(credentials: DigestCredentials): string {
  const { username, algorithm, qop, nc, cnonce, opaque } = credentials;
  const parts = [
    isPrintableAscii(username)
      ? `username=${quote(username)}`
      : `username*=${encodeExtValue(username)}`,
    `realm=${quote(credentials.realm)}`,
    `nonce=${quote(credentials.nonce)}`,
    `uri=${quote(credentials.uri)}`,
  ];
  if (algorithm !== undefined) parts.push(`algorithm=${algorithm}`);
  if (qop !== undefined) parts.push(`qop=${qop}`);
  if (nc !== undefined) parts.push(`nc=${nc}`);
  if (cnonce !== undefined) parts.push(`cnonce=${quote(cnonce)}`);
  parts.push(`response=${quote(credentials.response)}`);
  if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
  if (credentials.userhash) parts.push("userhash=true");
  return `Digest ${parts.join(", ")}`;
}

/**
 * Builds a Basic `Authorization` value (UTF-8, RFC 7617). TR-069 allows Basic only over TLS.
 *
 * @throws {TypeError} When `username` contains `:`, which Basic cannot carry.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildBasicAuthorization } from "./credentials.ts";
 *
 * assert.equal(buildBasicAuthorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
 * ```
 *
 * @see RFC 7617 section 2 and TR-069 Issue 1 section 3.4.4
 */
export function buildBasicAuthorization(username: string, password: string): string {
  if (username.includes(":")) {
    throw new TypeError(`Cannot build Basic credentials: username "${username}" contains ':'`);
  }
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
