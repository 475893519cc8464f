/**
 * Answers to the CPE's requests other than Inform (TR-069 A.3.3). Each entry stores what the
 * request reports, then returns the answer; methods not listed here get fault 8000 from the
 * session machine.
 *
 * @module
 */

import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import { soapFault } from "../../protocol/soap/fault.ts";
import type { AcsStore } from "../store/types.ts";

/** What an answer may use. */
export interface CpeRequestContext {
  store: AcsStore;
  deviceId: string;
  time: Date;
}

type Handler = (request: CwmpMessage, context: CpeRequestContext) => Promise<CwmpMessage>;

/** The methods this ACS answers, for GetRPCMethodsResponse (spec A.3.1.1). */
export const ACS_METHODS: readonly string[] = [
  "Inform",
  "GetRPCMethods",
  "TransferComplete",
  "AutonomousTransferComplete",
  "RequestDownload",
];

const HANDLERS: Readonly<Record<string, Handler>> = {
  GetRPCMethods: () =>
    Promise.resolve({ method: "GetRPCMethodsResponse", methodList: [...ACS_METHODS] }),
  async TransferComplete(request, context) {
    if (request.method === "TransferComplete") {
      await recordTransferFault(request.faultStruct, context);
    }
    return { method: "TransferCompleteResponse" };
  },
  async AutonomousTransferComplete(request, context) {
    if (request.method === "AutonomousTransferComplete") {
      await recordTransferFault(request.faultStruct, context);
    }
    return { method: "AutonomousTransferCompleteResponse" };
  },
  // Files are a later part of the ACS; acknowledging is what spec A.4.1.3 asks for meanwhile.
  RequestDownload: () => Promise.resolve({ method: "RequestDownloadResponse" }),
};

async function recordTransferFault(
  fault: { faultCode: number; faultString: string },
  context: CpeRequestContext,
): Promise<void> {
  if (fault.faultCode === 0) return;
  await context.store.recordFault({
    deviceId: context.deviceId,
    taskId: null,
    code: fault.faultCode,
    string: fault.faultString,
    detail: {
      faultCode: fault.faultCode,
      faultString: fault.faultString,
      setParameterValuesFaults: [],
    },
    time: context.time,
  });
}

/**
 * The answer to a CPE request other than Inform, once what it reports is stored.
 *
 * @param request The CPE's request.
 * @param context The store, the device and the time.
 * @returns Its response, or fault 8000 (Method not supported) for a method this ACS does not
 * implement.
 *
 * @example Usage
 * ```ts
 * import { answerCpeRequest } from "./cpe_requests.ts";
 * import type { AcsStore } from "../store/types.ts";
 * const answer = await answerCpeRequest(
 *   { method: "GetRPCMethods" },
 *   { store: {} as AcsStore, deviceId: "d", time: new Date(0) },
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
