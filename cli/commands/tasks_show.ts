/**
 * `cwmp tasks show ID`: one task, its request and its outcome.
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

/** The parsed command line of `cwmp tasks show`. */
export interface TasksShowOptions extends ConnectionOptions {
  id: string;
  json?: true;
}

/**
 * Registers `tasks show`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerTasksShow(program: Command, context: NbiContext): void {
  withConnectionOptions(
    tasksGroup(program).command("show")
      .summary("show a task")
      .description(
        "Show a task: device, method, state, attempts and times, then its fault or the " +
          "device's response as JSON, and its request.",
      )
      .argument("<ID>", "task id"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp tasks show 42", description: "Show task 42" },
        {
          command: "cwmp tasks show 42 --json | jq .task.result",
          description: "Only the device's response",
        },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "tasks show",
        context,
      })
    );
}

/**
 * Shows the task.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown task, refused, or unreachable.
 */
export async function run(opts: TasksShowOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const id = wholeNumber("task id", opts.id, 1);
  const { body: task } = await clientOf(opts, io, deps).json<NbiTask>(
    `/api/tasks/${segment(id)}`,
  );
  writeResult(io, { task }, { json: opts.json === true, text: () => taskLines(task) });
  return 0;
}

/**
 * A task as lines of text.
 *
 * @param task The task.
 * @returns The lines.
 */
export function taskLines(task: NbiTask): string[] {
  const lines = [
    `id:       ${task.id}`,
    `device:   ${task.deviceId}`,
    `method:   ${task.method}`,
    `state:    ${task.state}`,
    `attempts: ${task.attempts}`,
    `created:  ${task.createdAt}`,
    `updated:  ${task.updatedAt}`,
  ];
  if (task.fault !== undefined) {
    lines.push(`fault:    ${task.fault.code} ${task.fault.string}`);
    for (const p of task.fault.parameterFaults ?? []) {
      lines.push(`          ${p.parameterName}: ${p.faultCode} ${p.faultString}`);
    }
  }
  if (task.result !== undefined) lines.push("result:", ...indented(task.result));
  lines.push("request:", ...indented(task.request));
  return lines;
}

function indented(value: unknown): string[] {
  return JSON.stringify(value, null, 2).split("\n").map((line) => `  ${line}`);
}
