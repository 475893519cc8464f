/**
 * Files the ACS stores and serves: firmware, configuration and uploaded files, as metadata in
 * `files` and contents in 256 KiB chunks in `file_chunks`. Contents stream in (bounded) and
 * out (only the chunks a range needs).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { and, asc, eq, lt } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import { fileChunks, type FileRow, files } from "../db/schema/files.ts";

/** Bytes per stored chunk. */
export const CHUNK_BYTES = 256 * 1024;

/** Metadata given with a file. */
export interface FileMeta {
  /** Its name, the last segment of its URL: printable, no `/` or `\`, at most 200 characters. */
  name: string;
  /** The TR-069 FileType, e.g. `1 Firmware Upgrade Image`, or `X <OUI> <name>`. */
  fileType: string;
  oui?: string;
  productClass?: string;
  version?: string;
  /** The device that uploaded it. */
  deviceId?: string;
}

/** A stored, complete file. */
export type StoredFile = Omit<FileRow, "state">;

/**
 * A file operation that cannot be done, with its HTTP status.
 *
 * @example Usage
 * ```ts
 * import { FileError } from "./store.ts";
 * const e = new FileError(409, "Cannot store fw.bin: a file of that name exists");
 * if (e.status !== 409) throw new Error("unexpected");
 * ```
 */
export class FileError extends Error {
  /** 400 (invalid metadata), 409 (name taken) or 413 (too large). */
  readonly status: 400 | 409 | 413;

  /**
   * @param status The HTTP status that fits.
   * @param message The whole message.
   */
  constructor(status: 400 | 409 | 413, message: string) {
    super(message);
    this.name = "FileError";
    this.status = status;
  }
}

/** Options of {@link storeFile}. */
export interface StoreFileOptions {
  /** Replace a file of the same name (default false: refuse with 409). */
  replace?: boolean;
  /** The most bytes accepted (default 1 GiB). */
  maxBytes?: number;
  /** The time of storage (default: now). */
  now?: Date;
}

// Names are URL path segments: no control characters (C0, DEL), no path separators.
// deno-lint-ignore no-control-regex
const NAME = /^[^\x00-\x1f\x7f/\\]{1,200}$/;
const FILE_TYPE = /^(?:\d+ \S.*|X [0-9A-F]{6} \S.*)$/;
// Files left `writing` by a crash are dropped by the next store after this long.
const ABANDONED_MS = 60 * 60 * 1000;

/**
 * Stores a file, streamed chunk by chunk; it is listed and served only once complete. The
 * SHA-256 (its ETag) and size are computed on the way.
 *
 * @param db A migrated database.
 * @param meta Name, FileType and what it is for.
 * @param contents The bytes, or a stream of them.
 * @param options Replacement, size limit and time.
 * @returns The stored file.
 * @throws {FileError} Invalid metadata (400), the name is taken (409), too large (413).
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { listFiles, storeFile } from "./store.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const file = await storeFile(db, { name: "fw-2.0.bin", fileType: "1 Firmware Upgrade Image" },
 *   new TextEncoder().encode("firmware"));
 * if (file.size !== 8 || (await listFiles(db)).length !== 1) throw new Error("unexpected");
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, A.3.2.8 Download
 */
export async function storeFile(
  db: AcsDb,
  meta: FileMeta,
  contents: Uint8Array | ReadableStream<Uint8Array>,
  options: StoreFileOptions = {},
): Promise<StoredFile> {
  checkMeta(meta);
  const now = options.now ?? new Date();
  if (!options.replace && await getFile(db, meta.name) !== undefined) throw nameTaken(meta.name);
  await db.delete(files).where(
    and(eq(files.state, "writing"), lt(files.createdAt, new Date(now.getTime() - ABANDONED_MS))),
  );
  const [row] = await db.insert(files).values({
    name: `${meta.name}\u0000${crypto.randomUUID()}`,
    fileType: meta.fileType,
    oui: meta.oui ?? null,
    productClass: meta.productClass ?? null,
    version: meta.version ?? null,
    size: 0,
    sha256: "",
    state: "writing",
    deviceId: meta.deviceId ?? null,
    createdAt: now,
  }).returning({ id: files.id });
  if (row === undefined) throw new Error(`Cannot store ${meta.name}: no row was created`);
  try {
    const { size, sha256 } = await writeChunks(db, row.id, contents, options.maxBytes ?? 2 ** 30);
    return await commit(db, row.id, { ...meta, size, sha256 }, options.replace ?? false);
  } catch (error) {
    await db.delete(files).where(eq(files.id, row.id));
    if (isUniqueViolation(error)) throw nameTaken(meta.name);
    throw error;
  }
}

function checkMeta(meta: FileMeta): void {
  if (!NAME.test(meta.name) || meta.name === "." || meta.name === "..") {
    throw new FileError(
      400,
      `Cannot store file '${meta.name}': a name is 1 to 200 characters without '/', '\\' or control characters`,
    );
  }
  if (!FILE_TYPE.test(meta.fileType) || meta.fileType.length > 64) {
    throw new FileError(
      400,
      `Cannot store ${meta.name}: FileType '${meta.fileType}' is not "N Description" or "X OUI Description"`,
    );
  }
}

function nameTaken(name: string): FileError {
  return new FileError(409, `Cannot store ${name}: a file of that name exists`);
}

async function writeChunks(
  db: AcsDb,
  fileId: number,
  contents: Uint8Array | ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  const pending = new Uint8Array(CHUNK_BYTES);
  let filled = 0;
  let size = 0;
  let seq = 0;
  const flush = async (): Promise<void> => {
    await db.insert(fileChunks).values({
      fileId,
      seq: seq++,
      data: Buffer.from(pending.subarray(0, filled)),
    });
    filled = 0;
  };
  const stream = contents instanceof Uint8Array
    ? new Blob([contents as Uint8Array<ArrayBuffer>]).stream()
    : contents;
  const reader = stream.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      size += next.value.byteLength;
      if (size > maxBytes) {
        throw new FileError(413, `Cannot store file: it exceeds ${maxBytes} bytes`);
      }
      hash.update(next.value);
      for (let offset = 0; offset < next.value.byteLength;) {
        const take = Math.min(CHUNK_BYTES - filled, next.value.byteLength - offset);
        pending.set(next.value.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === CHUNK_BYTES) await flush();
      }
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
  if (filled > 0) await flush();
  return { size, sha256: hash.digest("hex") };
}

async function commit(
  db: AcsDb,
  fileId: number,
  done: FileMeta & { size: number; sha256: string },
  replace: boolean,
): Promise<StoredFile> {
  const finish = db.update(files)
    .set({ name: done.name, size: done.size, sha256: done.sha256, state: "ready" })
    .where(eq(files.id, fileId)).returning();
  const [stored] = replace
    ? (await db.batch([
      db.delete(files).where(and(eq(files.name, done.name), eq(files.state, "ready"))),
      finish,
    ]))[1]
    : await finish;
  if (stored === undefined) throw new Error(`Cannot store ${done.name}: its row vanished`);
  const { state: _state, ...file } = stored;
  return file;
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : "";
  return /UNIQUE constraint failed/.test(text);
}

/**
 * A complete file by name (one still being written is not returned).
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { getFile } from "./store.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * if ((await getFile(db, "none.bin")) !== undefined) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function getFile(db: AcsDb, name: string): Promise<StoredFile | undefined> {
  const [row] = await db.select().from(files)
    .where(and(eq(files.name, name), eq(files.state, "ready"))).limit(1);
  if (row === undefined) return undefined;
  const { state: _state, ...file } = row;
  return file;
}

/** Filters of {@link listFiles}; each given one must match. */
export interface ListFilesFilter {
  fileType?: string;
  oui?: string;
  productClass?: string;
  deviceId?: string;
}

/**
 * The complete files, oldest first.
 *
 * @param db A migrated database.
 * @param filter Restrictions on FileType, OUI, ProductClass or uploading device.
 * @returns The files' metadata.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { listFiles, storeFile } from "./store.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * await storeFile(db, { name: "a.bin", fileType: "1 Firmware Upgrade Image", oui: "00D09E" }, new Uint8Array(1));
 * await storeFile(db, { name: "b.cfg", fileType: "3 Vendor Configuration File" }, new Uint8Array(1));
 * const firmware = await listFiles(db, { fileType: "1 Firmware Upgrade Image" });
 * if (firmware.map((f) => f.name).join() !== "a.bin") throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export async function listFiles(db: AcsDb, filter: ListFilesFilter = {}): Promise<StoredFile[]> {
  const conditions = [eq(files.state, "ready")];
  if (filter.fileType !== undefined) conditions.push(eq(files.fileType, filter.fileType));
  if (filter.oui !== undefined) conditions.push(eq(files.oui, filter.oui));
  if (filter.productClass !== undefined) {
    conditions.push(eq(files.productClass, filter.productClass));
  }
  if (filter.deviceId !== undefined) conditions.push(eq(files.deviceId, filter.deviceId));
  const rows = await db.select().from(files).where(and(...conditions))
    .orderBy(asc(files.createdAt), asc(files.id));
  return rows.map(({ state: _state, ...file }) => file);
}

/**
 * Deletes a file and its contents.
 *
 * @returns Whether it existed.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { deleteFile, getFile, storeFile } from "./store.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * await storeFile(db, { name: "old.bin", fileType: "1 Firmware Upgrade Image" }, new Uint8Array(4));
 * if (!(await deleteFile(db, "old.bin")) || (await getFile(db, "old.bin")) !== undefined) {
 *   throw new Error("unexpected");
 * }
 * db.$client.close();
 * ```
 */
export async function deleteFile(db: AcsDb, name: string): Promise<boolean> {
  const deleted = await db.delete(files).where(and(eq(files.name, name), eq(files.state, "ready")))
    .returning({ id: files.id });
  return deleted.length > 0;
}

/**
 * Streams bytes `start` to `end` (inclusive) of a file, reading one chunk at a time as the
 * consumer pulls. The stream errors if the file is deleted or replaced meanwhile.
 *
 * @param db A migrated database.
 * @param file The file (from `getFile`).
 * @param range The first and last byte; `end` below `start` gives an empty stream.
 * @returns The bytes.
 */
export function readFileRange(
  db: AcsDb,
  file: StoredFile,
  range: { start: number; end: number },
): ReadableStream<Uint8Array> {
  let seq = Math.floor(range.start / CHUNK_BYTES);
  const last = Math.floor(range.end / CHUNK_BYTES);
  return new ReadableStream<Uint8Array>({
    async pull(controller): Promise<void> {
      if (range.end < range.start || seq > last) {
        controller.close();
        return;
      }
      const [chunk] = await db.select({ data: fileChunks.data }).from(fileChunks)
        .where(
          and(eq(fileChunks.fileId, file.id), eq(fileChunks.seq, seq)),
        );
      if (chunk === undefined) {
        controller.error(new Error(`Cannot read ${file.name}: chunk ${seq} is gone`));
        return;
      }
      const base = seq * CHUNK_BYTES;
      const from = Math.max(range.start - base, 0);
      const to = Math.min(range.end - base + 1, chunk.data.byteLength);
      controller.enqueue(new Uint8Array(chunk.data.subarray(from, to)));
      seq++;
    },
  });
}
