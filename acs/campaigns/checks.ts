/**
 * What a campaign is checked for before it is stored or started, beyond the zod schema: a
 * firmware file that exists and a version to verify against, values that fit their types,
 * and a window whose cron expression parses.
 *
 * @module
 */

import type { AcsDb } from "../db/client.ts";
import { getFile, type StoredFile } from "../files/store.ts";
import { CronSyntaxError, parseCron } from "../provisioning/schedule.ts";
import type { CampaignAction, ScheduleWindow } from "../provisioning/types.ts";
import { canonicalValue } from "../../protocol/rpc/values.ts";
import { CampaignError } from "./errors.ts";

/** A firmware action's file and the version devices must report after the upgrade. */
export interface FirmwareTarget {
  file: StoredFile;
  version: string;
}

/**
 * The file of a firmware action and the version to verify: the action's `softwareVersion`,
 * else the file's `version`.
 *
 * @param db A migrated database.
 * @param action A firmware action.
 * @returns The file and the version.
 * @throws {CampaignError} `invalid`: no ready file of that name, or no version known.
 *
 * @example A file that does not exist
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { CampaignError } from "./errors.ts";
 * import { firmwareTarget } from "./checks.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * try {
 *   await firmwareTarget(db, { kind: "firmware", file: "gw-2.0.bin" });
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof CampaignError) || error.kind !== "invalid") throw error;
 * }
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, A.3.2.8 Download
 */
export async function firmwareTarget(
  db: AcsDb,
  action: Extract<CampaignAction, { kind: "firmware" }>,
): Promise<FirmwareTarget> {
  const file = await getFile(db, action.file);
  if (file === undefined) {
    throw new CampaignError("invalid", `Invalid action: no file named '${action.file}'`);
  }
  const version = action.softwareVersion ?? file.version;
  if (version === null || version === "") {
    throw new CampaignError(
      "invalid",
      `Invalid action: file '${action.file}' has no version; give softwareVersion, the ` +
        "version devices must report after the upgrade",
    );
  }
  return { file, version };
}

/**
 * Checks an action: a firmware file and version exist ({@link firmwareTarget}), each value
 * given with a type is valid for it.
 *
 * @param db A migrated database.
 * @param action The campaign's action.
 * @throws {CampaignError} `invalid`, naming the problem.
 */
export async function checkAction(db: AcsDb, action: CampaignAction): Promise<void> {
  if (action.kind === "firmware") await firmwareTarget(db, action);
  if (action.kind !== "setValues") return;
  for (const value of action.values) {
    if (value.type === undefined || canonicalValue(value.type, value.value) !== undefined) {
      continue;
    }
    throw new CampaignError(
      "invalid",
      `Invalid action: value '${value.value}' of ${value.name} is not a valid ${value.type}`,
    );
  }
}

/**
 * Checks an action ({@link checkAction}) and returns it as stored: a firmware action with its
 * `softwareVersion` filled in from the file, so the version to verify is fixed when the
 * campaign is created.
 *
 * @param db A migrated database.
 * @param action The action as given.
 * @returns The action to store.
 * @throws {CampaignError} `invalid`, naming the problem.
 */
export async function checkedAction(db: AcsDb, action: CampaignAction): Promise<CampaignAction> {
  await checkAction(db, action);
  if (action.kind !== "firmware") return action;
  const { version } = await firmwareTarget(db, action);
  return { ...action, softwareVersion: version };
}

/**
 * Checks a window's cron expression.
 *
 * @param window The window, or null for none.
 * @throws {CampaignError} `invalid` with the parser's reason.
 */
export function checkWindow(window: ScheduleWindow | null): void {
  if (window === null) return;
  try {
    parseCron(window.cron);
  } catch (error) {
    if (!(error instanceof CronSyntaxError)) throw error;
    throw new CampaignError("invalid", `Invalid window: ${error.message}`);
  }
}
