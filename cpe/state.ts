/**
 * The agent's durable state: what must survive a crash or a reboot so that no event, transfer
 * or ACS change is lost (design.md invariant 5). Pure: {@link parseState} checks a decoded
 * file, {@link initialState} builds the first one; `state_file.ts` stores it atomically.
 *
 * @module
 */

import type { EventStruct } from "../protocol/rpc/inform.ts";

/** One file transfer the ACS asked for, until its TransferComplete is acknowledged. */
export interface TransferRecord {
  /** Unique within this state file. */
  id: number;
  kind: "download" | "upload";
  commandKey: string;
  fileType: string;
  url: string;
  username: string;
  password: string;
  /** Download: the announced size in bytes (0: unknown). */
  fileSize: number;
  /** Download: the file name to store under; "" to take it from the URL. */
  targetFileName: string;
  /** Not started before this time (ms since the epoch): the request's DelaySeconds. */
  notBefore: number;
  /** 1 not yet started, 2 in progress, 3 completed and awaiting TransferCompleteResponse. */
  state: 1 | 2 | 3;
  /** dateTimes of the finished transfer; set with state 3. */
  startTime: string;
  completeTime: string;
  /** FaultCode 0 on success; set with state 3. */
  faultCode: number;
  faultString: string;
}

/** A one-time Inform the ACS asked for with ScheduleInform. */
export interface ScheduledInform {
  /** When (ms since the epoch). */
  at: number;
  commandKey: string;
}

/** What the agent persists. */
export interface AgentState {
  version: 1;
  /** True once an InformResponse acknowledged `0 BOOTSTRAP` for {@link acsUrl}. */
  bootstrapped: boolean;
  /** The ACS URL the agent last informed; a change means `0 BOOTSTRAP`. */
  acsUrl: string;
  /** Config values applied to the model at the last start, to tell edits from ACS changes. */
  applied: Record<string, string>;
  /** Failed Inform attempts since the last InformResponse (RetryCount, spec A.3.3.1). */
  retryCount: number;
  /** Failed sessions in a row, which set the retry back-off. */
  failures: number;
  /** Events not yet acknowledged by an InformResponse. */
  pendingEvents: EventStruct[];
  transfers: TransferRecord[];
  nextTransferId: number;
  scheduledInforms: ScheduledInform[];
  /** A Reboot or FactoryReset was acknowledged and is not done yet. */
  pendingAction: "none" | "reboot" | "factoryReset";
  /** Random path of the Connection Request URL, stable across restarts. */
  connectionRequestPath: string;
  /** The model's snapshot; null before the first save. */
  model: unknown;
}

/**
 * A state file that cannot be used, with the reason in the message.
 *
 * @example Usage
 * ```ts
 * import { StateError } from "./state.ts";
 * const e = new StateError("Cannot read state /x.json: not JSON");
 * if (e.name !== "StateError") throw new Error("unexpected");
 * ```
 */
export class StateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StateError";
  }
}

/**
 * The state of an agent that never ran.
 *
 * @param connectionRequestPath The random path for the Connection Request URL.
 * @returns A fresh state: not bootstrapped, nothing pending.
 *
 * @example Usage
 * ```ts
 * import { initialState } from "./state.ts";
 * const state = initialState("/cr/abc");
 * if (state.bootstrapped || state.pendingEvents.length !== 0) throw new Error("unexpected");
 * ```
 */
export function initialState(connectionRequestPath: string): AgentState {
  return {
    version: 1,
    bootstrapped: false,
    acsUrl: "",
    applied: {},
    retryCount: 0,
    failures: 0,
    pendingEvents: [],
    transfers: [],
    nextTransferId: 1,
    scheduledInforms: [],
    pendingAction: "none",
    connectionRequestPath,
    model: null,
  };
}

/**
 * Checks decoded JSON against {@link AgentState}.
 *
 * @param data What `JSON.parse` returned.
 * @param source Where it came from, for the message.
 * @returns The state.
 * @throws {StateError} A field is missing or has the wrong type.
 *
 * @example Usage
 * ```ts
 * import { initialState, parseState } from "./state.ts";
 * const state = parseState(JSON.parse(JSON.stringify(initialState("/cr"))), "test");
 * if (state.connectionRequestPath !== "/cr") throw new Error("unexpected");
 * ```
 */
export function parseState(data: unknown, source: string): AgentState {
  const fail = (what: string): never => {
    throw new StateError(`Cannot read state ${source}: ${what}`);
  };
  if (!isRecord(data)) return fail("not a JSON object");
  if (data.version !== 1) return fail(`unknown version ${JSON.stringify(data.version)}`);
  const check = (name: string, ok: boolean): void => {
    if (!ok) fail(`'${name}' is missing or has the wrong type`);
  };
  check("bootstrapped", typeof data.bootstrapped === "boolean");
  check("acsUrl", typeof data.acsUrl === "string");
  check("applied", isRecord(data.applied) && Object.values(data.applied).every(isString));
  check("retryCount", isCount(data.retryCount));
  check("failures", isCount(data.failures));
  check("pendingEvents", Array.isArray(data.pendingEvents) && data.pendingEvents.every(isEvent));
  check("transfers", Array.isArray(data.transfers) && data.transfers.every(isTransfer));
  check("nextTransferId", isCount(data.nextTransferId));
  check(
    "scheduledInforms",
    Array.isArray(data.scheduledInforms) && data.scheduledInforms.every(isScheduled),
  );
  check("pendingAction", ["none", "reboot", "factoryReset"].includes(String(data.pendingAction)));
  check("connectionRequestPath", typeof data.connectionRequestPath === "string");
  check("model", "model" in data);
  return data as unknown as AgentState;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isEvent(value: unknown): boolean {
  return isRecord(value) && isString(value.eventCode) && isString(value.commandKey);
}

function isScheduled(value: unknown): boolean {
  return isRecord(value) && isCount(value.at) && isString(value.commandKey);
}

function isTransfer(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const strings = [
    "commandKey",
    "fileType",
    "url",
    "username",
    "password",
    "targetFileName",
    "startTime",
    "completeTime",
    "faultString",
  ];
  return strings.every((k) => isString(value[k])) &&
    ["id", "fileSize", "notBefore", "faultCode"].every((k) => isCount(value[k])) &&
    (value.kind === "download" || value.kind === "upload") &&
    (value.state === 1 || value.state === 2 || value.state === 3);
}
