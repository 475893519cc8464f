/**
 * One POST of a CWMP session, from decoded body to the reply to send: find or start the
 * session, let the shared ACS session machine take the body, store what the CPE reported,
 * queue the device's next task, and hand back what the machine says to send. Storage happens
 * before the reply (design.md invariant 4); the machine alone decides what goes out.
 *
 * @module
 */

import { RemoteProtocolError } from "../../protocol/errors.ts";
import type { Envelope } from "../../protocol/soap/envelope.ts";
import { AcsSession, type HttpBody, type ReceiveResult } from "../../protocol/session/mod.ts";
import { deviceIdOf } from "../device_id.ts";
import type { SessionEnd } from "../db/schema/sessions.ts";
import type { CwmpContext } from "./context.ts";
import { applyActions, queueNextTask } from "./session_actions.ts";
import type { LiveSession } from "./registry.ts";

/** What to answer a POST with. */
export type CwmpOutcome =
  | { status: 200; sessionId: string; envelopes: Envelope[] }
  | { status: 204; sessionId: string | null }
  | { status: 400; reason: string }
  | { status: 503; reason: string; retryAfterSeconds: number };

/** One decoded POST. */
export interface CwmpPost {
  body: HttpBody;
  /** The session cookie's value, if the CPE sent one. */
  sessionId: string | undefined;
  remoteAddress: string | null;
  /** The URL the CPE posted to, as it addressed the ACS (scheme, Host header, path). */
  url?: string;
}

/**
 * Handles one decoded POST. An Inform always opens a new session (a stale cookie is ignored,
 * and the device's previous session, if any, ends as `replaced`); anything else continues the
 * session its cookie names. Work for one device runs under its lock. With `maxSessions`
 * sessions in progress (or opening), an Inform of a device without a session gets 503 and
 * a Retry-After; sessions in progress go on.
 *
 * @param ctx The endpoint's dependencies.
 * @param post The decoded body, cookie and peer address.
 * @returns The reply.
 * @throws {Error} The store failed; the session is dropped and its task retried later.
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export async function handlePost(ctx: CwmpContext, post: CwmpPost): Promise<CwmpOutcome> {
  const first = post.body === "empty" ? undefined : post.body[0]?.message;
  if (first?.method === "Inform" && post.body !== "empty") {
    const envelopes = post.body;
    const deviceId = deviceIdOf(first.deviceId);
    // A device replacing its own session adds none; a new one needs a free place.
    const opens = ctx.sessions.forDevice(deviceId) === undefined;
    if (opens && !ctx.sessions.tryReserve(ctx.maxSessions)) return shed(ctx);
    try {
      return await ctx.locks.run(deviceId, () => startSession(ctx, envelopes, deviceId, post));
    } finally {
      if (opens) ctx.sessions.release();
    }
  }
  const live = post.sessionId === undefined ? undefined : ctx.sessions.get(post.sessionId);
  if (live === undefined) return outsideSession(post.body);
  return await ctx.locks.run(live.deviceId, () => continueSession(ctx, live, post.body));
}

function shed(ctx: CwmpContext): CwmpOutcome {
  ctx.metrics?.sessionShed(ctx.now(), {
    inProgress: ctx.sessions.size,
    log: (line) => ctx.log("warn", line),
  });
  return {
    status: 503,
    reason: `Cannot open a session: ${ctx.maxSessions} sessions are in progress; retry later`,
    retryAfterSeconds: ctx.retryAfterSeconds,
  };
}

function outsideSession(body: HttpBody): CwmpOutcome {
  // A stray empty POST (a CPE closing a session we already ended) is answered, not refused.
  if (body === "empty") return { status: 204, sessionId: null };
  return {
    status: 400,
    reason: "Cannot accept a POST outside a session: the first POST must carry an Inform",
  };
}

async function startSession(
  ctx: CwmpContext,
  envelopes: readonly Envelope[],
  deviceId: string,
  post: CwmpPost,
): Promise<CwmpOutcome> {
  const previous = ctx.sessions.forDevice(deviceId);
  if (previous !== undefined) await endSession(ctx, previous, "replaced");
  const now = ctx.now();
  const acs = new AcsSession({ now, timeoutMs: ctx.sessionTimeoutMs });
  let received: ReceiveResult;
  try {
    received = acs.receive(envelopes, now);
  } catch (error) {
    if (error instanceof RemoteProtocolError) return { status: 400, reason: error.message };
    throw error;
  }
  const live: LiveSession = {
    id: ctx.randomId(),
    deviceId,
    acs,
    cwmpVersion: envelopes[0]?.cwmpVersion ?? "1.0",
    exchanges: 1,
    inFlight: null,
    ...(post.url !== undefined && URL.canParse(post.url)
      ? { acsOrigin: new URL(post.url).origin }
      : {}),
  };
  for (const warning of received.warnings) ctx.log("debug", `${deviceId}: ${warning}`);
  await applyActions(ctx, live, received.actions, { remoteAddress: post.remoteAddress });
  ctx.sessions.add(live);
  ctx.metrics?.sessionStarted(live.id, now);
  return reply(ctx, live);
}

async function continueSession(
  ctx: CwmpContext,
  live: LiveSession,
  body: HttpBody,
): Promise<CwmpOutcome> {
  // The session may have ended while this POST waited for the device's lock.
  if (ctx.sessions.get(live.id) !== live) return outsideSession(body);
  const now = ctx.now();
  if (live.acs.isExpired(now)) {
    await endSession(ctx, live, "timeout");
    return outsideSession(body);
  }
  try {
    const received = live.acs.receive(body, now);
    live.exchanges++;
    for (const warning of received.warnings) ctx.log("debug", `${live.deviceId}: ${warning}`);
    countFaults(ctx, received.actions);
    const cpeAsked = await applyActions(ctx, live, received.actions, { remoteAddress: null });
    if (!cpeAsked) await queueNextTask(ctx, live);
    return await reply(ctx, live);
  } catch (error) {
    await endSession(ctx, live, "failed").catch(() => {});
    if (error instanceof RemoteProtocolError) return { status: 400, reason: error.message };
    throw error;
  }
}

function countFaults(ctx: CwmpContext, actions: ReceiveResult["actions"]): void {
  for (const action of actions) {
    if (action.type === "response" && action.response.method === "Fault") {
      ctx.metrics?.faultReceived(action.response.detail?.faultCode ?? 0);
    }
  }
}

async function reply(ctx: CwmpContext, live: LiveSession): Promise<CwmpOutcome> {
  const next = live.acs.nextResponse();
  if (next.kind === "response") {
    for (const envelope of next.envelopes) {
      if (envelope.message !== null) ctx.metrics?.messageSent(envelope.message.method);
    }
    return { status: 200, sessionId: live.id, envelopes: next.envelopes };
  }
  const state = live.acs.state;
  if (state === "ended" || state === "closed") await endSession(ctx, live, "completed");
  return { status: 204, sessionId: live.id };
}

/**
 * Ends a session: forgets it and records how it ended. A task still in flight stays `running`
 * in the store, so the device's next session sends it again.
 *
 * @param ctx The endpoint's dependencies.
 * @param live The session.
 * @param end How it ended.
 */
export async function endSession(
  ctx: CwmpContext,
  live: LiveSession,
  end: SessionEnd,
): Promise<void> {
  ctx.sessions.remove(live);
  const state = live.acs.state;
  if (end !== "completed" && state !== "closed" && state !== "failed") live.acs.abort();
  const now = ctx.now();
  ctx.metrics?.sessionEnded(live.id, end, ctx.now());
  await ctx.store.endSession({
    sessionId: live.id,
    deviceId: live.deviceId,
    transferDeadline: new Date(now - ctx.transferTimeoutMs),
    end,
    exchanges: live.exchanges,
    time: new Date(now),
  });
  ctx.log("debug", `${live.deviceId}: session ${live.id} ${end} after ${live.exchanges} exchanges`);
}

/**
 * Ends every session idle past its limit (as `timeout`). Sessions are also checked when their
 * next POST arrives; this sweep frees the memory of CPEs that never come back.
 *
 * @param ctx The endpoint's dependencies.
 * @returns How many sessions ended.
 */
export async function expireSessions(ctx: CwmpContext): Promise<number> {
  let ended = 0;
  for (const live of ctx.sessions.expired(ctx.now())) {
    await ctx.locks.run(live.deviceId, async () => {
      // A POST or a new Inform may have come first while this waited for the lock.
      if (ctx.sessions.get(live.id) !== live || !live.acs.isExpired(ctx.now())) return;
      await endSession(ctx, live, "timeout");
      ended++;
    });
  }
  return ended;
}
