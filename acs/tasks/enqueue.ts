/**
 * Queueing a task for a device's next session. A TypeScript function, not an HTTP route: the
 * northbound API that will expose it needs authentication first (a later issue).
 *
 * @module
 */

import { eq, sql } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { devices } from "../db/schema/devices.ts";
import { type TaskRow, tasks } from "../db/schema/tasks.ts";
import { LocalProtocolError } from "../../protocol/errors.ts";
import type { RpcMessage } from "../../protocol/rpc/codecs.ts";
import { encodeEnvelope } from "../../protocol/soap/envelope.ts";
import { CWMP_VERSIONS } from "../../protocol/soap/namespaces.ts";
import { AcsSession } from "../../protocol/session/mod.ts";
import { FileError } from "../files/store.ts";
import { createUploadTarget } from "../files/uploads.ts";
import { TRANSFER_METHODS } from "./results.ts";

/** What to queue. */
export interface EnqueueTaskInput {
  /** The device id (see `deviceIdOf`). */
  deviceId: string;
  /** An ACS-to-CPE request, e.g. `{ method: "GetParameterValues", parameterNames: [...] }`. */
  request: RpcMessage;
  /** Not sent before this time. */
  notBefore?: Date;
  /** Expires, unsent or unanswered, at this time. */
  expires?: Date;
  /** Sends before a fault (or an unanswered send) makes it `faulted` (default 5). */
  maxAttempts?: number;
  /** The time of queueing (default: now). */
  now?: Date;
  /**
   * The ACS's URL as the device reaches it, e.g. `http://acs.example:7547/`. With it, an
   * Upload whose URL is empty gets an upload target of its own (`/uploads/<token>` on this
   * URL's origin, see `createUploadTarget`), so the file the CPE PUTs is stored by the ACS.
   */
  uploadBaseUrl?: string;
}

/**
 * A task that cannot be queued, with the reason.
 *
 * @example Usage
 * ```ts
 * import { TaskError } from "./enqueue.ts";
 * const e = new TaskError("Cannot queue Reboot: unknown device 00D09E-GW-1");
 * if (e.name !== "TaskError") throw new Error("unexpected");
 * ```
 */
export class TaskError extends Error {
  /**
   * Creates the error.
   *
   * @param message The whole message, e.g. "Cannot queue Reboot: unknown device X".
   */
  constructor(message: string) {
    super(message);
    this.name = "TaskError";
  }
}

/**
 * Queues a request for a known device; it is stored (state `pending`) when this resolves, and
 * sent in the device's next session after the tasks queued before it. A transfer (Download,
 * Upload, ScheduleDownload, ChangeDUState) with an empty CommandKey gets the task id as its
 * CommandKey, and a SetParameterValues with an empty ParameterKey the task id as its
 * ParameterKey, so that the TransferComplete, or the device's ParameterKey, names the task.
 * An Upload with an empty URL, given `uploadBaseUrl`, gets a new upload target as its URL;
 * the target accepts PUTs until the task expires (a week when it never does), plus its
 * DelaySeconds and an hour.
 *
 * @param db A migrated database.
 * @param input The device, the request, its time window and attempts.
 * @returns The stored task.
 * @throws {TaskError} The device is unknown, the method is not an ACS request, the request
 * cannot be encoded, or an Upload has neither a URL nor a usable `uploadBaseUrl`.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { enqueueTask, TaskError } from "./enqueue.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * try {
 *   await enqueueTask(db, { deviceId: "nobody", request: { method: "Reboot", commandKey: "" } });
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof TaskError)) throw error;
 * }
 * db.$client.close();
 * ```
 *
 * @example An Upload without a URL is given an upload target of the ACS
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createDrizzleStore } from "../store/drizzle_store.ts";
 * import { enqueueTask } from "./enqueue.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * await createDrizzleStore(db).recordInform({
 *   sessionId: "s1", deviceId: "00D09E-GW-1", cwmpVersion: "1.0", events: [], parameters: [],
 *   deviceIdStruct: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 *   time: new Date(0), remoteAddress: null,
 * });
 * const task = await enqueueTask(db, {
 *   deviceId: "00D09E-GW-1",
 *   request: {
 *     method: "Upload", commandKey: "", fileType: "2 Vendor Log File", url: "",
 *     username: "", password: "", delaySeconds: 0,
 *   },
 *   uploadBaseUrl: "http://acs.example:7547/acs",
 * });
 * if (!/^http:\/\/acs\.example:7547\/uploads\/[0-9a-f]{32}$/.test(String(task.args["url"]))) {
 *   throw new Error(String(task.args["url"]));
 * }
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, A.3.2 CPE Methods
 */
export async function enqueueTask(db: AcsDb, input: EnqueueTaskInput): Promise<TaskRow> {
  const method = input.request.method;
  checkRequest(input.request);
  const maxAttempts = input.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TaskError(`Cannot queue ${method}: maxAttempts must be a whole number from 1`);
  }
  const known = await db.select({ id: devices.id }).from(devices)
    .where(eq(devices.id, input.deviceId)).limit(1);
  if (known.length === 0) {
    throw new TaskError(`Cannot queue ${method}: unknown device ${input.deviceId}`);
  }
  const now = input.now ?? new Date();
  const { method: _, ...args } = await withUploadTarget(db, input, now);
  const transfer = TRANSFER_METHODS.has(method);
  const insert = db.insert(tasks).values({
    deviceId: input.deviceId,
    method,
    args,
    state: "pending",
    createdAt: now,
    updatedAt: now,
    notBefore: input.notBefore ?? null,
    expires: input.expires ?? null,
    maxAttempts,
    commandKey: transfer ? String((args as Record<string, unknown>)["commandKey"] ?? "") : null,
  });
  const key = transfer ? "$.commandKey" : method === "SetParameterValues" ? "$.parameterKey" : null;
  if (key === null) {
    const [row] = await insert.returning();
    if (row === undefined) throw new TaskError(`Cannot queue ${method}: nothing was stored`);
    return row;
  }
  // One batch, one transaction: the row and the key that names it appear together.
  const [, , [row]] = await db.batch([
    insert,
    db.update(tasks).set({
      args: sql`json_set(args, ${key}, CAST(id AS TEXT))`,
      ...(transfer ? { commandKey: sql`CAST(id AS TEXT)` } : {}),
    }).where(sql`id = last_insert_rowid() AND json_extract(args, ${key}) = ''`),
    db.select().from(tasks).where(sql`${tasks.id} = last_insert_rowid()`),
  ]);
  if (row === undefined) throw new TaskError(`Cannot queue ${method}: nothing was stored`);
  return row;
}

// An Upload without a URL is given one of the ACS's own upload targets.
async function withUploadTarget(
  db: AcsDb,
  input: EnqueueTaskInput,
  now: Date,
): Promise<RpcMessage> {
  const request = input.request;
  if (request.method !== "Upload" || request.url !== "") return request;
  const base = uploadBase(input.uploadBaseUrl);
  const until = input.expires?.getTime() ?? now.getTime() + 7 * 24 * 60 * 60 * 1000;
  const ttlMs = Math.max(0, until - now.getTime()) + request.delaySeconds * 1000 + 60 * 60 * 1000;
  try {
    const target = await createUploadTarget(db, input.deviceId, request.fileType, { now, ttlMs });
    return { ...request, url: new URL(target.path, base).href };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    throw new TaskError(`Cannot queue Upload: ${error.message}`);
  }
}

function uploadBase(url: string | undefined): URL {
  if (url === undefined) {
    throw new TaskError("Cannot queue Upload: it has no URL, and no uploadBaseUrl to make one");
  }
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new TaskError(`Cannot queue Upload: uploadBaseUrl '${url}' is not a URL`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new TaskError(`Cannot queue Upload: uploadBaseUrl '${url}' is not http or https`);
  }
  return base;
}

function checkRequest(request: RpcMessage): void {
  try {
    // The ACS session decides which methods an ACS may send; the codec checks the values.
    new AcsSession({ now: 0 }).enqueue(request);
    encodeEnvelope(request, { version: CWMP_VERSIONS.at(-1) ?? "1.0" });
  } catch (error) {
    if (!(error instanceof LocalProtocolError)) throw error;
    throw new TaskError(`Cannot queue ${request.method}: ${error.message}`);
  }
}

/**
 * The request message of a stored task.
 *
 * @param task A row of the `tasks` table (or its method and arguments).
 * @returns The message to send.
 *
 * @example Usage
 * ```ts
 * import { taskRequest } from "./enqueue.ts";
 * const request = taskRequest({ method: "Reboot", args: { commandKey: "7" } });
 * if (request.method !== "Reboot" || request.commandKey !== "7") throw new Error("unexpected");
 * ```
 */
export function taskRequest(task: Pick<TaskRow, "method" | "args">): RpcMessage {
  return { ...task.args, method: task.method } as RpcMessage;
}
