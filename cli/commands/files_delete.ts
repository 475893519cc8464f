/**
 * `cwmp files delete ID`: remove a file from the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import {
  clientOf,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  segment,
  wholeNumber,
  withConnectionOptions,
} from "../nbi_command.ts";
import { writeResult } from "../output.ts";
import { filesGroup } from "./files_list.ts";

/** The parsed command line of `cwmp files delete`. */
export interface FilesDeleteOptions extends ConnectionOptions {
  id: string;
  json?: true;
}

/**
 * Registers `files delete`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerFilesDelete(program: Command, context: NbiContext): void {
  withConnectionOptions(
    filesGroup(program).command("delete")
      .summary("remove a file from the ACS")
      .description("Remove a file; devices can no longer download it.")
      .argument("<ID>", "file id"),
  )
    .addHelpText(
      "after",
      examplesHelp([{ command: "cwmp files delete 12", description: "Remove file 12" }]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "files delete",
        context,
      })
    );
}

/**
 * Deletes the file.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown file, refused, or unreachable.
 */
export async function run(opts: FilesDeleteOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const id = wholeNumber("file id", opts.id, 1);
  await clientOf(opts, io, deps).json(`/api/files/${segment(id)}`, { method: "DELETE" });
  writeResult(io, { deleted: { file: id } }, {
    json: opts.json === true,
    text: () => [`deleted file ${id}`],
  });
  return 0;
}
