/**
 * What the agent does when it starts (and after a FactoryReset): put the configuration's values
 * into the model where the operator changed them (values the ACS changed since are kept), and
 * work out the Connection Request URL.
 *
 * @module
 */

import type { DeviceIdStruct } from "../protocol/rpc/inform.ts";
import type { AgentStore } from "./agent_store.ts";
import type { AgentLog } from "./agent_types.ts";
import type { AgentConfig } from "./config.ts";

/**
 * The model values the configuration sets, by path below the root. The identity (the
 * device's, which is the configuration's over the model's own) is always written; the others
 * only when they differ from what the last start applied, so a value the ACS set since (say a
 * new PeriodicInformInterval) survives a restart with the same file.
 *
 * @param config The configuration.
 * @param identity The device's DeviceIdStruct.
 * @returns Values by relative path, and which of them are always written.
 *
 * @example Usage
 * ```ts ignore
 * configValues(config, device.deviceId()).values["ManagementServer.URL"]; // config.acs.url
 * ```
 */
export function configValues(
  config: AgentConfig,
  identity: DeviceIdStruct,
): { values: Record<string, string>; always: readonly string[] } {
  const values: Record<string, string> = {
    "DeviceInfo.Manufacturer": identity.manufacturer,
    "DeviceInfo.ManufacturerOUI": identity.oui,
    "DeviceInfo.ProductClass": identity.productClass,
    "DeviceInfo.SerialNumber": identity.serialNumber,
    "ManagementServer.URL": config.acs.url,
    "ManagementServer.Username": config.acs.username,
    "ManagementServer.Password": config.acs.password,
    "ManagementServer.ConnectionRequestUsername": config.connectionRequest.username,
    "ManagementServer.ConnectionRequestPassword": config.connectionRequest.password,
    "ManagementServer.PeriodicInformEnable": String(config.periodicInform.enabled),
    "ManagementServer.PeriodicInformInterval": String(config.periodicInform.intervalSeconds),
  };
  if (config.periodicInform.time !== "") {
    values["ManagementServer.PeriodicInformTime"] = config.periodicInform.time;
  }
  return { values, always: Object.keys(values).filter((k) => k.startsWith("DeviceInfo.")) };
}

/**
 * Writes the configuration's values into the model (see {@link configValues}) and records what
 * was applied; parameters the model lacks are skipped.
 *
 * @param store The agent's state and device.
 * @param config The configuration.
 * @param log Where a value the model refuses is reported.
 */
export function applyConfig(store: AgentStore, config: AgentConfig, log: AgentLog): void {
  const device = store.device;
  const { values, always } = configValues(config, device.deviceId());
  const applied = { ...store.state.applied };
  for (const [relative, value] of Object.entries(values)) {
    const path = device.root + relative;
    const current = device.get(path);
    if (current === undefined) continue;
    if (!always.includes(relative) && applied[relative] === value) continue;
    applied[relative] = value;
    if (current.value === value) continue;
    try {
      device.set(path, value, "config");
    } catch (error) {
      log(
        `cannot set ${path} from the configuration: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
  store.update((s) => ({ ...s, applied }));
  store.markModelChanged();
}

/**
 * The host to advertise in ConnectionRequestURL: the configured one, the listen address, or,
 * for a wildcard listen address, this machine's first non-loopback IPv4 address.
 *
 * @param config The configuration.
 * @returns A host name or address.
 */
export function advertisedHost(config: AgentConfig): string {
  const { host, hostname } = config.connectionRequest;
  if (host !== undefined) return host;
  if (hostname !== "0.0.0.0" && hostname !== "::") return hostname;
  try {
    const found = Deno.networkInterfaces().find((i) =>
      i.family === "IPv4" && !i.address.startsWith("127.")
    );
    if (found !== undefined) return found.address;
  } catch {
    // Without the permission or the interfaces, loopback is the honest answer.
  }
  return "127.0.0.1";
}

/**
 * The Connection Request URL (always http, spec 3.2.2).
 *
 * @param host Host or address (an IPv6 address is bracketed).
 * @param port The listener's port.
 * @param path The random path.
 * @returns The URL.
 *
 * @example Usage
 * ```ts
 * import { connectionRequestUrl } from "./agent_boot.ts";
 * if (connectionRequestUrl("::1", 7547, "/cr/x") !== "http://[::1]:7547/cr/x") throw new Error("x");
 * ```
 */
export function connectionRequestUrl(host: string, port: number, path: string): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}${path}`;
}

/**
 * `bytes` random bytes as hex.
 *
 * @param bytes How many.
 * @returns Lower-case hex digits.
 *
 * @example Usage
 * ```ts
 * import { randomHex } from "./agent_boot.ts";
 * if (!/^[0-9a-f]{16}$/.test(randomHex(8))) throw new Error("unexpected");
 * ```
 */
export function randomHex(bytes: number): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(bytes)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}
