/**
 * Test helpers: a migrated in-memory database per test (style anchor 11).
 *
 * @module
 */

import { type AcsDb, createDb } from "./client.ts";
import { migrateDb } from "./migrate.ts";

/** A fresh, migrated in-memory database; close it with `db.$client.close()`. */
export async function createTestDb(): Promise<AcsDb> {
  const db = await createDb(":memory:");
  await migrateDb(db);
  return db;
}
