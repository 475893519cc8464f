/**
 * The `presets` table: declarative provisioning policy (acs/provisioning/). Each session
 * evaluates the enabled presets whose precondition, events and schedule match, and sends only
 * the RPCs that close the gap between their desired state and what the ACS knows.
 *
 * @module
 */

import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { DesiredState, Precondition, ScheduleWindow } from "../../provisioning/types.ts";

/**
 * One preset, named by the operator. Its JSON columns hold the shapes of
 * `acs/provisioning/types.ts`, validated by its zod schemas before they are stored.
 *
 * @see TR-069 Issue 1, 3.7.2 ACS Operation (the ACS decides what a session does)
 */
export const presets = sqliteTable("presets", {
  /** The operator's name for it, e.g. `wifi-defaults` (letters, digits, `.`, `_`, `-`). */
  id: text("id").primaryKey(),
  description: text("description").notNull().default(""),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Higher weights are applied later: their values win where presets disagree. */
  weight: integer("weight").notNull().default(0),
  /** Which devices it applies to; `{}` for all. */
  precondition: text("precondition", { mode: "json" }).$type<Precondition>().notNull(),
  /** Inform event codes that trigger it (e.g. `1 BOOT`); empty for every session. */
  events: text("events", { mode: "json" }).$type<string[]>().notNull(),
  /** When it may run; null for always. */
  schedule: text("schedule", { mode: "json" }).$type<ScheduleWindow | null>(),
  /** What a matching device should look like. */
  desired: text("desired", { mode: "json" }).$type<DesiredState>().notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("presets_enabled_idx").on(table.enabled, table.weight)]);

/** A row of {@link presets}. */
export type PresetRow = typeof presets.$inferSelect;
/** A new row of {@link presets}. */
export type NewPresetRow = typeof presets.$inferInsert;
