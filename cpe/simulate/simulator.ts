/**
 * `cwmp cpe simulate`: N CPE agents in one process, each the real agent (`createCpeAgent`)
 * with its own model store, state and session loop, sharing what does not change: the
 * compiled data model, the parsed configuration, the HTTP transport factory and one
 * Connection Request listener that routes by path. Devices boot spread over a ramp-up (or all
 * at once), then Inform periodically; failures back off per the agent's retry policy.
 *
 * @module
 */

import { type CpeAgent, createCpeAgent } from "../agent.ts";
import { advertisedHost, connectionRequestUrl, randomHex } from "../agent_boot.ts";
import { modelDevice, type ModelSource, resolveIdentity, valueBackendOf } from "../agent_model.ts";
import type { AgentLog, CpeDevice } from "../agent_types.ts";
import { type AgentBackend, createAgentBackend } from "../backends/mod.ts";
import { runShell } from "../backends/shell.ts";
import {
  createDenoTransportFactory,
  fetchTransportFactory,
  type TransportFactory,
} from "../client/transport.ts";
import type { AgentConfig } from "../config.ts";
import { createDefaultModel, type DeviceTemplate, loadDeviceTemplate } from "../model/mod.ts";
import { createMemoryStateFile, createStateFile } from "../state_file.ts";
import { type ConnectionRequestRouter, startConnectionRequestRouter } from "./cr_router.ts";
import {
  deviceConfig,
  type GeneratedValues,
  generatedValues,
  steadyWalks,
} from "./device_template.ts";
import { sharedConfig, type SimulationOptions } from "./options.ts";
import { type SimulationSnapshot, SimulationStats } from "./stats.ts";

export type { SimulationOptions } from "./options.ts";

/** The final JSON summary (`--json`). */
export interface SimulationSummary extends SimulationSnapshot {
  version: 1;
  /** Seconds from the start to the stop. */
  elapsedSeconds: number;
  /** Successful sessions per second over the run. */
  sessionsPerSecond: number;
  /** The process's resident memory at the end, in bytes. */
  rssBytes: number;
}

/** A running simulation. */
export interface Simulation {
  readonly stats: SimulationStats;
  /** The shared Connection Request listener's port, when there is one. */
  readonly listenPort: number | undefined;
  /** Device `index`'s serial number and, once it started, its ConnectionRequestURL. */
  device(index: number): { serialNumber: string; connectionRequestUrl?: string };
  /** Stops every agent (sessions in progress finish); see {@link finished}. */
  stop(): void;
  /** Resolves once every agent stopped, with the summary. */
  readonly finished: Promise<SimulationSummary>;
}

/**
 * Starts the simulation; it runs until {@link Simulation.stop}, the signal or the duration.
 *
 * @param options ACS, device count, model, timing, listener.
 * @returns The simulation, once its listener is up.
 * @throws {CsvModelError} The device dump cannot be read.
 * @throws {ListenError} The listener's address cannot be used.
 *
 * @example Two devices against an in-memory ACS that answers every Inform
 * ```ts
 * import { startSimulation } from "./simulator.ts";
 * import { fetchTransportFactory } from "../client/transport.ts";
 * import { decodeEnvelopes, encodeEnvelope } from "../../protocol/soap/envelope.ts";
 * const acs = (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
 *   const body = String(init?.body ?? "");
 *   if (body === "") return Promise.resolve(new Response(null, { status: 204 }));
 *   const [inform] = decodeEnvelopes(body).envelopes;
 *   const xml = encodeEnvelope({ method: "InformResponse", maxEnvelopes: 1 }, {
 *     version: "1.0",
 *     headers: { id: inform?.headers.id ?? "" },
 *   });
 *   return Promise.resolve(new Response(xml, { headers: { "content-type": "text/xml" } }));
 * };
 * const simulation = await startSimulation({
 *   acsUrl: "http://acs.invalid/",
 *   count: 2,
 *   rampUpSeconds: 0,
 *   durationSeconds: 0.5,
 *   transport: fetchTransportFactory(acs),
 * });
 * const summary = await simulation.finished;
 * if (summary.devices !== 2 || summary.sessions !== 2) throw new Error(JSON.stringify(summary));
 * ```
 * @see TR-069 Issue 1, 3.2.1 CPE Connection Initiation
 */
export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const source: ModelSource = options.model ?? { builtin: "igd" };
  const template = loadDeviceTemplate("builtin" in source ? source.builtin : source.csv);
  const generated = generatedValues(template, (options.valueChangeSeconds ?? 0) > 0);
  const shared = sharedConfig(options, generated.values);
  const ownDir = options.stateDir === undefined;
  const dir = options.stateDir ?? await Deno.makeTempDir({ prefix: "cwmp-simulate-" });
  const stats = new SimulationStats();
  let router: ConnectionRequestRouter | undefined;
  if (options.listen !== undefined) {
    router = startConnectionRequestRouter({
      ...options.listen,
      nonceSecret: randomHex(32),
      rateLimit: {
        count: shared.connectionRequest.rateLimit.count,
        windowMs: shared.connectionRequest.rateLimit.seconds * 1000,
      },
      onAccepted: () => stats.connectionRequest(),
    });
  }
  const crHost = options.listen === undefined ? "" : advertisedHost({
    ...shared,
    connectionRequest: {
      ...shared.connectionRequest,
      hostname: options.listen.hostname,
      ...(options.listen.advertise === undefined ? {} : { host: options.listen.advertise }),
    },
  });
  const serials = (index: number): string =>
    `${options.serialPrefix ?? "SIM"}${(options.serialStart ?? 1) + index}`;
  const paths: (string | undefined)[] = [];
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  options.signal?.addEventListener("abort", stop, { once: true });
  const duration = options.durationSeconds === undefined
    ? undefined
    : setTimeout(stop, options.durationSeconds * 1000);
  const transports = defaultTransport(options);
  const context: DeviceContext = {
    shared,
    template,
    generated,
    dir,
    persistent: !ownDir,
    transport: options.transport ?? transports.factory,
    now,
    random,
    signal: controller.signal,
    stats,
    router,
    advertise: router === undefined
      ? undefined
      : (path: string) => connectionRequestUrl(crHost, router.port, path),
    log: options.log ?? ((): void => {}),
    agentLog: options.agentLog,
  };
  const started = now();
  const runs = launch(options, {
    context,
    serials,
    onPath: (index, path) => void (paths[index] = path),
  });
  const finished = (async (): Promise<SimulationSummary> => {
    await runs.launched;
    await Promise.all(runs.running);
    if (duration !== undefined) clearTimeout(duration);
    options.signal?.removeEventListener("abort", stop);
    await router?.close();
    transports.close();
    if (ownDir) await Deno.remove(dir, { recursive: true }).catch(() => {});
    const snapshot = stats.snapshot();
    const elapsedSeconds = Math.max(0.001, (now() - started) / 1000);
    return {
      version: 1,
      ...snapshot,
      elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
      sessionsPerSecond: Math.round((snapshot.sessions / elapsedSeconds) * 10) / 10,
      rssBytes: Deno.memoryUsage().rss,
    };
  })();
  return {
    stats,
    listenPort: router?.port,
    device(index: number): { serialNumber: string; connectionRequestUrl?: string } {
      const path = paths[index];
      const url = path === undefined ? undefined : context.advertise?.(path);
      return {
        serialNumber: serials(index),
        ...(url === undefined ? {} : { connectionRequestUrl: url }),
      };
    },
    stop,
    finished,
  };
}

/** What every device's agent is built from. */
interface DeviceContext {
  shared: AgentConfig;
  template: DeviceTemplate;
  generated: GeneratedValues;
  dir: string;
  /** Keep state files in `dir` (otherwise in memory). */
  persistent: boolean;
  transport: TransportFactory;
  now: () => number;
  random: () => number;
  signal: AbortSignal;
  stats: SimulationStats;
  router: ConnectionRequestRouter | undefined;
  advertise: ((path: string) => string) | undefined;
  log: AgentLog;
  agentLog: ((serialNumber: string, line: string) => void) | undefined;
}

// Starts the devices one by one at their ramp-up times, with one timer at a time.
function launch(
  options: SimulationOptions,
  deps: {
    context: DeviceContext;
    serials: (index: number) => string;
    onPath: (index: number, path: string) => void;
  },
): { launched: Promise<void>; running: Promise<void>[] } {
  const { context } = deps;
  const running: Promise<void>[] = [];
  const rampMs = (options.rampUpSeconds ?? options.count / 100) * 1000;
  const t0 = context.now();
  const launched = (async (): Promise<void> => {
    for (let i = 0; i < options.count && !context.signal.aborted; i++) {
      const wait = t0 + (rampMs * i) / options.count - context.now();
      if (wait > 0) await sleep(wait, context.signal);
      if (context.signal.aborted) break;
      running.push(runDevice(i, deps.serials(i), { context, onPath: deps.onPath }));
    }
  })();
  return { launched, running };
}

async function runDevice(
  index: number,
  serialNumber: string,
  deps: { context: DeviceContext; onPath: (index: number, path: string) => void },
): Promise<void> {
  const c = deps.context;
  const config = deviceConfig(c.shared, {
    serialNumber,
    downloadsDir: `${c.dir}/downloads/${serialNumber}`,
    stateFile: c.persistent ? `${c.dir}/${serialNumber}.json` : "memory",
  });
  const agentLog = c.agentLog;
  const log: AgentLog = agentLog === undefined
    ? (): void => {}
    : (line): void => agentLog(serialNumber, line);
  const backend = steadyWalks(
    createAgentBackend(c.shared.values, { run: runShell, now: c.now, random: c.random }),
    { specs: c.shared.values, everyMs: c.shared.pollSeconds * 1000, now: c.now },
  );
  const agent: CpeAgent = createCpeAgent({
    config,
    createDevice: () => simulatedDevice(c, { config, backend, log }),
    stateFile: c.persistent ? createStateFile(config.stateFile) : createMemoryStateFile(),
    transport: c.transport,
    now: c.now,
    random: c.random,
    log,
    listen: false,
    ...(c.advertise === undefined ? {} : { connectionRequestUrl: c.advertise }),
    onSession: (outcome) => c.stats.session(index, outcome),
  });
  c.stats.deviceStarted();
  let path: string | undefined;
  const running = agent.run(c.signal);
  agent.started.then((info) => {
    path = info.connectionRequestPath;
    deps.onPath(index, path);
    c.router?.add(path, agent);
  }, () => {});
  try {
    await running;
  } catch (error) {
    c.stats.deviceStopped(index);
    c.log(`${serialNumber}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    if (path !== undefined) c.router?.remove(path);
  }
}

// A new device with the factory defaults, its generated values and their notifications.
function simulatedDevice(
  c: DeviceContext,
  own: { config: AgentConfig; backend: AgentBackend; log: AgentLog },
): CpeDevice {
  const identity = resolveIdentity(own.config, c.template.dump?.identity ?? {});
  const store = createDefaultModel(c.template, identity, {
    backend: valueBackendOf(own.backend),
  });
  if (c.generated.notifications.length > 0) store.setAttributes(c.generated.notifications);
  return modelDevice(store, own.log);
}

// One HTTP client for every device: creating one per session (a new TCP connection, as a real
// CPE does) costs ~5 ms of CPU each, which made sessions queue at a few hundred per second.
function defaultTransport(
  options: SimulationOptions,
): { factory: TransportFactory; close: () => void } {
  if (options.transport !== undefined || options.connectionPerSession === true) {
    return { factory: options.transport ?? createDenoTransportFactory({}), close: () => {} };
  }
  const client = Deno.createHttpClient({});
  return {
    factory: fetchTransportFactory((input, init) => fetch(input, { ...init, client })),
    close: () => client.close(),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
