/**
 * A campaign's progress: its devices counted by state, its batches, and the page of devices
 * with their outcomes.
 *
 * @module
 */

import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import {
  type CampaignDeviceRow,
  campaignDevices,
  type CampaignDeviceState,
} from "../db/schema/campaigns.ts";

/** Devices of a campaign by state. */
export interface CampaignCounts {
  total: number;
  pending: number;
  in_progress: number;
  done: number;
  faulted: number;
  skipped: number;
}

/** Counts and batches of one campaign. */
export interface CampaignProgress {
  counts: CampaignCounts;
  /** The lowest batch with a device pending or in progress; null when none is. */
  currentBatch: number | null;
  /** How many batches (0 before the campaign starts). */
  batches: number;
}

/**
 * The progress of a campaign without devices (a draft).
 *
 * @returns Zero counts, no current batch, no batches.
 *
 * @example Usage
 * ```ts
 * import { emptyProgress } from "./progress.ts";
 * if (emptyProgress().counts.total !== 0 || emptyProgress().batches !== 0) throw new Error("x");
 * ```
 */
export function emptyProgress(): CampaignProgress {
  return {
    counts: { total: 0, pending: 0, in_progress: 0, done: 0, faulted: 0, skipped: 0 },
    currentBatch: null,
    batches: 0,
  };
}

/**
 * The progress of some campaigns, in one query.
 *
 * @param db A migrated database.
 * @param ids The campaigns.
 * @returns The progress by campaign id (every id present).
 *
 * @example A campaign without devices
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { campaignProgress } from "./progress.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const progress = (await campaignProgress(db, [1])).get(1);
 * if (progress?.counts.total !== 0 || progress.currentBatch !== null) throw new Error("x");
 * db.$client.close();
 * ```
 */
export async function campaignProgress(
  db: AcsDb,
  ids: readonly number[],
): Promise<Map<number, CampaignProgress>> {
  const progress = new Map<number, CampaignProgress>(ids.map((id) => [id, emptyProgress()]));
  if (ids.length === 0) return progress;
  const rows = await db.select({
    campaignId: campaignDevices.campaignId,
    batch: campaignDevices.batch,
    state: campaignDevices.state,
    n: count(),
  }).from(campaignDevices).where(inArray(campaignDevices.campaignId, [...ids]))
    .groupBy(campaignDevices.campaignId, campaignDevices.batch, campaignDevices.state);
  for (const row of rows) {
    const p = progress.get(row.campaignId);
    if (p === undefined) continue;
    p.counts[row.state] += row.n;
    p.counts.total += row.n;
    p.batches = Math.max(p.batches, row.batch + 1);
    const open = row.state === "pending" || row.state === "in_progress";
    if (open && (p.currentBatch === null || row.batch < p.currentBatch)) p.currentBatch = row.batch;
  }
  return progress;
}

/**
 * The devices of a campaign counted by state.
 *
 * @param db A migrated database.
 * @param id The campaign.
 * @returns The counts.
 */
export async function campaignCounts(db: AcsDb, id: number): Promise<CampaignCounts> {
  return (await campaignProgress(db, [id])).get(id)?.counts ?? emptyProgress().counts;
}

/** Filter and page of {@link listCampaignDevices}. */
export interface CampaignDevicePage {
  state?: CampaignDeviceState | undefined;
  limit: number;
  offset: number;
}

/**
 * A page of a campaign's devices, by batch then device id.
 *
 * @param db A migrated database.
 * @param id The campaign.
 * @param page An optional state, limit and offset.
 * @returns How many match, and the page.
 *
 * @example A campaign without devices
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { listCampaignDevices } from "./progress.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const page = await listCampaignDevices(db, 1, { state: "faulted", limit: 10, offset: 0 });
 * if (page.total !== 0 || page.items.length !== 0) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function listCampaignDevices(
  db: AcsDb,
  id: number,
  page: CampaignDevicePage,
): Promise<{ total: number; items: CampaignDeviceRow[] }> {
  const where = and(
    eq(campaignDevices.campaignId, id),
    page.state === undefined ? undefined : eq(campaignDevices.state, page.state),
  );
  const [total] = await db.select({ n: count() }).from(campaignDevices).where(where);
  const items = await db.select().from(campaignDevices).where(where)
    .orderBy(asc(campaignDevices.batch), asc(campaignDevices.deviceId))
    .limit(page.limit).offset(page.offset);
  return { total: total?.n ?? 0, items };
}
