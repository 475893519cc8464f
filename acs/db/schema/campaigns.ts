/**
 * The `campaigns` and `campaign_devices` tables: bulk work over many devices (acs/campaigns/),
 * paced in batches, bounded in concurrency, held to a maintenance window and paused when too
 * many devices fail.
 *
 * @module
 */

import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { CampaignAction, CampaignTarget, ScheduleWindow } from "../../provisioning/types.ts";

/**
 * Where a campaign is in its life.
 *
 * - `draft`: created, not started; its devices are not yet chosen.
 * - `running`: devices are being admitted (inside its window) and followed.
 * - `paused`: by an operator or by the failure threshold; devices in progress are followed,
 *   none is admitted.
 * - `cancelled`: stopped by an operator; devices not yet admitted become `skipped`.
 * - `finished`: every device is done, faulted or skipped.
 */
export type CampaignState = "draft" | "running" | "paused" | "cancelled" | "finished";

/** Every {@link CampaignState}. */
export const CAMPAIGN_STATES: readonly CampaignState[] = [
  "draft",
  "running",
  "paused",
  "cancelled",
  "finished",
];

/** Where one device of a campaign is. */
export type CampaignDeviceState = "pending" | "in_progress" | "done" | "faulted" | "skipped";

/** Every {@link CampaignDeviceState}. */
export const CAMPAIGN_DEVICE_STATES: readonly CampaignDeviceState[] = [
  "pending",
  "in_progress",
  "done",
  "faulted",
  "skipped",
];

/** One campaign. */
export const campaigns = sqliteTable("campaigns", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** What is done to each device. */
  action: text("action", { mode: "json" }).$type<CampaignAction>().notNull(),
  /** Which devices: a device query of the API, or a list; resolved when it starts. */
  target: text("target", { mode: "json" }).$type<CampaignTarget>().notNull(),
  /**
   * Devices per batch; a batch starts when the previous one has settled. Null with
   * `batchPercent`, which is turned into a size when the campaign starts.
   */
  batchSize: integer("batch_size"),
  /** Devices per batch as a percentage of the target; null with `batchSize`. */
  batchPercent: real("batch_percent"),
  /** Devices in progress at once, at most. */
  concurrency: integer("concurrency").notNull(),
  /** Devices admitted only inside this window; null for any time. */
  window: text("window", { mode: "json" }).$type<ScheduleWindow | null>(),
  /** Faulted devices (since the start or the last resume) that pause it; null for never. */
  failureThreshold: integer("failure_threshold"),
  /** A device admitted this long ago without an outcome is faulted. */
  deviceTimeoutSeconds: integer("device_timeout_seconds").notNull(),
  state: text("state", { enum: CAMPAIGN_STATES as [CampaignState, ...CampaignState[]] })
    .notNull(),
  /** Why it is paused, cancelled or finished, e.g. `failure threshold reached: 1 faulted`. */
  reason: text("reason"),
  /** Faulted devices when it was last started or resumed (the threshold counts from there). */
  faultedAtResume: integer("faulted_at_resume").notNull().default(0),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
}, (table) => [index("campaigns_state_idx").on(table.state)]);

/** A row of {@link campaigns}. */
export type CampaignRow = typeof campaigns.$inferSelect;
/** A new row of {@link campaigns}. */
export type NewCampaignRow = typeof campaigns.$inferInsert;

/**
 * One device of a started campaign and its outcome. No foreign key to `devices`: the outcome
 * outlives a deleted device.
 */
export const campaignDevices = sqliteTable("campaign_devices", {
  campaignId: integer("campaign_id").notNull().references(() => campaigns.id, {
    onDelete: "cascade",
  }),
  deviceId: text("device_id").notNull(),
  /** 0-based batch number. */
  batch: integer("batch").notNull(),
  state: text("state", {
    enum: CAMPAIGN_DEVICE_STATES as [CampaignDeviceState, ...CampaignDeviceState[]],
  }).notNull(),
  /** The task queued for it; null until admitted. */
  taskId: integer("task_id"),
  /** Why it faulted or was skipped; a firmware check's finding when done. */
  reason: text("reason"),
  startedAt: integer("started_at", { mode: "timestamp_ms" }),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
}, (table) => [
  primaryKey({ columns: [table.campaignId, table.deviceId] }),
  index("campaign_devices_state_idx").on(table.campaignId, table.state, table.batch),
]);

/** A row of {@link campaignDevices}. */
export type CampaignDeviceRow = typeof campaignDevices.$inferSelect;
/** A new row of {@link campaignDevices}. */
export type NewCampaignDeviceRow = typeof campaignDevices.$inferInsert;
