/**
 * The CPE agent (`cwmp cpe run`): loads its durable state, keeps the model, listens for
 * Connection Requests, and opens a session whenever spec 3.2.1 says so (BOOTSTRAP, BOOT,
 * PERIODIC, SCHEDULED, VALUE CHANGE, CONNECTION REQUEST, TRANSFER COMPLETE), retrying failed
 * sessions with back-off. Reboot, FactoryReset and transfers take effect between sessions.
 *
 * @module
 */

import type { EventStruct } from "../protocol/rpc/inform.ts";
import { advertisedHost, applyConfig, connectionRequestUrl, randomHex } from "./agent_boot.ts";
import { AgentLogBuffer } from "./agent_log.ts";
import { type ArrivedDuringSession, managementValue, runAgentSession } from "./agent_session.ts";
import { AgentStore } from "./agent_store.ts";
import { requeueInterrupted, runDueTransfer } from "./agent_transfers.ts";
import type { AgentLog, CpeDevice, DeviceChange } from "./agent_types.ts";
import { runShell, type ShellRunner } from "./backends/shell.ts";
import { retryDelayMs } from "./client/retry.ts";
import { createDenoTransportFactory, type TransportFactory } from "./client/transport.ts";
import type { AgentConfig } from "./config.ts";
import {
  type ConnectionRequestCredentials,
  type ConnectionRequestServer,
  startConnectionRequestServer,
} from "./connection_request.ts";
import { addEvent, EVENT, finishedTransfers } from "./events.ts";
import { nextWake } from "./scheduler.ts";
import { AgentTimers } from "./agent_timers.ts";
import { initialState } from "./state.ts";
import type { StateFile } from "./state_file.ts";
import { Waker } from "./agent_waker.ts";
import { runPendingAction } from "./agent_actions.ts";

/** What {@link createCpeAgent} needs; all but the first three have defaults. */
export interface CpeAgentDeps {
  config: AgentConfig;
  /** Builds the model with its factory defaults (again after a FactoryReset). */
  createDevice: () => CpeDevice | Promise<CpeDevice>;
  stateFile: StateFile;
  /** HTTP transports (default: Deno's fetch, without extra CAs). */
  transport?: TransportFactory;
  now?: () => number;
  /** Uniform in [0, 1), for the retry jitter. */
  random?: () => number;
  /** Runs hooks (default `sh -c`). */
  run?: ShellRunner;
  /** One line per event worth knowing (default: none). */
  log?: AgentLog;
  /** Start the Connection Request listener (default true). */
  listen?: boolean;
  /**
   * With `listen: false`: the ConnectionRequestURL of a listener outside the agent (the
   * simulator's, shared by many agents) for the agent's path; that listener calls
   * {@link CpeAgent.requestConnection}.
   */
  connectionRequestUrl?: (path: string) => string;
  /** Told after each session (default: nothing), e.g. for a simulator's statistics. */
  onSession?: (outcome: AgentSessionOutcome) => void;
}

/** One session as {@link CpeAgentDeps.onSession} is told of it. */
export interface AgentSessionOutcome {
  ok: boolean;
  /** Why it failed (undefined when ok). */
  reason?: string;
  /** The events its Inform carried. */
  events: readonly EventStruct[];
  durationMs: number;
  /** Whether it was a retry after a failed session. */
  retry: boolean;
  /** The wait before the next attempt, after a failure. */
  retryInMs?: number;
}

/** What a started agent tells. */
export interface AgentInfo {
  /** ConnectionRequestURL, when the listener runs (or an outside one is given). */
  connectionRequestUrl: string | undefined;
  /** The path of the ConnectionRequestURL, stable across restarts. */
  connectionRequestPath: string;
}

/** A CPE agent. */
export interface CpeAgent {
  /**
   * Runs until `signal` aborts; a session in progress is finished first.
   *
   * @throws {StateError} The state file is unusable.
   */
  run(signal: AbortSignal): Promise<void>;
  /** Resolves once the agent has started (state loaded, listener up). */
  readonly started: Promise<AgentInfo>;
  /** Asks for a session, as a Connection Request does (`6 CONNECTION REQUEST`). */
  requestConnection(): void;
  /**
   * The credentials a Connection Request must carry now (the ACS may change them); an empty
   * username means none. For a listener outside the agent.
   */
  connectionRequestCredentials(): ConnectionRequestCredentials;
}

/**
 * Creates an agent.
 *
 * @param deps Configuration, model factory, state file and IO.
 * @returns The agent; nothing runs before {@link CpeAgent.run}.
 *
 * @example One boot session against an in-memory ACS
 * ```ts
 * import { createCpeAgent } from "./agent.ts";
 * import { deviceFactory } from "./agent_model.ts";
 * import { createAgentBackend } from "./backends/mod.ts";
 * import { fetchTransportFactory } from "./client/transport.ts";
 * import { parseAgentConfig } from "./config.ts";
 * import { createStateFile } from "./state_file.ts";
 * import { decodeEnvelopes, encodeEnvelope } from "../protocol/soap/envelope.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const config = parseAgentConfig({
 *   acs: { url: "http://acs.invalid/cwmp" },
 *   identity: { oui: "00D09E", serialNumber: "42" },
 *   periodicInform: { enabled: false },
 * }, { baseDir: dir });
 * const stop = new AbortController();
 * const events: string[] = [];
 * // The ACS: InformResponse to the Inform, then 204 to the empty POST, which ends the session.
 * const acs = (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
 *   const body = String(init?.body ?? "");
 *   if (body === "") {
 *     stop.abort();
 *     return Promise.resolve(new Response(null, { status: 204 }));
 *   }
 *   const [inform] = decodeEnvelopes(body).envelopes;
 *   if (inform?.message?.method === "Inform") {
 *     events.push(...inform.message.events.map((e) => e.eventCode));
 *   }
 *   const answer = { method: "InformResponse", maxEnvelopes: 1 } as const;
 *   const xml = encodeEnvelope(answer, { version: "1.0", headers: { id: inform?.headers.id ?? "" } });
 *   return Promise.resolve(new Response(xml, { headers: { "content-type": "text/xml" } }));
 * };
 * const backend = createAgentBackend({}, { run: () => Promise.reject(), now: Date.now, random: Math.random });
 * const agent = createCpeAgent({
 *   config,
 *   createDevice: deviceFactory({ builtin: "igd" }, { config, backend, log: () => {} }),
 *   stateFile: createStateFile(`${dir}/state.json`),
 *   transport: fetchTransportFactory(acs),
 *   listen: false,
 * });
 * await agent.run(stop.signal);
 * await Deno.remove(dir, { recursive: true });
 * if (events.join() !== "0 BOOTSTRAP,1 BOOT") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.2.1 CPE Connection Initiation and 3.7.1 CPE Operation
 */
export function createCpeAgent(deps: CpeAgentDeps): CpeAgent {
  return new AgentRuntime(deps);
}

class AgentRuntime implements CpeAgent {
  readonly started: Promise<AgentInfo>;
  readonly #deps: CpeAgentDeps;
  readonly #now: () => number;
  readonly #logs: AgentLogBuffer;
  readonly #waker = new Waker();
  readonly #timers: AgentTimers;
  readonly #open: TransportFactory;
  readonly #startedWith = Promise.withResolvers<AgentInfo>();
  #store: AgentStore | undefined;
  #listener: ConnectionRequestServer | undefined;
  #crUrl = "";
  #failures = 0;
  #retryAt: number | undefined;
  #activeChange = false;
  #arrived: ArrivedDuringSession | undefined;

  constructor(deps: CpeAgentDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#logs = new AgentLogBuffer(deps.config.logLines, deps.log ?? ((): void => {}), this.#now);
    this.#open = deps.transport ?? createDenoTransportFactory({});
    this.#timers = new AgentTimers(deps.config);
    this.started = this.#startedWith.promise;
    this.started.catch(() => {});
  }

  requestConnection(): void {
    if (this.#store === undefined) return;
    this.#addEvent({ eventCode: EVENT.connectionRequest, commandKey: "" });
    // The ACS is there and asks: no back-off wait.
    this.#retryAt = undefined;
    this.#waker.wake();
  }

  async run(signal: AbortSignal): Promise<void> {
    try {
      await this.#boot();
    } catch (error) {
      this.#startedWith.reject(error);
      await this.#listener?.close();
      throw error;
    }
    this.#startedWith.resolve({
      connectionRequestUrl: this.#crUrl === "" ? undefined : this.#crUrl,
      connectionRequestPath: this.#live.state.connectionRequestPath,
    });
    const stop = (): void => this.#waker.wake();
    signal.addEventListener("abort", stop);
    try {
      while (!signal.aborted) await this.#step(signal);
    } finally {
      signal.removeEventListener("abort", stop);
      await this.#listener?.close();
      await this.#store?.flush();
      this.#logs.log("stopped");
    }
  }

  get #live(): AgentStore {
    if (this.#store === undefined) throw new Error("Cannot use the agent before it started");
    return this.#store;
  }

  async #boot(): Promise<void> {
    const { config } = this.#deps;
    const loaded = await this.#deps.stateFile.load();
    if (loaded?.warning !== undefined) this.#logs.log(loaded.warning);
    const state = loaded?.state ?? initialState(`/cr/${randomHex(16)}`);
    const device = await this.#deps.createDevice();
    this.#store = new AgentStore(this.#deps.stateFile, device, state);
    if (state.model !== null) {
      try {
        device.restore(state.model);
      } catch (error) {
        this.#logs.log(`cannot restore the model (${String(error)}); starting from its defaults`);
        this.#live.markModelChanged();
      }
    }
    if (state.pendingAction !== "none") await this.#runAction(true);
    this.#live.device.onChange((change) => this.#onChange(change));
    requeueInterrupted(this.#live);
    applyConfig(this.#live, config, this.#logs.log);
    if (this.#deps.listen !== false) this.#listen();
    else this.#advertiseOutside();
    this.#checkAcsUrl();
    this.#restarted();
    await this.#live.flush();
    this.#logs.log(
      `started: ACS ${managementValue({ store: this.#live }, "URL", config.acs.url)}` +
        (this.#crUrl === "" ? "" : `, connection requests at ${this.#crUrl}`),
    );
    this.#warnIfUnauthenticated();
  }

  #listen(): void {
    const { config } = this.#deps;
    const store = this.#live;
    this.#listener ??= startConnectionRequestServer({
      hostname: config.connectionRequest.hostname,
      port: config.connectionRequest.port,
      path: store.state.connectionRequestPath,
      credentials: () => this.#crCredentials(),
      nonceSecret: randomHex(32),
      onRequest: () => this.requestConnection(),
      rateLimit: {
        count: config.connectionRequest.rateLimit.count,
        windowMs: config.connectionRequest.rateLimit.seconds * 1000,
      },
      now: this.#now,
      log: this.#logs.log,
    });
    this.#advertise(connectionRequestUrl(
      advertisedHost(config),
      this.#listener.port,
      store.state.connectionRequestPath,
    ));
  }

  #advertiseOutside(): void {
    const url = this.#deps.connectionRequestUrl;
    if (url !== undefined) this.#advertise(url(this.#live.state.connectionRequestPath));
  }

  #advertise(url: string): void {
    const store = this.#live;
    this.#crUrl = url;
    const path = `${store.device.root}ManagementServer.ConnectionRequestURL`;
    if (store.device.get(path) !== undefined && store.device.get(path)?.value !== this.#crUrl) {
      // A changed URL is an Inform-on-Change (Table 33), except for a device that bootstraps.
      store.device.set(path, this.#crUrl, store.state.bootstrapped ? "local" : "config");
      store.markModelChanged();
    }
  }

  connectionRequestCredentials(): ConnectionRequestCredentials {
    return this.#crCredentials();
  }

  // The ACS may change them (they are ManagementServer parameters); the file gives the defaults.
  #crCredentials(): ConnectionRequestCredentials {
    const store = this.#live;
    const { connectionRequest } = this.#deps.config;
    return {
      username: managementValue({ store }, "ConnectionRequestUsername", connectionRequest.username),
      password: managementValue({ store }, "ConnectionRequestPassword", connectionRequest.password),
    };
  }

  // An empty username is the operator's opt-out of authentication: say so at every start.
  #warnIfUnauthenticated(): void {
    if (this.#crUrl === "" || this.#crCredentials().username !== "") return;
    const { count, seconds } = this.#deps.config.connectionRequest.rateLimit;
    this.#logs.log(
      `warning: connection requests are not authenticated (ConnectionRequestUsername is empty): ` +
        `anyone who reaches ${this.#crUrl} can start sessions, up to ${count} in ${seconds} s`,
    );
  }

  // A start, a reboot or a factory reset: 1 BOOT, and timers count from now.
  #restarted(): void {
    this.#addEvent({ eventCode: EVENT.boot, commandKey: "" });
    this.#timers.restart(this.#now());
    this.#failures = 0;
    this.#retryAt = undefined;
  }

  // 0 BOOTSTRAP on the first start and whenever the ACS URL changed (spec 3.2.1).
  #checkAcsUrl(): void {
    const store = this.#live;
    const url = managementValue({ store }, "URL", this.#deps.config.acs.url);
    if (url !== store.state.acsUrl && store.state.bootstrapped) {
      this.#logs.log(`ACS URL changed to ${url}: bootstrapping`);
      store.update((s) => ({ ...s, bootstrapped: false }));
    }
    if (!store.state.bootstrapped) {
      // A new ACS learns every value from the bootstrap session; no VALUE CHANGE with it.
      store.update((s) => ({ ...s, acsUrl: url }));
      this.#addEvent({ eventCode: EVENT.bootstrap, commandKey: "" });
    }
  }

  async #step(signal: AbortSignal): Promise<void> {
    const store = this.#live;
    await store.flush();
    if (store.state.pendingAction !== "none") return await this.#pendingAction();
    const now = this.#now();
    if (this.#timers.pollDue(now)) {
      // Re-read live values so a change is noticed between sessions.
      await store.device.refresh().catch((e) =>
        this.#logs.log(`cannot refresh values: ${String(e)}`)
      );
    }
    for (const event of this.#timers.collectDue(now, store)) this.#addEvent(event);
    const ran = await runDueTransfer({
      store,
      config: this.#deps.config,
      open: this.#open,
      now: this.#now,
      randomHex,
      run: this.#deps.run ?? runShell,
      uploadContent: (kind) => this.#logs.uploadContent(kind, store.device),
      log: this.#logs.log,
      signal,
    });
    if (ran) return;
    if (this.#sessionWanted() && (this.#retryAt === undefined || now >= this.#retryAt)) {
      return await this.#session();
    }
    let wake = nextWake(store.state, {
      periodicAt: this.#timers.periodicAt(store),
      retryAt: this.#sessionWanted() ? this.#retryAt : undefined,
    });
    const poll = this.#timers.nextPoll;
    if (poll !== undefined) wake = Math.min(wake ?? Infinity, poll);
    await this.#waker.sleep(wake === undefined ? undefined : wake - now, signal);
  }

  #sessionWanted(): boolean {
    const state = this.#live.state;
    return state.pendingEvents.length > 0 || finishedTransfers(state).length > 0 ||
      this.#activeChange;
  }

  async #session(): Promise<void> {
    const arrived: ArrivedDuringSession = { events: [], active: false };
    this.#arrived = arrived;
    let result;
    try {
      result = await runAgentSession({
        store: this.#live,
        config: this.#deps.config,
        open: this.#open,
        now: this.#now,
        randomHex,
        log: this.#logs.log,
        arrived,
      });
    } finally {
      this.#arrived = undefined;
    }
    if (result.report.informAcknowledged) this.#activeChange = arrived.active;
    const retry = this.#failures > 0;
    if (result.report.ok) {
      this.#failures = 0;
      this.#retryAt = undefined;
    } else {
      this.#failures++;
      // The back-off of spec 3.7.1.4, or longer when a busy ACS asked for more (503).
      const wait = Math.max(
        retryDelayMs(this.#failures, this.#deps.random ?? Math.random, this.#deps.config.retry),
        (result.report.retryAfterSeconds ?? 0) * 1000,
      );
      this.#retryAt = this.#now() + wait;
      this.#logs.log(`retry ${this.#failures} in ${Math.round(wait / 100) / 10} s`);
    }
    this.#deps.onSession?.({
      ok: result.report.ok,
      ...(result.report.reason === undefined ? {} : { reason: result.report.reason }),
      events: result.events,
      durationMs: result.durationMs,
      retry,
      ...(this.#retryAt === undefined ? {} : { retryInMs: this.#retryAt - this.#now() }),
    });
    this.#checkAcsUrl();
  }

  // A Reboot or FactoryReset acknowledged in the last session (or before a crash, at boot).
  #runAction(atBoot: boolean): Promise<"rebooted" | "reset"> {
    return runPendingAction({
      store: this.#live,
      config: this.#deps.config,
      createDevice: this.#deps.createDevice,
      run: this.#deps.run ?? runShell,
      log: this.#logs.log,
      atBoot,
    });
  }

  async #pendingAction(): Promise<void> {
    const outcome = await this.#runAction(false);
    if (outcome === "reset") {
      this.#live.device.onChange((change) => this.#onChange(change));
      applyConfig(this.#live, this.#deps.config, this.#logs.log);
      if (this.#listener !== undefined) this.#listen();
      else this.#advertiseOutside();
      this.#checkAcsUrl();
    }
    this.#restarted();
  }

  #addEvent(event: EventStruct): void {
    this.#live.update((s) => ({ ...s, pendingEvents: addEvent(s.pendingEvents, event) }));
    this.#arrived?.events.push(event);
    this.#waker.wake();
  }

  #onChange(change: DeviceChange): void {
    if (change.source !== "local" || change.notify === 0 || this.#store === undefined) return;
    // The model keeps the pending change; its snapshot must keep it across a restart.
    this.#live.markModelChanged();
    if (change.notify === 2) {
      this.#activeChange = true;
      if (this.#arrived !== undefined) this.#arrived.active = true;
      this.#waker.wake();
    }
  }
}
