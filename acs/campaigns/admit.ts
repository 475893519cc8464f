/**
 * Admitting a campaign's pending devices: those of the lowest batch not yet settled, up to
 * the concurrency limit, each claimed with a conditional write, then skipped, faulted or
 * given its task (expiring at the device timeout).
 *
 * @module
 */

import { and, asc, eq, inArray, min, sql } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { campaignDevices, type CampaignRow } from "../db/schema/campaigns.ts";
import { cancelTask } from "../tasks/cancel.ts";
import { enqueueTask, TaskError } from "../tasks/enqueue.ts";
import { prepareAction } from "./action.ts";

/** What {@link admitDevices} needs. */
export interface AdmitDeps {
  db: AcsDb;
  /** The time, ms since the epoch. */
  now: number;
  /** The CWMP listener as devices reach it (firmware URLs); default: the device's own. */
  publicUrl?: string | undefined;
}

/** What an admission pass did. */
export interface AdmitResult {
  /** Devices given a task: they should be asked to connect. */
  queued: string[];
  /** Devices settled at once (skipped or faulted). */
  settled: number;
}

/**
 * Admits pending devices of the lowest unsettled batch while fewer than `concurrency` are in
 * progress. A later batch is not started until every device of the current one is settled.
 *
 * @param deps Database, time, public URL.
 * @param campaign The campaign (running, inside its window).
 * @param inProgress Devices in progress now.
 * @returns The devices queued and how many were settled at once.
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export async function admitDevices(
  deps: AdmitDeps,
  campaign: CampaignRow,
  inProgress: number,
): Promise<AdmitResult> {
  const { db } = deps;
  const result: AdmitResult = { queued: [], settled: 0 };
  const slots = campaign.concurrency - inProgress;
  if (slots <= 0) return result;
  const ofCampaign = eq(campaignDevices.campaignId, campaign.id);
  const [current] = await db.select({ batch: min(campaignDevices.batch) }).from(campaignDevices)
    .where(and(ofCampaign, inArray(campaignDevices.state, ["pending", "in_progress"])));
  if (current?.batch === null || current?.batch === undefined) return result;
  const candidates = await db.select({ deviceId: campaignDevices.deviceId })
    .from(campaignDevices)
    .where(and(
      ofCampaign,
      eq(campaignDevices.state, "pending"),
      eq(campaignDevices.batch, current.batch),
    ))
    .orderBy(asc(campaignDevices.deviceId)).limit(slots);
  if (candidates.length === 0) return result;
  const admissionOf = await prepareAction(db, campaign, { publicUrl: deps.publicUrl });
  for (const { deviceId } of candidates) {
    if (!(await claim(deps, campaign.id, deviceId))) continue;
    const admission = await admissionOf(deviceId);
    if (admission.kind !== "task") {
      const state = admission.kind === "skip" ? "skipped" : "faulted";
      await settle(deps, campaign.id, { deviceId, state, reason: admission.reason });
      result.settled++;
      continue;
    }
    const taskId = await queue(deps, campaign, { deviceId, request: admission.request });
    if (taskId === undefined) result.settled++;
    else result.queued.push(deviceId);
  }
  return result;
}

// pending -> in_progress, only while the campaign is running (an operator may pause it now).
async function claim(deps: AdmitDeps, campaignId: number, deviceId: string): Promise<boolean> {
  const claimed = await deps.db.update(campaignDevices)
    .set({ state: "in_progress", startedAt: new Date(deps.now) })
    .where(and(
      eq(campaignDevices.campaignId, campaignId),
      eq(campaignDevices.deviceId, deviceId),
      eq(campaignDevices.state, "pending"),
      sql`EXISTS (SELECT 1 FROM campaigns WHERE id = ${campaignId} AND state = 'running')`,
    ))
    .returning({ deviceId: campaignDevices.deviceId });
  return claimed.length === 1;
}

async function settle(
  deps: AdmitDeps,
  campaignId: number,
  outcome: { deviceId: string; state: "skipped" | "faulted"; reason: string },
): Promise<void> {
  await deps.db.update(campaignDevices)
    .set({ state: outcome.state, reason: outcome.reason, finishedAt: new Date(deps.now) })
    .where(and(
      eq(campaignDevices.campaignId, campaignId),
      eq(campaignDevices.deviceId, outcome.deviceId),
      eq(campaignDevices.state, "in_progress"),
    ));
}

// Queues the device's task and records it; returns its id, or undefined when the device was
// faulted instead (the task cannot be queued) or cancelled meanwhile.
async function queue(
  deps: AdmitDeps,
  campaign: CampaignRow,
  input: { deviceId: string; request: Parameters<typeof enqueueTask>[1]["request"] },
): Promise<number | undefined> {
  const { db, now } = deps;
  let taskId: number;
  try {
    const task = await enqueueTask(db, {
      deviceId: input.deviceId,
      request: input.request,
      now: new Date(now),
      expires: new Date(now + campaign.deviceTimeoutSeconds * 1000),
    });
    taskId = task.id;
  } catch (error) {
    if (!(error instanceof TaskError)) throw error;
    await settle(deps, campaign.id, {
      deviceId: input.deviceId,
      state: "faulted",
      reason: error.message,
    });
    return undefined;
  }
  const recorded = await db.update(campaignDevices).set({ taskId }).where(and(
    eq(campaignDevices.campaignId, campaign.id),
    eq(campaignDevices.deviceId, input.deviceId),
    eq(campaignDevices.state, "in_progress"),
  )).returning({ deviceId: campaignDevices.deviceId });
  if (recorded.length === 1) return taskId;
  // Cancelled while its task was being queued: the task goes too.
  await cancelTask(db, taskId, new Date(now)).catch((error) => {
    if (!(error instanceof TaskError)) throw error;
  });
  return undefined;
}
