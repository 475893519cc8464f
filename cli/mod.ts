/**
 * The `cwmp` command line: builds the program, parses the arguments, runs one command and
 * returns its exit code. Nothing here exits the process; `main.ts` does.
 *
 * @example Usage
 * ```ts
 * import { runCli } from "./mod.ts";
 * let out = "";
 * const io = {
 *   stdout: { write: (text: string) => void (out += text) },
 *   stderr: { write: (_text: string) => {} },
 *   readStdin: () => Promise.resolve(new Uint8Array()),
 *   readFile: () => Promise.reject(new Error("no files")),
 *   env: () => undefined,
 *   isTerminal: { stdin: false, stdout: false, stderr: false },
 * };
 * const code = await runCli(["decode", "-"], io);
 * if (code !== 0 || JSON.parse(out).envelopes.length !== 0) throw new Error("unexpected");
 * ```
 *
 * @module
 */

import { Command, CommanderError } from "@commander-js/extra-typings";
import meta from "../deno.json" with { type: "json" };
import type { CommandContext } from "./command.ts";
import { examplesHelp } from "./command.ts";
import { registerAcsMigrate } from "./commands/acs_migrate.ts";
import { registerAcsServe } from "./commands/acs_serve.ts";
import { registerAcsToken } from "./commands/acs_token.ts";
import { registerCpeRun } from "./commands/cpe_run.ts";
import { registerCpeSimulate } from "./commands/cpe_simulate.ts";
import { registerDecode } from "./commands/decode.ts";
import { registerCompletions } from "./commands/completions.ts";
import { registerEncode } from "./commands/encode.ts";
import { ExitCode, oneLine } from "./errors.ts";
import type { CliIo } from "./io.ts";
import { defaultNbiDeps, type NbiDeps } from "./nbi_command.ts";
import { registerNbiCommands } from "./nbi_commands.ts";

export type { CliIo } from "./io.ts";
export type { NbiDeps } from "./nbi_command.ts";

// Fixed, so help reads the same in a terminal, a pipe and a snapshot test.
const HELP_WIDTH = 100;

/**
 * Runs the `cwmp` command line.
 *
 * `--help`/`-h` on any command prints its help to stdout (exit 0); a wrong command line prints
 * one line to stderr (exit 2); otherwise the exit code is the command's own (0 done, 1 failed,
 * 2 usage or input error).
 *
 * @param args The arguments after the program name.
 * @param io Standard streams, files and environment.
 * @param deps What the commands using the ACS's API need (fetch, clock, file writes); tests
 * replace some of them, e.g. `fetch` with an app's `request`.
 * @returns The exit code.
 * @throws {unknown} Only an unexpected error (a bug), which `main.ts` reports.
 */
export async function runCli(
  args: string[],
  io: CliIo,
  deps: Partial<NbiDeps> = {},
): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const context: CommandContext = {
    io,
    setExitCode(code: number): void {
      exitCode = code;
    },
  };
  const program = createProgram(context, { ...defaultNbiDeps(), ...deps });
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return commanderExitCode(error, io);
  }
  return exitCode;
}

function createProgram(context: CommandContext, deps: NbiDeps): Command {
  const { io } = context;
  const program = new Command()
    .name("cwmp")
    .description(
      "TR-069/CWMP toolkit: an ACS, a CPE agent and simulator, and tools for CWMP messages.",
    )
    .version(meta.version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "print this help and exit")
    .helpCommand("help [COMMAND]", "print the help of a command")
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text: string): void => io.stdout.write(text),
      writeErr: (text: string): void => io.stderr.write(text),
      // Errors are written once, as one line, by runCli.
      outputError: (): void => {},
      getOutHelpWidth: (): number => HELP_WIDTH,
      getErrHelpWidth: (): number => HELP_WIDTH,
      getOutHasColors: (): boolean => false,
      getErrHasColors: (): boolean => false,
    })
    .configureHelp({ styleTitle: helpTitle, sortSubcommands: true })
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp decode inform.xml", description: "Decode a captured HTTP body to JSON" },
        {
          command: "cwmp decode inform.xml | cwmp encode",
          description: "Encode JSON back to a CWMP body",
        },
        {
          command: "cwmp get 00D09E-IGD-0123 InternetGatewayDevice.DeviceInfo. --token $TOKEN",
          description: "Read a device's values through the ACS (--server, default 127.0.0.1:7557)",
        },
        { command: "cwmp decode --help", description: "Show the help of one command" },
      ]),
    );
  registerAcsServe(program, context);
  registerAcsMigrate(program, context);
  registerAcsToken(program, context);
  registerCpeRun(program, context);
  registerCpeSimulate(program, context);
  registerDecode(program, context);
  registerEncode(program, context);
  registerNbiCommands(program, { ...context, deps });
  registerCompletions(program, context);
  return program;
}

// Commander's "Usage:", "Options:" ... become the USAGE, OPTIONS ... sections of our help.
function helpTitle(title: string): string {
  return title.toUpperCase();
}

function commanderExitCode(error: CommanderError, io: CliIo): number {
  // --help, --version and `help COMMAND` finish with 0 and have written their output.
  if (error.exitCode === 0) return ExitCode.ok;
  // `cwmp` alone has shown its help on stderr; anything else is a message still to write.
  if (error.code !== "commander.help") io.stderr.write(`cwmp: ${oneLine(error.message)}\n`);
  return ExitCode.usage;
}
