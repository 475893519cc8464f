/**
 * `cwmp tasks cancel ID` and `cwmp tasks retry ID`.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiTask } from "../nbi_client.ts";
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
import { tasksGroup } from "./tasks_list.ts";

/** The parsed command line of `cwmp tasks cancel` and `retry`. */
export interface TasksCancelOptions extends ConnectionOptions {
  id: string;
  /** `cancel` or `retry`. */
  action: "cancel" | "retry";
  json?: true;
}

const ABOUT = {
  cancel: {
    summary: "cancel a pending task",
    description: "Cancel a task the device has not answered yet; it is never sent again.",
    example: "Cancel task 42",
  },
  retry: {
    summary: "queue a faulted, expired or cancelled task again",
    description: "Queue a task that faulted, expired or was cancelled again, with fresh attempts.",
    example: "Try task 42 again",
  },
} as const;

/**
 * Registers `tasks cancel` and `tasks retry`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerTasksCancel(program: Command, context: NbiContext): void {
  const group = tasksGroup(program);
  for (const action of ["cancel", "retry"] as const) {
    const about = ABOUT[action];
    withConnectionOptions(
      group.command(action)
        .summary(about.summary)
        .description(about.description)
        .argument("<ID>", "task id"),
    )
      .addHelpText(
        "after",
        examplesHelp([{ command: `cwmp tasks ${action} 42`, description: about.example }]),
      )
      .action((id, options) =>
        runNbiAction(() => run({ ...options, id, action }, context.io, context.deps), {
          command: `tasks ${action}`,
          context,
        })
      );
  }
}

/**
 * Cancels or retries the task and prints its new state.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown task, a state that does not allow it, or unreachable.
 */
export async function run(opts: TasksCancelOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const id = wholeNumber("task id", opts.id, 1);
  const { body: task } = await clientOf(opts, io, deps).json<NbiTask>(
    `/api/tasks/${segment(id)}/${opts.action}`,
    { method: "POST" },
  );
  writeResult(io, { task }, {
    json: opts.json === true,
    text: () => [`task ${task.id} (${task.method}) is ${task.state}`],
  });
  return 0;
}
