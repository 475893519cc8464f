/**
 * `cwmp files upload FILE --type TYPE [--name NAME] [--oui OUI] [--product-class CLASS]
 * [--software-version VERSION]`: store a file on the ACS for devices to download.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import { InputError } from "../errors.ts";
import { type CliIo, ReadFileError } from "../io.ts";
import type { NbiFile } from "../nbi_client.ts";
import {
  clientOf,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  withConnectionOptions,
} from "../nbi_command.ts";
import { writeResult } from "../output.ts";
import { DOWNLOAD_TYPES, fileTypeOf } from "./transfer_download.ts";
import { filesGroup } from "./files_list.ts";

/** The parsed command line of `cwmp files upload`. */
export interface FilesUploadOptions extends ConnectionOptions {
  file: string;
  type: string;
  name?: string;
  oui?: string;
  productClass?: string;
  /** The software version it installs (`--software-version`; `--version` is the CLI's). */
  softwareVersion?: string;
  json?: true;
}

/**
 * Registers `files upload`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerFilesUpload(program: Command, context: NbiContext): void {
  withConnectionOptions(
    filesGroup(program).command("upload")
      .summary("store a file on the ACS")
      .description(
        "Store a local file on the ACS, which serves it to devices (cwmp download --file ID). " +
          "Prints its id and URL. --type is firmware, web or config, or a FileType as the " +
          "spec writes it; the name defaults to the local file's.",
      )
      .argument("<FILE>", "the local file")
      .requiredOption("--type <TYPE>", "firmware, web, config, or a FileType")
      .option("--name <NAME>", "name on the ACS (default: the file's name)")
      .option("--oui <OUI>", "meant for devices of this OUI")
      .option("--product-class <CLASS>", "meant for devices of this product class")
      .option("--software-version <VERSION>", "the software version it installs"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command:
            "cwmp files upload gw-2.1.bin --type firmware --software-version 2.1 --oui 00D09E",
          description: "Store a firmware image",
        },
      ]),
    )
    .action((file, options) =>
      runNbiAction(() => run({ ...options, file }, context.io, context.deps), {
        command: "files upload",
        context,
      })
    );
}

/**
 * Uploads the file and prints its record.
 *
 * @param opts The parsed command line.
 * @param io Where to read the file and print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {InputError} The local file cannot be read.
 * @throws {NbiError} The ACS refused (a name taken, a bad type) or is unreachable.
 */
export async function run(opts: FilesUploadOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const type = fileTypeOf(opts.type, DOWNLOAD_TYPES);
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(opts.file);
  } catch (error) {
    if (error instanceof ReadFileError) throw new InputError(error.message);
    throw error;
  }
  const name = opts.name ?? opts.file.split(/[\\/]/).pop() ?? opts.file;
  const { body: file } = await clientOf(opts, io, deps).json<NbiFile>("/api/files", {
    method: "POST",
    bytes,
    query: {
      name,
      type,
      oui: opts.oui,
      productClass: opts.productClass,
      version: opts.softwareVersion,
    },
  });
  writeResult(io, { file }, {
    json: opts.json === true,
    text: () => [`stored file ${file.id}: ${file.name} (${file.size} bytes) at ${file.url}`],
  });
  return 0;
}
