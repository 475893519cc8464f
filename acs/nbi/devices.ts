/**
 * Device routes: list with filters, one device with its parameters, delete, tags.
 *
 * @module
 */

import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type DeviceRow, devices } from "../db/schema/devices.ts";
import { parameters } from "../db/schema/parameters.ts";
import type { NbiContext } from "./context.ts";
import { deviceOrder, deviceWhere, softwareVersionColumn } from "./device_query.ts";
import { ApiError } from "./errors.ts";
import { addRoute, isoOrNull, type NbiRoutes, paramsOf, queryOf } from "./route.ts";
import {
  DeviceDetailSchema,
  DeviceGetQuery,
  DeviceIdParams,
  DeviceListQuery,
  DeviceListSchema,
  type DeviceSchema,
  DeviceTagParams,
  ErrorSchema,
} from "./schemas.ts";

type Device = z.output<typeof DeviceSchema>;

const NOT_FOUND = { description: "No such device", schema: ErrorSchema };

/**
 * Adds the device routes.
 *
 * @param routes The app and the specs.
 * @param ctx The database and clock.
 */
export function deviceRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  const { db } = ctx;
  addRoute(routes, {
    method: "get",
    path: "/api/devices",
    summary: "List devices",
    query: DeviceListQuery,
    responses: { 200: { description: "A page of devices", schema: DeviceListSchema } },
  }, async (c) => {
    const query = queryOf(c, DeviceListQuery);
    const where = deviceWhere(query);
    const [total] = await db.select({ n: count() }).from(devices).where(where);
    const rows = await findDevices(ctx, {
      where,
      order: deviceOrder(query.sort),
      limit: query.limit,
      offset: query.offset,
    });
    return c.json({ total: total?.n ?? 0, items: rows.map(deviceOf) });
  });

  addRoute(routes, {
    method: "get",
    path: "/api/devices/:id",
    summary: "A device with its cached parameters",
    params: DeviceIdParams,
    query: DeviceGetQuery,
    responses: {
      200: { description: "The device", schema: DeviceDetailSchema },
      404: NOT_FOUND,
    },
  }, async (c) => {
    const { id } = paramsOf(c, DeviceIdParams);
    const { prefix } = queryOf(c, DeviceGetQuery);
    const [row] = await findDevices(ctx, { where: eq(devices.id, id), limit: 1 });
    if (row === undefined) throw notFound(id);
    const conditions: SQL[] = [eq(parameters.deviceId, id)];
    if (prefix !== undefined && prefix !== "") {
      conditions.push(sql`substr(${parameters.path}, 1, ${prefix.length}) = ${prefix}`);
    }
    const params = await db.select().from(parameters).where(and(...conditions))
      .orderBy(asc(parameters.path));
    return c.json({
      ...deviceOf(row),
      parameters: params.map((p) => ({
        path: p.path,
        value: p.value,
        type: p.type,
        writable: p.writable,
        fetchedAt: p.fetchedAt.toISOString(),
      })),
    });
  });

  addRoute(routes, {
    method: "delete",
    path: "/api/devices/:id",
    summary: "Forget a device",
    description: "Deletes the device with its parameters, events, tasks, faults and sessions; " +
      "its credentials stay. It reappears at its next Inform.",
    params: DeviceIdParams,
    responses: { 204: { description: "Deleted" }, 404: NOT_FOUND },
  }, async (c) => {
    const { id } = paramsOf(c, DeviceIdParams);
    const deleted = await db.delete(devices).where(eq(devices.id, id))
      .returning({ id: devices.id });
    if (deleted.length === 0) throw notFound(id);
    return c.body(null, 204);
  });

  addRoute(routes, {
    method: "put",
    path: "/api/devices/:id/tags/:tag",
    summary: "Tag a device",
    params: DeviceTagParams,
    responses: { 204: { description: "Tagged (or already was)" }, 404: NOT_FOUND },
  }, async (c) => {
    const { id, tag } = paramsOf(c, DeviceTagParams);
    // One statement: concurrent tagging of one device loses no tag.
    const updated = await db.update(devices).set({
      tags: sql`CASE WHEN EXISTS (SELECT 1 FROM json_each(${devices.tags}) WHERE value = ${tag})
        THEN ${devices.tags} ELSE json_insert(${devices.tags}, '$[#]', ${tag}) END`,
    }).where(eq(devices.id, id)).returning({ id: devices.id });
    if (updated.length === 0) throw notFound(id);
    return c.body(null, 204);
  });

  addRoute(routes, {
    method: "delete",
    path: "/api/devices/:id/tags/:tag",
    summary: "Untag a device",
    params: DeviceTagParams,
    responses: { 204: { description: "Untagged (or never was)" }, 404: NOT_FOUND },
  }, async (c) => {
    const { id, tag } = paramsOf(c, DeviceTagParams);
    const updated = await db.update(devices).set({
      tags: sql`(SELECT json_group_array(value) FROM json_each(${devices.tags})
        WHERE value != ${tag})`,
    }).where(eq(devices.id, id)).returning({ id: devices.id });
    if (updated.length === 0) throw notFound(id);
    return c.body(null, 204);
  });
}

interface FindDevices {
  where: SQL | undefined;
  order?: SQL[];
  limit: number;
  offset?: number;
}

function findDevices(ctx: NbiContext, options: FindDevices): Promise<SelectedDevice[]> {
  return ctx.db.select({
    id: devices.id,
    oui: devices.oui,
    manufacturer: devices.manufacturer,
    productClass: devices.productClass,
    serialNumber: devices.serialNumber,
    lastInform: devices.lastInform,
    lastBoot: devices.lastBoot,
    tags: devices.tags,
    softwareVersion: softwareVersionColumn,
  }).from(devices).where(options.where).orderBy(...(options.order ?? []))
    .limit(options.limit).offset(options.offset ?? 0);
}

type SelectedDevice =
  & Pick<
    DeviceRow,
    "id" | "oui" | "manufacturer" | "productClass" | "serialNumber" | "lastBoot" | "tags"
  >
  & { lastInform: Date | null; softwareVersion: string | null };

function deviceOf(row: SelectedDevice): Device {
  return {
    id: row.id,
    oui: row.oui,
    manufacturer: row.manufacturer,
    productClass: row.productClass,
    serialNumber: row.serialNumber,
    ...(row.softwareVersion === null ? {} : { softwareVersion: row.softwareVersion }),
    lastInform: isoOrNull(row.lastInform),
    lastBoot: isoOrNull(row.lastBoot),
    tags: row.tags,
  };
}

function notFound(id: string): ApiError {
  return new ApiError(404, `Cannot find device ${id}`);
}
