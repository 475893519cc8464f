/**
 * What every simulated device shares: the loaded data model (compiled once), the parsed
 * configuration (each agent gets a shallow copy with its own serial number) and the generated
 * values that make it look alive: an uptime counter, a traffic counter with passive
 * notification (so Informs carry `4 VALUE CHANGE`) and, when asked, a Wi-Fi channel that
 * wanders with active notification, so the device opens `4 VALUE CHANGE` sessions on its own.
 *
 * @module
 */

import type { SetParameterAttributesStruct } from "../../protocol/rpc/set_parameter_attributes.ts";
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
