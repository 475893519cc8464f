/**
 * `param` conditions evaluated in memory (precondition.ts) against the same filters of
 * `GET /api/devices` evaluated by SQLite (acs/nbi/device_query.ts), over every pair of a
 * stored and a given value of a pool. The pool leaves out what the two knowingly read
 * differently: stored text SQLite's GLOB takes for a number (`1-2`, `1e`), and booleans.
 */

import assert from "node:assert/strict";
import { createTestDb } from "../db/_testing.ts";
import { devices } from "../db/schema/devices.ts";
import { parameters } from "../db/schema/parameters.ts";
import { paramCondition } from "../nbi/device_query.ts";
import { matchesPrecondition } from "./precondition.ts";
import type { DeviceView } from "./types.ts";

const PATH = "InternetGatewayDevice.DeviceInfo.UpTime";
const POOL = [
  "0",
  "9",
  "10",
  "10.0",
  "010",
  "-5",
  "+.5",
  "1e3",
  "1.",
  "999",
  "abc",
  "ABC",
  "",
  " 10",
  "10 ",
  "10a",
  "1.9-beta",
  "a b",
  "é",
  "\uFFFD",
  "\u{1F600}",
  "true",
];
// PARAM_FILTER of the API has no `!=`.
const OPS = ["=", "~", "<", "<=", ">", ">="];

Deno.test("matchesPrecondition() param agrees with the SQL of GET /api/devices", async () => {
  const db = await createTestDb();
  try {
    const views: DeviceView[] = [];
    const stored: (string | null | undefined)[] = [...POOL, null, undefined];
    for (const [i, value] of stored.entries()) {
      const id = `D-${i}`;
      const at = new Date(0);
      await db.insert(devices).values({
        id,
        manufacturer: "Acme",
        oui: "D",
        productClass: "P",
        serialNumber: `${i}`,
        cwmpVersion: "1.0",
        firstInform: at,
        lastInform: at,
      });
      const cache = new Map();
      if (value !== undefined) {
        await db.insert(parameters).values({
          deviceId: id,
          path: PATH,
          value,
          type: value === null ? null : "string",
          fetchedAt: at,
        });
        cache.set(PATH, {
          value,
          type: value === null ? null : "string",
          writable: null,
          notification: null,
          fetchedAt: 0,
          listedAt: null,
        });
      }
      views.push({
        id,
        oui: "D",
        manufacturer: "Acme",
        productClass: "P",
        serialNumber: `${i}`,
        tags: [],
        firstInform: 0,
        lastInform: 0,
        parameters: cache,
      });
    }
    for (const op of OPS) {
      for (const given of POOL) {
        const filter = `${PATH}${op}${given}`;
        const rows = await db.select({ id: devices.id }).from(devices)
          .where(paramCondition(filter)).orderBy(devices.id);
        const inSql = rows.map((r) => r.id).sort();
        const inMemory = views.filter((d) => matchesPrecondition({ param: [filter] }, d))
          .map((d) => d.id).sort();
        assert.deepEqual(inMemory, inSql, JSON.stringify(filter));
      }
    }
  } finally {
    db.$client.close();
  }
});
