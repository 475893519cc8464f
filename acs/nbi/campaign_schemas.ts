/**
 * The zod schemas of the campaign routes (acs/nbi/campaigns.ts): a campaign with its
 * progress, its devices, and the list queries. The body of `POST /api/campaigns` is
 * `CampaignBodySchema` of acs/provisioning/schemas.ts.
 *
 * @module
 */

import { z } from "zod";
import {
  CAMPAIGN_DEVICE_STATES,
  CAMPAIGN_STATES,
  type CampaignDeviceState,
  type CampaignState,
} from "../db/schema/campaigns.ts";
import {
  CampaignActionSchema,
  CampaignTargetSchema,
  ScheduleWindowSchema,
} from "../provisioning/schemas.ts";

const time = z.iso.datetime().describe("ISO 8601 time (UTC)");
const limit = z.coerce.number().int().min(1).max(1000).default(50)
  .describe("Items per page (at most 1000)");
const offset = z.coerce.number().int().min(0).default(0).describe("Items to skip");
const campaignState = z.enum(CAMPAIGN_STATES as [CampaignState, ...CampaignState[]]);
const deviceState = z.enum(
  CAMPAIGN_DEVICE_STATES as [CampaignDeviceState, ...CampaignDeviceState[]],
);

/** Devices of a campaign by state. */
export const CampaignCountsSchema = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  in_progress: z.number().int(),
  done: z.number().int(),
  faulted: z.number().int(),
  skipped: z.number().int(),
});

/** A campaign with its progress. */
export const CampaignSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  action: CampaignActionSchema,
  target: CampaignTargetSchema,
  batchSize: z.number().int().nullable()
    .describe("Devices per batch (from batchPercent once started); null: one batch"),
  batchPercent: z.number().nullable(),
  concurrency: z.number().int(),
  window: ScheduleWindowSchema.nullable(),
  failureThreshold: z.number().int().nullable(),
  deviceTimeoutSeconds: z.number().int(),
  state: campaignState,
  reason: z.string().nullable()
    .describe(
      "Why it is paused, cancelled or finished, e.g. 'failure threshold reached: 1 faulted'",
    ),
  faultedAtResume: z.number().int()
    .describe("Faulted devices at the last start or resume; the threshold counts from there"),
  createdAt: time,
  updatedAt: time,
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
  counts: CampaignCountsSchema,
  currentBatch: z.number().int().nullable()
    .describe("The lowest batch with a device pending or in progress; null when none is"),
  batches: z.number().int().describe("How many batches (0 before the start)"),
  windowOpensAt: time.optional()
    .describe("Running but outside its window: when the window next opens"),
});

/** A page of campaigns. */
export const CampaignListSchema = z.object({
  total: z.number().int(),
  items: z.array(CampaignSchema),
});

/** `GET /api/campaigns`. */
export const CampaignListQuery = z.strictObject({ state: campaignState.optional(), limit, offset });

/** One device of a campaign and its outcome. */
export const CampaignDeviceSchema = z.object({
  deviceId: z.string(),
  batch: z.number().int().describe("0-based"),
  state: deviceState,
  taskId: z.number().int().nullable(),
  reason: z.string().nullable().describe(
    "Why it faulted or was skipped; a firmware check's finding",
  ),
  startedAt: time.nullable(),
  finishedAt: time.nullable(),
});

/** A page of a campaign's devices. */
export const CampaignDeviceListSchema = z.object({
  total: z.number().int(),
  items: z.array(CampaignDeviceSchema),
});

/** `GET /api/campaigns/:id/devices`. */
export const CampaignDeviceListQuery = z.strictObject({
  state: deviceState.optional(),
  limit,
  offset,
});
