/**
 * `cwmp files list`: the files the ACS serves to devices.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiFile, NbiPage } from "../nbi_client.ts";
import {
  clientOf,
  commandGroup,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  withConnectionOptions,
} from "../nbi_command.ts";
import { formatTable, writeResult } from "../output.ts";
import { DOWNLOAD_TYPES, fileTypeOf } from "./transfer_download.ts";

/** The parsed command line of `cwmp files list`. */
export interface FilesListOptions extends ConnectionOptions {
  type?: string;
  oui?: string;
  productClass?: string;
  json?: true;
}

/** The `files` group, created on first use. */
export function filesGroup(program: Command): ReturnType<typeof commandGroup> {
  return commandGroup(program, "files", {
    summary: "files the ACS serves to devices (ACS API)",
    description:
      "Firmware images and configuration files the ACS serves to devices (cwmp download " +
      "--file ID), and the files devices uploaded (cwmp upload).",
  });
}

/**
 * Registers `files list`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerFilesList(program: Command, context: NbiContext): void {
  withConnectionOptions(
    filesGroup(program).command("list")
      .summary("list files")
      .description("List files: ID, NAME, TYPE, SIZE (bytes), VERSION and CREATED.")
      .option("--type <TYPE>", "firmware, web, config, or a FileType")
      .option("--oui <OUI>", "files meant for this OUI")
      .option("--product-class <CLASS>", "files meant for this product class"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp files list", description: "Every file" },
        { command: "cwmp files list --type firmware --json", description: "Firmware, as JSON" },
      ]),
    )
    .action((options) =>
      runNbiAction(() => run(options, context.io, context.deps), {
        command: "files list",
        context,
      })
    );
}

/**
 * Lists the files.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Refused or unreachable.
 */
export async function run(opts: FilesListOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const type = opts.type === undefined ? undefined : fileTypeOf(opts.type, DOWNLOAD_TYPES);
  const { body } = await clientOf(opts, io, deps).json<NbiPage<NbiFile>>("/api/files", {
    query: { type, oui: opts.oui, productClass: opts.productClass },
  });
  writeResult(io, { total: body.total, items: body.items }, {
    json: opts.json === true,
    text: () =>
      formatTable(
        ["ID", "NAME", "TYPE", "SIZE", "VERSION", "CREATED"],
        body.items.map((f) => [
          String(f.id),
          f.name,
          f.type,
          String(f.size),
          f.version ?? "-",
          f.createdAt,
        ]),
      ),
  });
  return 0;
}
