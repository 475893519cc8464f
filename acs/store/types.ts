/**
 * What the CWMP edge of the ACS needs from storage, as an interface: the session code talks
 * to this, `drizzle_store.ts` implements it over libSQL (style anchor 11). Every method
 * resolves only once its writes are durable, so the HTTP answer that depends on them may go
 * out (design.md invariant 4).
 *
 * @module
 */

import type { FaultStruct } from "../../protocol/errors.ts";
import type { DeviceIdStruct, EventStruct } from "../../protocol/rpc/inform.ts";
import type { ParameterValueStruct } from "../../protocol/rpc/values.ts";
import type { CwmpVersion } from "../../protocol/soap/namespaces.ts";
import type { FaultSource } from "../db/schema/faults.ts";
import type { SessionEnd } from "../db/schema/sessions.ts";

/** One Inform, with the session it opens. */
export interface InformRecord {
  /** The new session's id (its cookie). */
  sessionId: string;
  /** The device id (`deviceIdOf(deviceIdStruct)`). */
  deviceId: string;
  /** The DeviceId of the Inform. */
  deviceIdStruct: DeviceIdStruct;
  /** The namespace version the CPE used. */
  cwmpVersion: CwmpVersion;
  /** The Inform's events, e.g. `1 BOOT`. */
  events: readonly EventStruct[];
  /** The Inform's ParameterList. */
  parameters: readonly ParameterValueStruct[];
  /** When it arrived. */
  time: Date;
  /** The CPE's IP address, when known. */
  remoteAddress: string | null;
  /** Find out whether the device is new (one more read; only the bootstrap policy needs it). */
  detectNewDevice?: boolean;
}

/** What storing an Inform found. */
export interface InformOutcome {
  /** The ACS had no record of the device (its first contact); false when not asked. */
  newDevice: boolean;
}

/** A task that may be sent: `pending`, or `running` and not awaiting a TransferComplete. */
export interface OpenTask {
  id: number;
  /** `running` when a session sent it and ended before the answer (it is sent again). */
  state: "pending" | "running";
  /** The ACS request's method, e.g. `GetParameterValues`. */
  method: string;
  /** The request's other fields. */
  args: Record<string, unknown>;
  /** Sends so far. */
  attempts: number;
  maxAttempts: number;
  /** Expiry in ms since the epoch; null for never. */
  expires: number | null;
}

/** What an answer changes in the device's cached data model. */
export type ParameterEffect =
  | { kind: "values"; values: readonly ParameterValueStruct[] }
  | { kind: "names"; names: readonly { name: string; writable: boolean }[] }
  | {
    kind: "attributes";
    attributes: readonly { name: string; notification: number; accessList: readonly string[] }[];
  }
  | {
    kind: "setAttributes";
    changes: readonly {
      name: string;
      notification: number | null;
      accessList: readonly string[] | null;
    }[];
  }
  | { kind: "addObject"; path: string }
  /**
   * A GetParameterValues of these partial paths returned their whole subtrees: rows below them
   * that the answer did not refresh are gone from the device, and each object's `listedAt` is
   * the answer's time.
   */
  | { kind: "listed"; paths: readonly string[] }
  | { kind: "deleteObject"; path: string };

/** Successful answers to tasks, and what they change. */
export interface CompletionRecord {
  deviceId: string;
  /** The tasks answered (several for batched GetParameterValues). */
  tasks: readonly {
    taskId: number;
    /** The response message (method included) as stored in `tasks.result`. */
    result: Record<string, unknown>;
    /** The CPE accepted a transfer whose TransferComplete is still due. */
    awaitingTransfer: boolean;
  }[];
  /** Changes to the cached data model, applied in order. */
  effects: readonly ParameterEffect[];
  /** When the answer arrived. */
  time: Date;
}

/** What becomes of the task a fault answered. */
export type FaultOutcome =
  | { state: "pending"; notBefore: Date }
  | { state: "faulted" };

/** A fault to record. */
export interface FaultRecord {
  /** The device that answered with the fault. */
  deviceId: string;
  /** The task it answered; null when it answered none. */
  taskId: number | null;
  /** The preset whose request faulted or did not converge (provisioning); absent: none. */
  presetId?: string | null;
  /** Who raised it. */
  source: FaultSource;
  /** The CWMP fault code, e.g. 9005; 0 for a SOAP fault without a cwmp:Fault detail. */
  code: number;
  /** The fault string. */
  string: string;
  /** The whole `cwmp:Fault` detail, when there was one. */
  detail: FaultStruct | null;
  /** The task's next state (with a task only). */
  outcome: FaultOutcome | null;
  /** When it arrived. */
  time: Date;
}

/** A TransferComplete (or DUStateChangeComplete) to match with its task. */
export interface TransferRecord {
  deviceId: string;
  /** The CommandKey it carries. */
  commandKey: string;
  /** The request as the CPE sent it, kept as the task's result. */
  message: Record<string, unknown>;
  /** The failure it reports; null when the transfer succeeded. */
  fault: { faultCode: number; faultString: string } | null;
  time: Date;
}

/** A CPE request other than Inform, for the event history. */
export interface CpeRequestRecord {
  deviceId: string;
  /** The method, e.g. `RequestDownload`. */
  code: string;
  /** Its CommandKey, or "". */
  commandKey: string;
  /** Its arguments. */
  detail: Record<string, unknown>;
  time: Date;
}

/** How one session ended. */
export interface SessionEndRecord {
  /** The session's id. */
  sessionId: string;
  /** The device of the session. */
  deviceId: string;
  /**
   * Transfers of this device accepted before this time and still without a TransferComplete
   * are given up (`faulted`, with a fault of source `acs`); those past their `expires` become
   * `expired`. Checked when a session ends, after any TransferComplete it carried.
   */
  transferDeadline: Date;
  /** How it ended. */
  end: SessionEnd;
  /** HTTP requests it took, the Inform's included. */
  exchanges: number;
  /** When it ended. */
  time: Date;
}

/**
 * The storage of the CWMP edge. Task updates apply only to tasks still `running`, so a task
 * cancelled meanwhile stays cancelled.
 *
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export interface AcsStore {
  /**
   * Stores an Inform in one atomic write: the device record (created or updated; `1 BOOT` and
   * `0 BOOTSTRAP` set its last boot), its events, the Inform's parameter values, and the start
   * of the session. `0 BOOTSTRAP` first drops every cached parameter of the device: it is a
   * new installation, or its data model was reset.
   */
  recordInform(record: InformRecord): Promise<InformOutcome>;
  /**
   * The device's open tasks whose `notBefore` has come, oldest first: `pending` ones, and
   * `running` ones not awaiting a transfer (a session sent them and ended without an answer).
   */
  openTasks(deviceId: string, now: Date, limit: number): Promise<OpenTask[]>;
  /** Marks tasks `running` and counts an attempt, before their request is sent. */
  startTasks(taskIds: readonly number[], now: Date): Promise<void>;
  /** Marks tasks `done` (or awaiting their transfer) and applies the effects of the answer. */
  completeTasks(record: CompletionRecord): Promise<void>;
  /** Records a fault and, with a task, moves the task to `outcome`. */
  recordFault(fault: FaultRecord): Promise<void>;
  /** Puts `running` tasks back to `pending` without counting the attempt. */
  requeueTasks(taskIds: readonly number[], now: Date): Promise<void>;
  /** Marks open tasks `expired`. */
  expireTasks(taskIds: readonly number[], now: Date): Promise<void>;
  /**
   * Settles the transfer task a TransferComplete answers: the device's oldest `running` task
   * with that CommandKey becomes `done`, or `faulted` with a fault record.
   *
   * @returns The task's id, or null when no task matches.
   */
  completeTransfer(record: TransferRecord): Promise<number | null>;
  /** Adds a CPE request (other than Inform) to the device's event history. */
  recordCpeRequest(record: CpeRequestRecord): Promise<void>;
  /** Records the end of a session. */
  endSession(record: SessionEndRecord): Promise<void>;
  /** Commits what is queued and releases the store's own connection, if any. */
  close(): Promise<void>;
}
