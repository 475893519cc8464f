/**
 * Upload targets: a URL (`/uploads/<token>`) an Upload request gives a CPE to PUT one file
 * to, stored as a file once received.
 *
 * @module
 */

import { eq } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { type UploadTargetRow, uploadTargets } from "../db/schema/files.ts";
import { FileError } from "./store.ts";

/** A new upload target. */
export interface UploadTarget {
  /** The capability in its URL: 32 random hex digits. */
  token: string;
  /** The path to append to the ACS's base URL: `/uploads/<token>`. */
  path: string;
  /** The name the file will be stored under. */
  fileName: string;
  expiresAt: Date;
}

/** Options of {@link createUploadTarget}. */
export interface CreateUploadTargetOptions {
  /** How long the target accepts PUTs (default 1 hour). */
  ttlMs?: number;
  /** The stored file's name (default: device id, file type, time and 8 random hex digits). */
  fileName?: string;
  now?: Date;
  randomBytes?: (length: number) => Uint8Array;
}

const UPLOAD_TYPE = /^(?:\d+ \S.*|X [0-9A-F]{6} \S.*)$/;

/**
 * Creates a target a CPE can upload one file to; give `baseUrl + path` as the URL of an
 * Upload request. Each PUT to it before it expires stores (or replaces) the file.
 *
 * @param db A migrated database.
 * @param deviceId The device expected to upload.
 * @param fileType The Upload FileType, e.g. `1 Vendor Configuration File` or `2 Vendor Log File`.
 * @param options Lifetime, name, time and randomness.
 * @returns The target.
 * @throws {FileError} The FileType is malformed (400).
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createUploadTarget } from "./uploads.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const target = await createUploadTarget(db, "00D09E-GW-1", "2 Vendor Log File");
 * if (!/^\/uploads\/[0-9a-f]{32}$/.test(target.path)) throw new Error(target.path);
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, A.4.1.5 Upload
 */
export async function createUploadTarget(
  db: AcsDb,
  deviceId: string,
  fileType: string,
  options: CreateUploadTargetOptions = {},
): Promise<UploadTarget> {
  if (!UPLOAD_TYPE.test(fileType) || fileType.length > 64) {
    throw new FileError(400, `Cannot create an upload target: FileType '${fileType}' is malformed`);
  }
  const random = options.randomBytes ??
    ((length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length)));
  const hex = (n: number): string =>
    Array.from(random(n), (b) => b.toString(16).padStart(2, "0")).join("");
  const now = options.now ?? new Date();
  const token = hex(16);
  const fileName = options.fileName ?? defaultName(deviceId, fileType, now, hex(4));
  const expiresAt = new Date(now.getTime() + (options.ttlMs ?? 60 * 60 * 1000));
  await db.insert(uploadTargets).values({
    token,
    deviceId,
    fileType,
    fileName,
    createdAt: now,
    expiresAt,
  });
  return { token, path: `/uploads/${token}`, fileName, expiresAt };
}

function defaultName(deviceId: string, fileType: string, now: Date, suffix: string): string {
  const slug = fileType.replace(/^\S+ /, "").toLowerCase().replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const time = now.toISOString().replace(/[-:]|\.\d+/g, "");
  return `${deviceId}_${slug}_${time}_${suffix}`;
}

/** The target of a token, expired or not. */
export async function findUploadTarget(
  db: AcsDb,
  token: string,
): Promise<UploadTargetRow | undefined> {
  const [row] = await db.select().from(uploadTargets).where(eq(uploadTargets.token, token))
    .limit(1);
  return row;
}

/** Records that a PUT to the target completed. */
export async function markUploadReceived(db: AcsDb, token: string, now: Date): Promise<void> {
  await db.update(uploadTargets).set({ receivedAt: now }).where(eq(uploadTargets.token, token));
}
