/**
 * `requestConnection`: ask a device to open a session now. Its ConnectionRequestURL comes from
 * its last Inform, the credentials from `device_credentials`, and every attempt is logged in
 * `connection_requests`.
 *
 * @module
 */

import { and, eq, inArray } from "drizzle-orm";
import { findCredentialsByDevice, openCredentials } from "../auth/credentials.ts";
import { type AcsKeys, loadAcsKeys, SealError } from "../auth/secrets.ts";
import type { AcsDb } from "../db/client.ts";
import { type ConnectionRequestRow, connectionRequests } from "../db/schema/connection_requests.ts";
import { devices } from "../db/schema/devices.ts";
import { parameters } from "../db/schema/parameters.ts";
import { type ConnectionRequestOutcome, sendConnectionRequest } from "./send.ts";

/** What {@link requestConnection} needs. */
export interface ConnectionRequestDeps {
  /** A migrated database. */
  db: AcsDb;
  /** The keys that sealed the stored passwords (default: the database's server secret). */
  keys?: AcsKeys;
  /** Answer a Basic-only challenge (default false). */
  allowBasic?: boolean;
  /** Time limit of one request (default 5000 ms). */
  timeoutMs?: number;
  /** The HTTP client (default `fetch`). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

/**
 * A Connection Request that cannot be attempted at all.
 *
 * @example Usage
 * ```ts
 * import { ConnectionRequestError } from "./request.ts";
 * const e = new ConnectionRequestError("Cannot request a connection: unknown device d");
 * if (e.name !== "ConnectionRequestError") throw new Error("unexpected");
 * ```
 */
export class ConnectionRequestError extends Error {
  /** @param message The whole message. */
  constructor(message: string) {
    super(message);
    this.name = "ConnectionRequestError";
  }
}

/** The parameters that carry the URL, in order of preference. */
export const CONNECTION_REQUEST_URL_PARAMETERS: readonly string[] = [
  "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
  "Device.ManagementServer.ConnectionRequestURL",
];

/**
 * Sends a Connection Request to a device and records the outcome (ok, auth-failed,
 * unreachable, timeout, http-error, no-url) before returning it.
 *
 * @param deps Database, keys, HTTP client, limits.
 * @param deviceId The device id.
 * @returns The stored record.
 * @throws {ConnectionRequestError} The device is unknown.
 *
 * @example A device that reported no URL
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { devices } from "../db/schema/devices.ts";
 * import { requestConnection } from "./request.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * await db.insert(devices).values({
 *   id: "d", manufacturer: "A", oui: "00D09E", productClass: "", serialNumber: "1",
 *   cwmpVersion: "1.0", firstInform: new Date(0), lastInform: new Date(0),
 * });
 * const record = await requestConnection({ db }, "d");
 * if (record.result !== "no-url") throw new Error(record.result);
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, 3.2.2 ACS Connection Initiation
 */
export async function requestConnection(
  deps: ConnectionRequestDeps,
  deviceId: string,
): Promise<ConnectionRequestRow> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const known = await db.select({ id: devices.id }).from(devices).where(eq(devices.id, deviceId))
    .limit(1);
  if (known.length === 0) {
    throw new ConnectionRequestError(`Cannot request a connection: unknown device ${deviceId}`);
  }
  const url = await connectionRequestUrl(db, deviceId);
  const started = now();
  const outcome = url === undefined
    ? {
      result: "no-url" as const,
      status: null,
      detail: "The device reported no ConnectionRequestURL",
    }
    : await attempt(deps, deviceId, url);
  const [row] = await db.insert(connectionRequests).values({
    deviceId,
    url: url ?? "",
    ...outcome,
    startedAt: new Date(started),
    durationMs: Math.max(0, Math.round(now() - started)),
  }).returning();
  if (row === undefined) throw new Error("Cannot record the connection request: nothing stored");
  return row;
}

async function attempt(
  deps: ConnectionRequestDeps,
  deviceId: string,
  url: string,
): Promise<ConnectionRequestOutcome> {
  const row = await findCredentialsByDevice(deps.db, deviceId);
  let username: string | null = null;
  let password: string | null = null;
  if (row !== undefined) {
    try {
      const opened = openCredentials(deps.keys ?? await loadAcsKeys(deps.db), row);
      username = opened.connectionRequestUsername;
      password = opened.connectionRequestPassword;
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      return { result: "auth-failed", status: null, detail: error.message };
    }
  }
  return await sendConnectionRequest(url, {
    username,
    password,
    ...(deps.allowBasic === undefined ? {} : { allowBasic: deps.allowBasic }),
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
  });
}

/**
 * The device's ConnectionRequestURL as last reported (Inform or a parameter read), under
 * either data model root; undefined when it has none or it is empty.
 */
export async function connectionRequestUrl(
  db: AcsDb,
  deviceId: string,
): Promise<string | undefined> {
  const rows = await db.select({ path: parameters.path, value: parameters.value })
    .from(parameters)
    .where(and(
      eq(parameters.deviceId, deviceId),
      inArray(parameters.path, [...CONNECTION_REQUEST_URL_PARAMETERS]),
    ));
  for (const path of CONNECTION_REQUEST_URL_PARAMETERS) {
    const value = rows.find((r) => r.path === path)?.value?.trim();
    if (value) return value;
  }
  return undefined;
}
