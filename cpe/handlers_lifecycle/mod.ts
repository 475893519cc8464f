/**
 * The lifecycle handlers by method name: the ACS requests the agent answers itself, next to the
 * parameter and object RPCs that the model answers.
 *
 * @module
 */

import type { LifecycleHandler } from "./context.ts";
import {
  handleCancelTransfer,
  handleGetAllQueuedTransfers,
  handleGetOptions,
  handleGetQueuedTransfers,
  handleGetRpcMethods,
  handleScheduleInform,
  handleSetVouchers,
} from "./queries.ts";
import { handleFactoryReset, handleReboot } from "./reboot.ts";
import { handleDownload, handleUpload } from "./transfer.ts";

export type { LifecycleContext, LifecycleHandler } from "./context.ts";

/** Handler of each lifecycle method. */
export const LIFECYCLE_HANDLERS: Readonly<Record<string, LifecycleHandler>> = {
  GetRPCMethods: handleGetRpcMethods,
  Reboot: handleReboot,
  FactoryReset: handleFactoryReset,
  Download: handleDownload,
  Upload: handleUpload,
  GetQueuedTransfers: handleGetQueuedTransfers,
  GetAllQueuedTransfers: handleGetAllQueuedTransfers,
  CancelTransfer: handleCancelTransfer,
  ScheduleInform: handleScheduleInform,
  GetOptions: handleGetOptions,
  SetVouchers: handleSetVouchers,
};
