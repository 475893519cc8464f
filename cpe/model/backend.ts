/**
 * The hook through which a device's real values reach the model store, and the events the store
 * reports.
 *
 * @module
 */

import type { ParameterSpec } from "../datamodel/types.ts";

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** What a backend may say about a write. */
export interface BackendWriteResult {
  /** The value is saved but takes effect after a reboot (SetParameterValues Status 1). */
  rebootRequired?: boolean;
}

/**
 * Where live values come from and where the ACS's writes go. Both methods are optional and may
 * answer synchronously or with a promise.
 *
 * - `read(path, parameter)`: the current value (canonical text of `parameter.syntax.type`), or
 *   `undefined` to use the stored value. Called for GetParameterValues, the Inform's parameters
 *   and the store's `refresh()`. A changed value is recorded as a local change (so it may
 *   cause "4 VALUE CHANGE"); a thrown error or an invalid value keeps the stored value and is
 *   reported as a `backend-error` event.
 * - `write(path, value, parameter)`: apply a value the ACS set (SetParameterValues) to the
 *   system. Throwing refuses it: the RPC fails with fault 9002 and no value changes, earlier
 *   writes of the same RPC being written back to their old values.
 *
 * @example A backend that reports the uptime
 * ```ts
 * import type { ValueBackend } from "./backend.ts";
 * const bootedAt = 1_000;
 * const backend: ValueBackend = {
 *   read: (path) =>
 *     path.endsWith(".DeviceInfo.UpTime") ? String(Math.floor((5_000 - bootedAt) / 1000)) : undefined,
 * };
 * if (backend.read?.("Device.DeviceInfo.UpTime", {
 *   name: "UpTime", writable: false, forcedInform: false, activeNotify: "canDeny",
 *   hidden: false, syntax: { type: "unsignedInt", base: "unsignedInt" },
 * }) !== "4") throw new Error("unexpected");
 * ```
 */
export interface ValueBackend {
  read?(path: string, parameter: ParameterSpec): MaybePromise<string | undefined>;
  write?(
    path: string,
    value: string,
    parameter: ParameterSpec,
  ): MaybePromise<BackendWriteResult | void>;
}

/**
 * Who changed a value: `acs` the ACS (never a VALUE CHANGE), `local` the device itself (a
 * backend, the LAN side: notified per the Notification attribute), `config` the agent's own
 * setup (creating the device, applying its configuration file: never notified).
 */
export type ChangeSource = "acs" | "local" | "config";

/** What the store tells its subscribers. */
export type ModelEvent =
  | {
    type: "change";
    path: string;
    value: string;
    previous: string;
    source: ChangeSource;
    /** The notification recorded for the next Inform: 0 none, 1 passive, 2 active. */
    notify: 0 | 1 | 2;
  }
  | { type: "backend-error"; path: string; operation: "read" | "write"; message: string };
