/**
 * The agent's device from the model store (`cpe/model/`) and the parameter RPC handlers
 * (`cpe/handlers/`): an adapter to the {@link CpeDevice} port, plus the bridge that lets the
 * configuration's value backends feed the store.
 *
 * @module
 */

import { CwmpFault } from "../protocol/errors.ts";
import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import type { DeviceIdStruct } from "../protocol/rpc/inform.ts";
import type { AgentLog, CpeDevice, DeviceChange } from "./agent_types.ts";
import type { AgentBackend } from "./backends/mod.ts";
import { type AgentConfig, ConfigError } from "./config.ts";
import { handleParameterRpc, isParameterRpc } from "./handlers/mod.ts";
import {
  createDefaultModel,
  type DeviceTemplate,
  loadDeviceTemplate,
  type ModelStore,
  type ValueBackend,
} from "./model/mod.ts";

/** The parameter and object RPCs the model answers (GetRPCMethods is the agent's). */
const MODEL_METHODS: readonly string[] = [
  "GetParameterValues",
  "GetParameterNames",
  "SetParameterValues",
  "SetParameterAttributes",
  "GetParameterAttributes",
  "AddObject",
  "DeleteObject",
];

/**
 * Wraps a model store as the agent's device.
 *
 * @param store The store.
 * @param log Where backend errors and restore warnings go.
 * @returns The device.
 *
 * @example Usage
 * ```ts
 * import { modelDevice } from "./agent_model.ts";
 * import { createDefaultModel } from "./model/mod.ts";
 * const device = modelDevice(createDefaultModel("igd"), () => {});
 * if (device.root !== "InternetGatewayDevice." || device.get("InternetGatewayDevice.X") !== undefined) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function modelDevice(store: ModelStore, log: AgentLog): CpeDevice {
  let listener: ((change: DeviceChange) => void) | undefined;
  store.subscribe((event) => {
    if (event.type === "change") {
      listener?.({ path: event.path, source: event.source, notify: event.notify });
    } else {
      log(`value backend ${event.operation} of ${event.path} failed: ${event.message}`);
    }
  });
  return {
    root: store.rootPath,
    methods: MODEL_METHODS,
    deviceId: () => store.deviceId(),
    handle(request: CwmpMessage): Promise<CwmpMessage> {
      if (!isParameterRpc(request)) {
        return Promise.reject(new CwmpFault(9000, `Method not supported: ${request.method}`));
      }
      return handleParameterRpc(request, store);
    },
    get: (path) => store.kindOf(path) === "parameter" ? store.get(path) : undefined,
    set: (path, value, source) => store.set(path, value, { source }),
    refresh: async () => void await store.refresh(),
    prepareInform: () => store.prepareInform(),
    acknowledgeInform: (mark) => store.acknowledgeInform(mark),
    onChange: (next) => void (listener = next),
    snapshot: () => store.snapshot(),
    exportSnapshot: () => store.exportSnapshot(),
    restore(snapshot: unknown): void {
      for (const warning of store.restore(snapshot).warnings) {
        log(`restoring the model: ${warning}`);
      }
    },
  };
}

/**
 * The store's backend for the configuration's value backends.
 *
 * @param backend The configured backends.
 * @returns A {@link ValueBackend}: reads and writes of configured paths (a write that needs a
 * reboot makes SetParameterValues answer Status 1), none for the others.
 */
export function valueBackendOf(backend: AgentBackend): ValueBackend {
  const paths = new Set(backend.paths);
  return {
    read: (path) => paths.has(path) ? backend.read(path) : undefined,
    write: (path, value) => paths.has(path) ? backend.write(path, value) : undefined,
  };
}

/** Where the model comes from: a builtin name, or the text of a CSV device dump. */
export type ModelSource = { builtin: "igd" | "device2" } | { csv: string };

/**
 * A factory of the configured device with its factory defaults, called at each start and after
 * a FactoryReset.
 *
 * @param source The model.
 * @param options The configuration (its identity; see {@link resolveIdentity}), the value
 * backends and the log.
 * @returns The factory.
 * @throws {CsvModelError} (when called) The CSV cannot be read.
 * @throws {ConfigError} (when called) Neither the configuration nor the dump has a serial number.
 *
 * @example Usage
 * ```ts
 * import { deviceFactory } from "./agent_model.ts";
 * import { createAgentBackend } from "./backends/mod.ts";
 * import { parseAgentConfig } from "./config.ts";
 * const config = parseAgentConfig({ acs: { url: "http://acs.invalid/" }, identity: { serialNumber: "7" } }, { baseDir: "/" });
 * const backend = createAgentBackend({}, { run: () => Promise.reject(), now: Date.now, random: Math.random });
 * const create = deviceFactory({ builtin: "device2" }, { config, backend, log: () => {} });
 * if (create().get("Device.DeviceInfo.SerialNumber")?.value !== "7") throw new Error("unexpected");
 * ```
 */
export function deviceFactory(
  source: ModelSource,
  options: { config: AgentConfig; backend: AgentBackend; log: AgentLog },
): () => CpeDevice {
  // Loaded at the first call (a CSV that cannot be read throws there), then reused.
  let template: DeviceTemplate | undefined;
  return () => {
    template ??= loadDeviceTemplate("builtin" in source ? source.builtin : source.csv);
    const identity = resolveIdentity(options.config, template.dump?.identity ?? {});
    const store = createDefaultModel(template, identity, {
      backend: valueBackendOf(options.backend),
    });
    return modelDevice(store, options.log);
  };
}

/**
 * The device's DeviceIdStruct: each field from the configuration when it gives it, else from
 * the model (a device dump's own identity), else the configuration's defaults.
 *
 * @param config The configuration.
 * @param fromModel What the model says (a dump's `DeviceID.*` rows or DeviceInfo values).
 * @returns The identity the Inform carries and DeviceInfo holds.
 * @throws {ConfigError} No serial number anywhere.
 *
 * @example A dump's identity with the configured serial number
 * ```ts
 * import { resolveIdentity } from "./agent_model.ts";
 * import { parseAgentConfig } from "./config.ts";
 * const config = parseAgentConfig({
 *   acs: { url: "http://acs.invalid/" },
 *   identity: { serialNumber: "SN9" },
 *   model: "dump.csv",
 * }, { baseDir: "/" });
 * const id = resolveIdentity(config, { manufacturer: "Huawei", oui: "202BC1", serialNumber: "1" });
 * if (id.manufacturer !== "Huawei" || id.serialNumber !== "SN9" || id.productClass !== "Gateway") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, Table 34 (DeviceIdStruct)
 */
export function resolveIdentity(
  config: AgentConfig,
  fromModel: Partial<DeviceIdStruct>,
): DeviceIdStruct {
  const merged = { ...config.defaultIdentity, ...fromModel, ...config.identity };
  if (merged.serialNumber === undefined || merged.serialNumber === "") {
    throw new ConfigError("identity.serialNumber", "is required: the model has no serial number");
  }
  return { ...merged, serialNumber: merged.serialNumber };
}
