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
import type { SessionEnd } from "../db/schema/sessions.ts";
import type { TaskRow } from "../db/schema/tasks.ts";

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
}

/** A CPE fault to record. */
export interface FaultRecord {
  /** The device that answered with the fault. */
  deviceId: string;
  /** The task it answered; null when it answered none. */
  taskId: number | null;
  /** The CWMP fault code, e.g. 9005; 0 for a SOAP fault without a cwmp:Fault detail. */
  code: number;
  /** The fault string. */
  string: string;
  /** The whole `cwmp:Fault` detail, when there was one. */
  detail: FaultStruct | null;
  /** When it arrived. */
  time: Date;
}

/** A task's successful answer. */
export interface TaskResult {
  /** The task answered. */
  taskId: number;
  /** Its device. */
  deviceId: string;
  /** The response message (method included) as stored in `tasks.result`. */
  result: Record<string, unknown>;
  /** Parameter values the response carried, to store in the device's data model. */
  parameters: readonly ParameterValueStruct[];
  /** When the answer arrived. */
  time: Date;
}

/** How one session ended. */
export interface SessionEndRecord {
  /** The session's id. */
  sessionId: string;
  /** How it ended. */
  end: SessionEnd;
  /** HTTP requests it took, the Inform's included. */
  exchanges: number;
  /** When it ended. */
  time: Date;
}

/**
 * The storage of the CWMP edge.
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
  recordInform(record: InformRecord): Promise<void>;
  /**
   * The device's next task to send: the oldest `pending` or `running` task (a `running` one
   * was interrupted) whose `notBefore` has come. Tasks whose `expires` has passed are marked
   * `expired` on the way.
   */
  nextTask(deviceId: string, now: Date): Promise<TaskRow | undefined>;
  /** Marks a task `running` and counts the attempt, before its request is sent. */
  startTask(taskId: number, now: Date): Promise<void>;
  /** Marks a task `done` with its result and stores the parameter values it carried. */
  completeTask(result: TaskResult): Promise<void>;
  /** Records a CPE fault; with a task, marks that task `faulted` in the same write. */
  recordFault(fault: FaultRecord): Promise<void>;
  /** Records the end of a session. */
  endSession(record: SessionEndRecord): Promise<void>;
}
