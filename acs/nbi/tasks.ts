/**
 * Task routes: queue a request for a device (with a Connection Request, optionally waiting
 * for the answer), list, show, cancel and retry tasks.
 *
 * @module
 */

import { and, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import { requestConnection } from "../connection_request/request.ts";
import { devices } from "../db/schema/devices.ts";
import { parameters } from "../db/schema/parameters.ts";
import { tasks, type TaskState } from "../db/schema/tasks.ts";
import type { RpcMessage } from "../../protocol/rpc/codecs.ts";
import { encodeEnvelope } from "../../protocol/soap/envelope.ts";
import { CWMP_VERSIONS } from "../../protocol/soap/namespaces.ts";
import { cancelTask } from "../tasks/cancel.ts";
import { enqueueTask, TaskError } from "../tasks/enqueue.ts";
import type { NbiContext } from "./context.ts";
import { ApiError } from "./errors.ts";
import { addRoute, jsonOf, type NbiRoutes, paramsOf, queryOf } from "./route.ts";
import {
  DeviceIdParams,
  ErrorSchema,
  NumericIdParams,
  TaskCreateBody,
  TaskEnvelopeSchema,
  TaskListQuery,
  TaskListSchema,
} from "./schemas.ts";
import {
  connectionRequestView,
  findTask,
  retryTask,
  taskView,
  taskViews,
  waitForTask,
} from "./task_view.ts";

/**
 * Adds the task routes.
 *
 * @param routes The app and the specs.
 * @param ctx The database, Connection Request client, clock and poll interval.
 */
export function taskRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  const { db } = ctx;
  addRoute(routes, {
    method: "post",
    path: "/api/devices/:id/tasks",
    summary: "Queue a request for a device",
    description: "Stores the task, sends a Connection Request (unless `connectionRequest` is " +
      "false) and waits up to `timeout` seconds: 200 when the task finished by then, else 202.",
    params: DeviceIdParams,
    body: { contentType: "application/json", schema: TaskCreateBody },
    responses: {
      200: { description: "The task finished within the timeout", schema: TaskEnvelopeSchema },
      202: { description: "The task is queued", schema: TaskEnvelopeSchema },
      404: { description: "No such device", schema: ErrorSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, DeviceIdParams);
    const body = await jsonOf(c, TaskCreateBody);
    const [device] = await db.select({ id: devices.id }).from(devices).where(eq(devices.id, id));
    if (device === undefined) throw new ApiError(404, `Cannot find device ${id}`);
    const request = checkedRequest(body.request);
    let queued;
    try {
      const uploadBaseUrl = await uploadBaseOf(ctx, id, request);
      queued = await enqueueTask(db, {
        deviceId: id,
        request,
        now: new Date(ctx.now()),
        ...(uploadBaseUrl === undefined ? {} : { uploadBaseUrl }),
        ...(body.expires === undefined ? {} : { expires: new Date(body.expires) }),
      });
    } catch (error) {
      if (error instanceof TaskError) throw new ApiError(400, error.message);
      throw error;
    }
    const connection = body.connectionRequest
      ? await requestConnection({ ...ctx.connectionRequest, db, now: ctx.now }, id)
      : null;
    const latest = body.timeout > 0
      ? await waitForTask(ctx, queued.id, body.timeout * 1000)
      : queued;
    const [view = taskView(latest, undefined)] = await taskViews(db, [latest]);
    const finished = latest.state !== "pending" && latest.state !== "running";
    const task = connection === null
      ? view
      : { ...view, connectionRequest: connectionRequestView(connection) };
    return c.json({ task }, finished ? 200 : 202);
  });

  addRoute(routes, {
    method: "get",
    path: "/api/tasks",
    summary: "List tasks, newest first",
    query: TaskListQuery,
    responses: { 200: { description: "A page of tasks", schema: TaskListSchema } },
  }, async (c) => {
    const query = queryOf(c, TaskListQuery);
    const conditions: SQL[] = [];
    if (query.device !== undefined) conditions.push(eq(tasks.deviceId, query.device));
    if (query.state !== undefined) conditions.push(eq(tasks.state, query.state as TaskState));
    const where = conditions.length === 0 ? undefined : and(...conditions);
    const [total] = await db.select({ n: count() }).from(tasks).where(where);
    const rows = await db.select().from(tasks).where(where).orderBy(desc(tasks.id))
      .limit(query.limit).offset(query.offset);
    return c.json({ total: total?.n ?? 0, items: await taskViews(db, rows) });
  });

  addRoute(routes, {
    method: "get",
    path: "/api/tasks/:id",
    summary: "A task",
    params: NumericIdParams,
    responses: {
      200: { description: "The task", schema: TaskEnvelopeSchema.shape.task },
      404: { description: "No such task", schema: ErrorSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    const [view] = await taskViews(db, [await findTask(db, id)]);
    return c.json(view);
  });

  addRoute(routes, {
    method: "post",
    path: "/api/tasks/:id/cancel",
    summary: "Cancel a pending or running task",
    params: NumericIdParams,
    responses: {
      200: { description: "The cancelled task", schema: TaskEnvelopeSchema.shape.task },
      404: { description: "No such task", schema: ErrorSchema },
      409: { description: "The task is finished", schema: ErrorSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    await findTask(db, id);
    try {
      const [view] = await taskViews(db, [await cancelTask(db, id, new Date(ctx.now()))]);
      return c.json(view);
    } catch (error) {
      if (error instanceof TaskError) throw new ApiError(409, error.message);
      throw error;
    }
  });

  addRoute(routes, {
    method: "post",
    path: "/api/tasks/:id/retry",
    summary: "Queue a faulted, expired or cancelled task again",
    params: NumericIdParams,
    responses: {
      200: { description: "The task, pending again", schema: TaskEnvelopeSchema.shape.task },
      404: { description: "No such task", schema: ErrorSchema },
      409: { description: "The task is queued already, or done", schema: ErrorSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    const row = await retryTask(db, id, { now: new Date(ctx.now()) });
    const [view] = await taskViews(db, [row]);
    return c.json(view);
  });
}

/**
 * The request as a protocol message, checked by encoding it the way it will be sent.
 *
 * @throws {ApiError} 400 with the encoder's reason.
 */
function checkedRequest(request: { method: string }): RpcMessage {
  const message = request as RpcMessage;
  try {
    encodeEnvelope(message, { version: CWMP_VERSIONS.at(-1) ?? "1.0" });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, `Invalid body: request: cannot encode ${request.method}: ${reason}`, [
      { path: ["body", "request"], message: reason },
    ]);
  }
  return message;
}

const ACS_URL_PARAMETERS = [
  "InternetGatewayDevice.ManagementServer.URL",
  "Device.ManagementServer.URL",
];

// An Upload without a URL goes to one of the ACS's own upload targets, at the address the
// device reaches the ACS on: the configured public URL, else the device's ManagementServer.URL.
async function uploadBaseOf(
  ctx: NbiContext,
  deviceId: string,
  request: RpcMessage,
): Promise<string | undefined> {
  if (request.method !== "Upload" || request.url !== "") return undefined;
  if (ctx.publicUrl !== undefined) return ctx.publicUrl;
  const rows = await ctx.db.select({ value: parameters.value }).from(parameters).where(
    and(eq(parameters.deviceId, deviceId), inArray(parameters.path, ACS_URL_PARAMETERS)),
  );
  return rows.map((r) => r.value).find((v): v is string => v !== null && URL.canParse(v));
}
