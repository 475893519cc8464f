/**
 * `createDefaultModel`: a usable device from a builtin data model or a device dump, with its
 * identity, its ManagementServer settings, and the tables a real ACS expects to find.
 *
 * @module
 */

import type { DeviceIdStruct } from "../../protocol/rpc/inform.ts";
import { CwmpFault } from "../../protocol/errors.ts";
import { compileDataModel } from "../datamodel/compile.ts";
import { isBuiltinModelName, loadBuiltinModel } from "../datamodel/loader.ts";
import type { DataModel } from "../datamodel/types.ts";
import { type CsvDevice, parseDeviceCsv } from "../csv_model.ts";
import type { ValueBackend } from "./backend.ts";
import { device2Layout, igdLayout, type Layout } from "./layouts.ts";
import { SNAPSHOT_FORMAT } from "./snapshot.ts";
import { ModelStore } from "./store.ts";
import { checkValue } from "./validate.ts";

/** Who the device is: the Inform's DeviceIdStruct plus the DeviceInfo values an ACS displays. */
export interface DeviceIdentity extends DeviceIdStruct {
  softwareVersion?: string;
  hardwareVersion?: string;
  modelName?: string;
  description?: string;
  provisioningCode?: string;
}

/** The ManagementServer values to start with (spec B, `.ManagementServer.`). */
export interface ManagementServerSettings {
  url?: string;
  username?: string;
  password?: string;
  periodicInformEnable?: boolean;
  /** Seconds; default 3600. */
  periodicInformInterval?: number;
  periodicInformTime?: string;
  connectionRequestUrl?: string;
  connectionRequestUsername?: string;
  connectionRequestPassword?: string;
}

/** Options of {@link createDefaultModel}. */
export interface DefaultModelOptions {
  backend?: ValueBackend;
  managementServer?: ManagementServerSettings;
}

/** The identity of a builtin device nobody configured. */
export const DEFAULT_IDENTITY: Readonly<DeviceIdentity> = Object.freeze({
  manufacturer: "cwmp",
  oui: "000000",
  productClass: "cwmp-agent",
  serialNumber: "000000000001",
  softwareVersion: "0.1.0",
  hardwareVersion: "1",
  modelName: "cwmp-agent",
  description: "cwmp TR-069 agent",
});

/**
 * A loaded model ready to create devices from: a builtin model, or a dump's model with the
 * dump's instances and values. Load once with {@link loadDeviceTemplate} to create many devices.
 */
export interface DeviceTemplate {
  readonly model: DataModel;
  /** The dump a CSV template was read from. */
  readonly dump?: CsvDevice;
}

/**
 * Loads `"igd"`, `"device2"`, or the text of a device dump CSV.
 *
 * @throws {CsvModelError} A CSV that cannot be read.
 */
export function loadDeviceTemplate(model: "igd" | "device2" | string): DeviceTemplate {
  if (isBuiltinModelName(model)) return { model: loadBuiltinModel(model) };
  const dump = parseDeviceCsv(model, { referenceFor: referenceModel });
  return { model: compileDataModel(dump.spec), dump };
}

/**
 * Creates a device. `model` is `"igd"` (InternetGatewayDevice:1.0 with a LAN device, a WLAN, and
 * a WAN IP connection), `"device2"` (Device:2.19 with Ethernet, IP and Wi-Fi interfaces), the
 * text of a device dump CSV (the device as dumped; `identity` fields that are given override its
 * own), or, to create many devices from one load, a loaded builtin {@link DataModel} or a
 * {@link DeviceTemplate}. All values are set as configuration: nothing is pending for a VALUE
 * CHANGE.
 *
 * @throws {CsvModelError} A CSV that cannot be read.
 *
 * @example Usage
 * ```ts
 * import { createDefaultModel } from "./factory.ts";
 * const store = createDefaultModel("igd", { serialNumber: "SN42" });
 * const url = "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.";
 * if (store.deviceId().serialNumber !== "SN42" || store.kindOf(url) !== "object") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, Appendix B
 */
export function createDefaultModel(
  model: "igd" | "device2" | string | DataModel | DeviceTemplate,
  identity: Partial<DeviceIdentity> = {},
  options: DefaultModelOptions = {},
): ModelStore {
  const template = typeof model === "string"
    ? loadDeviceTemplate(model)
    : "rootObject" in model
    ? { model }
    : model;
  if (template.dump !== undefined) {
    return fromDump(template.model, template.dump, identity, options);
  }
  const full: DeviceIdentity = { ...DEFAULT_IDENTITY, ...identity };
  const store = new ModelStore(template.model, {
    identity: deviceIdOf(full),
    ...(options.backend ? { backend: options.backend } : {}),
  });
  const layout = template.model.root === "Device" ? device2Layout(full) : igdLayout(full);
  applyLayout(store, layout);
  setAll(store, identityValues(full));
  setAll(store, {
    "ManagementServer.PeriodicInformEnable": "true",
    "ManagementServer.PeriodicInformInterval": "3600",
    ...managementValues(options.managementServer ?? {}),
  });
  return store;
}

function fromDump(
  model: DataModel,
  dump: CsvDevice,
  identity: Partial<DeviceIdentity>,
  options: DefaultModelOptions,
): ModelStore {
  const store = new ModelStore(model, {
    identity: deviceIdOf({ ...DEFAULT_IDENTITY, ...dump.identity, ...identity }),
    ...(options.backend ? { backend: options.backend } : {}),
  });
  store.restore({
    format: SNAPSHOT_FORMAT,
    model: model.name,
    parameterKey: dump.values[`${model.root}.ManagementServer.ParameterKey`] ?? "",
    objects: dump.instances,
    counters: {},
    values: dump.values,
    attributes: {},
    pending: {},
  });
  setAll(store, identityValues(identity));
  setAll(store, managementValues(options.managementServer ?? {}));
  return store;
}

/** The builtin model whose rules a dump of `root` borrows. */
function referenceModel(root: string): DataModel | undefined {
  if (root === "Device") return loadBuiltinModel("device2");
  if (root === "InternetGatewayDevice") return loadBuiltinModel("igd");
  return undefined;
}

function applyLayout(store: ModelStore, layout: Layout): void {
  for (const path of layout.objects) {
    store.ensureObject(store.rootPath + path, { source: "config" });
  }
  setAll(store, layout.values);
}

/** DeviceInfo values for the identity fields that are set. */
export function identityValues(identity: Partial<DeviceIdentity>): Record<string, string> {
  return definedOnly({
    "DeviceInfo.Manufacturer": identity.manufacturer,
    "DeviceInfo.ManufacturerOUI": identity.oui,
    "DeviceInfo.ProductClass": identity.productClass,
    "DeviceInfo.SerialNumber": identity.serialNumber,
    "DeviceInfo.SoftwareVersion": identity.softwareVersion,
    "DeviceInfo.HardwareVersion": identity.hardwareVersion,
    "DeviceInfo.ModelName": identity.modelName,
    "DeviceInfo.Description": identity.description,
    "DeviceInfo.ProvisioningCode": identity.provisioningCode,
  });
}

function managementValues(ms: ManagementServerSettings): Record<string, string> {
  return definedOnly({
    "ManagementServer.URL": ms.url,
    "ManagementServer.Username": ms.username,
    "ManagementServer.Password": ms.password,
    "ManagementServer.PeriodicInformEnable": ms.periodicInformEnable?.toString(),
    "ManagementServer.PeriodicInformInterval": ms.periodicInformInterval?.toString(),
    "ManagementServer.PeriodicInformTime": ms.periodicInformTime,
    "ManagementServer.ConnectionRequestURL": ms.connectionRequestUrl,
    "ManagementServer.ConnectionRequestUsername": ms.connectionRequestUsername,
    "ManagementServer.ConnectionRequestPassword": ms.connectionRequestPassword,
  });
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) result[key] = value;
  return result;
}

/** Sets values relative to the root, checked against their syntax; skips absent parameters. */
function setAll(store: ModelStore, values: Readonly<Record<string, string>>): void {
  for (const [relative, value] of Object.entries(values)) {
    const path = store.rootPath + relative;
    const spec = store.parameterSpec(path);
    if (spec === undefined) continue;
    const checked = checkValue(spec, { type: "string", value });
    if (!checked.ok) throw new CwmpFault(checked.faultCode, `${path}: ${checked.faultString}`);
    store.set(path, checked.value, { source: "config" });
  }
}

function deviceIdOf(identity: DeviceIdentity): DeviceIdStruct {
  return {
    manufacturer: identity.manufacturer,
    oui: identity.oui,
    productClass: identity.productClass,
    serialNumber: identity.serialNumber,
  };
}
