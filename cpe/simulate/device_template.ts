/**
 * What every simulated device shares: the loaded data model (compiled once), the parsed
 * configuration (each agent gets a shallow copy with its own serial number) and the generated
 * values that make it look alive: an uptime counter, a traffic counter with passive
 * notification (so Informs carry `4 VALUE CHANGE`) and, when asked, a Wi-Fi channel that
 * wanders with active notification, so the device opens `4 VALUE CHANGE` sessions on its own
 * (held between re-reads, see {@link steadyWalks}).
 *
 * @module
 */

import type { SetParameterAttributesStruct } from "../../protocol/rpc/set_parameter_attributes.ts";
import type { AgentBackend } from "../backends/mod.ts";
import type { AgentConfig } from "../config.ts";
import type { BackendSpec } from "../config_values.ts";
import { createDefaultModel, type DeviceTemplate } from "../model/mod.ts";

/** A live value by its path below each root, and the notification it gets. */
interface GeneratedValue {
  relative: Record<"InternetGatewayDevice." | "Device.", string>;
  spec: BackendSpec;
  notification: 0 | 1 | 2;
}

const UPTIME: GeneratedValue = {
  relative: { "InternetGatewayDevice.": "DeviceInfo.UpTime", "Device.": "DeviceInfo.UpTime" },
  spec: { kind: "counter", start: 0, step: 1, everySeconds: 1 },
  notification: 0,
};

const TRAFFIC: GeneratedValue = {
  relative: {
    "InternetGatewayDevice.": "WANDevice.1.WANCommonInterfaceConfig.TotalBytesReceived",
    "Device.": "IP.Interface.1.Stats.BytesReceived",
  },
  spec: { kind: "counter", start: 0, step: 1500, everySeconds: 1 },
  notification: 1,
};

// Automatic channel selection: a value the ACS may watch with active notification.
const CHANNEL: GeneratedValue = {
  relative: {
    "InternetGatewayDevice.": "LANDevice.1.WLANConfiguration.1.Channel",
    "Device.": "WiFi.Radio.1.Channel",
  },
  spec: { kind: "randomWalk", start: 6, min: 1, max: 13, step: 5, integer: true },
  notification: 2,
};

/** The generated values of a model, and the notification attributes they start with. */
export interface GeneratedValues {
  values: Record<string, BackendSpec>;
  notifications: SetParameterAttributesStruct[];
}

/**
 * The generated values that fit `template` (a device dump may lack the parameters).
 *
 * @param template The loaded model.
 * @param activeChanges Add the random walk with active notification.
 * @returns Backends by path and the attributes to set on each new device.
 *
 * @example Usage
 * ```ts
 * import { loadDeviceTemplate } from "../model/mod.ts";
 * import { generatedValues } from "./device_template.ts";
 * const { values, notifications } = generatedValues(loadDeviceTemplate("igd"), true);
 * if (!("InternetGatewayDevice.DeviceInfo.UpTime" in values) || notifications.length !== 2) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function generatedValues(template: DeviceTemplate, activeChanges: boolean): GeneratedValues {
  const probe = createDefaultModel(template, {
    manufacturer: "probe",
    oui: "000000",
    productClass: "probe",
    serialNumber: "probe",
  });
  const root = probe.rootPath;
  const values: Record<string, BackendSpec> = {};
  const notifications: SetParameterAttributesStruct[] = [];
  for (const generated of activeChanges ? [UPTIME, TRAFFIC, CHANNEL] : [UPTIME, TRAFFIC]) {
    const relative = root === "Device." || root === "InternetGatewayDevice."
      ? generated.relative[root]
      : undefined;
    if (relative === undefined || probe.kindOf(root + relative) !== "parameter") continue;
    if (generated.notification === 0) {
      values[root + relative] = generated.spec;
      continue;
    }
    const attributes: SetParameterAttributesStruct = {
      name: root + relative,
      notificationChange: true,
      notification: generated.notification,
      accessListChange: false,
      accessList: [],
    };
    try {
      // A dump's model may refuse the notification (activeNotify canDeny): then leave it out.
      probe.setAttributes([attributes]);
    } catch {
      continue;
    }
    values[root + relative] = generated.spec;
    notifications.push(attributes);
  }
  return { values, notifications };
}

/**
 * One device's configuration: the shared one with its own serial number, downloads directory
 * and state file; every other part is the shared object itself.
 *
 * @param shared The parsed configuration of all devices.
 * @param own The device's serial number, downloads directory and state file.
 * @returns The device's configuration.
 *
 * @example Usage
 * ```ts
 * import { parseAgentConfig } from "../config.ts";
 * import { deviceConfig } from "./device_template.ts";
 * const shared = parseAgentConfig({ acs: { url: "http://acs.invalid/" }, identity: { serialNumber: "x" } }, { baseDir: "/" });
 * const one = deviceConfig(shared, { serialNumber: "SIM1", downloadsDir: "/tmp/SIM1", stateFile: "memory" });
 * if (one.identity.serialNumber !== "SIM1" || one.retry !== shared.retry) throw new Error("unexpected");
 * ```
 */
export function deviceConfig(
  shared: AgentConfig,
  own: { serialNumber: string; downloadsDir: string; stateFile: string },
): AgentConfig {
  return {
    ...shared,
    identity: { ...shared.identity, serialNumber: own.serialNumber },
    downloads: { ...shared.downloads, dir: own.downloadsDir },
    stateFile: own.stateFile,
  };
}

/**
 * Holds each random walk's value for `everyMs`. A walk moves at every read, and the agent reads
 * before each session: a change found there (with active notification) would ask for another
 * session at once, without end.
 *
 * @param backend The device's backend.
 * @param options The specs (which paths are walks), the hold time and the clock.
 * @returns The backend with steadier walks.
 *
 * @example Usage
 * ```ts
 * import { createAgentBackend } from "../backends/mod.ts";
 * import { steadyWalks } from "./device_template.ts";
 * const specs = {
 *   "Device.X": { kind: "randomWalk", start: 5, min: 0, max: 10, step: 5, integer: true },
 * } as const;
 * let now = 0;
 * const backend = steadyWalks(
 *   createAgentBackend(specs, { run: () => Promise.reject(), now: () => now, random: () => 0.99 }),
 *   { specs, everyMs: 1000, now: () => now },
 * );
 * const first = await backend.read("Device.X");
 * if (await backend.read("Device.X") !== first) throw new Error("moved within the hold time");
 * ```
 */
export function steadyWalks(
  backend: AgentBackend,
  options: {
    specs: Readonly<Record<string, BackendSpec>>;
    everyMs: number;
    now: () => number;
  },
): AgentBackend {
  const held = new Map<string, { value: string | undefined; at: number }>();
  return {
    paths: backend.paths,
    write: (path, value) => backend.write(path, value),
    async read(path: string): Promise<string | undefined> {
      if (options.specs[path]?.kind !== "randomWalk") return await backend.read(path);
      const last = held.get(path);
      const now = options.now();
      if (last !== undefined && now - last.at < options.everyMs) return last.value;
      const value = await backend.read(path);
      held.set(path, { value, at: now });
      return value;
    },
  };
}
