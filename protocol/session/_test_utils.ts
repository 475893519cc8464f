/**
 * Test helpers: sample messages, the XML round trip between two sessions, and a driver that
 * runs a {@link CpeSession} against an {@link AcsSession} in memory.
 *
 * @module
 */

import type { CwmpMessage } from "../rpc/codecs.ts";
import type { Inform } from "../rpc/inform.ts";
import { decodeEnvelopes, encodeEnvelope, type Envelope } from "../soap/envelope.ts";
import { soapFault } from "../soap/fault.ts";
import type { AcsSession } from "./acs_session.ts";
import type { CpeSession } from "./cpe_session.ts";
import { methodName } from "./_methods.ts";
import type { HttpBody, SessionAction } from "./types.ts";

/** An Inform with the given CPE MaxEnvelopes. */
export function sampleInform(maxEnvelopes: number, eventCode = "1 BOOT"): Inform {
  return {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "42" },
    events: [{ eventCode, commandKey: "" }],
    maxEnvelopes,
    currentTime: "2026-01-01T00:00:00Z",
    retryCount: 0,
    parameterList: [],
  };
}

/** A request of each kind the tests use, by name. */
export const REQUESTS = {
  GetParameterValues: {
    method: "GetParameterValues",
    parameterNames: ["InternetGatewayDevice.DeviceInfo."],
  },
  SetParameterValues: {
    method: "SetParameterValues",
    parameterList: [
      {
        name: "InternetGatewayDevice.ManagementServer.PeriodicInformInterval",
        type: "unsignedInt",
        value: "60",
      },
    ],
    parameterKey: "k1",
  },
  AddObject: {
    method: "AddObject",
    objectName: "InternetGatewayDevice.Layer3Forwarding.Forwarding.",
    parameterKey: "",
  },
  ScheduleInform: { method: "ScheduleInform", delaySeconds: 30, commandKey: "si" },
  Reboot: { method: "Reboot", commandKey: "rb" },
  GetRPCMethods: { method: "GetRPCMethods" },
  TransferComplete: {
    method: "TransferComplete",
    commandKey: "dl",
    faultStruct: { faultCode: 0, faultString: "" },
    startTime: "2026-01-01T00:00:00Z",
    completeTime: "2026-01-01T00:01:00Z",
  },
  RequestDownload: { method: "RequestDownload", fileType: "2 Web Content", fileTypeArg: [] },
} as const satisfies Record<string, CwmpMessage>;

/** A valid answer to any request the tests send. */
export function answerTo(
  request: CwmpMessage,
  options: { maxEnvelopes?: number } = {},
): CwmpMessage {
  switch (methodName(request)) {
    case "Inform":
      return { method: "InformResponse", maxEnvelopes: options.maxEnvelopes ?? 1 };
    case "GetParameterValues":
      return {
        method: "GetParameterValuesResponse",
        parameterList: [{
          name: "InternetGatewayDevice.DeviceInfo.UpTime",
          type: "unsignedInt",
          value: "7",
        }],
      };
    case "SetParameterValues":
      return { method: "SetParameterValuesResponse", status: 0 };
    case "AddObject":
      return { method: "AddObjectResponse", instanceNumber: 1, status: 0 };
    case "ScheduleInform":
      return { method: "ScheduleInformResponse" };
    case "Reboot":
      return { method: "RebootResponse" };
    case "GetRPCMethods":
      return { method: "GetRPCMethodsResponse", methodList: ["Inform", "GetRPCMethods"] };
    case "TransferComplete":
      return { method: "TransferCompleteResponse" };
    case "RequestDownload":
      return { method: "RequestDownloadResponse" };
    default:
      return soapFault(9000);
  }
}

/** Encodes envelopes into one HTTP body and decodes it again, as the peer would read it. */
export function overWire(envelopes: readonly Envelope[]): HttpBody {
  const text = envelopes
    .map((e) => encodeEnvelope(e.message, { version: e.cwmpVersion, headers: e.headers }))
    .join("\n");
  const decoded = decodeEnvelopes(text).envelopes;
  return decoded.length === 0 ? "empty" : decoded;
}

/** One line per envelope list: `POST Inform` or `RESPONSE InformResponse, GetParameterValues`. */
export function describe(direction: "POST" | "RESPONSE", body: HttpBody): string {
  if (body === "empty") return `${direction} (empty)`;
  return `${direction} ${
    body.map((e) => e.message === null ? "(empty body)" : methodName(e.message)).join(", ")
  }`;
}

/** Hooks of {@link runPair}, called once per exchange and per action. */
export interface PairHooks {
  /** Before the ACS builds each HTTP response (enqueue, hold, ...); `step` counts POSTs from 0. */
  beforeResponse?: (acs: AcsSession, step: number) => void;
  /** Before the CPE builds each POST after the first; `step` counts responses from 1. */
  beforePost?: (cpe: CpeSession, step: number) => void;
  /** The ACS's answer to a CPE request; default {@link answerTo} with `acsMaxEnvelopes`. */
  acsAnswer?: (request: CwmpMessage) => CwmpMessage;
}

/** What {@link runPair} saw. */
export interface PairRun {
  transcript: string[];
  posts: HttpBody[];
  responses: HttpBody[];
  acsActions: SessionAction[];
  cpeActions: SessionAction[];
}

/**
 * Runs the two sessions against each other through encoded XML until the CPE is done or
 * failed, or `maxExchanges` POSTs were made (then throws).
 */
export function runPair(
  cpe: CpeSession,
  acs: AcsSession,
  options: { acsMaxEnvelopes: number; maxExchanges?: number } & PairHooks,
): PairRun {
  const run: PairRun = { transcript: [], posts: [], responses: [], acsActions: [], cpeActions: [] };
  const acsAnswer = options.acsAnswer ??
    ((request: CwmpMessage): CwmpMessage =>
      answerTo(request, { maxEnvelopes: options.acsMaxEnvelopes }));
  for (let step = 0;; step++) {
    if (step > 0) options.beforePost?.(cpe, step);
    const post = cpe.nextPost();
    if (post.kind === "done" || post.kind === "failed") return run;
    if (step >= (options.maxExchanges ?? 200)) throw new Error(`No end after ${step} exchanges`);
    const postBody = post.kind === "empty" ? "empty" : overWire(post.envelopes);
    run.posts.push(postBody);
    run.transcript.push(describe("POST", postBody));
    for (const action of acs.receive(postBody, step).actions) {
      run.acsActions.push(action);
      if (action.type === "request") acs.respond(action.key, acsAnswer(action.request));
    }
    options.beforeResponse?.(acs, step);
    const reply = acs.nextResponse();
    const replyBody = reply.kind === "empty" ? "empty" : overWire(reply.envelopes);
    run.responses.push(replyBody);
    run.transcript.push(describe("RESPONSE", replyBody));
    for (const action of cpe.receive(replyBody).actions) {
      run.cpeActions.push(action);
      if (action.type === "request") cpe.respond(action.key, answerTo(action.request));
    }
  }
}
