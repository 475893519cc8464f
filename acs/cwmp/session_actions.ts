/**
 * Acting on what the session machine reports for one POST: store the Inform and answer it,
 * answer the CPE's other requests, settle the task a response or fault answers, and queue
 * the device's next task.
 *
 * @module
 */

import { LocalProtocolError } from "../../protocol/errors.ts";
import type { Inform } from "../../protocol/rpc/inform.ts";
import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import { encodeEnvelope } from "../../protocol/soap/envelope.ts";
import type { SessionAction } from "../../protocol/session/mod.ts";
import { taskRequest } from "../tasks/enqueue.ts";
import { parametersOfResponse } from "../tasks/results.ts";
import type { CwmpContext } from "./context.ts";
import { answerCpeRequest } from "./cpe_requests.ts";
import type { LiveSession } from "./registry.ts";

/** Options of {@link applyActions}. */
export interface ApplyActionsOptions {
  /** The CPE's address, recorded with the session its Inform opens. */
  remoteAddress: string | null;
}

// Tasks that cannot be sent (e.g. a method newer than the CPE's CWMP version) are faulted and
// skipped; a bound keeps one POST's work finite.
const MAX_TASKS_SKIPPED = 16;

/**
 * Stores and answers the actions of one received body, in order.
 *
 * @returns Whether the CPE sent requests (the ACS then sends none of its own in this reply).
 * @throws {Error} The store failed.
 */
export async function applyActions(
  ctx: CwmpContext,
  live: LiveSession,
  actions: readonly SessionAction[],
  options: ApplyActionsOptions,
): Promise<boolean> {
  let cpeAsked = false;
  for (const action of actions) {
    if (action.type === "request") {
      cpeAsked = true;
      const answer = action.request.method === "Inform"
        ? await answerInform(ctx, live, action.request, options)
        : await answerCpeRequest(action.request, {
          store: ctx.store,
          deviceId: live.deviceId,
          time: new Date(ctx.now()),
        });
      live.acs.respond(action.key, answer);
    } else if (action.type === "response") {
      await settleTask(ctx, live, action.key, action.response);
    } else {
      ctx.log("info", `${live.deviceId}: CPE asked to retry ${action.request.method} (fault 8005)`);
    }
  }
  return cpeAsked;
}

async function answerInform(
  ctx: CwmpContext,
  live: LiveSession,
  inform: Inform,
  options: ApplyActionsOptions,
): Promise<CwmpMessage> {
  await ctx.store.recordInform({
    sessionId: live.id,
    deviceId: live.deviceId,
    deviceIdStruct: inform.deviceId,
    cwmpVersion: live.cwmpVersion,
    events: inform.events,
    parameters: inform.parameterList,
    time: new Date(ctx.now()),
    remoteAddress: options.remoteAddress,
  });
  // One envelope per POST keeps every CPE's answers, and our work per request, bounded.
  return { method: "InformResponse", maxEnvelopes: 1 };
}

async function settleTask(
  ctx: CwmpContext,
  live: LiveSession,
  key: number,
  response: CwmpMessage,
): Promise<void> {
  const inFlight = live.inFlight;
  if (inFlight === null || inFlight.key !== key) {
    ctx.log("warn", `${live.deviceId}: an answer (${response.method}) matches no task`);
    return;
  }
  live.inFlight = null;
  const time = new Date(ctx.now());
  if (response.method === "Fault") {
    // A bare SOAP fault without a cwmp:Fault detail is recorded with code 0.
    await ctx.store.recordFault({
      deviceId: live.deviceId,
      taskId: inFlight.taskId,
      code: response.detail?.faultCode ?? 0,
      string: response.detail?.faultString ?? response.faultString,
      detail: response.detail,
      time,
    });
    return;
  }
  await ctx.store.completeTask({
    taskId: inFlight.taskId,
    deviceId: live.deviceId,
    result: { ...response },
    parameters: parametersOfResponse(inFlight.request, response),
    time,
  });
}

/**
 * Queues the device's next task in the session, unless one is already in flight. The task is
 * marked `running` in the store before its request can go out.
 *
 * @throws {Error} The store failed.
 */
export async function queueNextTask(ctx: CwmpContext, live: LiveSession): Promise<void> {
  if (live.inFlight !== null) return;
  for (let skipped = 0; skipped < MAX_TASKS_SKIPPED; skipped++) {
    const now = new Date(ctx.now());
    const task = await ctx.store.nextTask(live.deviceId, now);
    if (task === undefined) return;
    const request = taskRequest(task);
    try {
      encodeEnvelope(request, { version: live.cwmpVersion });
    } catch (error) {
      if (!(error instanceof LocalProtocolError)) throw error;
      await ctx.store.recordFault({
        deviceId: live.deviceId,
        taskId: task.id,
        code: 9000,
        string: error.message,
        detail: null,
        time: now,
      });
      continue;
    }
    await ctx.store.startTask(task.id, now);
    live.inFlight = { taskId: task.id, request, key: live.acs.enqueue(request) };
    return;
  }
}
