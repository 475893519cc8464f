/**
 * The session cookie: reading it from whatever a CPE sends back, and setting it.
 *
 * @module
 */

/** The name of the ACS session cookie. */
export const SESSION_COOKIE = "session";

/**
 * Reads one cookie from `Cookie` header values. CPEs separate cookies with `;` (RFC 6265) or
 * `,` (RFC 2965 and older stacks), may repeat the header, and may quote the value or keep the
 * attributes of `Set-Cookie` (`$Path=/`); all are accepted. The first occurrence wins.
 *
 * @param header The Cookie header (repeated headers joined with `, `), or null.
 * @param name The cookie name.
 * @returns The value, or undefined when absent.
 *
 * @example Usage
 * ```ts
 * import { readCookie } from "./cookies.ts";
 * if (readCookie('$Version="1", session="abc"; $Path="/"', "session") !== "abc") {
 *   throw new Error("unexpected");
 * }
 * if (readCookie("a=1;session=xyz", "session") !== "xyz") throw new Error("unexpected");
 * ```
 * @see RFC 6265 section 5.4; RFC 2965 section 3.3.4
 */
export function readCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const part of header.split(/[;,]/)) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
      ? value.slice(1, -1)
      : value;
  }
  return undefined;
}

/**
 * The `Set-Cookie` value that gives a CPE its session id. Path `/` so that a CPE whose ACS URL
 * has a path still sends it back; no Expires, so that it lives as long as the session.
 *
 * @example Usage
 * ```ts
 * import { sessionCookie } from "./cookies.ts";
 * if (sessionCookie("abc") !== "session=abc; Path=/; HttpOnly") throw new Error("unexpected");
 * ```
 */
export function sessionCookie(sessionId: string): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly`;
}
