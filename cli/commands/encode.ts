/**
 * `cwmp encode [FILE|-]`: the JSON of `cwmp decode` in, the HTTP body of SOAP envelopes out.
 *
 * @module
 */

import { type Command, Option } from "@commander-js/extra-typings";
import { CWMP_VERSIONS, type CwmpVersion } from "../../protocol/soap/namespaces.ts";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import { encodeChecked } from "../encode_checked.ts";
import { readEnvelopesJson } from "../envelope_json.ts";
import { readInput } from "../input.ts";
import type { CliIo } from "../io.ts";
import { parseJsonInput } from "../json_input.ts";

/** The parsed command line of `cwmp encode`. */
export interface EncodeOptions {
  /** A file path, `-` for stdin, or undefined for stdin. */
  file: string | undefined;
  /** The namespace of a bare message, or of an envelope that names no `cwmpVersion`. */
  cwmpVersion: CwmpVersion;
}

/**
 * Registers `encode` on the program.
 *
 * @param program The root command.
 * @param context IO and the exit-code sink.
 */
export function registerEncode(program: Command, context: CommandContext): void {
  program
    .command("encode")
    .summary("JSON -> XML envelope(s)")
    .description(
      "Encode JSON as an HTTP body of SOAP envelopes, one after another, as the ACS or a CPE " +
        "would send it. The input is the output of 'cwmp decode', a single envelope " +
        '{ "cwmpVersion", "headers", "message" }, or a single message { "method", ... }. ' +
        "Output is strict: it validates against the CWMP schema of its version (an invalid " +
        "dateTime kept from a device is sent as the Unknown Time 0001-01-01T00:00:00Z). " +
        "Exit 2 with one line naming the field when the JSON does not describe a message.",
    )
    .argument("[FILE|-]", "file holding the JSON; - or nothing reads stdin")
    .addOption(
      new Option(
        "--cwmp-version <VERSION>",
        "CWMP namespace for a bare message, or an envelope without cwmpVersion",
      ).choices(CWMP_VERSIONS).default("1.0" as const),
    )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp decode inform.xml | cwmp encode",
          description: "Decode, then encode again (a round trip)",
        },
        {
          command:
            `echo '{"method":"InformResponse","maxEnvelopes":1}' | cwmp encode --cwmp-version 1.2`,
          description: "Encode one message in the cwmp-1-2 namespace",
        },
      ]),
    )
    .action((file, options) =>
      runAction(() => run({ file, cwmpVersion: options.cwmpVersion }, context.io), {
        command: "encode",
        context,
      })
    );
}

/**
 * Encodes the JSON input and prints the XML body.
 *
 * @param opts The parsed command line.
 * @param io Where to read and write.
 * @returns 0 when every envelope was encoded.
 * @throws {InputError} The input cannot be read, is not JSON, or does not describe messages.
 */
export async function run(opts: EncodeOptions, io: CliIo): Promise<number> {
  const bytes = await readInput(opts.file, io);
  const json = parseJsonInput(new TextDecoder().decode(bytes));
  const envelopes = readEnvelopesJson(json, { cwmpVersion: opts.cwmpVersion });
  // Encode everything before writing anything, so a bad envelope leaves stdout empty.
  const documents = envelopes.map(encodeChecked);
  if (documents.length > 0) io.stdout.write(`${documents.join("\n")}\n`);
  return 0;
}
