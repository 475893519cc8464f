/**
 * `cwmp decode [FILE|-]`: an HTTP body of SOAP envelopes in, their JSON out.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { decodeEnvelopes } from "../../protocol/soap/envelope.ts";
import { decodeXmlBytes } from "../../protocol/xml/charset.ts";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import { inputErrorOf } from "../errors.ts";
import { readInput } from "../input.ts";
import type { CliIo } from "../io.ts";
import { formatJson } from "../output.ts";

/** The parsed command line of `cwmp decode`. */
export interface DecodeOptions {
  /** A file path, `-` for stdin, or undefined for stdin. */
  file: string | undefined;
  /** The HTTP Content-Type header the body came with, or a bare charset name. */
  contentType: string | undefined;
}

/**
 * Registers `decode` on the program.
 *
 * @param program The root command.
 * @param context IO and the exit-code sink.
 */
export function registerDecode(program: Command, context: CommandContext): void {
  program
    .command("decode")
    .summary("XML envelope(s) -> JSON")
    .description(
      "Decode an HTTP body holding zero or more SOAP envelopes (as a CPE or an ACS sends it) and " +
        'print them as JSON: { "version": 1, "envelopes": [...], "warnings": [...] }. ' +
        "The charset comes from --content-type, else a byte order mark, else the XML " +
        "declaration, else UTF-8. Exit 2 with the line and column when the body is not valid.",
    )
    .argument("[FILE|-]", "file holding the body; - or nothing reads stdin")
    .option(
      "--content-type <TYPE>",
      "the body's HTTP Content-Type header, e.g. 'text/xml; charset=ISO-8859-1' " +
        "(a bare charset name also works)",
    )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp decode inform.xml", description: "Decode a captured Inform" },
        {
          command: "curl -s http://acs.example/last-body | cwmp decode -",
          description: "Decode a body from stdin",
        },
        {
          command: "cwmp decode --content-type 'text/xml; charset=ISO-8859-1' latin1.xml",
          description: "Decode a Latin-1 body whose XML declaration does not say so",
        },
      ]),
    )
    .action((file, options) =>
      runAction(() => run({ file, contentType: options.contentType }, context.io), {
        command: "decode",
        context,
      })
    );
}

/**
 * Decodes the body and prints its JSON.
 *
 * @param opts The parsed command line.
 * @param io Where to read and write.
 * @returns 0 when the body decoded.
 * @throws {InputError} The body cannot be read or is not valid XML or CWMP.
 */
export async function run(opts: DecodeOptions, io: CliIo): Promise<number> {
  const bytes = await readInput(opts.file, io);
  let document: Record<string, unknown>;
  try {
    const { text, warnings: charsetWarnings } = decodeXmlBytes(
      bytes,
      contentTypeHeader(opts.contentType),
    );
    const { envelopes, warnings } = decodeEnvelopes(text);
    document = { envelopes, warnings: [...charsetWarnings, ...warnings] };
  } catch (error) {
    throw inputErrorOf(error) ?? error;
  }
  io.stdout.write(formatJson(document));
  return 0;
}

// `--content-type ISO-8859-1` is what people type; the decoder reads a charset parameter only.
function contentTypeHeader(value: string | undefined): string | undefined {
  if (value === undefined || value.includes("/") || value.includes("=")) return value;
  return `text/xml; charset=${value}`;
}
