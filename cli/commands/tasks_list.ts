/**
 * `cwmp tasks list [--device ID] [--state STATE]`: the ACS's task queue.
 *
 * @module
 */

import { type Command, Option } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiPage, NbiTask } from "../nbi_client.ts";
import {
  clientOf,
  commandGroup,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  wholeNumber,
  withConnectionOptions,
} from "../nbi_command.ts";
import { formatTable, writeResult } from "../output.ts";
import { pageNote } from "./devices_list.ts";

/** The parsed command line of `cwmp tasks list`. */
export interface TasksListOptions extends ConnectionOptions {
  device?: string;
  state?: string;
  limit: string;
  offset: string;
  json?: true;
}

const STATES = ["pending", "running", "done", "faulted", "expired", "cancelled"] as const;

/** The `tasks` group, created on first use. */
export function tasksGroup(program: Command): ReturnType<typeof commandGroup> {
  return commandGroup(program, "tasks", {
    summary: "list, show, cancel and retry queued RPCs (ACS API)",
    description:
      "The requests queued for devices (by cwmp get, set, reboot ...) and their outcome.",
  });
}

/**
 * Registers `tasks list`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerTasksList(program: Command, context: NbiContext): void {
  withConnectionOptions(
    tasksGroup(program).command("list")
      .summary("list tasks")
      .description("List tasks: ID, DEVICE, METHOD, STATE, ATTEMPTS and UPDATED, newest first.")
      .option("--device <ID>", "only this device's tasks")
      .addOption(new Option("--state <STATE>", "only tasks in this state").choices(STATES))
      .option("--limit <N>", "tasks per page", "50")
      .option("--offset <N>", "tasks to skip", "0"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp tasks list --state pending", description: "Tasks still waiting" },
        { command: "cwmp tasks list --device GW-1 --json", description: "One device's, as JSON" },
      ]),
    )
    .action((options) =>
      runNbiAction(() => run(options, context.io, context.deps), {
        command: "tasks list",
        context,
      })
    );
}

/**
 * Lists the tasks.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Refused or unreachable.
 */
export async function run(opts: TasksListOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const limit = wholeNumber("--limit", opts.limit, 1);
  const offset = wholeNumber("--offset", opts.offset, 0);
  const { body } = await clientOf(opts, io, deps).json<NbiPage<NbiTask>>("/api/tasks", {
    query: { device: opts.device, state: opts.state, limit, offset },
  });
  writeResult(io, { total: body.total, items: body.items }, {
    json: opts.json === true,
    text: () =>
      formatTable(
        ["ID", "DEVICE", "METHOD", "STATE", "ATTEMPTS", "UPDATED"],
        body.items.map((t) => [
          String(t.id),
          t.deviceId,
          t.method,
          t.state,
          String(t.attempts),
          t.updatedAt,
        ]),
      ),
  });
  if (opts.json !== true) io.stderr.write(`${pageNote(body, offset, "task")}\n`);
  return 0;
}
