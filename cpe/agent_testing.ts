/**
 * Test helpers: an agent on the real model store, talking to a test's ACS over loopback, with
 * its state in a temporary directory, fast timers and captured log lines.
 *
 * @module
 */

import { type CpeAgent, type CpeAgentDeps, createCpeAgent } from "./agent.ts";
import { deviceFactory, type ModelSource } from "./agent_model.ts";
import { createAgentBackend } from "./backends/mod.ts";
import { runShell } from "./backends/shell.ts";
import { type AgentConfig, parseAgentConfig } from "./config.ts";
import { isBuiltinModelName } from "./model/mod.ts";
import { createStateFile } from "./state_file.ts";

/** A running test agent. */
export interface TestAgent {
  agent: CpeAgent;
  config: AgentConfig;
  /** Its directory: state file `state.json`, downloads in `downloads/`. */
  dir: string;
  /** ConnectionRequestURL. */
  connectionRequestUrl: string;
  logs: string[];
  /** Stops the agent (the session in progress finishes) and waits for it. */
  stop(): Promise<void>;
}

/** Options of {@link startTestAgent}. */
export interface TestAgentOptions {
  /** The ACS URL. */
  acsUrl: string;
  /** Extra configuration, merged over the test defaults (shallow per section). */
  config?: Record<string, unknown>;
  /** Reuse a directory (a restart); a new temporary one otherwise. */
  dir?: string;
  /** Replaces dependencies (random, run...). */
  deps?: Partial<CpeAgentDeps>;
}

/**
 * Starts an agent on the IGD model (or the configured `model`: a builtin name or a CSV device
 * dump's path): a session timeout of 5 s, periodic Informs off, retries after 50-100 ms, Connection
 * Requests on 127.0.0.1 with a random port.
 *
 * @param options ACS URL, configuration, directory.
 * @returns The running agent, once it has started.
 */
export async function startTestAgent(options: TestAgentOptions): Promise<TestAgent> {
  const dir = options.dir ?? await Deno.makeTempDir({ prefix: "cwmp-agent-" });
  const extra = options.config ?? {};
  const section = (name: string, base: Record<string, unknown>): Record<string, unknown> => ({
    ...base,
    ...(extra[name] as Record<string, unknown> | undefined),
  });
  const config = parseAgentConfig({
    ...extra,
    acs: section("acs", { url: options.acsUrl }),
    identity: section("identity", {
      manufacturer: "Acme",
      oui: "00D09E",
      productClass: "GW",
      serialNumber: "T1",
    }),
    connectionRequest: section("connectionRequest", { listen: "127.0.0.1:0" }),
    periodicInform: section("periodicInform", { enabled: false }),
    retry: section("retry", { minWaitSeconds: 0.05 }),
    stateFile: "state.json",
  }, { baseDir: dir });
  // Below the file's minimum of 30 s: a test with a stalled ACS fails fast.
  config.acs.timeoutSeconds = 5;
  const logs: string[] = [];
  const log = (line: string): void => void logs.push(line);
  const backend = createAgentBackend(config.values, {
    run: runShell,
    now: Date.now,
    random: Math.random,
  });
  const model: ModelSource = isBuiltinModelName(config.model)
    ? { builtin: config.model }
    : { csv: await Deno.readTextFile(config.model) };
  const agent = createCpeAgent({
    config,
    createDevice: deviceFactory(model, { config, backend, log }),
    stateFile: createStateFile(config.stateFile),
    log,
    ...options.deps,
  });
  const stopper = new AbortController();
  const running = agent.run(stopper.signal);
  running.catch(() => {});
  const info = await Promise.race([agent.started, running.then(() => undefined)]);
  return {
    agent,
    config,
    dir,
    connectionRequestUrl: info?.connectionRequestUrl ?? "",
    logs,
    stop: async () => {
      stopper.abort();
      await running;
    },
  };
}
