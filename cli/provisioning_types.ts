/**
 * Presets and campaigns as the northbound API shows them (`/api/presets`, `/api/campaigns`),
 * for the `cwmp presets ...` and `cwmp campaigns ...` commands. The shapes inside them are the
 * provisioning types of the ACS, imported as types only: the CLI does not load the ACS.
 *
 * @module
 */

import type {
  CampaignAction,
  CampaignTarget,
  Preset,
  ScheduleWindow,
} from "../acs/provisioning/types.ts";

/** A preset with its times (`GET /api/presets/:id`). */
export interface NbiPreset extends Preset {
  createdAt: string;
  updatedAt: string;
}

/** Where a campaign is in its life. */
export type NbiCampaignState = "draft" | "running" | "paused" | "cancelled" | "finished";

/** Every {@link NbiCampaignState}, for `--state`. */
export const CAMPAIGN_STATES: readonly NbiCampaignState[] = [
  "draft",
  "running",
  "paused",
  "cancelled",
  "finished",
];

/** Where one device of a campaign is. */
export type NbiCampaignDeviceState = "pending" | "in_progress" | "done" | "faulted" | "skipped";

/** Every {@link NbiCampaignDeviceState}, for `--state`. */
export const CAMPAIGN_DEVICE_STATES: readonly NbiCampaignDeviceState[] = [
  "pending",
  "in_progress",
  "done",
  "faulted",
  "skipped",
];

/** How many of a campaign's devices are in each state. */
export interface NbiCampaignCounts {
  total: number;
  pending: number;
  in_progress: number;
  done: number;
  faulted: number;
  skipped: number;
}

/** A campaign (`GET /api/campaigns/:id`). */
export interface NbiCampaign {
  id: number;
  name: string;
  action: CampaignAction;
  target: CampaignTarget;
  batchSize: number | null;
  batchPercent: number | null;
  concurrency: number;
  window: ScheduleWindow | null;
  failureThreshold: number | null;
  deviceTimeoutSeconds: number;
  state: NbiCampaignState;
  /** Why it is paused, cancelled or finished. */
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Faulted devices at the last start or resume (the threshold counts from there). */
  faultedAtResume?: number;
  counts: NbiCampaignCounts;
  /** The lowest batch (0-based) with a device pending or in progress; null when none is. */
  currentBatch: number | null;
  /** How many batches: 0 before the start, when the devices are chosen. */
  batches: number;
  /** When the maintenance window opens next, while it is closed. */
  windowOpensAt?: string | null;
}

/** One device of a campaign (`GET /api/campaigns/:id/devices`). */
export interface NbiCampaignDevice {
  deviceId: string;
  /** 0-based. */
  batch: number;
  state: NbiCampaignDeviceState;
  taskId: number | null;
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}
