/**
 * Preset routes: list, show, create or replace, and delete the provisioning presets
 * (acs/provisioning/). Every write tells the CWMP side, which caches the enabled presets.
 *
 * @module
 */

import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { type PresetRow, presets } from "../db/schema/presets.ts";
import { PRESET_ID, PresetBodySchema } from "../provisioning/schemas.ts";
import type { NbiContext } from "./context.ts";
import { ApiError } from "./errors.ts";
import { addRoute, jsonOf, type NbiRoutes, paramsOf } from "./route.ts";
import { ErrorSchema } from "./schemas.ts";

/** `:id` of a preset: letters, digits, `.`, `_` and `-`, at most 64. */
export const PresetIdParams = z.strictObject({
  id: z.string().regex(PRESET_ID, "expected 1 to 64 letters, digits, '.', '_' or '-'"),
});

/** A preset as the API shows it: its body, its id and its times. */
export const PresetSchema = z.object({
  id: z.string(),
  ...PresetBodySchema.shape,
  createdAt: z.iso.datetime().describe("ISO 8601 time (UTC)"),
  updatedAt: z.iso.datetime().describe("ISO 8601 time (UTC)"),
});

/** All presets, in the order they are applied. */
export const PresetListSchema = z.object({
  total: z.number().int(),
  items: z.array(PresetSchema),
});

/** A preset as the API shows it. */
export type PresetView = z.output<typeof PresetSchema>;

const NOT_FOUND = { description: "No such preset", schema: ErrorSchema };

/**
 * Adds the preset routes.
 *
 * @param routes The app and the specs.
 * @param ctx The database, the clock and the preset-change hook.
 */
export function presetRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  const { db } = ctx;
  addRoute(routes, {
    method: "get",
    path: "/api/presets",
    summary: "List presets in the order they apply (weight, then id)",
    responses: { 200: { description: "Every preset", schema: PresetListSchema } },
  }, async (c) => {
    const rows = await db.select().from(presets).orderBy(asc(presets.weight), asc(presets.id));
    return c.json({ total: rows.length, items: rows.map(presetView) });
  });

  addRoute(routes, {
    method: "get",
    path: "/api/presets/:id",
    summary: "A preset",
    params: PresetIdParams,
    responses: { 200: { description: "The preset", schema: PresetSchema }, 404: NOT_FOUND },
  }, async (c) => {
    const { id } = paramsOf(c, PresetIdParams);
    const row = await findPreset(ctx, id);
    if (row === undefined) throw new ApiError(404, `Cannot find preset ${id}`);
    return c.json(presetView(row));
  });

  addRoute(routes, {
    method: "put",
    path: "/api/presets/:id",
    summary: "Create or replace a preset",
    description: "The body replaces the whole preset; fields left out take their defaults. " +
      "Sessions that start after the answer apply it.",
    params: PresetIdParams,
    body: { contentType: "application/json", schema: PresetBodySchema },
    responses: {
      200: { description: "Replaced", schema: PresetSchema },
      201: { description: "Created", schema: PresetSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, PresetIdParams);
    const body = await jsonOf(c, PresetBodySchema);
    const now = new Date(ctx.now());
    const existing = await findPreset(ctx, id);
    const [row] = await db.insert(presets)
      .values({ id, ...body, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: presets.id, set: { ...body, updatedAt: now } })
      .returning();
    ctx.presetsChanged();
    if (row === undefined) throw new Error(`preset ${id} was not stored`);
    return c.json(presetView(row), existing === undefined ? 201 : 200);
  });

  addRoute(routes, {
    method: "delete",
    path: "/api/presets/:id",
    summary: "Delete a preset",
    params: PresetIdParams,
    responses: { 204: { description: "Deleted" }, 404: NOT_FOUND },
  }, async (c) => {
    const { id } = paramsOf(c, PresetIdParams);
    const deleted = await db.delete(presets).where(eq(presets.id, id))
      .returning({ id: presets.id });
    if (deleted.length === 0) throw new ApiError(404, `Cannot find preset ${id}`);
    ctx.presetsChanged();
    return c.body(null, 204);
  });
}

async function findPreset(ctx: NbiContext, id: string): Promise<PresetRow | undefined> {
  const [row] = await ctx.db.select().from(presets).where(eq(presets.id, id));
  return row;
}

function presetView(row: PresetRow): PresetView {
  return {
    id: row.id,
    description: row.description,
    enabled: row.enabled,
    weight: row.weight,
    precondition: row.precondition,
    events: row.events,
    schedule: row.schedule ?? null,
    desired: row.desired,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
