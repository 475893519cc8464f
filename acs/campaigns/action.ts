/**
 * What a campaign sends one device: the request of its action (Reboot, FactoryReset,
 * SetParameterValues, Download of an ACS file), or a reason to skip it (a firmware device
 * already at the version) or to fault it (nothing valid can be sent).
 *
 * @module
 */

import { and, eq, inArray } from "drizzle-orm";
import type { AcsDb } from "../db/client.ts";
import type { CampaignRow } from "../db/schema/campaigns.ts";
import { parameters } from "../db/schema/parameters.ts";
import type { CampaignAction, DesiredValue } from "../provisioning/types.ts";
import type { RpcMessage } from "../../protocol/rpc/codecs.ts";
import { canonicalValue, type ValueType } from "../../protocol/rpc/values.ts";
import { CampaignError } from "./errors.ts";
import { type FirmwareTarget, firmwareTarget } from "./checks.ts";

/** What to do with one admitted device. */
export type Admission =
  | { kind: "task"; request: RpcMessage }
  | { kind: "skip"; reason: string }
  | { kind: "fault"; reason: string };

/** Where each data model keeps the software version, in order of preference. */
export const SOFTWARE_VERSION_PATHS: readonly string[] = [
  "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
  "Device.DeviceInfo.SoftwareVersion",
];

const ACS_URL_PATHS: readonly string[] = [
  "InternetGatewayDevice.ManagementServer.URL",
  "Device.ManagementServer.URL",
];

/** Options of {@link prepareAction}. */
export interface PrepareActionOptions {
  /** The CWMP listener as devices reach it; default: each device's ManagementServer.URL. */
  publicUrl?: string | undefined;
}

/** Decides the admission of one device of the campaign. */
export type AdmissionOf = (deviceId: string) => Promise<Admission>;

/**
 * The CommandKey (transfers, Reboot) and ParameterKey (SetParameterValues) of a campaign's
 * requests, so a device's events and ParameterKey name the campaign.
 *
 * @param campaignId The campaign.
 * @returns `campaign-<id>` (at most 32 characters, spec A.3.2.8).
 */
export function campaignKey(campaignId: number): string {
  return `campaign-${campaignId}`;
}

/**
 * Prepares a campaign's action once per pass (a firmware file is looked up once) and returns
 * what decides each device's admission.
 *
 * @param db A migrated database.
 * @param campaign The campaign.
 * @param options The ACS's public URL, for the Download's URL.
 * @returns The decision for one device.
 *
 * @example A reboot
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import type { CampaignRow } from "../db/schema/campaigns.ts";
 * import { prepareAction } from "./action.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const campaign = { id: 7, action: { kind: "reboot" } } as CampaignRow;
 * const admission = await (await prepareAction(db, campaign))("00D09E-GW-1");
 * if (admission.kind !== "task" || admission.request.method !== "Reboot") throw new Error("x");
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, A.3.2.1 SetParameterValues, A.3.2.8 Download, A.3.2.9 Reboot and
 * A.4.1.6 FactoryReset
 */
export async function prepareAction(
  db: AcsDb,
  campaign: Pick<CampaignRow, "id" | "action">,
  options: PrepareActionOptions = {},
): Promise<AdmissionOf> {
  const key = campaignKey(campaign.id);
  const action: CampaignAction = campaign.action;
  switch (action.kind) {
    case "reboot":
      return () =>
        Promise.resolve({ kind: "task", request: { method: "Reboot", commandKey: key } });
    case "factoryReset":
      return () => Promise.resolve({ kind: "task", request: { method: "FactoryReset" } });
    case "setValues":
      return (deviceId) => setValues(db, deviceId, { values: action.values, key });
    case "firmware": {
      let target: FirmwareTarget;
      try {
        target = await firmwareTarget(db, action);
      } catch (error) {
        if (!(error instanceof CampaignError)) throw error;
        const reason = error.message.replace(/^Invalid action: /, "");
        return () => Promise.resolve({ kind: "fault", reason });
      }
      return (deviceId) => download(db, deviceId, { target, key, publicUrl: options.publicUrl });
    }
  }
}

async function setValues(
  db: AcsDb,
  deviceId: string,
  options: { values: readonly DesiredValue[]; key: string },
): Promise<Admission> {
  const cached = await cachedTypes(db, deviceId, options.values.map((v) => v.name));
  const parameterList = [];
  for (const wanted of options.values) {
    const type: ValueType = wanted.type ?? cached.get(wanted.name) ?? "string";
    const value = canonicalValue(type, wanted.value);
    if (value === undefined) {
      const whose = wanted.type === undefined ? " (the type the device reported)" : "";
      return {
        kind: "fault",
        reason: `value '${wanted.value}' of ${wanted.name} is not a valid ${type}${whose}`,
      };
    }
    parameterList.push({ name: wanted.name, type, value });
  }
  return {
    kind: "task",
    request: { method: "SetParameterValues", parameterList, parameterKey: options.key },
  };
}

async function cachedTypes(
  db: AcsDb,
  deviceId: string,
  names: string[],
): Promise<Map<string, ValueType>> {
  const rows = await db.select({ path: parameters.path, type: parameters.type }).from(parameters)
    .where(and(eq(parameters.deviceId, deviceId), inArray(parameters.path, names)));
  const types = new Map<string, ValueType>();
  for (const row of rows) if (row.type !== null) types.set(row.path, row.type);
  return types;
}

async function download(
  db: AcsDb,
  deviceId: string,
  options: { target: FirmwareTarget; key: string; publicUrl: string | undefined },
): Promise<Admission> {
  const { file, version } = options.target;
  const cached = await cachedValues(db, deviceId, [...SOFTWARE_VERSION_PATHS, ...ACS_URL_PATHS]);
  const current = firstOf(cached, SOFTWARE_VERSION_PATHS);
  if (current === version) return { kind: "skip", reason: `already at ${version}` };
  const acsUrl = firstOf(cached, ACS_URL_PATHS);
  const base = options.publicUrl ?? (acsUrl !== undefined && URL.canParse(acsUrl) ? acsUrl : "");
  if (!URL.canParse(base)) {
    return {
      kind: "fault",
      reason: "no URL for the firmware file: the ACS has no public URL and the device " +
        "reported no ManagementServer.URL",
    };
  }
  return {
    kind: "task",
    request: {
      method: "Download",
      commandKey: options.key,
      fileType: file.fileType,
      // The ACS's own file: the session adds the device's credentials when files need them.
      url: new URL(`/files/${encodeURIComponent(file.name)}`, base).href,
      username: "",
      password: "",
      fileSize: file.size,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    },
  };
}

async function cachedValues(
  db: AcsDb,
  deviceId: string,
  paths: string[],
): Promise<Map<string, string>> {
  const rows = await db.select({ path: parameters.path, value: parameters.value }).from(parameters)
    .where(and(eq(parameters.deviceId, deviceId), inArray(parameters.path, paths)));
  const values = new Map<string, string>();
  for (const row of rows) if (row.value !== null) values.set(row.path, row.value);
  return values;
}

function firstOf(values: Map<string, string>, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const value = values.get(path);
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}
