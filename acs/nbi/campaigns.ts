/**
 * Campaign routes: create (and start), list, show with progress, start, pause, resume,
 * cancel, delete, and the devices with their outcomes. The runner (acs/campaigns/runner.ts)
 * does the work; these routes only change what it reads.
 *
 * @module
 */

import { count, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import {
  CampaignError,
  type CampaignProgress,
  campaignProgress,
  cancelCampaign,
  createCampaign,
  deleteCampaign,
  emptyProgress,
  findCampaign,
  listCampaignDevices,
  pauseCampaign,
  resumeCampaign,
  startCampaign,
} from "../campaigns/mod.ts";
import { type CampaignRow, campaigns } from "../db/schema/campaigns.ts";
import { CampaignBodySchema } from "../provisioning/schemas.ts";
import { isWindowOpen, nextWindowStart } from "../provisioning/schedule.ts";
import {
  CampaignDeviceListQuery,
  CampaignDeviceListSchema,
  CampaignListQuery,
  CampaignListSchema,
  CampaignSchema,
} from "./campaign_schemas.ts";
import type { NbiContext } from "./context.ts";
import { ApiError } from "./errors.ts";
import { addRoute, isoOrNull, jsonOf, type NbiRoutes, paramsOf, queryOf } from "./route.ts";
import { ErrorSchema, NumericIdParams } from "./schemas.ts";

/** A campaign as the API shows it. */
export type CampaignView = z.output<typeof CampaignSchema>;

const NOT_FOUND = { description: "No such campaign", schema: ErrorSchema };

const TRANSITIONS = [
  { verb: "start", run: startCampaign, summary: "Start a draft campaign" },
  { verb: "pause", run: pauseCampaign, summary: "Pause a running campaign" },
  { verb: "resume", run: resumeCampaign, summary: "Resume a paused campaign" },
  { verb: "cancel", run: cancelCampaign, summary: "Cancel a campaign that is not over" },
] as const;

/**
 * Adds the campaign routes.
 *
 * @param routes The app and the specs.
 * @param ctx The database and the clock.
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export function campaignRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  collectionRoutes(routes, ctx);
  campaignItemRoutes(routes, ctx);
  deviceListRoute(routes, ctx);
}

function clockOf(ctx: NbiContext): () => { now: Date } {
  return () => ({ now: new Date(ctx.now()) });
}

// POST and GET /api/campaigns.
function collectionRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  const { db } = ctx;
  const clock = clockOf(ctx);
  addRoute(routes, {
    method: "post",
    path: "/api/campaigns",
    summary: "Create a campaign (a draft, or started with `start: true`)",
    description: "A started campaign resolves its target once: a query's matching devices, or " +
      "a list's known devices (unknown ids are skipped).",
    body: { contentType: "application/json", schema: CampaignBodySchema },
    responses: {
      201: { description: "The campaign", schema: CampaignSchema },
      400: { description: "Invalid campaign", schema: ErrorSchema },
    },
  }, async (c) => {
    const { start, ...input } = await jsonOf(c, CampaignBodySchema);
    const row = await guarded(async () => {
      const created = await createCampaign(db, input, clock());
      return start ? await startCampaign(db, created.id, clock()) : created;
    });
    return c.json(await viewOf(ctx, row), 201);
  });

  addRoute(routes, {
    method: "get",
    path: "/api/campaigns",
    summary: "List campaigns, newest first",
    query: CampaignListQuery,
    responses: { 200: { description: "A page of campaigns", schema: CampaignListSchema } },
  }, async (c) => {
    const query = queryOf(c, CampaignListQuery);
    const where = query.state === undefined ? undefined : eq(campaigns.state, query.state);
    const [total] = await db.select({ n: count() }).from(campaigns).where(where);
    const rows = await db.select().from(campaigns).where(where).orderBy(desc(campaigns.id))
      .limit(query.limit).offset(query.offset);
    return c.json({ total: total?.n ?? 0, items: await viewsOf(ctx, rows) });
  });
}

// One campaign: show, change its state, list its devices, delete.
function campaignItemRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  const { db } = ctx;
  const clock = clockOf(ctx);
  addRoute(routes, {
    method: "get",
    path: "/api/campaigns/:id",
    summary: "A campaign with its progress",
    params: NumericIdParams,
    responses: { 200: { description: "The campaign", schema: CampaignSchema }, 404: NOT_FOUND },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    return c.json(await viewOf(ctx, await guarded(() => findCampaign(db, id))));
  });

  for (const transition of TRANSITIONS) {
    addRoute(routes, {
      method: "post",
      path: `/api/campaigns/:id/${transition.verb}`,
      summary: transition.summary,
      params: NumericIdParams,
      responses: {
        200: { description: "The campaign after the change", schema: CampaignSchema },
        404: NOT_FOUND,
        409: { description: `The campaign cannot ${transition.verb} now`, schema: ErrorSchema },
      },
    }, async (c) => {
      const { id } = paramsOf(c, NumericIdParams);
      return c.json(await viewOf(ctx, await guarded(() => transition.run(db, id, clock()))));
    });
  }

  addRoute(routes, {
    method: "delete",
    path: "/api/campaigns/:id",
    summary: "Delete a campaign that is not running, with its devices' outcomes",
    params: NumericIdParams,
    responses: {
      204: { description: "Deleted" },
      404: NOT_FOUND,
      409: { description: "The campaign is running", schema: ErrorSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    await guarded(() => deleteCampaign(db, id, clock()));
    return c.body(null, 204);
  });
}

// GET /api/campaigns/:id/devices.
function deviceListRoute(routes: NbiRoutes, ctx: NbiContext): void {
  const { db } = ctx;
  addRoute(routes, {
    method: "get",
    path: "/api/campaigns/:id/devices",
    summary: "A campaign's devices and their outcomes, by batch then id",
    params: NumericIdParams,
    query: CampaignDeviceListQuery,
    responses: {
      200: { description: "A page of devices", schema: CampaignDeviceListSchema },
      404: NOT_FOUND,
    },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    const query = queryOf(c, CampaignDeviceListQuery);
    await guarded(() => findCampaign(db, id));
    const page = await listCampaignDevices(db, id, query);
    return c.json({
      total: page.total,
      items: page.items.map((row) => ({
        deviceId: row.deviceId,
        batch: row.batch,
        state: row.state,
        taskId: row.taskId,
        reason: row.reason,
        startedAt: isoOrNull(row.startedAt),
        finishedAt: isoOrNull(row.finishedAt),
      })),
    });
  });
}

const STATUS = { invalid: 400, not_found: 404, conflict: 409 } as const;

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof CampaignError) throw new ApiError(STATUS[error.kind], error.message);
    throw error;
  }
}

async function viewOf(ctx: NbiContext, row: CampaignRow): Promise<CampaignView> {
  const [view] = await viewsOf(ctx, [row]);
  if (view === undefined) throw new Error(`Cannot show campaign ${row.id}`);
  return view;
}

async function viewsOf(ctx: NbiContext, rows: readonly CampaignRow[]): Promise<CampaignView[]> {
  const progress = await campaignProgress(ctx.db, rows.map((r) => r.id));
  const now = ctx.now();
  return rows.map((row) => campaignView(row, progress.get(row.id) ?? emptyProgress(), now));
}

function campaignView(
  row: CampaignRow,
  progress: CampaignProgress,
  now: number,
): CampaignView {
  const opensAt = windowOpensAt(row, now);
  return {
    id: row.id,
    name: row.name,
    action: row.action,
    target: row.target,
    batchSize: row.batchSize,
    batchPercent: row.batchPercent,
    concurrency: row.concurrency,
    window: row.window ?? null,
    failureThreshold: row.failureThreshold,
    deviceTimeoutSeconds: row.deviceTimeoutSeconds,
    state: row.state,
    reason: row.reason,
    faultedAtResume: row.faultedAtResume,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: isoOrNull(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    counts: progress.counts,
    currentBatch: progress.currentBatch,
    batches: progress.batches,
    ...(opensAt === null ? {} : { windowOpensAt: new Date(opensAt).toISOString() }),
  };
}

// A running campaign outside its window waits for it to open.
function windowOpensAt(row: CampaignRow, now: number): number | null {
  if (row.state !== "running" || row.window === null || row.window === undefined) return null;
  if (isWindowOpen(row.window, now)) return null;
  return nextWindowStart(row.window, now);
}
