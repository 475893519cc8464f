/**
 * The `files`, `file_chunks` and `upload_targets` tables: firmware and configuration files the
 * ACS serves to CPEs (Download), and the places CPEs upload to (Upload).
 *
 * Contents live in the database as 256 KiB blob chunks rather than in a files directory: one
 * store to back up and replicate, `:memory:` tests and a single binary need no directory, a
 * Range request reads only the chunks it needs, and an upload is written as it streams in
 * without rewriting one growing blob.
 *
 * @module
 */

import {
  blob,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/** `ready`: complete and served. `writing`: an upload or store in progress, not served. */
export type FileState = "ready" | "writing";

/**
 * One stored file. `name` is its URL path segment: `/files/<name>`.
 *
 * @see TR-069 Issue 1, A.3.2.8 Download (FileType, FileSize) and A.4.1.5 Upload
 */
export const files = sqliteTable("files", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** The TR-069 FileType, e.g. `1 Firmware Upgrade Image` or `2 Vendor Log File`. */
  fileType: text("file_type").notNull(),
  /** The devices it is meant for; null for any. */
  oui: text("oui"),
  productClass: text("product_class"),
  /** The software version it installs (firmware); null when not applicable. */
  version: text("version"),
  size: integer("size").notNull(),
  /** Lower-case hex SHA-256 of the contents; also the strong ETag. Empty while writing. */
  sha256: text("sha256").notNull(),
  state: text("state", { enum: ["ready", "writing"] }).$type<FileState>().notNull(),
  /** The device that uploaded it; null for files stored by an operator. */
  deviceId: text("device_id"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  uniqueIndex("files_name_idx").on(table.name),
  index("files_state_created_idx").on(table.state, table.createdAt),
]);

/** A row of {@link files}. */
export type FileRow = typeof files.$inferSelect;
/** A new row of {@link files}. */
export type NewFileRow = typeof files.$inferInsert;

/** The contents of a file, in order; every chunk but the last is full. */
export const fileChunks = sqliteTable("file_chunks", {
  fileId: integer("file_id").notNull().references(() => files.id, { onDelete: "cascade" }),
  seq: integer("seq").notNull(),
  data: blob("data", { mode: "buffer" }).notNull(),
}, (table) => [primaryKey({ columns: [table.fileId, table.seq] })]);

/**
 * A URL a CPE may PUT one file to (`/uploads/<token>`), handed out in an Upload request. The
 * token is the capability; a later PUT to the same target replaces the file (PUT is
 * idempotent, and a CPE may retry a transfer whose answer it lost).
 *
 * @see TR-069 Issue 1, A.4.1.5 Upload
 */
export const uploadTargets = sqliteTable("upload_targets", {
  /** 32 random hex digits. */
  token: text("token").primaryKey(),
  deviceId: text("device_id").notNull(),
  fileType: text("file_type").notNull(),
  /** The name the received file is stored under. */
  fileName: text("file_name").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  /** When a PUT last completed; null until one has. */
  receivedAt: integer("received_at", { mode: "timestamp_ms" }),
}, (table) => [index("upload_targets_expires_idx").on(table.expiresAt)]);

/** A row of {@link uploadTargets}. */
export type UploadTargetRow = typeof uploadTargets.$inferSelect;
