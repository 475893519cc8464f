/**
 * The built-in bootstrap policy: on a device's `0 BOOTSTRAP` (and on its first contact with
 * this ACS), turn periodic Informs on at the fleet's interval with a per-device
 * PeriodicInformTime, so that the fleet's Informs spread evenly over the interval instead of
 * arriving together, and read the DeviceInfo and ManagementServer subtrees afresh. It is a
 * preset like any other (lightest of all, so an operator's preset overrides its values); the
 * management credentials are set by the CPE authentication's first-contact mode
 * (acs/auth/bootstrap.ts), ahead of it.
 *
 * @module
 */

import type { Preset } from "./types.ts";

/** The policy's settings. */
export interface BootstrapPolicy {
  /** PeriodicInformInterval to set, in seconds. */
  periodicInformIntervalSeconds: number;
  /** Subtrees (relative to the data model root) read afresh. */
  refresh: readonly string[];
}

/** One hour; DeviceInfo and ManagementServer. */
export const DEFAULT_BOOTSTRAP_POLICY: BootstrapPolicy = {
  periodicInformIntervalSeconds: 3600,
  refresh: ["DeviceInfo.", "ManagementServer."],
};

/** The id of the policy's preset in faults and logs (not a valid operator preset id). */
export const BOOTSTRAP_PRESET_ID = "builtin:bootstrap";

/**
 * Where in the interval a device informs: a hash of its id (FNV-1a, 32 bits) modulo the
 * interval, so the same device always gets the same offset and a fleet spreads evenly.
 *
 * @param deviceId The device id.
 * @param intervalSeconds The periodic interval.
 * @returns Seconds from the start of an interval, in [0, intervalSeconds).
 *
 * @example Stable and within the interval
 * ```ts
 * import { informOffsetSeconds } from "./bootstrap_policy.ts";
 * const offset = informOffsetSeconds("00D09E-GW-1", 3600);
 * if (offset < 0 || offset >= 3600 || offset !== informOffsetSeconds("00D09E-GW-1", 3600)) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function informOffsetSeconds(deviceId: string, intervalSeconds: number): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(deviceId)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash % Math.max(1, Math.floor(intervalSeconds));
}

/**
 * The policy as a preset for one device: PeriodicInformEnable, PeriodicInformInterval and
 * PeriodicInformTime (the Unix epoch plus the device's offset: any time serves as the
 * reference, spec B.2.3), and the subtrees to read, each once in the session.
 *
 * @param policy The settings.
 * @param deviceId The device.
 * @param root Its data model root, e.g. `InternetGatewayDevice.`.
 * @returns The preset (triggered by `0 BOOTSTRAP`).
 *
 * @example
 * ```ts
 * import { bootstrapPreset, DEFAULT_BOOTSTRAP_POLICY } from "./bootstrap_policy.ts";
 * const preset = bootstrapPreset(DEFAULT_BOOTSTRAP_POLICY, "d", "InternetGatewayDevice.");
 * const interval = preset.desired.values?.find((v) => v.name.endsWith("PeriodicInformInterval"));
 * if (interval?.value !== "3600") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, B.2.3 InternetGatewayDevice.ManagementServer (PeriodicInformTime)
 */
export function bootstrapPreset(policy: BootstrapPolicy, deviceId: string, root: string): Preset {
  const interval = policy.periodicInformIntervalSeconds;
  const offset = informOffsetSeconds(deviceId, interval);
  const time = new Date(offset * 1000).toISOString().replace(".000Z", "Z");
  const base = `${root}ManagementServer.`;
  return {
    id: BOOTSTRAP_PRESET_ID,
    description: "Built-in bootstrap policy",
    enabled: true,
    weight: -1_000_000_000,
    precondition: {},
    events: ["0 BOOTSTRAP"],
    schedule: null,
    desired: {
      values: [
        { name: `${base}PeriodicInformEnable`, value: "true", type: "boolean" },
        { name: `${base}PeriodicInformInterval`, value: String(interval), type: "unsignedInt" },
        { name: `${base}PeriodicInformTime`, value: time, type: "dateTime" },
      ],
      refresh: policy.refresh.map((path) => ({ path: root + path, maxAgeSeconds: 0 })),
    },
  };
}
