/**
 * `cwmp files download ID [-o FILE]`: fetch a file's contents from the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiFile } from "../nbi_client.ts";
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

/** The parsed command line of `cwmp files download`. */
export interface FilesDownloadOptions extends ConnectionOptions {
  id: string;
  output?: string;
  json?: true;
}

/**
 * Registers `files download`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerFilesDownload(program: Command, context: NbiContext): void {
  withConnectionOptions(
    filesGroup(program).command("download")
      .summary("save a file from the ACS")
      .description(
        "Save a file's contents (one a device uploaded, say) to -o FILE, by default to its " +
          "name on the ACS in the current directory.",
      )
      .argument("<ID>", "file id")
      .option("-o, --output <FILE>", "where to save it"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp files download 12", description: "Save file 12 under its own name" },
        { command: "cwmp files download 12 -o gw-1.log", description: "Save it as gw-1.log" },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "files download",
        context,
      })
    );
}

/**
 * Saves the file.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and file writes.
 * @returns 0.
 * @throws {NbiError} Unknown file, refused, or unreachable.
 */
export async function run(opts: FilesDownloadOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const id = wholeNumber("file id", opts.id, 1);
  const client = clientOf(opts, io, deps);
  const path = opts.output ??
    localName((await client.json<NbiFile>(`/api/files/${segment(id)}`)).body.name, id);
  const bytes = await client.bytes(`/api/files/${segment(id)}/content`);
  await deps.writeFile(path, bytes);
  writeResult(io, { saved: { file: id, path, size: bytes.byteLength } }, {
    json: opts.json === true,
    text: () => [`saved file ${id} to ${path} (${bytes.byteLength} bytes)`],
  });
  return 0;
}

// The ACS's name, made safe as a name in the current directory.
function localName(name: string, id: number): string {
  const safe = [...name].map((c) => (c === "/" || c === "\\" || c < " " ? "_" : c)).join("");
  const base = safe.replace(/^\.+$/, "");
  return base === "" ? `file-${id}` : base;
}
