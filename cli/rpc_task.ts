/**
 * The per-device RPC commands' common path: queue the request as a task with a connection
 * request, wait for it (a short long poll through the API's `timeout`, then polling the task until
 * the deadline), and print its result, its fault, or that it is still queued.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { ExitCode, oneLine } from "./errors.ts";
import type { CliIo } from "./io.ts";
import {
  clientOf,
  type ConnectionOptions,
  type NbiDeps,
  segment,
  wholeNumber,
  withConnectionOptions,
} from "./nbi_command.ts";
import type { NbiClient, NbiTask, NbiTaskState } from "./nbi_client.ts";
import { writeResult } from "./output.ts";
import { startProgress } from "./progress.ts";

/** Seconds an RPC command waits by default. */
export const DEFAULT_WAIT_SECONDS = 30;

/**
 * The longest wait in the task's own request. The API's long poll ends only when the task is
 * finished, but a device's fault leaves it pending for a retry: polling after a short long poll
 * sees that fault in seconds rather than at the deadline.
 */
const LONG_POLL_SECONDS = 5;

/** Between two looks at a task still running after the long poll. */
const POLL_INTERVAL_MS = 500;

const FINAL_STATES: ReadonlySet<NbiTaskState> = new Set([
  "done",
  "faulted",
  "expired",
  "cancelled",
]);

/** The options every RPC command has, as commander parses them. */
export interface RpcCommandOptions extends ConnectionOptions {
  timeout: string;
  wait: boolean;
  connectionRequest: boolean;
  json?: true;
}

/**
 * Adds the connection options and `--timeout`, `--no-wait`, `--no-connection-request`.
 *
 * @param command The command being defined.
 * @returns The same command, its options typed.
 */
// The return type is left to inference: commander's typings build it from each option.
// deno-lint-ignore explicit-function-return-type
export function withRpcOptions<A extends unknown[], O extends Record<string, unknown>>(
  command: Command<A, O>,
) {
  return withConnectionOptions(command)
    .option("--timeout <SECONDS>", "how long to wait for the device", String(DEFAULT_WAIT_SECONDS))
    .option("--no-wait", "queue the task, print its id and return")
    .option(
      "--no-connection-request",
      "do not ask the device to connect now; the task waits for its next Inform",
    );
}

/** A request to send to one device, and how to print the device's answer. */
export interface RpcJob {
  /** The command's name, for diagnostics: `get`, `set-attrs`. */
  command: string;
  device: string;
  /** The ACS request message, as `cwmp encode` takes it. */
  request: { method: string } & Record<string, unknown>;
  /** The text form of the response message. */
  render(result: Record<string, unknown>): string[];
}

/**
 * Queues the job, waits as the options say, and prints the outcome.
 *
 * @param job The device, request and rendering.
 * @param opts The command's options.
 * @param env IO and dependencies.
 * @returns 0 when the device answered (or with --no-wait when queued); 1 when it faulted,
 * the task expired or was cancelled, or the wait timed out.
 * @throws {NbiError} The API refused the task or could not be reached.
 * @throws {UsageError} A bad --timeout.
 */
export async function runRpc(
  job: RpcJob,
  opts: RpcCommandOptions,
  env: { io: CliIo; deps: NbiDeps },
): Promise<number> {
  const { io, deps } = env;
  const seconds = wholeNumber("--timeout", opts.timeout, 1);
  const client = clientOf(opts, io, deps);
  const started = deps.now();
  const progress = opts.wait
    ? startProgress(io, `waiting for ${job.device}`, { now: deps.now })
    : undefined;
  let task: NbiTask;
  try {
    const { body } = await client.json<{ task: NbiTask }>(
      `/api/devices/${segment(job.device)}/tasks`,
      {
        json: {
          request: job.request,
          connectionRequest: opts.connectionRequest,
          timeout: opts.wait ? Math.min(seconds, LONG_POLL_SECONDS) : 0,
        },
      },
    );
    task = body.task;
    warnConnectionRequest(task, io, job.command);
    if (opts.wait) task = await pollUntil(client, task, started + seconds * 1000, deps);
  } finally {
    progress?.stop();
  }
  if (!opts.wait) {
    writeResult(io, { task }, { json: opts.json === true, text: () => [String(task.id)] });
    return ExitCode.ok;
  }
  const json = opts.json === true;
  if (task.state === "done" && task.result !== undefined) {
    const result = task.result;
    writeResult(io, { task }, { json, text: () => job.render(result) });
    return ExitCode.ok;
  }
  if (json) writeResult(io, { task }, { json, text: () => [] });
  io.stderr.write(`cwmp ${job.command}: ${oneLine(failureOf(task, seconds))}\n`);
  return ExitCode.failed;
}

// Finished, or answered with a fault the ACS will retry: either way the device has spoken.
function settled(task: NbiTask): boolean {
  return FINAL_STATES.has(task.state) || (task.fault !== undefined && task.state !== "done");
}

async function pollUntil(
  client: NbiClient,
  first: NbiTask,
  deadline: number,
  deps: NbiDeps,
): Promise<NbiTask> {
  let task = first;
  while (!settled(task)) {
    const left = deadline - deps.now();
    if (left <= 0) break;
    await deps.sleep(Math.min(POLL_INTERVAL_MS, left));
    task = (await client.json<NbiTask>(`/api/tasks/${segment(task.id)}`)).body;
  }
  return task;
}

function warnConnectionRequest(task: NbiTask, io: CliIo, command: string): void {
  const cr = task.connectionRequest;
  if (cr === undefined || cr.ok) return;
  const why = cr.error ?? (cr.status === undefined ? "no answer" : `HTTP ${cr.status}`);
  io.stderr.write(
    `cwmp ${command}: warning: the connection request to ${task.deviceId} failed (${
      oneLine(why)
    }); ` +
      `the task waits for the device's next Inform\n`,
  );
}

/**
 * The one line that says why a task did not finish well.
 *
 * @param task The task as last seen.
 * @param seconds How long the command waited.
 * @returns The message.
 *
 * @example Usage
 * ```ts
 * import { failureOf } from "./rpc_task.ts";
 * const task = {
 *   id: 7, deviceId: "GW-1", method: "GetParameterValues", request: {}, state: "faulted" as const,
 *   attempts: 1, createdAt: "", updatedAt: "", fault: { code: 9005, string: "Invalid name" },
 * };
 * if (failureOf(task, 30) !== "GW-1 answered GetParameterValues with fault 9005: Invalid name") {
 *   throw new Error(failureOf(task, 30));
 * }
 * ```
 */
export function failureOf(task: NbiTask, seconds: number): string {
  const fault = task.fault;
  if (fault !== undefined && task.state !== "done") {
    const details = (fault.parameterFaults ?? []).map((p) =>
      `${p.parameterName}: ${p.faultCode} ${p.faultString}`
    );
    const suffix = details.length === 0 ? "" : ` (${details.join("; ")})`;
    const retry = task.state === "pending" || task.state === "running"
      ? `; the ACS will retry task ${task.id} (cwmp tasks cancel ${task.id} drops it)`
      : "";
    return `${task.deviceId} answered ${task.method} with fault ${fault.code}: ` +
      `${fault.string}${suffix}${retry}`;
  }
  switch (task.state) {
    case "faulted":
      return `task ${task.id} (${task.method}) faulted`;
    case "expired":
      return `task ${task.id} (${task.method}) expired before ${task.deviceId} answered it`;
    case "cancelled":
      return `task ${task.id} (${task.method}) was cancelled`;
    case "done":
      return `task ${task.id} (${task.method}) is done but the ACS returned no result`;
    default:
      return `timed out after ${seconds} s waiting for ${task.deviceId}; task ${task.id} ` +
        `(${task.method}) stays queued (see cwmp tasks show ${task.id})`;
  }
}
