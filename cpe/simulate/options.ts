/**
 * The simulator's options and the one configuration all its agents share, built once.
 *
 * @module
 */

import type { ModelSource } from "../agent_model.ts";
import type { TransportFactory } from "../client/transport.ts";
import { type AgentConfig, parseAgentConfig } from "../config.ts";
import type { BackendSpec } from "../config_values.ts";

/** Options of `startSimulation`. */
export interface SimulationOptions {
  /** The ACS URL every device informs. */
  acsUrl: string;
  /** How many devices. */
  count: number;
  /** The model (default the builtin `igd`). */
  model?: ModelSource;
  /** Serial numbers are `${serialPrefix}${serialStart + index}` (default `SIM`, 1). */
  serialPrefix?: string;
  serialStart?: number;
  /** PeriodicInformInterval in seconds (default 300). */
  intervalSeconds?: number;
  /** First Informs spread over this many seconds (default count / 100; 0: a boot storm). */
  rampUpSeconds?: number;
  /** Stop after this many seconds (default: only when stopped or the signal aborts). */
  durationSeconds?: number;
  /** Credentials at the ACS for every device (default none: first contact gives each its own). */
  username?: string;
  password?: string;
  /** Keep each device's state file here (default: state in memory). */
  stateDir?: string;
  /** The one Connection Request listener (default none: devices advertise no URL). */
  listen?: {
    hostname: string;
    port: number;
    /** Host in the advertised URLs (default the listen address). */
    advertise?: string;
  };
  /** Seconds between re-reads of a random walk with active notification (default 0: none). */
  valueChangeSeconds?: number;
  /**
   * Configuration merged over the simulator's, one level deep per section (e.g. `retry`), for
   * tests and tuning.
   */
  config?: Record<string, unknown>;
  /** The session timeout, set after parsing (the file's minimum is 30 s; tests go lower). */
  sessionTimeoutSeconds?: number;
  /**
   * HTTP transports (default: one HTTP client for all devices, whose kept-alive connections
   * sessions of different devices reuse).
   */
  transport?: TransportFactory;
  /** Open a new connection for every session, as a real CPE does (costlier; default false). */
  connectionPerSession?: boolean;
  /** Stops the simulation when aborted. */
  signal?: AbortSignal;
  now?: () => number;
  random?: () => number;
  /** Failures of the simulator itself (an agent that stopped on an error). */
  log?: (line: string) => void;
  /** Every agent's log lines (default: none, which is what keeps them cheap). */
  agentLog?: (serialNumber: string, line: string) => void;
}

/**
 * The configuration shared by every simulated agent (each gets a shallow copy with its own
 * serial number): the ACS, periodic Informs, the generated values, few kept log lines, and
 * simulated firmware (`downloads.simulatedFirmware`).
 *
 * @param options The simulation's options.
 * @param values The generated value backends.
 * @returns The parsed configuration.
 * @throws {ConfigError} A wrong ACS URL or a wrong field in `options.config`.
 *
 * @example Usage
 * ```ts
 * import { sharedConfig } from "./options.ts";
 * const config = sharedConfig({ acsUrl: "http://acs.invalid/", count: 1, intervalSeconds: 60 }, {});
 * if (config.periodicInform.intervalSeconds !== 60 || config.logLines !== 5) throw new Error("x");
 * if (!config.downloads.simulatedFirmware) throw new Error("simulated firmware is on");
 * ```
 */
export function sharedConfig(
  options: SimulationOptions,
  values: Record<string, BackendSpec>,
): AgentConfig {
  const extra = options.config ?? {};
  const section = (name: string, base: Record<string, unknown>): Record<string, unknown> => ({
    ...base,
    ...(extra[name] as Record<string, unknown> | undefined),
  });
  const acs: Record<string, unknown> = { url: options.acsUrl };
  if (options.username !== undefined) acs.username = options.username;
  if (options.password !== undefined) acs.password = options.password;
  const config = parseAgentConfig({
    logLines: 5,
    pollSeconds: options.valueChangeSeconds ?? 0,
    ...extra,
    acs: section("acs", acs),
    // Replaced per device; the parser wants one.
    identity: section("identity", { serialNumber: "SIM" }),
    periodicInform: section("periodicInform", {
      enabled: true,
      intervalSeconds: options.intervalSeconds ?? 300,
    }),
    // Simulated devices install `CWMP-SIM-FIRMWARE <version>` images and reboot.
    downloads: section("downloads", { simulatedFirmware: true }),
  }, { baseDir: "/" });
  config.values = { ...values, ...config.values };
  if (options.sessionTimeoutSeconds !== undefined) {
    config.acs.timeoutSeconds = options.sessionTimeoutSeconds;
  }
  return config;
}
