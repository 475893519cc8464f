/**
 * Acting on what the session machine reports for one POST: store the Inform and answer it,
 * answer the CPE's other requests, settle the tasks a response or fault answers, and queue
 * the device's next request.
 *
 * @module
 */

import type { Inform } from "../../protocol/rpc/inform.ts";
import type { CwmpMessage, RpcMessage } from "../../protocol/rpc/codecs.ts";
import type { SoapFault } from "../../protocol/soap/fault.ts";
import type { SessionAction } from "../../protocol/session/mod.ts";
import { dataModelRoot } from "../auth/bootstrap.ts";
import {
  newSessionProvisioning,
  type ProvisionTarget,
  type SessionProvisioning,
} from "../provisioning/provisioner.ts";
import { planNext } from "../tasks/plan.ts";
import { completionOf } from "../tasks/results.ts";
import { faultOutcome } from "../tasks/retry.ts";
import type { CwmpContext } from "./context.ts";
import { answerCpeRequest } from "./cpe_requests.ts";
import type { InFlightTask, LiveSession } from "./registry.ts";

/** Options of {@link applyActions}. */
export interface ApplyActionsOptions {
  /** The CPE's address, recorded with the session its Inform opens. */
  remoteAddress: string | null;
}

// Open tasks read per look; a bound keeps one POST's work finite when many are expired.
const TASK_WINDOW = 32;
const MAX_LOOKS = 4;

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
          log: ctx.log,
          kickedNextUrl: ctx.kickedNextUrl,
        });
      live.acs.respond(action.key, answer);
    } else if (action.type === "response") {
      await settle(ctx, live, action.key, action.response);
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
  const { newDevice } = await ctx.store.recordInform({
    sessionId: live.id,
    deviceId: live.deviceId,
    deviceIdStruct: inform.deviceId,
    cwmpVersion: live.cwmpVersion,
    events: inform.events,
    parameters: inform.parameterList,
    time: new Date(ctx.now()),
    remoteAddress: options.remoteAddress,
    detectNewDevice: ctx.provisioner?.watchesFirstContact === true,
  });
  if (ctx.provisioner !== undefined) {
    live.provisioning = newSessionProvisioning(
      inform.events.map((e) => e.eventCode),
      dataModelRoot(inform.parameterList),
      newDevice,
    );
  }
  // One envelope per POST keeps every CPE's answers, and our work per request, bounded.
  return { method: "InformResponse", maxEnvelopes: 1 };
}

async function settle(
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
  if (inFlight.provisioning !== undefined && live.provisioning !== undefined) {
    const target = provisionTarget(live, live.provisioning);
    await ctx.provisioner?.answered(target, inFlight.provisioning, response);
    return;
  }
  const time = new Date(ctx.now());
  if (response.method === "Fault") {
    await settleFault(ctx, live, inFlight, response);
    return;
  }
  await ctx.store.completeTasks({
    deviceId: live.deviceId,
    ...completionOf(inFlight.tasks, inFlight.request, response),
    time,
  });
}

async function settleFault(
  ctx: CwmpContext,
  live: LiveSession,
  inFlight: InFlightTask,
  fault: SoapFault,
): Promise<void> {
  const now = ctx.now();
  const [task] = inFlight.tasks;
  if (task === undefined) return;
  if (inFlight.tasks.length > 1) {
    // One bad name faults the whole batch; send its tasks one by one to learn whose it is.
    live.unbatched = true;
    await ctx.store.requeueTasks(inFlight.tasks.map((t) => t.id), new Date(now));
    return;
  }
  // A bare SOAP fault without a cwmp:Fault detail is recorded with code 0.
  await ctx.store.recordFault({
    deviceId: live.deviceId,
    taskId: task.id,
    source: "cpe",
    code: fault.detail?.faultCode ?? 0,
    string: fault.detail?.faultString ?? fault.faultString,
    detail: fault.detail,
    // The send that faulted counts: the task's attempts were read before it went out.
    outcome: faultOutcome(
      { attempts: task.attempts + 1, maxAttempts: task.maxAttempts },
      now,
      ctx.retryPolicy,
    ),
    time: new Date(now),
  });
}

/**
 * Queues the device's next request in the session, unless one is already in flight. Its
 * tasks are marked `running` in the store before the request can go out; expired tasks,
 * interrupted tasks past their last attempt and requests the CPE's version cannot carry are
 * settled on the way.
 *
 * @throws {Error} The store failed.
 */
export async function queueNextTask(ctx: CwmpContext, live: LiveSession): Promise<void> {
  if (live.inFlight !== null) return;
  // Provisioning may queue a task (a firmware Download): the tasks are then looked at again.
  for (let pass = 0; pass < 2; pass++) {
    if (await queueStoredTask(ctx, live)) return;
    if (!(await queueProvisioning(ctx, live))) return;
  }
}

async function queueProvisioning(ctx: CwmpContext, live: LiveSession): Promise<boolean> {
  const provisioning = live.provisioning;
  if (ctx.provisioner === undefined || provisioning === undefined) return false;
  const next = await ctx.provisioner.next(provisionTarget(live, provisioning));
  if (next === null) return false;
  if (next.kind === "queued") return true;
  const request = next.step.request;
  const key = live.acs.enqueue(request);
  live.inFlight = { tasks: [], request, key, provisioning: next.step };
  return false;
}

function provisionTarget(live: LiveSession, provisioning: SessionProvisioning): ProvisionTarget {
  return { deviceId: live.deviceId, acsOrigin: live.acsOrigin, provisioning };
}

// Queues the next stored task; false when none could be sent.
async function queueStoredTask(ctx: CwmpContext, live: LiveSession): Promise<boolean> {
  for (let look = 0; look < MAX_LOOKS; look++) {
    const now = ctx.now();
    const open = await ctx.store.openTasks(live.deviceId, new Date(now), TASK_WINDOW);
    if (open.length === 0) return false;
    const plan = planNext(open, {
      now,
      version: live.cwmpVersion,
      maxBatch: live.unbatched === true ? 1 : ctx.maxBatch,
    });
    const time = new Date(now);
    if (plan.expired.length > 0) await ctx.store.expireTasks(plan.expired, time);
    for (const task of plan.givenUp) {
      await giveUp(ctx, live, task.id, 0, `No answer after ${task.attempts} attempts`);
    }
    for (const { task, reason } of plan.unsendable) {
      await giveUp(ctx, live, task.id, 9000, reason);
    }
    if (plan.send !== null) {
      const ids = plan.send.tasks.map((t) => t.id);
      await ctx.store.startTasks(ids, time);
      const key = live.acs.enqueue(await withFileCredentials(ctx, live, plan.send.request));
      live.inFlight = { tasks: plan.send.tasks, request: plan.send.request, key };
      return true;
    }
  }
  return false;
}

function giveUp(
  ctx: CwmpContext,
  live: LiveSession,
  taskId: number,
  code: number,
  reason: string,
): Promise<void> {
  ctx.log("info", `${live.deviceId}: task ${taskId} faulted: ${reason}`);
  return ctx.store.recordFault({
    deviceId: live.deviceId,
    taskId,
    source: "acs",
    code,
    string: reason,
    detail: null,
    outcome: { state: "faulted" },
    time: new Date(ctx.now()),
  });
}

// A Download or Upload of the ACS's own files (at the origin this CPE reaches the ACS at)
// naming no credentials gets the device's own, which the file routes check: the password goes
// out in this request only and is never stored in the task.
async function withFileCredentials(
  ctx: CwmpContext,
  live: LiveSession,
  request: RpcMessage,
): Promise<RpcMessage> {
  if (ctx.fileCredentials === undefined || live.acsOrigin === undefined) return request;
  if (request.method !== "Download" && request.method !== "Upload") return request;
  if (request.username !== "" || !URL.canParse(request.url)) return request;
  const url = new URL(request.url);
  const own = url.pathname.startsWith("/files/") || url.pathname.startsWith("/uploads/");
  if (!own || url.origin !== live.acsOrigin) return request;
  const credentials = await ctx.fileCredentials(live.deviceId);
  if (credentials === undefined) return request;
  return { ...request, username: credentials.username, password: credentials.password };
}
