/**
 * `cwmp cpe run [--config FILE] [--acs URL] [--state FILE] [--model NAME|FILE]
 * [--listen [HOST:]PORT] [--manufacturer M] [--oui OUI] [--product-class C] [--serial SN]
 * [--username U] [--password P]`: run the CPE agent until SIGTERM or SIGINT (the session in
 * progress finishes first). Each flag wins over its field of the configuration file.
 *
 * @module
 */

import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
import { AgentStartError, runAgentProcess } from "../../cpe/agent_process.ts";
import type { ConfigOverrides } from "../../cpe/config.ts";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import { ExitCode, oneLine } from "../errors.ts";
import type { CliIo } from "../io.ts";

/** The parsed command line of `cwmp cpe run`. */
export interface CpeRunOptions {
  config?: string;
  acs?: string;
  state?: string;
  model?: string;
  /** Connection Request listener (connectionRequest.listen). */
  listen?: string;
  manufacturer?: string;
  oui?: string;
  productClass?: string;
  serial?: string;
  /** ACS credentials (acs.username, acs.password). */
  username?: string;
  password?: string;
}

const OPTION_KEYS = [
  "config",
  "acs",
  "state",
  "model",
  "listen",
  "manufacturer",
  "oui",
  "productClass",
  "serial",
  "username",
  "password",
] as const;

/** What `run` waits on; tests replace the signal wait. */
export interface CpeRunDeps {
  /** Resolves when the agent should stop (default: SIGTERM or SIGINT). */
  stop?: Promise<unknown>;
}

/**
 * Registers `cpe run` on the program, creating the `cpe` group if no other command has.
 *
 * @param program The root command.
 * @param context IO and the exit-code sink.
 */
export function registerCpeRun(program: Command, context: CommandContext): void {
  const cpe: CommandUnknownOpts = program.commands.find((c) => c.name() === "cpe") ??
    program.command("cpe").summary("run the CPE agent").description(
      "The CPE agent: a TR-069 client for a gateway, with its data model and hooks.",
    );
  cpe.command("run")
    .summary("run the CPE agent")
    .description(
      "Connect to an ACS as a CPE until SIGINT or SIGTERM: Inform on boot, periodically and " +
        "when asked, answer the ACS's RPCs, listen for connection requests. The JSON " +
        "configuration names the ACS, the identity, the model, the state file, hooks and value " +
        "backends; the flags override it. One line per session on stderr.",
    )
    .option("--config <FILE>", "JSON configuration file")
    .option("--acs <URL>", "ACS URL (overrides acs.url)")
    .option("--state <FILE>", "state file (overrides stateFile)")
    .option("--model <NAME|FILE>", "igd, device2 or a CSV device dump (overrides model)")
    .option(
      "--listen <[HOST:]PORT>",
      "connection request listener (overrides connectionRequest.listen)",
    )
    .option("--manufacturer <NAME>", "Manufacturer (overrides identity.manufacturer)")
    .option("--oui <OUI>", "ManufacturerOUI, six hex digits (overrides identity.oui)")
    .option("--product-class <CLASS>", "ProductClass (overrides identity.productClass)")
    .option("--serial <SN>", "SerialNumber (overrides identity.serialNumber)")
    .option("--username <USER>", "user name at the ACS (overrides acs.username)")
    .option(
      "--password <PASSWORD>",
      "password at the ACS (overrides acs.password; other local users may see it in the process list)",
    )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp cpe run --config /etc/cwmp/cpe.json",
          description: "Run with a configuration file",
        },
        {
          command:
            "cwmp cpe run --config cpe.json --acs http://127.0.0.1:7547/ --state /tmp/s.json",
          description: "Point it at another ACS with a fresh state",
        },
        {
          command:
            "cwmp cpe run --acs http://acs:7547/ --model bm632w.csv --serial SIM-1 --listen 127.0.0.1:7548",
          description: "Impersonate a dumped device under another serial number, no file",
        },
      ]),
    )
    .action((options) =>
      runAction(() => run(definedOnly(options), context.io), { command: "cpe run", context })
    );
}

/**
 * Runs the agent until stopped.
 *
 * @param opts The parsed command line.
 * @param io Where the log lines go (stderr).
 * @param deps What to wait for before stopping.
 * @returns 0 after a clean stop; 1 when the agent cannot run (a port taken, a state file that
 * cannot be written); 2 for a wrong configuration, file or state.
 */
export async function run(opts: CpeRunOptions, io: CliIo, deps: CpeRunDeps = {}): Promise<number> {
  const overrides = overridesOf(opts);
  try {
    await runAgentProcess({
      ...(opts.config === undefined ? {} : { configFile: opts.config }),
      overrides,
      log: (line) => io.stderr.write(`cwmp cpe: ${oneLine(line)}\n`),
      ...(deps.stop === undefined ? {} : { stop: deps.stop }),
    });
  } catch (error) {
    if (!(error instanceof AgentStartError)) throw error;
    io.stderr.write(`cwmp cpe run: ${oneLine(error.message)}\n`);
    return error.exitCode === 2 ? ExitCode.usage : ExitCode.failed;
  }
  return ExitCode.ok;
}

function overridesOf(opts: CpeRunOptions): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  for (const key of ["acs", "state", "model", "listen", "username", "password"] as const) {
    const value = opts[key];
    if (value !== undefined) overrides[key] = value;
  }
  const identity: NonNullable<ConfigOverrides["identity"]> = {};
  if (opts.manufacturer !== undefined) identity.manufacturer = opts.manufacturer;
  if (opts.oui !== undefined) identity.oui = opts.oui;
  if (opts.productClass !== undefined) identity.productClass = opts.productClass;
  if (opts.serial !== undefined) identity.serialNumber = opts.serial;
  if (Object.keys(identity).length > 0) overrides.identity = identity;
  return overrides;
}

function definedOnly(
  options: Partial<Record<(typeof OPTION_KEYS)[number], string>>,
): CpeRunOptions {
  const out: CpeRunOptions = {};
  for (const key of OPTION_KEYS) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
