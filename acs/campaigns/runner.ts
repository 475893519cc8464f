/**
 * The campaign runner: one per ACS process. Each pass (a "tick") goes over the running and
 * paused campaigns: follows devices in progress to their outcome, pauses a campaign whose
 * failures reach its threshold, admits devices of a running campaign inside its window, asks
 * the admitted devices to connect, and finishes a campaign with nothing left to do. Passes
 * never overlap; a timer runs them under `serveAcs`.
 *
 * @module
 */

import { and, eq, inArray, sql } from "drizzle-orm";
import { type ConnectionRequestDeps, requestConnection } from "../connection_request/request.ts";
import type { AcsLog } from "../cwmp/context.ts";
import type { AcsDb } from "../db/client.ts";
import { type CampaignRow, campaigns } from "../db/schema/campaigns.ts";
import { isWindowOpen } from "../provisioning/schedule.ts";
import { admitDevices } from "./admit.ts";
import { followDevices } from "./follow.ts";
import { type CampaignCounts, campaignCounts } from "./progress.ts";

/** Dependencies of {@link createCampaignRunner}; all but the database have defaults. */
export interface CampaignRunnerDeps {
  /** A migrated database. */
  db: AcsDb;
  /** The clock, ms since the epoch (default `Date.now`). */
  now?: () => number;
  /** Log lines (default: none). */
  log?: AcsLog;
  /** Client, keys and limits of the Connection Requests sent to admitted devices. */
  connectionRequest?: Omit<ConnectionRequestDeps, "db" | "now">;
  /** The CWMP listener as devices reach it, for firmware URLs (default: each device's own). */
  publicUrl?: string | undefined;
  /** Time between the end of one pass and the start of the next, ms (default 1000). */
  intervalMs?: number;
  /** Connection Requests sent at once (default 16). */
  connectionRequestConcurrency?: number;
}

/** A campaign runner. */
export interface CampaignRunner {
  /** One pass over the running and paused campaigns; waits for a pass in progress first. */
  tick(): Promise<void>;
  /** Runs passes on a timer until {@link stop}. */
  start(): void;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Creates the campaign runner.
 *
 * @param deps Database, clock, log, Connection Request client, public URL, interval.
 * @returns The runner, stopped.
 *
 * @example A pass with no campaign does nothing
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createCampaignRunner } from "./runner.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const runner = createCampaignRunner({ db });
 * await runner.tick();
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, 3.2.2 ACS Connection Initiation (the Connection Requests it sends)
 */
export function createCampaignRunner(deps: CampaignRunnerDeps): CampaignRunner {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((): void => {});
  const intervalMs = deps.intervalMs ?? 1000;
  let chain: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  const tick = (): Promise<void> => {
    const pass = chain.then(() => runPass({ ...deps, now, log }));
    chain = pass.catch(() => {});
    return pass;
  };
  const schedule = (): void => {
    timer = setTimeout(async () => {
      try {
        await tick();
      } catch (error) {
        log("error", `campaigns: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (running) schedule();
    }, intervalMs);
  };
  return {
    tick,
    start(): void {
      if (running) return;
      running = true;
      schedule();
    },
    async stop(): Promise<void> {
      running = false;
      clearTimeout(timer);
      await chain;
    },
  };
}

type PassDeps = CampaignRunnerDeps & { now: () => number; log: AcsLog };

async function runPass(deps: PassDeps): Promise<void> {
  const active = await deps.db.select().from(campaigns)
    .where(inArray(campaigns.state, ["running", "paused"])).orderBy(campaigns.id);
  for (const campaign of active) {
    try {
      await step(deps, campaign);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      deps.log("error", `campaign ${campaign.id}: ${reason}`);
    }
  }
}

async function step(deps: PassDeps, campaign: CampaignRow): Promise<void> {
  const { db } = deps;
  await followDevices(db, campaign, deps.now());
  const counts = await campaignCounts(db, campaign.id);
  if (counts.pending + counts.in_progress === 0) return await finish(deps, campaign, counts);
  const faulted = counts.faulted - campaign.faultedAtResume;
  const threshold = campaign.failureThreshold;
  if (threshold !== null && faulted >= threshold) {
    if (campaign.state === "running") await pauseForFailures(deps, campaign, faulted);
    return;
  }
  if (campaign.state !== "running") return;
  if (campaign.window !== null && !isWindowOpen(campaign.window, deps.now())) return;
  const admitted = await admitDevices(
    { db, now: deps.now(), publicUrl: deps.publicUrl },
    campaign,
    counts.in_progress,
  );
  if (admitted.queued.length > 0) {
    deps.log("info", `campaign ${campaign.id}: admitted ${admitted.queued.length} device(s)`);
  }
  await askToConnect(deps, admitted.queued);
}

async function finish(
  deps: PassDeps,
  campaign: CampaignRow,
  counts: CampaignCounts,
): Promise<void> {
  const time = new Date(deps.now());
  const reason = `${counts.done} done, ${counts.faulted} faulted, ${counts.skipped} skipped ` +
    `of ${counts.total}`;
  const [row] = await deps.db.update(campaigns)
    .set({ state: "finished", reason, finishedAt: time, updatedAt: time })
    .where(and(
      eq(campaigns.id, campaign.id),
      inArray(campaigns.state, ["running", "paused"]),
      sql`NOT EXISTS (SELECT 1 FROM campaign_devices WHERE campaign_id = ${campaign.id}
        AND state IN ('pending', 'in_progress'))`,
    )).returning({ id: campaigns.id });
  if (row !== undefined) deps.log("info", `campaign ${campaign.id} finished: ${reason}`);
}

async function pauseForFailures(
  deps: PassDeps,
  campaign: CampaignRow,
  faulted: number,
): Promise<void> {
  const reason = `failure threshold reached: ${faulted} faulted`;
  // Not if an operator paused and resumed it meanwhile (a new baseline).
  const [row] = await deps.db.update(campaigns)
    .set({ state: "paused", reason, updatedAt: new Date(deps.now()) })
    .where(and(
      eq(campaigns.id, campaign.id),
      eq(campaigns.state, "running"),
      eq(campaigns.faultedAtResume, campaign.faultedAtResume),
    )).returning({ id: campaigns.id });
  if (row !== undefined) deps.log("warn", `campaign ${campaign.id} paused: ${reason}`);
}

// Best effort: a device that cannot be reached comes at its next periodic Inform.
async function askToConnect(deps: PassDeps, deviceIds: readonly string[]): Promise<void> {
  const queue = [...deviceIds];
  const crDeps: ConnectionRequestDeps = { ...deps.connectionRequest, db: deps.db, now: deps.now };
  const worker = async (): Promise<void> => {
    for (let deviceId = queue.shift(); deviceId !== undefined; deviceId = queue.shift()) {
      try {
        const record = await requestConnection(crDeps, deviceId);
        if (record.result !== "ok") {
          deps.log("info", `${deviceId}: connection request ${record.result}: ${record.detail}`);
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        deps.log("warn", `${deviceId}: ${reason}`);
      }
    }
  };
  const workers = Math.min(deps.connectionRequestConcurrency ?? 16, queue.length);
  await Promise.all(Array.from({ length: workers }, worker));
}
