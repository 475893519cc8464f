/**
 * The agent as a process (`cwmp cpe run`): reads the configuration, the model and the TLS
 * files, builds the agent's dependencies, and runs it until SIGTERM or SIGINT, which let the
 * session in progress finish. Every expected failure is an {@link AgentStartError} with the
 * exit code it calls for (design.md section 6).
 *
 * @module
 */

import { createCpeAgent } from "./agent.ts";
import { deviceFactory, type ModelSource } from "./agent_model.ts";
import type { AgentLog } from "./agent_types.ts";
import { createAgentBackend } from "./backends/mod.ts";
import { runShell } from "./backends/shell.ts";
import { createDenoTransportFactory, type TlsOptions } from "./client/transport.ts";
import { type AgentConfig, ConfigError, type ConfigOverrides, parseAgentConfig } from "./config.ts";
import { ListenError } from "./connection_request.ts";
import { isBuiltinModelName } from "./model/mod.ts";
import { StateError } from "./state.ts";
import { createStateFile } from "./state_file.ts";

/**
 * The agent cannot run; `exitCode` is 2 for wrong input (configuration, files, state) and 1
 * for a failure of the system (a port that is taken, a state file that cannot be written).
 *
 * @example Usage
 * ```ts
 * import { AgentStartError } from "./agent_process.ts";
 * const e = new AgentStartError("Cannot read config.json: No such file", 2);
 * if (e.exitCode !== 2) throw new Error("unexpected");
 * ```
 */
export class AgentStartError extends Error {
  readonly exitCode: 1 | 2;

  constructor(message: string, exitCode: 1 | 2, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AgentStartError";
    this.exitCode = exitCode;
  }
}

/** Options of {@link runAgentProcess}. */
export interface AgentProcessOptions {
  /** The configuration file, if any. */
  configFile?: string;
  /** The command-line flags. */
  overrides: ConfigOverrides;
  /** One log line. */
  log: AgentLog;
  /** Resolves when the agent should stop (default: SIGTERM or SIGINT). */
  stop?: Promise<unknown>;
}

/**
 * Runs the agent until stopped.
 *
 * @param options Configuration file, flags, log and stop condition.
 * @throws {AgentStartError} The configuration or a file is wrong, the state file is unusable,
 * the listener cannot be opened.
 */
export async function runAgentProcess(options: AgentProcessOptions): Promise<void> {
  const config = await loadConfig(options);
  const model = await modelSource(config);
  const backend = createAgentBackend(config.values, {
    run: runShell,
    now: Date.now,
    random: Math.random,
  });
  const createDevice = deviceFactory(model, { config, backend, log: options.log });
  try {
    createDevice();
  } catch (error) {
    throw new AgentStartError(`Cannot load the model ${config.model}: ${messageOf(error)}`, 2, {
      cause: error,
    });
  }
  const agent = createCpeAgent({
    config,
    createDevice,
    stateFile: createStateFile(config.stateFile),
    transport: createDenoTransportFactory(await tlsOptions(config)),
    log: options.log,
  });
  const controller = new AbortController();
  const stop = options.stop ?? shutdownSignal();
  stop.then(() => controller.abort(), () => controller.abort());
  try {
    await agent.run(controller.signal);
  } catch (error) {
    if (error instanceof ListenError) throw new AgentStartError(error.message, 1, { cause: error });
    if (error instanceof StateError) {
      throw new AgentStartError(error.message, error.message.startsWith("Cannot read") ? 2 : 1, {
        cause: error,
      });
    }
    throw error;
  }
}

async function loadConfig(options: AgentProcessOptions): Promise<AgentConfig> {
  let data: unknown = {};
  let baseDir = Deno.cwd();
  if (options.configFile !== undefined) {
    const text = await readText(options.configFile, "config");
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new AgentStartError(
        `Cannot read config ${options.configFile}: not JSON (${messageOf(error)})`,
        2,
      );
    }
    const slash = options.configFile.lastIndexOf("/");
    baseDir = slash < 0 ? Deno.cwd() : slash === 0 ? "/" : options.configFile.slice(0, slash);
  }
  try {
    return parseAgentConfig(data, {
      baseDir,
      overrides: options.overrides,
      defaultSerialNumber: Deno.hostname(),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new AgentStartError(error.message, 2, { cause: error });
    throw error;
  }
}

async function modelSource(config: AgentConfig): Promise<ModelSource> {
  if (isBuiltinModelName(config.model)) return { builtin: config.model };
  return { csv: await readText(config.model, "model") };
}

async function tlsOptions(config: AgentConfig): Promise<TlsOptions> {
  const tls: TlsOptions = {};
  if (config.acs.caFile !== undefined) tls.caCerts = [await readText(config.acs.caFile, "CA file")];
  const cert = config.acs.clientCert;
  if (cert !== undefined) {
    tls.clientCert = {
      cert: await readText(cert.certFile, "client certificate"),
      key: await readText(cert.keyFile, "client key"),
    };
  }
  return tls;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "No such file"
      : error instanceof Deno.errors.PermissionDenied
      ? "Permission denied"
      : messageOf(error).replace(/\s*\(os error \d+\).*$/s, "");
    throw new AgentStartError(`Cannot read ${what} ${path}: ${reason}`, 2, { cause: error });
  }
}

function shutdownSignal(): Promise<Deno.Signal> {
  return new Promise((resolve) => {
    const signals: Deno.Signal[] = ["SIGTERM", "SIGINT"];
    const handlers = signals.map((signal) => {
      const handler = (): void => {
        for (const h of handlers) Deno.removeSignalListener(h.signal, h.handler);
        resolve(signal);
      };
      Deno.addSignalListener(signal, handler);
      return { signal, handler };
    });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
