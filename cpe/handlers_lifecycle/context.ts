/**
 * What the lifecycle handlers (Reboot, FactoryReset, Download, Upload, GetQueuedTransfers,
 * ScheduleInform, GetOptions, SetVouchers, ...) may see and change: the agent's durable state,
 * which the session persists before the answer leaves (design.md invariant 5).
 *
 * @module
 */

import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { CwmpVersion } from "../../protocol/soap/namespaces.ts";
import type { AgentState } from "../state.ts";

/** The context of one lifecycle request. */
export interface LifecycleContext {
  /** The current durable state. */
  state(): AgentState;
  /** Replaces the durable state; it is saved before the answer is posted. */
  update(change: (state: AgentState) => AgentState): void;
  /** The clock, ms since the epoch. */
  now(): number;
  /** The namespace the answers are sent in. */
  version: CwmpVersion;
  /** Largest download accepted, in bytes. */
  maxDownloadBytes: number;
  /** Every ACS request this agent answers, for GetRPCMethods. */
  supportedMethods(): string[];
}

/** Answers one request: its `...Response`; a failure throws `CwmpFault`. */
export type LifecycleHandler = (request: CwmpMessage, context: LifecycleContext) => CwmpMessage;

/** Most transfers queued at once (QueuedTransferStruct[16], spec A.4.1.1 Table 40). */
export const MAX_QUEUED_TRANSFERS = 16;
