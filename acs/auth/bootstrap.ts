/**
 * First contact: the ACS gives an unknown CPE random credentials with a SetParameterValues
 * queued ahead of its other tasks, and requires them once the CPE has confirmed.
 *
 * @module
 */

import type { Inform } from "../../protocol/rpc/inform.ts";
import type { ParameterValueStruct } from "../../protocol/rpc/values.ts";
import type { AcsDb } from "../db/client.ts";
import type { DeviceCredentialsRow } from "../db/schema/credentials.ts";
import { generateCredentials, sealCredentials } from "./credentials.ts";
import type { AcsKeys } from "./secrets.ts";

/** Where a bootstrap stands, from the state of its task. */
export type BootstrapState = "in-progress" | "confirmed" | "failed";

/**
 * The data model root an Inform speaks: `Device.` (TR-181) when its parameters use it,
 * otherwise `InternetGatewayDevice.` (TR-098, the spec's Appendix B).
 *
 * @example Usage
 * ```ts
 * import { dataModelRoot } from "./bootstrap.ts";
 * const root = dataModelRoot([{ name: "Device.DeviceInfo.SerialNumber", type: "string", value: "1" }]);
 * if (root !== "Device.") throw new Error(root);
 * if (dataModelRoot([]) !== "InternetGatewayDevice.") throw new Error("unexpected");
 * ```
 */
export function dataModelRoot(parameters: readonly ParameterValueStruct[]): string {
  return parameters.some((p) => p.name.startsWith("Device."))
    ? "Device."
    : "InternetGatewayDevice.";
}

/**
 * The SetParameterValues arguments that install credentials on a CPE.
 *
 * @param root The data model root, e.g. `InternetGatewayDevice.`.
 * @param credentials The four values.
 * @returns The parameter list.
 * @see TR-069 Issue 1, B.2.3 Parameter List: InternetGatewayDevice.ManagementServer (Username,
 * Password, ConnectionRequestUsername, ConnectionRequestPassword)
 */
export function credentialParameters(
  root: string,
  credentials: ReturnType<typeof generateCredentials>,
): ParameterValueStruct[] {
  const base = `${root}ManagementServer.`;
  return [
    { name: `${base}Username`, type: "string", value: credentials.username },
    { name: `${base}Password`, type: "string", value: credentials.password },
    {
      name: `${base}ConnectionRequestUsername`,
      type: "string",
      value: credentials.connectionRequestUsername,
    },
    {
      name: `${base}ConnectionRequestPassword`,
      type: "string",
      value: credentials.connectionRequestPassword,
    },
  ];
}

/** Options of {@link queueBootstrap}. */
export interface QueueBootstrapOptions {
  keys: AcsKeys;
  now: Date;
  randomBytes: (length: number) => Uint8Array;
}

/**
 * Stores new random credentials as `pending` and queues the SetParameterValues that sets
 * them, in one transaction. The task takes an id below every other task's, so a device's
 * session sends it first. A previous bootstrap still queued is cancelled; a device whose
 * credentials are `active` is left as it is (nothing is queued).
 *
 * @param db A migrated database; the device has informed (tasks reference devices).
 * @param inform The device's Inform (for its data model root).
 * @param deviceId Its device id.
 * @param options Keys, time and randomness.
 * @see TR-069 Issue 1, 3.4.4 (the shared secret's initial exchange is out of its scope) and
 * A.3.2.1 SetParameterValues
 */
export async function queueBootstrap(
  db: AcsDb,
  inform: Inform,
  deviceId: string,
  options: QueueBootstrapOptions,
): Promise<void> {
  const credentials = generateCredentials(options.randomBytes);
  const sealed = sealCredentials(options.keys, deviceId, credentials);
  const args = JSON.stringify({
    parameterList: credentialParameters(dataModelRoot(inform.parameterList), credentials),
    parameterKey: "",
  });
  const now = options.now.getTime();
  // Raw SQL: the three statements must see each other in one write transaction, and the
  // task's id is computed in SQL (below every id, so ordered first).
  await db.$client.batch([
    {
      sql: `UPDATE tasks SET state = 'cancelled', updated_at = ?
        WHERE id = (SELECT bootstrap_task_id FROM device_credentials
                    WHERE device_id = ? AND state = 'pending')
          AND state IN ('pending', 'running')`,
      args: [now, deviceId],
    },
    {
      sql: `INSERT INTO tasks (id, device_id, method, args, state, attempts, created_at, updated_at)
        SELECT (SELECT min(coalesce(min(id), 0), 0) - 1 FROM tasks), ?, 'SetParameterValues', ?,
               'pending', 0, ?, ?
        WHERE NOT EXISTS (SELECT 1 FROM device_credentials WHERE device_id = ? AND state = 'active')`,
      args: [deviceId, args, now, now, deviceId],
    },
    {
      sql: `INSERT INTO device_credentials (device_id, username, password,
          connection_request_username, connection_request_password, source, state,
          bootstrap_task_id, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, 'bootstrap', 'pending', (SELECT min(id) FROM tasks), ?, ?)
        ON CONFLICT (device_id) DO UPDATE SET username = excluded.username,
          password = excluded.password,
          connection_request_username = excluded.connection_request_username,
          connection_request_password = excluded.connection_request_password,
          source = 'bootstrap', state = 'pending', bootstrap_task_id = excluded.bootstrap_task_id,
          updated_at = excluded.updated_at
        WHERE device_credentials.state = 'pending'`,
      args: [
        deviceId,
        sealed.username,
        sealed.password,
        sealed.connectionRequestUsername,
        sealed.connectionRequestPassword,
        now,
        now,
      ],
    },
  ], "write");
}

/**
 * Where a pending bootstrap stands: its task answered (`confirmed`), still queued or out
 * (`in-progress`), or faulted, expired, cancelled or gone (`failed`).
 *
 * @param db A migrated database.
 * @param row The device's pending credentials.
 * @returns The state.
 */
export async function bootstrapState(
  db: AcsDb,
  row: DeviceCredentialsRow,
): Promise<BootstrapState> {
  if (row.bootstrapTaskId === null) return "failed";
  const result = await db.$client.execute({
    sql: "SELECT state FROM tasks WHERE id = ?",
    args: [row.bootstrapTaskId],
  });
  const state = result.rows[0]?.["state"];
  if (state === "done") return "confirmed";
  return state === "pending" || state === "running" ? "in-progress" : "failed";
}

/**
 * Makes pending credentials `active` (the CPE has them), and blanks the passwords in the
 * bootstrap task's stored arguments: the sealed copy in `device_credentials` is the only one
 * the ACS keeps.
 *
 * @param db A migrated database.
 * @param row The device's pending credentials.
 * @param now The time of the change.
 */
export async function activateCredentials(
  db: AcsDb,
  row: DeviceCredentialsRow,
  now: Date,
): Promise<void> {
  await db.$client.batch([
    {
      sql: "UPDATE device_credentials SET state = 'active', updated_at = ? " +
        "WHERE device_id = ? AND state = 'pending'",
      args: [now.getTime(), row.deviceId],
    },
    {
      sql: `UPDATE tasks SET args = json_replace(args,
          '$.parameterList[1].value', '', '$.parameterList[3].value', '')
        WHERE id = ? AND method = 'SetParameterValues'`,
      args: [row.bootstrapTaskId],
    },
  ], "write");
}

/**
 * Whether an Inform without credentials comes from a CPE the ACS itself reset: it carries
 * `0 BOOTSTRAP` (spec 3.2.1: sent after a factory reset) and a FactoryReset task of the ACS
 * for this device was answered after the credentials were last changed. Such a CPE has lost
 * the credentials the ACS gave it and would otherwise be refused for ever.
 *
 * @param db A migrated database.
 * @param row The device's active credentials.
 * @param inform The Inform without credentials.
 * @returns True when the CPE may be given new credentials.
 * @see TR-069 Issue 1, A.4.1.6 FactoryReset and 3.2.1 (0 BOOTSTRAP)
 */
export async function resetByAcs(
  db: AcsDb,
  row: DeviceCredentialsRow,
  inform: Inform,
): Promise<boolean> {
  if (row.source !== "bootstrap") return false;
  if (!inform.events.some((e) => e.eventCode.trim().toUpperCase() === "0 BOOTSTRAP")) {
    return false;
  }
  const result = await db.$client.execute({
    sql: `SELECT 1 FROM tasks WHERE device_id = ? AND method = 'FactoryReset' AND state = 'done'
      AND updated_at >= ? LIMIT 1`,
    args: [row.deviceId, row.updatedAt.getTime()],
  });
  return result.rows.length > 0;
}
