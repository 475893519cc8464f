/**
 * Per-device CPE credentials: provisioning (`setDeviceCredentials`), lookup by device and by
 * username (the Authorization header names the user, and the user names the device), and
 * random generation for first contact.
 *
 * @module
 */

import { eq } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { deviceCredentials, type DeviceCredentialsRow } from "../db/schema/credentials.ts";
import { type AcsKeys, loadAcsKeys } from "./secrets.ts";

/** Credentials as the operator gives them or the ACS generates them. */
export interface CredentialsInput {
  /** ManagementServer.Username. */
  username: string;
  /** ManagementServer.Password. */
  password: string;
  /** ManagementServer.ConnectionRequestUsername, when known. */
  connectionRequestUsername?: string;
  /** ManagementServer.ConnectionRequestPassword, when known. */
  connectionRequestPassword?: string;
}

/** A device's credentials with the passwords opened. */
export interface DeviceCredentials {
  deviceId: string;
  username: string;
  password: string;
  connectionRequestUsername: string | null;
  connectionRequestPassword: string | null;
  source: DeviceCredentialsRow["source"];
  state: DeviceCredentialsRow["state"];
}

/**
 * Credentials that cannot be stored, with the reason.
 *
 * @example Usage
 * ```ts
 * import { CredentialsError } from "./credentials.ts";
 * const e = new CredentialsError("Cannot set credentials of d: the username is empty");
 * if (e.name !== "CredentialsError") throw new Error("unexpected");
 * ```
 */
export class CredentialsError extends Error {
  /** @param message The whole message. */
  constructor(message: string) {
    super(message);
    this.name = "CredentialsError";
  }
}

/** Options of {@link setDeviceCredentials}. */
export interface SetDeviceCredentialsOptions {
  /** The keys that seal passwords; default: the database's server secret. */
  keys?: AcsKeys;
  /** The time of the change (default: now). */
  now?: Date;
}

// TR-069 string(256); a colon would make the username unusable for Basic (RFC 7617).
const MAX_LENGTH = 256;
const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * Provisions a device's credentials (they are `active` at once): in `strict` mode only
 * provisioned devices get in; in `first-contact` mode a provisioned device is never
 * bootstrapped. Replaces what the device had.
 *
 * The passwords are sealed with the server secret: when the ACS runs with `--secret-file`,
 * pass the keys it uses (`loadAcsKeys(db, { secret })`).
 *
 * @param db A migrated database.
 * @param deviceId The device id; the device need not have informed yet.
 * @param credentials The credentials the CPE is configured with.
 * @param options Sealing keys and time.
 * @throws {CredentialsError} Empty, too long or non-printable values, or a username another
 * device has.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { getDeviceCredentials, setDeviceCredentials } from "./credentials.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * await setDeviceCredentials(db, "00D09E-GW-1", { username: "00D09E-1", password: "s3cret" });
 * const stored = await getDeviceCredentials(db, "00D09E-GW-1");
 * if (stored?.password !== "s3cret" || stored.state !== "active") throw new Error("unexpected");
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, 3.4.4 Authentication
 */
export async function setDeviceCredentials(
  db: AcsDb,
  deviceId: string,
  credentials: CredentialsInput,
  options: SetDeviceCredentialsOptions = {},
): Promise<void> {
  checkCredentials(deviceId, credentials);
  const owner = await findCredentialsByUsername(db, credentials.username);
  if (owner !== undefined && owner.deviceId !== deviceId) {
    throw new CredentialsError(
      `Cannot set credentials of ${deviceId}: username "${credentials.username}" belongs to ${owner.deviceId}`,
    );
  }
  const keys = options.keys ?? await loadAcsKeys(db);
  const now = options.now ?? new Date();
  const row = {
    deviceId,
    ...sealCredentials(keys, deviceId, credentials),
    source: "provisioned" as const,
    state: "active" as const,
    bootstrapTaskId: null,
    createdAt: now,
    updatedAt: now,
  };
  const { deviceId: _key, createdAt: _created, ...update } = row;
  await db.insert(deviceCredentials).values(row)
    .onConflictDoUpdate({ target: deviceCredentials.deviceId, set: update });
}

function checkCredentials(deviceId: string, credentials: CredentialsInput): void {
  const fields: [string, string | undefined][] = [
    ["username", credentials.username],
    ["password", credentials.password],
    ["connection request username", credentials.connectionRequestUsername],
    ["connection request password", credentials.connectionRequestPassword],
  ];
  for (const [field, value] of fields) {
    if (value === undefined) continue;
    if (!PRINTABLE.test(value) || value.length > MAX_LENGTH) {
      throw new CredentialsError(
        `Cannot set credentials of ${deviceId}: the ${field} must be 1 to ${MAX_LENGTH} printable ASCII characters`,
      );
    }
  }
  for (
    const [field, value] of [["username", credentials.username], [
      "connection request username",
      credentials.connectionRequestUsername,
    ]] as const
  ) {
    if (value?.includes(":")) {
      throw new CredentialsError(
        `Cannot set credentials of ${deviceId}: the ${field} contains ':'`,
      );
    }
  }
  if (
    (credentials.connectionRequestUsername === undefined) !==
      (credentials.connectionRequestPassword === undefined)
  ) {
    throw new CredentialsError(
      `Cannot set credentials of ${deviceId}: give both connection request username and password, or neither`,
    );
  }
}

/**
 * The stored columns of credentials: passwords sealed to the device and field.
 *
 * @param keys The sealing keys.
 * @param deviceId The device they belong to.
 * @param credentials The credentials in clear.
 * @returns The columns to store.
 */
export function sealCredentials(
  keys: AcsKeys,
  deviceId: string,
  credentials: CredentialsInput,
): Pick<
  DeviceCredentialsRow,
  "username" | "password" | "connectionRequestUsername" | "connectionRequestPassword"
> {
  const crPassword = credentials.connectionRequestPassword;
  return {
    username: credentials.username,
    password: keys.seal(credentials.password, sealContext(deviceId, "password")),
    connectionRequestUsername: credentials.connectionRequestUsername ?? null,
    connectionRequestPassword: crPassword === undefined
      ? null
      : keys.seal(crPassword, sealContext(deviceId, "connectionRequestPassword")),
  };
}

/**
 * Opens a stored row's passwords.
 *
 * @param keys The sealing keys.
 * @param row A row of `device_credentials`.
 * @returns The credentials in clear.
 * @throws {SealError} The row was sealed under another server secret.
 */
export function openCredentials(keys: AcsKeys, row: DeviceCredentialsRow): DeviceCredentials {
  const sealed = row.connectionRequestPassword;
  return {
    deviceId: row.deviceId,
    username: row.username,
    password: keys.open(row.password, sealContext(row.deviceId, "password")),
    connectionRequestUsername: row.connectionRequestUsername,
    connectionRequestPassword: sealed === null
      ? null
      : keys.open(sealed, sealContext(row.deviceId, "connectionRequestPassword")),
    source: row.source,
    state: row.state,
  };
}

function sealContext(deviceId: string, field: string): string {
  return `${deviceId}\u0000${field}`;
}

/**
 * A device's credentials with the passwords opened, e.g. to give a Download the device's own
 * credentials for an authenticated file server.
 *
 * @param db A migrated database.
 * @param deviceId The device id.
 * @param options The sealing keys (default: the database's server secret).
 * @returns The credentials, or undefined when the device has none.
 * @throws {SealError} They were sealed under another server secret.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { getDeviceCredentials } from "./credentials.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * if ((await getDeviceCredentials(db, "unknown")) !== undefined) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function getDeviceCredentials(
  db: AcsDb,
  deviceId: string,
  options: { keys?: AcsKeys } = {},
): Promise<DeviceCredentials | undefined> {
  const row = await findCredentialsByDevice(db, deviceId);
  if (row === undefined) return undefined;
  return openCredentials(options.keys ?? await loadAcsKeys(db), row);
}

/**
 * Forgets a device's credentials; in `first-contact` mode its next session bootstraps anew.
 *
 * @returns Whether it had any.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { deleteDeviceCredentials, setDeviceCredentials } from "./credentials.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * await setDeviceCredentials(db, "d", { username: "u", password: "p" });
 * if (!(await deleteDeviceCredentials(db, "d")) || (await deleteDeviceCredentials(db, "d"))) {
 *   throw new Error("unexpected");
 * }
 * db.$client.close();
 * ```
 */
export async function deleteDeviceCredentials(db: AcsDb, deviceId: string): Promise<boolean> {
  const deleted = await db.delete(deviceCredentials)
    .where(eq(deviceCredentials.deviceId, deviceId)).returning({ id: deviceCredentials.deviceId });
  return deleted.length > 0;
}

/** The stored row of a device, sealed. */
export function findCredentialsByDevice(
  db: AcsDb,
  deviceId: string,
): Promise<DeviceCredentialsRow | undefined> {
  return selectOne(db, "device_id", deviceId);
}

/** The stored row whose ManagementServer.Username is `username`, sealed. */
export function findCredentialsByUsername(
  db: AcsDb,
  username: string,
): Promise<DeviceCredentialsRow | undefined> {
  return selectOne(db, "username", username);
}

// Session openings look credentials up: plain SQL costs less than half of a drizzle query
// (bench/acs_auth_bench.ts).
async function selectOne(
  db: AcsDb,
  column: "device_id" | "username",
  value: string,
): Promise<DeviceCredentialsRow | undefined> {
  const result = await db.$client.execute({
    sql: `SELECT * FROM device_credentials WHERE ${column} = ? LIMIT 1`,
    args: [value],
  });
  const row = result.rows[0];
  if (row === undefined) return undefined;
  const text = (name: string): string | null => row[name] === null ? null : String(row[name]);
  const time = (name: string): Date => new Date(Number(row[name]));
  return {
    deviceId: String(row["device_id"]),
    username: String(row["username"]),
    password: String(row["password"]),
    connectionRequestUsername: text("connection_request_username"),
    connectionRequestPassword: text("connection_request_password"),
    source: row["source"] === "bootstrap" ? "bootstrap" : "provisioned",
    state: row["state"] === "pending" ? "pending" : "active",
    bootstrapTaskId: row["bootstrap_task_id"] === null ? null : Number(row["bootstrap_task_id"]),
    createdAt: time("created_at"),
    updatedAt: time("updated_at"),
  };
}

/**
 * Random credentials for a first-contact device: usernames `cwmp-` and 16 hex digits,
 * passwords of 32 base64url characters (192 bits).
 *
 * @param randomBytes A source of random bytes.
 * @returns Management and Connection Request credentials.
 *
 * @example Usage
 * ```ts
 * import { generateCredentials } from "./credentials.ts";
 * const c = generateCredentials((n) => crypto.getRandomValues(new Uint8Array(n)));
 * if (!/^cwmp-[0-9a-f]{16}$/.test(c.username) || c.password.length !== 32) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function generateCredentials(
  randomBytes: (length: number) => Uint8Array,
): Required<CredentialsInput> {
  const hex = (n: number): string =>
    Array.from(randomBytes(n), (b) => b.toString(16).padStart(2, "0")).join("");
  const secret = (): string => base64Url(randomBytes(24));
  return {
    username: `cwmp-${hex(8)}`,
    password: secret(),
    connectionRequestUsername: `cwmp-cr-${hex(8)}`,
    connectionRequestPassword: secret(),
  };
}

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
