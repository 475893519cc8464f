/**
 * Following a campaign's devices in progress to their outcome: the task's end decides it,
 * except for firmware, which is done only once the device, after its `M Download` or
 * `1 BOOT`, reports the expected SoftwareVersion; a device without an outcome in time faults.
 *
 * @module
 */

import { and, desc, eq, gte, inArray, max } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { campaignDevices, type CampaignRow } from "../db/schema/campaigns.ts";
import { events } from "../db/schema/events.ts";
import { type FaultRow, faults } from "../db/schema/faults.ts";
import { parameters } from "../db/schema/parameters.ts";
import { type TaskRow, tasks } from "../db/schema/tasks.ts";
import { cancelTask } from "../tasks/cancel.ts";
import { TaskError } from "../tasks/enqueue.ts";
import { SOFTWARE_VERSION_PATHS } from "./action.ts";

/** An in-progress device's outcome; undefined while it has none. */
export interface DeviceOutcome {
  deviceId: string;
  state: "done" | "faulted";
  reason: string | null;
}

/** Events after which a firmware device is expected to report its new SoftwareVersion. */
const UPGRADE_EVENTS = ["M Download", "1 BOOT"];

interface InProgress {
  deviceId: string;
  startedAt: Date | null;
  task: TaskRow | null;
}

/**
 * Settles the campaign's devices in progress that have an outcome: task done (firmware:
 * verified), task faulted, expired or cancelled, or no outcome within the device timeout
 * (its open task is cancelled). Each change is conditional on the device still being in
 * progress, so a concurrent cancel wins.
 *
 * @param db A migrated database.
 * @param campaign The campaign.
 * @param now The time, ms since the epoch.
 * @returns The outcomes recorded.
 * @see TR-069 Issue 1, A.3.3.1 Inform (EventCode `M Download`, `1 BOOT`) and A.3.2.8 Download
 */
export async function followDevices(
  db: AcsDb,
  campaign: CampaignRow,
  now: number,
): Promise<DeviceOutcome[]> {
  const rows: InProgress[] = await db.select({
    deviceId: campaignDevices.deviceId,
    startedAt: campaignDevices.startedAt,
    task: tasks,
  }).from(campaignDevices).leftJoin(tasks, eq(tasks.id, campaignDevices.taskId))
    .where(
      and(eq(campaignDevices.campaignId, campaign.id), eq(campaignDevices.state, "in_progress")),
    );
  if (rows.length === 0) return [];
  const faultsOf = await latestFaults(db, rows);
  // Stored by createCampaign: the action's version, or the file's.
  const version = campaign.action.kind === "firmware" ? campaign.action.softwareVersion : undefined;
  const outcomes: DeviceOutcome[] = [];
  for (const row of rows) {
    const outcome = await outcomeOf(db, row, { campaign, faultsOf, version, now });
    if (outcome !== undefined) outcomes.push(outcome);
  }
  if (outcomes.length === 0) return [];
  const finishedAt = new Date(now);
  const [first, ...rest] = outcomes.map((o) =>
    db.update(campaignDevices).set({ state: o.state, reason: o.reason, finishedAt }).where(and(
      eq(campaignDevices.campaignId, campaign.id),
      eq(campaignDevices.deviceId, o.deviceId),
      eq(campaignDevices.state, "in_progress"),
    ))
  );
  if (first !== undefined) await db.batch([first, ...rest]);
  return outcomes;
}

interface FollowContext {
  campaign: CampaignRow;
  faultsOf: Map<number, FaultRow>;
  /** The version a firmware device must report; undefined for other actions. */
  version: string | undefined;
  now: number;
}

async function outcomeOf(
  db: AcsDb,
  row: InProgress,
  ctx: FollowContext,
): Promise<DeviceOutcome | undefined> {
  const { deviceId, task } = row;
  const faulted = (reason: string): DeviceOutcome => ({ deviceId, state: "faulted", reason });
  if (task !== null && task.state === "done") {
    if (ctx.campaign.action.kind !== "firmware") return { deviceId, state: "done", reason: null };
    const verified = await verifyFirmware(db, task, ctx.version);
    if (verified !== undefined) return { deviceId, ...verified };
  }
  if (task !== null && (task.state === "faulted" || task.state === "expired")) {
    const fault = ctx.faultsOf.get(task.id);
    if (fault !== undefined) return faulted(`${fault.string} (fault ${fault.code})`);
    return faulted(`task ${task.id} ${task.state}`);
  }
  if (task !== null && task.state === "cancelled") return faulted(`task ${task.id} was cancelled`);
  const timeoutMs = ctx.campaign.deviceTimeoutSeconds * 1000;
  const since = row.startedAt?.getTime() ?? ctx.now;
  if (ctx.now - since < timeoutMs) return undefined;
  if (task !== null && (task.state === "pending" || task.state === "running")) {
    await cancelQuietly(db, task.id, ctx.now);
  }
  const seconds = ctx.campaign.deviceTimeoutSeconds;
  if (task?.state === "done") {
    return faulted(
      `no outcome after ${seconds} s: the Download is done, but the device has not reported ` +
        "its SoftwareVersion after an M Download or 1 BOOT since",
    );
  }
  return faulted(`no outcome after ${seconds} s`);
}

/**
 * The firmware check of a device whose Download is done: once it has informed with
 * `M Download` or `1 BOOT` at or after the task was queued, the SoftwareVersion cached from
 * that Inform (or later) must be the expected one.
 *
 * @returns The outcome, or undefined while the device has not reported since the upgrade.
 */
async function verifyFirmware(
  db: AcsDb,
  task: TaskRow,
  version: string | undefined,
): Promise<Omit<DeviceOutcome, "deviceId"> | undefined> {
  const [event] = await db.select({ time: max(events.time) }).from(events).where(and(
    eq(events.deviceId, task.deviceId),
    inArray(events.code, UPGRADE_EVENTS),
    gte(events.time, task.createdAt),
  ));
  if (event?.time === null || event?.time === undefined) return undefined;
  const rows = await db.select({ path: parameters.path, value: parameters.value })
    .from(parameters).where(and(
      eq(parameters.deviceId, task.deviceId),
      inArray(parameters.path, [...SOFTWARE_VERSION_PATHS]),
      gte(parameters.fetchedAt, event.time),
    ));
  const reported = SOFTWARE_VERSION_PATHS.map((p) => rows.find((r) => r.path === p)?.value)
    .find((v) => v !== undefined && v !== null);
  if (reported === undefined || reported === null) return undefined;
  if (version === undefined) {
    return { state: "faulted", reason: `reports ${reported}; the campaign names no version` };
  }
  if (reported === version) {
    return { state: "done", reason: `running ${reported}` };
  }
  return { state: "faulted", reason: `reports ${reported} after the upgrade, expected ${version}` };
}

async function latestFaults(db: AcsDb, rows: InProgress[]): Promise<Map<number, FaultRow>> {
  const ids = rows.flatMap((r) =>
    r.task !== null && (r.task.state === "faulted" || r.task.state === "expired") ? [r.task.id] : []
  );
  const latest = new Map<number, FaultRow>();
  if (ids.length === 0) return latest;
  const found = await db.select().from(faults).where(inArray(faults.taskId, ids))
    .orderBy(desc(faults.id));
  for (const fault of found) {
    if (fault.taskId !== null && !latest.has(fault.taskId)) latest.set(fault.taskId, fault);
  }
  return latest;
}

async function cancelQuietly(db: AcsDb, taskId: number, now: number): Promise<void> {
  try {
    await cancelTask(db, taskId, new Date(now));
  } catch (error) {
    // It finished meanwhile; the device is faulted for the timeout all the same.
    if (!(error instanceof TaskError)) throw error;
  }
}
