/**
 * Classification of messages by method name: who may call what, and what answers a request.
 * By name rather than by codec, so a method whose codec is missing still flows correctly.
 *
 * @module
 */

import type { CwmpMessage } from "../rpc/codecs.ts";
import type { SoapFault } from "../soap/fault.ts";

/** Requests a CPE may send to an ACS (spec 3.6 Table 4 server methods, and later amendments). */
export const CPE_REQUEST_METHODS: ReadonlySet<string> = new Set([
  "Inform",
  "TransferComplete",
  "AutonomousTransferComplete",
  "GetRPCMethods",
  "RequestDownload",
  "Kicked",
  "DUStateChangeComplete",
  "AutonomousDUStateChangeComplete",
]);

/** Requests an ACS may send to a CPE (spec 3.6 Table 4 CPE methods, and later amendments). */
export const ACS_REQUEST_METHODS: ReadonlySet<string> = new Set([
  "GetRPCMethods",
  "SetParameterValues",
  "GetParameterValues",
  "GetParameterNames",
  "SetParameterAttributes",
  "GetParameterAttributes",
  "AddObject",
  "DeleteObject",
  "Reboot",
  "Download",
  "Upload",
  "FactoryReset",
  "GetQueuedTransfers",
  "GetAllQueuedTransfers",
  "ScheduleInform",
  "SetVouchers",
  "GetOptions",
  "ScheduleDownload",
  "CancelTransfer",
  "ChangeDUState",
]);

/** Fault code 8005 "Retry request" (spec A.5.2). */
export const RETRY_FAULT_CODE = 8005;

/** The method element name of a message, also for one without a codec. */
export function methodName(message: CwmpMessage): string {
  return message.method === "Unsupported" ? message.name : message.method;
}

/** Whether a message answers a request: a SOAP fault or a `...Response` element (spec 3.5). */
export function isAnswer(message: CwmpMessage): boolean {
  return message.method === "Fault" || methodName(message).endsWith("Response");
}

/** Whether a message is the fault 8005 that asks the requester to retry at once (spec A.5.3). */
export function isRetryFault(message: CwmpMessage): message is SoapFault {
  return message.method === "Fault" && message.detail?.faultCode === RETRY_FAULT_CODE;
}

/** Whether `answer` may answer `request`: its `...Response` element or a fault. */
export function answers(answer: CwmpMessage, request: CwmpMessage): boolean {
  return answer.method === "Fault" || methodName(answer) === `${methodName(request)}Response`;
}

/**
 * The request to send again after a fault 8005. An Inform counts the failed attempt in
 * RetryCount, which spec A.3.3.1 increments for every use that got an error response.
 */
export function forRetry(request: CwmpMessage): CwmpMessage {
  if (request.method !== "Inform") return request;
  return { ...request, retryCount: request.retryCount + 1 };
}
