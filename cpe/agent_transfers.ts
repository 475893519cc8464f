/**
 * Runs the queued transfers whose DelaySeconds have passed, one at a time, between sessions
 * (spec 3.4.3: the CPE may end the session and then transfer). Each step is on disk before the
 * next: state 2 before the transfer starts, state 3 with its result before the TransferComplete
 * is offered. A transfer cut off by a crash or a stop is still in state 2 and starts over.
 *
 * A simulated firmware image that was installed changes DeviceInfo.SoftwareVersion and asks
 * for a reboot in the same write as the transfer's result, so the TransferComplete goes out
 * in the Inform after the reboot, with `1 BOOT` (spec A.3.2.8: a CPE that must reboot to
 * apply a download reboots on its own after the session).
 *
 * @module
 */

import type { AgentStore } from "./agent_store.ts";
import type { AgentLog } from "./agent_types.ts";
import type { ShellRunner } from "./backends/shell.ts";
import type { TransportFactory } from "./client/transport.ts";
import type { AgentConfig } from "./config.ts";
import type { TransferRecord } from "./state.ts";
import { type DownloadResult, performDownload } from "./transfers/download.ts";
import { performUpload, type UploadContent, type UploadKind } from "./transfers/upload.ts";

/** What {@link runDueTransfer} needs. */
export interface TransferRunContext {
  store: AgentStore;
  config: AgentConfig;
  open: TransportFactory;
  now: () => number;
  randomHex: (bytes: number) => string;
  run: ShellRunner;
  uploadContent: (kind: UploadKind) => UploadContent;
  log: AgentLog;
  /** The agent stops: the transfer is abandoned (and redone at the next start). */
  signal: AbortSignal;
}

/**
 * Runs the first transfer that is due, if any.
 *
 * @param context The store, configuration, transport and hooks.
 * @returns Whether a transfer ran.
 * @throws {StateError} The state cannot be saved.
 */
export async function runDueTransfer(context: TransferRunContext): Promise<boolean> {
  const { store } = context;
  const now = context.now();
  const due = store.state.transfers.find((t) => t.state === 1 && t.notBefore <= now);
  if (due === undefined) return false;
  setTransfer(store, due.id, { state: 2 });
  await store.flush();
  const { firmwareVersion, ...result } = await perform(due, context);
  if (context.signal.aborted) return true;
  setTransfer(store, due.id, { state: 3, ...result });
  if (firmwareVersion !== undefined) installFirmware(store, firmwareVersion);
  await store.flush();
  const what = `${due.kind} '${due.commandKey}' (${due.fileType})`;
  context.log(
    result.faultCode !== 0
      ? `${what} failed with fault ${result.faultCode}: ${result.faultString}`
      : firmwareVersion === undefined
      ? `${what} done`
      : `${what} done: installed software version ${firmwareVersion}, rebooting`,
  );
  return true;
}

// The new version is a change of the device itself ("local"), notified per its attribute.
function installFirmware(store: AgentStore, version: string): void {
  store.device.set(`${store.device.root}DeviceInfo.SoftwareVersion`, version, "local");
  store.markModelChanged();
  // No transfer runs while a Reboot or FactoryReset is pending, so nothing is overwritten.
  store.update((s) => ({ ...s, pendingAction: "reboot" }));
}

/** Transfers cut off by a crash start over (state 2 back to 1). */
export function requeueInterrupted(store: AgentStore): void {
  if (!store.state.transfers.some((t) => t.state === 2)) return;
  store.update((s) => ({
    ...s,
    transfers: s.transfers.map((t) => t.state === 2 ? { ...t, state: 1 } : t),
  }));
}

function perform(record: TransferRecord, context: TransferRunContext): Promise<DownloadResult> {
  const { config } = context;
  const common = {
    open: context.open,
    now: context.now,
    randomHex: context.randomHex,
    signal: context.signal,
  };
  if (record.kind === "upload") {
    return performUpload(record, { ...common, content: context.uploadContent }, config.cwmpVersion);
  }
  return performDownload(record, {
    ...common,
    dir: config.downloads.dir,
    maxBytes: config.downloads.maxBytes,
    applyHooks: config.hooks.apply,
    simulatedFirmware: config.downloads.simulatedFirmware,
    run: context.run,
  }, config.cwmpVersion);
}

function setTransfer(store: AgentStore, id: number, change: Partial<TransferRecord>): void {
  store.update((s) => ({
    ...s,
    transfers: s.transfers.map((t) => t.id === id ? { ...t, ...change } : t),
  }));
}
