/**
 * The shapes of provisioning: presets (a precondition, the events that trigger them, a
 * schedule window, a weight and a desired state), campaigns (an action over many devices) and
 * the device as the provisioning engine sees it. Stored as JSON in `presets` and `campaigns`
 * (acs/db/schema/), validated on input by the zod schemas of `schemas.ts`.
 *
 * @module
 */

import type { ValueType } from "../../protocol/rpc/values.ts";

/**
 * Which devices a preset applies to: every given condition must hold (`{}` matches all).
 * The same fields as the device filters of `GET /api/devices`.
 */
export interface Precondition {
  /** The device id, exactly. */
  id?: string | undefined;
  oui?: string | undefined;
  manufacturer?: string | undefined;
  productClass?: string | undefined;
  serialNumber?: string | undefined;
  /** The cached `DeviceInfo.SoftwareVersion` (either data model root). */
  softwareVersion?: string | undefined;
  /** Tags the device must have, all of them. */
  tag?: string[] | undefined;
  /** Tags the device must not have, any of them. */
  notTag?: string[] | undefined;
  /**
   * Conditions on cached parameter values, `PATH<op>VALUE` with op one of `= != ~ < <= > >=`
   * (`~` contains; comparisons are numeric when both sides are numbers). A parameter the ACS
   * has not cached fails every condition on it.
   */
  param?: string[] | undefined;
}

/**
 * A recurring window of time: it opens when the five-field cron expression (minute hour
 * day-of-month month day-of-week, in UTC) matches a minute, and stays open `durationSeconds`.
 *
 * @example Nightly, 02:00 to 04:00 UTC
 * ```ts
 * import type { ScheduleWindow } from "./types.ts";
 * const nightly: ScheduleWindow = { cron: "0 2 * * *", durationSeconds: 7200 };
 * if (nightly.durationSeconds !== 7200) throw new Error("unexpected");
 * ```
 */
export interface ScheduleWindow {
  cron: string;
  durationSeconds: number;
}

/** A parameter value a preset wants. */
export interface DesiredValue {
  /** A full parameter name, e.g. `InternetGatewayDevice.ManagementServer.PeriodicInformEnable`. */
  name: string;
  /** Its lexical form, e.g. `true` or `300`. */
  value: string;
  /** The xsd type to send; default: the type the device reported, else `string`. */
  type?: ValueType | undefined;
}

/**
 * Object instances a preset wants under a multi-instance object (`path` ends in `.`):
 * - by count: exactly `count` instances (missing ones added, the highest-numbered deleted);
 * - by keys: one instance whose parameters (names relative to the instance) have the key
 *   values (added and set when none has), with `values` set on it too.
 */
export type DesiredObject =
  | { path: string; count: number }
  | { path: string; keys: Record<string, string>; values?: Record<string, string> | undefined };

/** A notification attribute a preset wants. */
export interface DesiredAttribute {
  name: string;
  /** 0 off, 1 passive, 2 active. */
  notification: 0 | 1 | 2;
}

/** Parameters (a name, or a partial path ending in `.`) to read again once older than an age. */
export interface RefreshRule {
  path: string;
  maxAgeSeconds: number;
}

/** What a matching device should look like. */
export interface DesiredState {
  values?: DesiredValue[] | undefined;
  objects?: DesiredObject[] | undefined;
  tags?: { add?: string[] | undefined; remove?: string[] | undefined } | undefined;
  attributes?: DesiredAttribute[] | undefined;
  /**
   * The software version the device should run: when `DeviceInfo.SoftwareVersion` differs, a
   * Download of the firmware file (`file`, a name in the ACS's files, or else the ready file of
   * type `1 Firmware Upgrade Image` with this version and the device's OUI/product class) is
   * queued.
   */
  softwareVersion?: { version: string; file?: string | undefined } | undefined;
  refresh?: RefreshRule[] | undefined;
}

/** A preset as stored and served by the API. */
export interface Preset {
  /** Its name: letters, digits, `.`, `_` and `-`, at most 64. */
  id: string;
  description: string;
  enabled: boolean;
  /** Higher weights apply later and win where presets disagree. */
  weight: number;
  precondition: Precondition;
  /** Event codes of the Inform that trigger it (e.g. `0 BOOTSTRAP`); empty: every session. */
  events: string[];
  schedule: ScheduleWindow | null;
  desired: DesiredState;
}

/** What a campaign does to each device: one task, checked for its outcome. */
export type CampaignAction =
  | { kind: "reboot" }
  | { kind: "factoryReset" }
  | { kind: "setValues"; values: DesiredValue[] }
  | {
    kind: "firmware";
    /** The name of a firmware file in the ACS's files. */
    file: string;
    /** The version the device must report after the upgrade (default: the file's version). */
    softwareVersion?: string | undefined;
  };

/** Which devices a campaign covers: a device query of the API, or an explicit list. */
export type CampaignTarget =
  | { query: Precondition }
  | { devices: string[] };

/** One cached parameter, as the engine sees it. */
export interface CachedParameter {
  /** Null when only the name is known (objects, GetParameterNames). */
  value: string | null;
  type: ValueType | null;
  writable: boolean | null;
  /** Null when not known. */
  notification: number | null;
  /** When the value was read, ms since the epoch. */
  fetchedAt: number;
  /**
   * Objects only: when the complete list of its children was last read (a GetParameterValues
   * of the partial path), ms since the epoch; null when never.
   */
  listedAt: number | null;
}

/** A device as preconditions and the engine see it. */
export interface DeviceView {
  id: string;
  oui: string;
  manufacturer: string;
  productClass: string;
  serialNumber: string;
  tags: readonly string[];
  /** ms since the epoch. */
  firstInform: number;
  lastInform: number;
  /** The cached data model (what the session loaded of it), by full name. */
  parameters: ReadonlyMap<string, CachedParameter>;
}
