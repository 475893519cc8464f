/**
 * A campaign's life over the database: create (a draft), start (the target resolved once,
 * devices put in batches), pause, resume, cancel, delete. Every change of state is one
 * conditional write, so an operator's request and the runner (acs/campaigns/runner.ts) never
 * undo each other; an illegal change is a {@link CampaignError} of kind `conflict`.
 *
 * @module
 */

import { and, eq, inArray, sql } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import type { z } from "zod";
import type { AcsDb } from "../db/client.ts";
import {
  campaignDevices,
  type CampaignRow,
  campaigns,
  type CampaignState,
} from "../db/schema/campaigns.ts";
import { tasks } from "../db/schema/tasks.ts";
import type { CampaignBodySchema } from "../provisioning/schemas.ts";
import { batchOf, batchSizeOf } from "./batches.ts";
import { CampaignError } from "./errors.ts";
import { checkAction, checkedAction, checkWindow } from "./checks.ts";
import { resolveTarget } from "./target_sql.ts";

/** What {@link createCampaign} stores: the body of `POST /api/campaigns` without `start`. */
export type CampaignInput = Omit<z.output<typeof CampaignBodySchema>, "start">;

/** The time of an operation. */
export interface CampaignClock {
  now: Date;
}

// Rows per INSERT when a campaign starts: 6 values each, well below SQLite's 32766.
const INSERT_ROWS = 500;

/**
 * Stores a new campaign as a `draft`; its devices are chosen when it starts.
 *
 * @param db A migrated database.
 * @param input The campaign; a firmware action must name a ready file and know its version.
 * @param clock The time of creation.
 * @returns The stored campaign.
 * @throws {CampaignError} `invalid`: an unknown file, no version to check, a bad window.
 *
 * @example A draft
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { CampaignBodySchema } from "../provisioning/schemas.ts";
 * import { createCampaign, findCampaign } from "./lifecycle.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { start: _, ...input } = CampaignBodySchema.parse({
 *   name: "reboot all", action: { kind: "reboot" }, target: { query: {} },
 * });
 * const clock = { now: new Date() };
 * const { id } = await createCampaign(db, input, clock);
 * if ((await findCampaign(db, id)).state !== "draft") throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function createCampaign(
  db: AcsDb,
  input: CampaignInput,
  clock: CampaignClock,
): Promise<CampaignRow> {
  const action = await checkedAction(db, input.action);
  checkWindow(input.window);
  const [row] = await db.insert(campaigns).values({
    name: input.name,
    action,
    target: input.target,
    batchSize: input.batchSize ?? null,
    batchPercent: input.batchPercent ?? null,
    concurrency: input.concurrency,
    window: input.window,
    failureThreshold: input.failureThreshold,
    deviceTimeoutSeconds: input.deviceTimeoutSeconds,
    state: "draft",
    createdAt: clock.now,
    updatedAt: clock.now,
  }).returning();
  if (row === undefined) throw new Error("Cannot create the campaign: nothing was stored");
  return row;
}

/**
 * A campaign by id.
 *
 * @throws {CampaignError} `not_found`.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { CampaignBodySchema } from "../provisioning/schemas.ts";
 * import { createCampaign, findCampaign } from "./lifecycle.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { start: _, ...input } = CampaignBodySchema.parse({
 *   name: "reboot all", action: { kind: "reboot" }, target: { query: {} },
 * });
 * const clock = { now: new Date() };
 * const { id } = await createCampaign(db, input, clock);
 * if ((await findCampaign(db, id)).name !== "reboot all") throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function findCampaign(db: AcsDb, id: number): Promise<CampaignRow> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (row === undefined) throw new CampaignError("not_found", `Cannot find campaign ${id}`);
  return row;
}

/**
 * Starts a draft: resolves its target once (a query's matches, or a list's known devices;
 * unknown ids become `skipped`, "unknown device"), orders the devices by id, numbers their
 * batches and stores them `pending`, all in one transaction with the change to `running`.
 * A target without devices finishes at once.
 *
 * @param db A migrated database.
 * @param id The campaign.
 * @param clock The time of the start.
 * @returns The campaign, running (or finished).
 * @throws {CampaignError} `not_found`; `conflict` when it is not a draft.
 *
 * @example No device yet: it finishes at once
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { CampaignBodySchema } from "../provisioning/schemas.ts";
 * import { createCampaign, startCampaign } from "./lifecycle.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { start: _, ...input } = CampaignBodySchema.parse({
 *   name: "reboot all", action: { kind: "reboot" }, target: { query: {} },
 * });
 * const clock = { now: new Date() };
 * const { id } = await createCampaign(db, input, clock);
 * const started = await startCampaign(db, id, clock);
 * if (started.state !== "finished" || started.reason !== "no device matches the target") {
 *   throw new Error("unexpected");
 * }
 * db.$client.close();
 * ```
 */
export async function startCampaign(
  db: AcsDb,
  id: number,
  clock: CampaignClock,
): Promise<CampaignRow> {
  const campaign = await findCampaign(db, id);
  if (campaign.state !== "draft") throw conflict("start", campaign);
  await checkAction(db, campaign.action);
  const resolved = await resolveTarget(db, campaign.target);
  const size = batchSizeOf(resolved.devices.length, campaign);
  const now = clock.now.getTime();
  const rows = [
    ...resolved.devices.map((deviceId, i) =>
      sql`(${id}, ${deviceId}, ${batchOf(i, size)},
      'pending', NULL, NULL)`
    ),
    ...resolved.unknown.map((deviceId) =>
      sql`(${id}, ${deviceId}, 0, 'skipped',
      'unknown device', ${now})`
    ),
  ];
  const inserts = [];
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    // Inserted only while the campaign is still a draft: a second start inserts nothing.
    inserts.push(db.run(sql`INSERT INTO campaign_devices
      (campaign_id, device_id, batch, state, reason, finished_at)
      SELECT column1, column2, column3, column4, column5, column6
      FROM (VALUES ${sql.join(rows.slice(i, i + INSERT_ROWS), sql`, `)})
      WHERE EXISTS (SELECT 1 FROM campaigns WHERE id = ${id} AND state = 'draft')`));
  }
  const empty = resolved.devices.length === 0;
  const update = db.update(campaigns).set({
    state: empty ? "finished" : "running",
    reason: empty ? emptyReason(resolved.unknown.length) : null,
    batchSize: size,
    faultedAtResume: 0,
    startedAt: clock.now,
    updatedAt: clock.now,
    ...(empty ? { finishedAt: clock.now } : {}),
  }).where(and(eq(campaigns.id, id), eq(campaigns.state, "draft"))).returning();
  // The devices go in first, while the campaign is still a draft, then the state changes.
  const [first, ...rest] = inserts;
  const updated = first === undefined
    ? await update
    : (await db.batch([first, ...rest, update])).at(-1) as CampaignRow[];
  const [row] = updated;
  if (row === undefined) throw conflict("start", await findCampaign(db, id));
  return row;
}

function emptyReason(unknown: number): string {
  return unknown === 0
    ? "no device matches the target"
    : `no known device in the target (${unknown} unknown)`;
}

/**
 * Pauses a running campaign: devices in progress are still followed, none is admitted.
 *
 * @throws {CampaignError} `not_found`; `conflict` when it is not running.
 *
 * @example A draft cannot be paused
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { CampaignBodySchema } from "../provisioning/schemas.ts";
 * import { CampaignError } from "./errors.ts";
 * import { createCampaign, pauseCampaign } from "./lifecycle.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { start: _, ...input } = CampaignBodySchema.parse({
 *   name: "reboot all", action: { kind: "reboot" }, target: { query: {} },
 * });
 * const clock = { now: new Date() };
 * const { id } = await createCampaign(db, input, clock);
 * try {
 *   await pauseCampaign(db, id, clock);
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof CampaignError) || error.kind !== "conflict") throw error;
 * }
 * db.$client.close();
 * ```
 */
export async function pauseCampaign(
  db: AcsDb,
  id: number,
  clock: CampaignClock,
): Promise<CampaignRow> {
  return await transition(db, id, {
    verb: "pause",
    from: ["running"],
    set: { state: "paused", reason: "paused by an operator", updatedAt: clock.now },
  });
}

/**
 * Resumes a paused campaign. The failure threshold counts again from here: the faulted
 * devices so far become its baseline (`faultedAtResume`).
 *
 * @throws {CampaignError} `not_found`; `conflict` when it is not paused.
 *
 * @example A draft is started, not resumed
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { CampaignBodySchema } from "../provisioning/schemas.ts";
 * import type { CampaignError } from "./errors.ts";
 * import { createCampaign, resumeCampaign } from "./lifecycle.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { start: _, ...input } = CampaignBodySchema.parse({
 *   name: "reboot all", action: { kind: "reboot" }, target: { query: {} },
 * });
 * const clock = { now: new Date() };
 * const { id } = await createCampaign(db, input, clock);
 * const refused = await resumeCampaign(db, id, clock).catch((e: CampaignError) => e.message);
 * if (refused !== `Cannot resume campaign ${id}: it is draft; start it instead`) {
 *   throw new Error(String(refused));
 * }
 * db.$client.close();
 * ```
 */
export async function resumeCampaign(
  db: AcsDb,
  id: number,
  clock: CampaignClock,
): Promise<CampaignRow> {
  const faultedNow = sql<number>`(SELECT count(*) FROM campaign_devices
    WHERE campaign_id = ${id} AND state = 'faulted')`;
  return await transition(db, id, {
    verb: "resume",
    from: ["paused"],
    set: { state: "running", reason: null, faultedAtResume: faultedNow, updatedAt: clock.now },
  });
}

/**
 * Cancels a campaign that is not over: devices not yet admitted become `skipped` ("campaign
 * cancelled"); devices in progress become `skipped` too and their open tasks are cancelled.
 *
 * @throws {CampaignError} `not_found`; `conflict` when it is finished or cancelled already.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { CampaignBodySchema } from "../provisioning/schemas.ts";
 * import { cancelCampaign, createCampaign } from "./lifecycle.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { start: _, ...input } = CampaignBodySchema.parse({
 *   name: "reboot all", action: { kind: "reboot" }, target: { query: {} },
 * });
 * const clock = { now: new Date() };
 * const { id } = await createCampaign(db, input, clock);
 * if ((await cancelCampaign(db, id, clock)).state !== "cancelled") throw new Error("x");
 * db.$client.close();
 * ```
 */
export async function cancelCampaign(
  db: AcsDb,
  id: number,
  clock: CampaignClock,
): Promise<CampaignRow> {
  const row = await transition(db, id, {
    verb: "cancel",
    from: ["draft", "running", "paused"],
    set: {
      state: "cancelled",
      reason: "cancelled by an operator",
      updatedAt: clock.now,
      finishedAt: clock.now,
    },
  });
  await db.batch([
    cancelOpenTasks(db, id, clock.now),
    db.update(campaignDevices).set({
      state: "skipped",
      reason: sql`CASE WHEN ${campaignDevices.state} = 'pending' THEN 'campaign cancelled'
        ELSE 'campaign cancelled while in progress' END`,
      finishedAt: clock.now,
    }).where(and(
      eq(campaignDevices.campaignId, id),
      inArray(campaignDevices.state, ["pending", "in_progress"]),
    )),
  ]);
  return row;
}

/**
 * Deletes a campaign that is not running, with its devices' outcomes; open tasks of devices
 * still in progress (a paused campaign) are cancelled.
 *
 * @throws {CampaignError} `not_found`; `conflict` while it is running.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { CampaignBodySchema } from "../provisioning/schemas.ts";
 * import { createCampaign, deleteCampaign, findCampaign } from "./lifecycle.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const { start: _, ...input } = CampaignBodySchema.parse({
 *   name: "reboot all", action: { kind: "reboot" }, target: { query: {} },
 * });
 * const clock = { now: new Date() };
 * const { id } = await createCampaign(db, input, clock);
 * await deleteCampaign(db, id, clock);
 * if (await findCampaign(db, id).then(() => true, () => false)) throw new Error("x");
 * db.$client.close();
 * ```
 */
export async function deleteCampaign(db: AcsDb, id: number, clock: CampaignClock): Promise<void> {
  const campaign = await findCampaign(db, id);
  if (campaign.state === "running") {
    throw new CampaignError(
      "conflict",
      `Cannot delete campaign ${id}: it is running; pause or cancel it first`,
    );
  }
  const [, , deleted] = await db.batch([
    cancelOpenTasks(db, id, clock.now),
    db.delete(campaignDevices).where(eq(campaignDevices.campaignId, id)),
    db.delete(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.state, campaign.state)))
      .returning({ id: campaigns.id }),
  ]);
  if (deleted.length === 0) throw conflict("delete", await findCampaign(db, id));
}

// The open tasks of the campaign's devices in progress.
function cancelOpenTasks(db: AcsDb, id: number, now: Date) {
  return db.update(tasks).set({ state: "cancelled", awaitingTransfer: false, updatedAt: now })
    .where(and(
      inArray(tasks.state, ["pending", "running"]),
      inArray(
        tasks.id,
        db.select({ id: campaignDevices.taskId }).from(campaignDevices).where(and(
          eq(campaignDevices.campaignId, id),
          eq(campaignDevices.state, "in_progress"),
        )),
      ),
    ));
}

interface Transition {
  verb: string;
  from: CampaignState[];
  set: SQLiteUpdateSetSource<typeof campaigns>;
}

async function transition(db: AcsDb, id: number, change: Transition): Promise<CampaignRow> {
  const [row] = await db.update(campaigns).set(change.set)
    .where(and(eq(campaigns.id, id), inArray(campaigns.state, change.from))).returning();
  if (row !== undefined) return row;
  throw conflict(change.verb, await findCampaign(db, id));
}

const HINTS: Partial<Record<string, Partial<Record<CampaignState, string>>>> = {
  start: { paused: "; resume it instead" },
  resume: { draft: "; start it instead" },
  delete: { running: "; pause or cancel it first" },
};

function conflict(verb: string, campaign: CampaignRow): CampaignError {
  const hint = HINTS[verb]?.[campaign.state] ?? "";
  const already = (verb === "start" && campaign.state === "running") ||
      (verb === "pause" && campaign.state === "paused") ||
      (verb === "resume" && campaign.state === "running") ||
      (verb === "cancel" && campaign.state === "cancelled")
    ? "already "
    : "";
  return new CampaignError(
    "conflict",
    `Cannot ${verb} campaign ${campaign.id}: it is ${already}${campaign.state}${hint}`,
  );
}
