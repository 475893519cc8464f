/**
 * Fault routes: list, show and clear the CWMP faults devices answered with; clearing with
 * `?retry=true` queues the fault's task again.
 *
 * @module
 */

import { and, count, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { type FaultRow, faults } from "../db/schema/faults.ts";
import type { NbiContext } from "./context.ts";
import { ApiError } from "./errors.ts";
import { addRoute, type NbiRoutes, paramsOf, queryOf } from "./route.ts";
import {
  ErrorSchema,
  FaultDeleteQuery,
  FaultListQuery,
  FaultListSchema,
  FaultSchema,
  NumericIdParams,
} from "./schemas.ts";
import { retryTask } from "./task_view.ts";

/**
 * Adds the fault routes.
 *
 * @param routes The app and the specs.
 * @param ctx The database and clock.
 */
export function faultRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  const { db } = ctx;
  addRoute(routes, {
    method: "get",
    path: "/api/faults",
    summary: "List faults, newest first",
    query: FaultListQuery,
    responses: { 200: { description: "A page of faults", schema: FaultListSchema } },
  }, async (c) => {
    const query = queryOf(c, FaultListQuery);
    const where = and(
      query.device === undefined ? undefined : eq(faults.deviceId, query.device),
      query.preset === undefined ? undefined : eq(faults.presetId, query.preset),
    );
    const [total] = await db.select({ n: count() }).from(faults).where(where);
    const rows = await db.select().from(faults).where(where).orderBy(desc(faults.id))
      .limit(query.limit).offset(query.offset);
    return c.json({ total: total?.n ?? 0, items: rows.map(faultView) });
  });

  addRoute(routes, {
    method: "get",
    path: "/api/faults/:id",
    summary: "A fault",
    params: NumericIdParams,
    responses: {
      200: { description: "The fault", schema: FaultSchema },
      404: { description: "No such fault", schema: ErrorSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    return c.json(faultView(await findFault(ctx, id)));
  });

  addRoute(routes, {
    method: "delete",
    path: "/api/faults/:id",
    summary: "Clear a fault",
    description: "With `retry=true`, the fault's task is queued again first (pending, " +
      "attempts from zero); a task already queued again is left as it is.",
    params: NumericIdParams,
    query: FaultDeleteQuery,
    responses: {
      204: { description: "Cleared" },
      404: { description: "No such fault", schema: ErrorSchema },
      409: {
        description: "retry=true, and the fault has no task or it is done",
        schema: ErrorSchema,
      },
    },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    const { retry } = queryOf(c, FaultDeleteQuery);
    const fault = await findFault(ctx, id);
    if (retry === "true") {
      // A preset's fault holds the preset back on the device: clearing it is the retry.
      if (fault.taskId === null && fault.presetId === null) {
        throw new ApiError(409, `Cannot retry fault ${id}: it answered no task`);
      }
      if (fault.taskId !== null) {
        await retryTask(db, fault.taskId, { now: new Date(ctx.now()), allowQueued: true });
      }
    }
    await db.delete(faults).where(eq(faults.id, id));
    return c.body(null, 204);
  });
}

async function findFault(ctx: NbiContext, id: number): Promise<FaultRow> {
  const [row] = await ctx.db.select().from(faults).where(eq(faults.id, id));
  if (row === undefined) throw new ApiError(404, `Cannot find fault ${id}`);
  return row;
}

function faultView(row: FaultRow): z.output<typeof FaultSchema> {
  return {
    id: row.id,
    deviceId: row.deviceId,
    ...(row.taskId === null ? {} : { taskId: row.taskId }),
    ...(row.presetId === null ? {} : { presetId: row.presetId }),
    source: row.source,
    code: row.code,
    string: row.string,
    ...(row.detail === null || row.detail === undefined ? {} : { detail: { ...row.detail } }),
    createdAt: row.time.toISOString(),
  };
}
