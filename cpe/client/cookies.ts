/**
 * The cookies of one CWMP session (spec 3.4.2): every cookie the ACS sets is returned on each
 * later POST of the session, and all are dropped when it ends (a new jar per session).
 *
 * @module
 */

interface Cookie {
  value: string;
  path: string;
}

/**
 * A session's cookies, by name (RFC 6265, without the domain rules: one session talks to one
 * ACS; a redirect to another origin starts a new jar).
 *
 * @example Usage
 * ```ts
 * import { CookieJar } from "./cookies.ts";
 * const jar = new CookieJar();
 * jar.store(["session=s1; Path=/; HttpOnly", "lb=node2"], "/acs", 0);
 * if (jar.header("/acs") !== "session=s1; lb=node2") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4.2 Transaction Sessions; RFC 6265
 */
export class CookieJar {
  readonly #cookies = new Map<string, Cookie>();

  /** Number of cookies held. */
  get size(): number {
    return this.#cookies.size;
  }

  /**
   * Takes the Set-Cookie headers of one response.
   *
   * @param headers Each Set-Cookie header value (`Headers.getSetCookie()`).
   * @param requestPath The path of the request they answer (the default cookie path).
   * @param now The time, ms since the epoch, for Expires.
   */
  store(headers: readonly string[], requestPath: string, now: number): void {
    for (const header of headers) {
      const [pair = "", ...attributes] = header.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      let value = pair.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
        value = value.slice(1, -1);
      }
      const attrs = readAttributes(attributes);
      if (isExpired(attrs, now)) {
        this.#cookies.delete(name);
        continue;
      }
      this.#cookies.set(name, { value, path: attrs.get("path") ?? defaultPath(requestPath) });
    }
  }

  /** The Cookie header for a request to `path`, or undefined when no cookie applies. */
  header(path: string): string | undefined {
    const parts: string[] = [];
    for (const [name, cookie] of this.#cookies) {
      if (pathMatches(path, cookie.path)) parts.push(`${name}=${cookie.value}`);
    }
    return parts.length === 0 ? undefined : parts.join("; ");
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#cookies.clear();
  }
}

function readAttributes(attributes: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const attribute of attributes) {
    const eq = attribute.indexOf("=");
    const key = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
    out.set(key, eq < 0 ? "" : attribute.slice(eq + 1).trim());
  }
  return out;
}

function isExpired(attrs: ReadonlyMap<string, string>, now: number): boolean {
  const maxAge = attrs.get("max-age");
  if (maxAge !== undefined && /^-?\d+$/.test(maxAge)) return Number(maxAge) <= 0;
  const expires = attrs.get("expires");
  if (expires === undefined) return false;
  const at = Date.parse(expires);
  return Number.isFinite(at) && at <= now;
}

// RFC 6265 5.1.4: the directory of the request path.
function defaultPath(requestPath: string): string {
  const slash = requestPath.lastIndexOf("/");
  return slash <= 0 ? "/" : requestPath.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (!cookiePath.startsWith("/")) return true;
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}
