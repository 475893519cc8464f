/**
 * The ports of the CPE agent: what it needs from the device's data model ({@link CpeDevice}),
 * and how it logs. The agent drives sessions, timers and persistence; the model answers the
 * parameter and object RPCs, holds values and attributes, reads live values through its
 * backend and reports changes with the notification they call for.
 *
 * @module
 */

import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import type { DeviceIdStruct } from "../protocol/rpc/inform.ts";
import type { ParameterValueStruct } from "../protocol/rpc/values.ts";

/** Notification attribute of a parameter: 0 off, 1 passive, 2 active (spec A.3.2.4 Table 19). */
export type NotificationLevel = 0 | 1 | 2;

/** A value change the model observed. */
export interface DeviceChange {
  path: string;
  /** `acs`: by the ACS, `config`: by the operator (neither notified); `local`: by the device. */
  source: "acs" | "local" | "config";
  /** What the change calls for: 0 nothing, 1 passive (next Inform), 2 active (Inform now). */
  notify: NotificationLevel;
}

/** What {@link CpeDevice.prepareInform} returns. */
export interface PreparedInform {
  parameterList: ParameterValueStruct[];
  /** Whether a notified change is pending: the Inform carries `4 VALUE CHANGE`. */
  valueChange: boolean;
  /** Pass to {@link CpeDevice.acknowledgeInform} once the InformResponse arrived. */
  mark: number;
}

/**
 * The device's data model as the agent sees it.
 *
 * @see TR-069 Issue 1, Appendix A (the RPCs) and Appendix B (the data model)
 */
export interface CpeDevice {
  /** The root object with its dot: `InternetGatewayDevice.` or `Device.`. */
  readonly root: string;
  /** Who the device is: the DeviceId of every Inform (spec Table 34). */
  deviceId(): DeviceIdStruct;
  /** The ACS requests {@link handle} answers (GetParameterValues, SetParameterValues, ...). */
  readonly methods: readonly string[];
  /**
   * Answers one ACS request whose method is in {@link methods}.
   *
   * @returns Its `...Response` message, or a SOAP fault.
   * @throws {CwmpFault} The request fails with a CWMP fault (spec A.5.1).
   */
  handle(request: CwmpMessage): Promise<CwmpMessage>;
  /** The stored value of a parameter, or undefined when the model has no such parameter. */
  get(path: string): ParameterValueStruct | undefined;
  /**
   * Sets a value as the device itself, read-only parameters included: `local` (a change of the
   * device, notified per its attribute) or `config` (the operator's setting, never notified).
   *
   * @throws {Error} No such parameter, or a value its type does not allow.
   */
  set(path: string, value: string, source: "local" | "config"): void;
  /** Re-reads live values from the backend; changes reach the change listener. */
  refresh(): Promise<void>;
  /**
   * The next Inform's parameters: the forced-inform ones (spec Table 33) and those whose
   * notified change is pending, with whether the Inform carries `4 VALUE CHANGE`.
   */
  prepareInform(): Promise<PreparedInform>;
  /** Forgets the changes an acknowledged Inform reported (up to its `mark`). */
  acknowledgeInform(mark: number): void;
  /** Registers the listener of value changes (one; a later call replaces it). */
  onChange(listener: (change: DeviceChange) => void): void;
  /** The model's durable state (values, attributes, instances) as JSON-compatible data. */
  snapshot(): unknown;
  /**
   * The model's state for a file that leaves the device (Upload of the configuration): like
   * {@link snapshot}, without the values the data model marks hidden (passwords, keys).
   */
  exportSnapshot(): unknown;
  /**
   * Replaces the model's state with one {@link snapshot} returned.
   *
   * @throws {Error} The snapshot does not fit this model.
   */
  restore(snapshot: unknown): void;
}

/** Writes one log line (no trailing newline). */
export type AgentLog = (line: string) => void;
