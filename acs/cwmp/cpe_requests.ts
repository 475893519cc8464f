/**
 * Answers to the CPE's requests other than Inform (TR-069 A.3.3). Each entry stores what the
 * request reports (event history, the transfer task it completes, its fault), then returns the
 * answer; methods not listed here get fault 8000.
 *
 * @module
 */

import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import { soapFault } from "../../protocol/soap/fault.ts";
import type { AcsStore } from "../store/types.ts";
import type { AcsLog } from "./context.ts";

/** What an answer may use. */
export interface CpeRequestContext {
  store: AcsStore;
  deviceId: string;
  time: Date;
  log: AcsLog;
  /** The NextURL of a KickedResponse; null for the URL the CPE proposed (its `Next`). */
  kickedNextUrl: string | null;
}

type Handler = (request: CwmpMessage, context: CpeRequestContext) => Promise<CwmpMessage>;

/** The methods this ACS answers, for GetRPCMethodsResponse (spec A.3.1.1). */
export const ACS_METHODS: readonly string[] = [
  "Inform",
  "GetRPCMethods",
  "TransferComplete",
  "AutonomousTransferComplete",
  "RequestDownload",
  "Kicked",
  "DUStateChangeComplete",
  "AutonomousDUStateChangeComplete",
];

const HANDLERS: Readonly<Record<string, Handler>> = {
  GetRPCMethods: () =>
    Promise.resolve({ method: "GetRPCMethodsResponse", methodList: [...ACS_METHODS] }),
  async TransferComplete(request, context) {
    if (request.method !== "TransferComplete") return soapFault(8000);
    const fault = request.faultStruct.faultCode === 0 ? null : request.faultStruct;
    await settleTransfer(request, request.commandKey, fault, context);
    return { method: "TransferCompleteResponse" };
  },
  async DUStateChangeComplete(request, context) {
    if (request.method !== "DUStateChangeComplete") return soapFault(8000);
    const failed = request.results.find((r) => r.fault.faultCode !== 0)?.fault ?? null;
    await settleTransfer(request, request.commandKey, failed, context);
    return { method: "DUStateChangeCompleteResponse" };
  },
  async AutonomousTransferComplete(request, context) {
    if (request.method !== "AutonomousTransferComplete") return soapFault(8000);
    // Not started by the ACS, so no task to settle; a failure is still a fault of the device.
    await record(request, "", context);
    const { faultCode, faultString } = request.faultStruct;
    if (faultCode !== 0) {
      await context.store.recordFault({
        deviceId: context.deviceId,
        taskId: null,
        source: "transfer",
        code: faultCode,
        string: faultString,
        detail: { faultCode, faultString, setParameterValuesFaults: [] },
        outcome: null,
        time: context.time,
      });
    }
    return { method: "AutonomousTransferCompleteResponse" };
  },
  async AutonomousDUStateChangeComplete(request, context) {
    await record(request, "", context);
    return { method: "AutonomousDUStateChangeCompleteResponse" };
  },
  async RequestDownload(request, context) {
    // Recorded for the operator (or a provisioning rule) to act on; spec A.4.1.3 asks only for
    // the acknowledgement.
    await record(request, "", context);
    return { method: "RequestDownloadResponse" };
  },
  async Kicked(request, context) {
    if (request.method !== "Kicked") return soapFault(8000);
    await record(request, request.command, context);
    return { method: "KickedResponse", nextUrl: context.kickedNextUrl ?? request.next };
  },
};

async function record(
  request: CwmpMessage,
  commandKey: string,
  context: CpeRequestContext,
): Promise<void> {
  const { method, ...detail } = request;
  await context.store.recordCpeRequest({
    deviceId: context.deviceId,
    code: method,
    commandKey,
    detail,
    time: context.time,
  });
}

async function settleTransfer(
  request: CwmpMessage,
  commandKey: string,
  fault: { faultCode: number; faultString: string } | null,
  context: CpeRequestContext,
): Promise<void> {
  await record(request, commandKey, context);
  const taskId = await context.store.completeTransfer({
    deviceId: context.deviceId,
    commandKey,
    message: { ...request },
    fault,
    time: context.time,
  });
  if (taskId === null) {
    context.log(
      "info",
      `${context.deviceId}: ${request.method} with CommandKey '${commandKey}' matches no task`,
    );
  }
}

/**
 * The answer to a CPE request other than Inform, once what it reports is stored.
 *
 * @param request The CPE's request.
 * @param context The store, the device, the time and the Kicked NextURL.
 * @returns Its response, or fault 8000 (Method not supported) for a method this ACS does not
 * implement.
 *
 * @example Usage
 * ```ts
 * import { answerCpeRequest } from "./cpe_requests.ts";
 * import type { AcsStore } from "../store/types.ts";
 * const answer = await answerCpeRequest(
 *   { method: "GetRPCMethods" },
 *   { store: {} as AcsStore, deviceId: "d", time: new Date(0), log: () => {}, kickedNextUrl: null },
 * );
 * if (answer.method !== "GetRPCMethodsResponse") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.3.3 ACS Methods
 */
export function answerCpeRequest(
  request: CwmpMessage,
  context: CpeRequestContext,
): Promise<CwmpMessage> {
  const handler = Object.hasOwn(HANDLERS, request.method) ? HANDLERS[request.method] : undefined;
  if (handler === undefined) return Promise.resolve(soapFault(8000));
  return handler(request, context);
}
