/**
 * The ACS database schema, one table per file (drizzle-orm, SQLite dialect). drizzle-kit
 * reads this module to generate the migrations in `../migrations/`.
 *
 * @module
 */

export * from "./devices.ts";
export * from "./parameters.ts";
export * from "./events.ts";
export * from "./tasks.ts";
export * from "./faults.ts";
export * from "./sessions.ts";
export * from "./credentials.ts";
export * from "./connection_requests.ts";
export * from "./files.ts";
export * from "./api_tokens.ts";
export * from "./presets.ts";
export * from "./campaigns.ts";
