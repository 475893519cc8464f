/**
 * Reading HTTP bodies with a size limit, and short words for transport failures; shared by the
 * session client and the file transfers.
 *
 * @module
 */

/**
 * A body larger than allowed.
 *
 * @example Usage
 * ```ts
 * import { BodyTooLargeError } from "./read.ts";
 * if (new BodyTooLargeError(10).message !== "the body exceeds 10 bytes") throw new Error("x");
 * ```
 */
export class BodyTooLargeError extends RangeError {
  constructor(max: number) {
    super(`the body exceeds ${max} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * Reads a response body to its end, refusing more than `max` bytes.
 *
 * @param response The response.
 * @param max Largest body accepted.
 * @returns The bytes.
 * @throws {BodyTooLargeError} The body is larger (the rest is not read).
 *
 * @example Usage
 * ```ts
 * import { readCapped } from "./read.ts";
 * const bytes = await readCapped(new Response("abc"), 3);
 * if (bytes.length !== 3) throw new Error("unexpected");
 * ```
 */
export async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > max) {
      await response.body.cancel().catch(() => {});
      throw new BodyTooLargeError(max);
    }
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * A few words on why a fetch or a body read failed: a timeout, a refused connection, ...
 *
 * @param error What fetch or the body stream threw.
 * @param timeoutMs The timeout in force, for the message.
 * @returns The reason, e.g. "no answer within 30 s".
 *
 * @example Usage
 * ```ts
 * import { transportFailure } from "./read.ts";
 * const reason = transportFailure(new DOMException("x", "TimeoutError"), 30_000);
 * if (reason !== "no answer within 30 s") throw new Error("unexpected");
 * ```
 */
export function transportFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === "TimeoutError") {
    return `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
  }
  if (error instanceof BodyTooLargeError) return error.message;
  // Deno's fetch says "fetch failed" and puts the detail in `cause`.
  let message = error instanceof Error ? error.message : String(error);
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    e = e.cause;
    if (e instanceof Error) message += `: ${e.message}`;
  }
  if (/connection refused/i.test(message)) return "connection refused";
  if (/dns error|failed to lookup|name or service not known/i.test(message)) {
    return "unknown host";
  }
  if (/certificate|tls|handshake/i.test(message)) return `TLS failure (${lastPart(message)})`;
  return lastPart(message);
}

// The innermost detail is the useful one ("tcp connect error: Connection reset by peer").
function lastPart(text: string): string {
  const clean = text.replace(/\s+/g, " ").replace(/\s*\(os error \d+\)/g, "").trim();
  const parts = clean.split(": ");
  return parts.slice(-2).join(": ");
}
