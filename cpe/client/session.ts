/**
 * Runs one CWMP session, CPE role: the protocol core's {@link CpeSession} decides what to post
 * (Inform first and alone, answers in order, MaxEnvelopes, HoldRequests, NoMoreRequests, the
 * immediate retry on fault 8005); this loop moves the bodies over an {@link AcsConnection} and
 * hands each ACS request to the agent.
 *
 * @module
 */

import { RemoteProtocolError } from "../../protocol/errors.ts";
import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { Inform } from "../../protocol/rpc/inform.ts";
import { encodeEnvelope, type Envelope } from "../../protocol/soap/envelope.ts";
import type { CwmpVersion } from "../../protocol/soap/namespaces.ts";
import { CpeSession } from "../../protocol/session/cpe_session.ts";
import { type AcsConnection, SessionError } from "./http.ts";

/** What the agent does during a session. */
export interface SessionHandlers {
  /** Answers one ACS request with its response or a SOAP fault; never throws. */
  answer(request: CwmpMessage): Promise<CwmpMessage>;
  /** The InformResponse arrived: the Inform's events are acknowledged (spec A.3.3.1). */
  informAcknowledged(): Promise<void>;
  /** The ACS answered one of the agent's own requests (e.g. TransferCompleteResponse). */
  answered(request: CwmpMessage, response: CwmpMessage): Promise<void>;
  /** Runs before each POST: what its answers acknowledge must be durable first. */
  beforePost(): Promise<void>;
}

/** Options of {@link runSession}. */
export interface RunSessionOptions {
  connection: AcsConnection;
  inform: Inform;
  /** The agent's requests for this session (TransferComplete, ...), sent after the Inform. */
  requests: readonly CwmpMessage[];
  cwmpVersion: CwmpVersion;
  handlers: SessionHandlers;
  /** Bound on HTTP exchanges (default 10 000): a runaway ACS cannot keep the agent forever. */
  maxExchanges?: number;
}

/** The outcome of {@link runSession}. */
export interface SessionReport {
  ok: boolean;
  /** Whether an InformResponse arrived. */
  informAcknowledged: boolean;
  /** ACS requests answered. */
  rpcs: number;
  /** HTTP POSTs sent. */
  exchanges: number;
  /** Why the session failed; undefined when it ended cleanly. */
  reason?: string;
  /** The ACS asked for this wait before the next attempt (Retry-After of a 503), in seconds. */
  retryAfterSeconds?: number;
  /** ACS behaviour that was tolerated. */
  warnings: string[];
}

/**
 * Runs a session to its end (spec 3.7.1.4) or its failure; never throws for the ACS's or the
 * network's faults, which come back as `reason`.
 *
 * @param options Connection, Inform, the agent's requests and handlers.
 * @returns What happened.
 * @throws {Error} Only for a bug in the agent's handlers.
 *
 * @see TR-069 Issue 1, 3.7.1 CPE Operation
 */
export async function runSession(options: RunSessionOptions): Promise<SessionReport> {
  const session = new CpeSession({ inform: options.inform, cwmpVersion: options.cwmpVersion });
  for (const request of options.requests) session.enqueue(request);
  const report: SessionReport = {
    ok: false,
    informAcknowledged: false,
    rpcs: 0,
    exchanges: 0,
    warnings: [],
  };
  const max = options.maxExchanges ?? 10_000;
  try {
    while (report.exchanges < max) {
      const post = session.nextPost();
      if (post.kind === "done") return { ...report, ok: true };
      if (post.kind === "failed") {
        return { ...report, reason: report.reason ?? "the session failed" };
      }
      await options.handlers.beforePost();
      const xml = post.kind === "post" ? encodeBody(post.envelopes) : null;
      report.exchanges++;
      const body = await options.connection.post(xml);
      const result = session.receive(body);
      report.warnings.push(...result.warnings);
      for (const action of result.actions) {
        if (action.type === "request") {
          session.respond(action.key, await options.handlers.answer(action.request));
          report.rpcs++;
        } else if (action.type === "response") {
          await settle(action.request, action.response, options.handlers, report);
        }
      }
    }
    session.abort();
    return { ...report, reason: `more than ${max} HTTP exchanges` };
  } catch (error) {
    if (error instanceof SessionError && error.retryAfterSeconds !== undefined) {
      return { ...report, reason: error.message, retryAfterSeconds: error.retryAfterSeconds };
    }
    if (error instanceof SessionError || error instanceof RemoteProtocolError) {
      return { ...report, reason: error.message };
    }
    throw error;
  }
}

async function settle(
  request: CwmpMessage,
  response: CwmpMessage,
  handlers: SessionHandlers,
  report: SessionReport,
): Promise<void> {
  if (request.method !== "Inform") {
    await handlers.answered(request, response);
    return;
  }
  if (response.method === "InformResponse") {
    report.informAcknowledged = true;
    await handlers.informAcknowledged();
  } else if (response.method === "Fault") {
    const detail = response.detail;
    report.reason = detail === null
      ? `the ACS answered the Inform with a SOAP fault: ${response.faultString}`
      : `the ACS answered the Inform with fault ${detail.faultCode} ${detail.faultString}`;
  }
}

/** The envelopes of one POST as one HTTP body, with a single XML declaration. */
export function encodeBody(envelopes: readonly Envelope[]): string {
  return envelopes.map((e, i) => {
    const text = encodeEnvelope(e.message, { version: e.cwmpVersion, headers: e.headers });
    return i === 0 ? text : text.replace(/^<\?xml[^>]*\?>\s*/, "");
  }).join("\n");
}
