/**
 * The CWMP endpoint as an HTTP handler: body in (bounded, decompressed, charset-decoded,
 * parsed), session flow, encoded reply out. Every refusal is one line of text with the right
 * status; nothing a CPE sends can crash it.
 *
 * @module
 */

import type { Context } from "hono";
import { RemoteProtocolError, XmlLimitError, XmlSyntaxError } from "../../protocol/errors.ts";
import { decodeEnvelopes, encodeEnvelope } from "../../protocol/soap/envelope.ts";
import type { HttpBody } from "../../protocol/session/mod.ts";
import { decodeXmlBytes } from "../../protocol/xml/charset.ts";
import type { XmlLimits } from "../../protocol/xml/types.ts";
import type { CpeAuth } from "../auth/gate.ts";
import { BodyError, readBody } from "./body.ts";
import type { CwmpContext } from "./context.ts";
import { readCookie, SESSION_COOKIE, sessionCookie } from "./cookies.ts";
import { type CwmpOutcome, handlePost } from "./session_flow.ts";

/** What the server adapter passes with each request (Deno.serve's handler info). */
export interface AcsBindings {
  /** The peer's address; absent for in-memory requests (`app.request`). */
  remoteAddr?: { hostname?: string };
}

/** Limits of the CWMP endpoint. */
export interface CwmpRouteOptions {
  /** Largest body accepted, compressed or not. */
  maxBodyBytes: number;
  /** Parser limits for the envelopes. */
  xmlLimits: XmlLimits;
  /** CPE authentication (acs/auth/gate.ts); absent: every CPE is accepted. */
  cpeAuth?: CpeAuth;
}

/**
 * Creates the handler of CWMP POSTs.
 *
 * @param ctx The endpoint's dependencies.
 * @param options Body and parser limits.
 * @returns A Hono handler.
 * @see TR-069 Issue 1, 3.4 (HTTP) and 3.7.2 (ACS operation)
 */
export function cwmpHandler(
  ctx: CwmpContext,
  options: CwmpRouteOptions,
): (c: Context<{ Bindings: AcsBindings }>) => Promise<Response> {
  return async (c) => {
    let body: HttpBody;
    try {
      const bytes = await readBody(c.req.raw, { maxBytes: options.maxBodyBytes });
      body = decodeBody(bytes, c.req.header("content-type"), options.xmlLimits);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) throw error;
      ctx.log("info", `refused a POST: ${refusal.status} ${refusal.reason}`);
      return textResponse(refusal.status, refusal.reason);
    }
    // CPE authentication hook (acs/auth/): a 401/403 goes out instead of the session, and the
    // first-contact credentials are queued once the Inform is stored.
    const auth = await options.cpeAuth?.check(c.req.raw, body);
    if (auth?.response !== undefined) return auth.response;
    const outcome = await handlePost(ctx, {
      body,
      sessionId: readCookie(c.req.header("cookie") ?? null, SESSION_COOKIE),
      remoteAddress: c.env?.remoteAddr?.hostname ?? null,
      url: c.req.url,
    });
    if (outcome.status === 200) await auth?.afterInform?.();
    return toResponse(outcome);
  };
}

function decodeBody(
  bytes: Uint8Array,
  contentType: string | undefined,
  limits: XmlLimits,
): HttpBody {
  const { text } = decodeXmlBytes(bytes, contentType);
  // Content-Length 0, whitespace only and an empty chunked body are all the empty POST.
  if (text.trim() === "") return "empty";
  const { envelopes } = decodeEnvelopes(text, { limits });
  return envelopes.length === 0 ? "empty" : envelopes;
}

function refusalOf(error: unknown): { status: 400 | 413 | 415; reason: string } | undefined {
  if (error instanceof BodyError) return { status: error.status, reason: error.message };
  if (error instanceof XmlLimitError) {
    return { status: error.limit === "bodySize" ? 413 : 400, reason: error.message };
  }
  if (error instanceof XmlSyntaxError || error instanceof RemoteProtocolError) {
    return { status: 400, reason: error.message };
  }
  return undefined;
}

function textResponse(
  status: number,
  reason: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(`${reason.replace(/\s+/g, " ").trim()}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

function toResponse(outcome: CwmpOutcome): Response {
  if (outcome.status === 400) return textResponse(400, outcome.reason);
  if (outcome.status === 503) {
    return textResponse(503, outcome.reason, { "retry-after": String(outcome.retryAfterSeconds) });
  }
  if (outcome.status === 204) return new Response(null, { status: 204 });
  const xml = outcome.envelopes.map((e, i) => {
    const text = encodeEnvelope(e.message, { version: e.cwmpVersion, headers: e.headers });
    // One XML declaration per body: only the first envelope keeps it.
    return i === 0 ? text : text.replace(/^<\?xml[^>]*\?>\s*/, "");
  }).join("\n");
  return new Response(xml, {
    status: 200,
    headers: {
      "content-type": 'text/xml; charset="utf-8"',
      "set-cookie": sessionCookie(outcome.sessionId),
    },
  });
}
