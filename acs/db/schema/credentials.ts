/**
 * The `device_credentials` and `acs_secrets` tables: what the ACS knows to authenticate each CPE
 * (spec 3.4.4) and to authenticate itself to the CPE's Connection Request server (spec 3.2.2),
 * and the server secret its nonces and sealed passwords derive from.
 *
 * @module
 */

import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Where credentials came from: generated and set by the ACS on first contact, or provisioned
 * by an operator (`setDeviceCredentials`).
 */
export type CredentialSource = "bootstrap" | "provisioned";

/**
 * `pending`: a bootstrap SetParameterValues carrying them is queued or out, so the CPE may
 * not have them yet. `active`: the CPE has them; it must authenticate with them.
 */
export type CredentialState = "pending" | "active";

/**
 * One CPE's credentials. Passwords are sealed (AES-256-GCM under a key derived from the server
 * secret, bound to the device id and field): the ACS needs the Connection Request password in
 * clear to answer the CPE's challenge, and the same holds for the CPE's own password when a
 * Download hands it to the CPE for an authenticated file server. There is no foreign key to
 * `devices`: credentials may be provisioned before the device's first Inform.
 *
 * @see TR-069 Issue 1, 3.4.4 Authentication and 3.2.2 ACS Connection Initiation
 */
export const deviceCredentials = sqliteTable("device_credentials", {
  /** The device id (`acs/device_id.ts`). */
  deviceId: text("device_id").primaryKey(),
  /** ManagementServer.Username: what the CPE authenticates with; unique across devices. */
  username: text("username").notNull(),
  /** ManagementServer.Password, sealed. */
  password: text("password").notNull(),
  /** ManagementServer.ConnectionRequestUsername; null when unknown. */
  connectionRequestUsername: text("connection_request_username"),
  /** ManagementServer.ConnectionRequestPassword, sealed; null when unknown. */
  connectionRequestPassword: text("connection_request_password"),
  source: text("source", { enum: ["bootstrap", "provisioned"] }).$type<CredentialSource>()
    .notNull(),
  state: text("state", { enum: ["pending", "active"] }).$type<CredentialState>().notNull(),
  /** The task that sets them on the CPE (bootstrap only). */
  bootstrapTaskId: integer("bootstrap_task_id"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  uniqueIndex("device_credentials_username_idx").on(table.username),
  index("device_credentials_task_idx").on(table.bootstrapTaskId),
]);

/** A row of {@link deviceCredentials}. */
export type DeviceCredentialsRow = typeof deviceCredentials.$inferSelect;
/** A new row of {@link deviceCredentials}. */
export type NewDeviceCredentialsRow = typeof deviceCredentials.$inferInsert;

/**
 * Named server secrets, created at first use. `server` keys the HMAC of Digest nonces (so
 * nonces stay valid across restarts and across processes sharing the database) and the seal
 * of stored passwords, unless the operator supplies a secret of their own.
 */
export const acsSecrets = sqliteTable("acs_secrets", {
  name: text("name").primaryKey(),
  value: blob("value", { mode: "buffer" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/** A row of {@link acsSecrets}. */
export type AcsSecretRow = typeof acsSecrets.$inferSelect;
