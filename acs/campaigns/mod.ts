/**
 * Campaigns: bulk work over many devices (reboot, factory reset, set values, firmware
 * upgrade), paced in batches, bounded in concurrency, held to a maintenance window, paused
 * by a failure threshold, and followed to a verified outcome per device.
 *
 * @module
 */

export { type Admission, prepareAction } from "./action.ts";
export { batchOf, batchSizeOf } from "./batches.ts";
export { CampaignError, type CampaignErrorKind } from "./errors.ts";
export {
  type CampaignInput,
  cancelCampaign,
  createCampaign,
  deleteCampaign,
  findCampaign,
  pauseCampaign,
  resumeCampaign,
  startCampaign,
} from "./lifecycle.ts";
export {
  type CampaignCounts,
  type CampaignProgress,
  campaignProgress,
  emptyProgress,
  listCampaignDevices,
} from "./progress.ts";
export { type CampaignRunner, type CampaignRunnerDeps, createCampaignRunner } from "./runner.ts";
export { preconditionWhere, resolveTarget } from "./target_sql.ts";
