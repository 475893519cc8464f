/**
 * `cwmp cpe simulate --acs URL --count N [--model NAME|FILE] [--serial-prefix P]
 * [--serial-start K] [--interval S] [--ramp-up S | --boot-storm] [--duration S]
 * [--username U --password P] [--state-dir DIR] [--listen HOST:PORT] [--value-changes S]
 * [--connection-per-session] [--json]`: run N CPE agents in this process against an ACS, with a live display on stderr
 * when it is a terminal and a summary at the end.
 *
 * @module
 */

import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
import type { ModelSource } from "../../cpe/agent_model.ts";
import { ConfigError, parseListenAddress } from "../../cpe/config.ts";
import { ListenError } from "../../cpe/connection_request.ts";
import { CsvModelError, isBuiltinModelName } from "../../cpe/model/mod.ts";
import { startDisplay } from "../../cpe/simulate/display.ts";
import {
  type SimulationOptions,
  type SimulationSummary,
  startSimulation,
} from "../../cpe/simulate/simulator.ts";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import { ExitCode, oneLine, UsageError } from "../errors.ts";
import { type CliIo, ReadFileError } from "../io.ts";

/** The parsed command line of `cwmp cpe simulate` (numbers still as typed). */
export interface CpeSimulateOptions {
  acs: string;
  count: string;
  model?: string;
  serialPrefix?: string;
  serialStart?: string;
  interval?: string;
  rampUp?: string;
  duration?: string;
  bootStorm?: boolean;
  username?: string;
  password?: string;
  stateDir?: string;
  listen?: string;
  valueChanges?: string;
  connectionPerSession?: boolean;
  json?: boolean;
}

/** What `run` waits on; tests replace the signal wait. */
export interface CpeSimulateDeps {
  /** Resolves when the simulation should stop (default: SIGTERM or SIGINT). */
  stop?: Promise<unknown>;
  /** Told of the running simulation's listener port (tests send Connection Requests to it). */
  onStarted?: (info: { listenPort: number | undefined }) => void;
}

/**
 * Registers `cpe simulate` on the program, creating the `cpe` group if no other command has.
 *
 * @param program The root command.
 * @param context IO and the exit-code sink.
 */
export function registerCpeSimulate(program: Command, context: CommandContext): void {
  const cpe: CommandUnknownOpts = program.commands.find((c) => c.name() === "cpe") ??
    program.command("cpe").summary("run the CPE agent").description(
      "The CPE agent: a TR-069 client for a gateway, with its data model and hooks.",
    );
  cpe.command("simulate")
    .summary("simulate many CPEs against an ACS")
    .description(
      "Run N CPE agents in this process against an ACS: each boots (BOOTSTRAP, BOOT), then " +
        "Informs periodically, answers the ACS's RPCs and backs off on errors. One listener " +
        "serves every device's connection requests. A firmware Download whose file starts " +
        "with the line 'CWMP-SIM-FIRMWARE <version>' sets DeviceInfo.SoftwareVersion and " +
        "reboots the device; one without it fails (9018, or 9010 in CWMP 1.0). Stops after " +
        "--duration or on SIGINT or SIGTERM; a live display on stderr when it is a terminal, a " +
        "summary on stdout at the end.",
    )
    .requiredOption("--acs <URL>", "ACS URL")
    .requiredOption("--count <N>", "number of devices")
    .option("--model <NAME|FILE>", "igd (default), device2 or a CSV device dump")
    .option("--serial-prefix <P>", "serial numbers are P followed by a number (default SIM)")
    .option("--serial-start <K>", "number of the first serial number (default 1)")
    .option("--interval <S>", "PeriodicInformInterval in seconds (default 300)")
    .option("--ramp-up <S>", "spread the first Informs over S seconds (default N/100)")
    .option("--boot-storm", "boot every device at once (--ramp-up 0)")
    .option("--duration <S>", "stop after S seconds")
    .option("--username <USER>", "user name at the ACS for every device")
    .option("--password <PASSWORD>", "password at the ACS for every device")
    .option("--state-dir <DIR>", "keep each device's state file here (default: in memory)")
    .option("--listen <HOST:PORT>", "one connection request listener for every device")
    .option("--value-changes <S>", "active value changes (4 VALUE CHANGE) about every S seconds")
    .option(
      "--connection-per-session",
      "a new TCP connection for every session, as real CPEs (default: shared, kept alive)",
    )
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp cpe simulate --acs http://127.0.0.1:7547/ --count 1000 --duration 60",
          description: "1,000 devices for a minute, booting over 10 s",
        },
        {
          command:
            "cwmp cpe simulate --acs http://acs:7547/ --count 500 --boot-storm --listen 0.0.0.0:7548 --json",
          description: "A boot storm, reachable for connection requests, JSON summary",
        },
      ]),
    )
    .action((options) =>
      runAction(() => run(options, context.io), { command: "cpe simulate", context })
    );
}

/**
 * Runs the simulation until stopped.
 *
 * @param opts The parsed command line.
 * @param io The summary goes to stdout, the display to stderr.
 * @param deps What to wait for before stopping.
 * @returns 0; 1 when no session succeeded (the ACS unreachable) or the listener cannot open.
 * @throws {UsageError} A wrong flag or model (exit 2).
 */
export async function run(
  opts: CpeSimulateOptions,
  io: CliIo,
  deps: CpeSimulateDeps = {},
): Promise<number> {
  const options = await simulationOptions(opts, io);
  const controller = new AbortController();
  options.signal = controller.signal;
  options.log = (line) => io.stderr.write(`cwmp cpe simulate: ${oneLine(line)}\n`);
  let simulation;
  try {
    simulation = await startSimulation(options);
  } catch (error) {
    if (error instanceof ListenError) {
      io.stderr.write(`cwmp cpe simulate: ${oneLine(error.message)}\n`);
      return ExitCode.failed;
    }
    if (error instanceof CsvModelError || error instanceof ConfigError) {
      throw new UsageError(`Cannot load the model ${opts.model}: ${error.message}`);
    }
    throw error;
  }
  deps.onStarted?.({ listenPort: simulation.listenPort });
  const removeSignals = deps.stop === undefined ? onShutdownSignal(() => controller.abort()) : noop;
  deps.stop?.then(() => controller.abort(), () => controller.abort());
  const display = io.isTerminal.stderr
    ? startDisplay({
      snapshot: () => simulation.stats.snapshot(),
      total: options.count,
      write: (text) => io.stderr.write(text),
      now: Date.now,
    })
    : undefined;
  let summary: SimulationSummary;
  try {
    summary = await simulation.finished;
  } finally {
    display?.stop();
    removeSignals();
  }
  io.stdout.write(
    opts.json === true ? `${JSON.stringify(summary, null, 2)}\n` : textSummary(summary),
  );
  return summary.sessions === 0 && summary.devices > 0 ? ExitCode.failed : ExitCode.ok;
}

async function simulationOptions(opts: CpeSimulateOptions, io: CliIo): Promise<SimulationOptions> {
  checkAcsUrl(opts.acs);
  if (opts.bootStorm === true && opts.rampUp !== undefined) {
    throw new UsageError("--boot-storm and --ramp-up exclude each other");
  }
  if ((opts.username === undefined) !== (opts.password === undefined)) {
    throw new UsageError("--username and --password go together");
  }
  const options: SimulationOptions = {
    acsUrl: opts.acs,
    count: number(opts.count, "--count", { min: 1, integer: true }),
    model: await modelSource(opts.model ?? "igd", io),
  };
  if (opts.serialPrefix !== undefined) options.serialPrefix = opts.serialPrefix;
  if (opts.serialStart !== undefined) {
    options.serialStart = number(opts.serialStart, "--serial-start", { min: 0, integer: true });
  }
  if (opts.interval !== undefined) {
    options.intervalSeconds = number(opts.interval, "--interval", { min: 1, integer: true });
  }
  if (opts.rampUp !== undefined) {
    options.rampUpSeconds = number(opts.rampUp, "--ramp-up", { min: 0 });
  }
  if (opts.bootStorm === true) options.rampUpSeconds = 0;
  if (opts.duration !== undefined) {
    options.durationSeconds = number(opts.duration, "--duration", { min: 0.001 });
  }
  if (opts.valueChanges !== undefined) {
    options.valueChangeSeconds = number(opts.valueChanges, "--value-changes", { min: 0.001 });
  }
  if (opts.username !== undefined) options.username = opts.username;
  if (opts.password !== undefined) options.password = opts.password;
  if (opts.stateDir !== undefined) options.stateDir = opts.stateDir;
  if (opts.connectionPerSession === true) options.connectionPerSession = true;
  if (opts.listen !== undefined) {
    try {
      options.listen = parseListenAddress(opts.listen, "--listen");
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  return options;
}

async function modelSource(model: string, io: CliIo): Promise<ModelSource> {
  if (isBuiltinModelName(model)) return { builtin: model };
  try {
    return { csv: new TextDecoder().decode(await io.readFile(model)) };
  } catch (error) {
    if (error instanceof ReadFileError) {
      throw new UsageError(`Cannot read model ${error.message.replace(/^Cannot read /, "")}`);
    }
    throw error;
  }
}

function number(text: string, flag: string, rule: { min: number; integer?: boolean }): number {
  const value = Number(text);
  if (
    text.trim() === "" || !Number.isFinite(value) || value < rule.min ||
    (rule.integer === true && !Number.isInteger(value))
  ) {
    const kind = rule.integer === true ? "an integer" : "a number";
    throw new UsageError(`${flag} must be ${kind} of at least ${rule.min}, not '${text}'`);
  }
  return value;
}

function checkAcsUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new UsageError(`--acs '${url}' is not an http or https URL`);
  }
}

function textSummary(s: SimulationSummary): string {
  return [
    `devices ${s.devices}, online ${s.online}`,
    `sessions ${s.sessions} in ${s.elapsedSeconds} s (${s.sessionsPerSecond}/s)`,
    `latency p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms, max ${s.latencyMs.max} ms`,
    `refused with 503 ${s.refused} (retries after them ${s.refusedRetries}), ` +
    `other faults ${s.faults - s.refused} (retries ${s.retries - s.refusedRetries})`,
    `connection requests ${s.connectionRequests}`,
    `memory ${Math.round(s.rssBytes / 1024 / 1024)} MiB RSS`,
  ].join("\n") + "\n";
}

function onShutdownSignal(stop: () => void): () => void {
  const signals: Deno.Signal[] = ["SIGTERM", "SIGINT"];
  for (const signal of signals) Deno.addSignalListener(signal, stop);
  return () => {
    for (const signal of signals) Deno.removeSignalListener(signal, stop);
  };
}

function noop(): void {}
