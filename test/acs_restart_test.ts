/**
 * A restart loses no task (design.md invariant 4): a task queued in a file: database is still
 * pending after the database is closed and reopened, and a task interrupted by a restart is
 * sent again.
 */

import assert from "node:assert/strict";
import { cookieOf, envelopeXml, informMessage, post } from "../acs/_testing.ts";
import { createAcsApp } from "../acs/app.ts";
import { type AcsDb, createDb } from "../acs/db/client.ts";
import { migrateDb } from "../acs/db/migrate.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { createDrizzleStore } from "../acs/store/drizzle_store.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import { decodeEnvelopes } from "../protocol/soap/envelope.ts";

const DEVICE = "00D09E-GW-1";

async function withFileDb<T>(url: string, fn: (db: AcsDb) => Promise<T>): Promise<T> {
  const db = await createDb(url);
  try {
    await migrateDb(db);
    return await fn(db);
  } finally {
    db.$client.close();
  }
}

Deno.test("a task queued in a file: database is still pending after close and reopen", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-restart-" });
  const url = `file:${dir}/acs.db`;
  try {
    const queued = await withFileDb(url, async (db) => {
      const app = createAcsApp({ store: createDrizzleStore(db) });
      assert.equal((await post(app, envelopeXml(informMessage()))).status, 200);
      return await enqueueTask(db, {
        deviceId: DEVICE,
        request: { method: "Reboot", commandKey: "k" },
      });
    });
    await withFileDb(url, async (db) => {
      const [task] = await db.select().from(tasks);
      assert.equal(task?.id, queued.id);
      assert.equal(task?.state, "pending");
      const open = await createDrizzleStore(db).openTasks(DEVICE, new Date(), 10);
      assert.deepEqual(open.map((t) => t.id), [queued.id]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a task sent before a restart and never answered is sent again after it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-restart-" });
  const url = `file:${dir}/acs.db`;
  const sentMethod = async (db: AcsDb): Promise<string | undefined> => {
    const app = createAcsApp({ store: createDrizzleStore(db) });
    const cookie = cookieOf(await post(app, envelopeXml(informMessage())));
    const response = await post(app, null, { cookie });
    return decodeEnvelopes(await response.text()).envelopes[0]?.message?.method;
  };
  try {
    await withFileDb(url, async (db) => {
      assert.equal(
        (await post(createAcsApp({ store: createDrizzleStore(db) }), envelopeXml(informMessage())))
          .status,
        200,
      );
      await enqueueTask(db, { deviceId: DEVICE, request: { method: "Reboot", commandKey: "k" } });
      assert.equal(await sentMethod(db), "Reboot");
    });
    await withFileDb(url, async (db) => {
      assert.equal(await sentMethod(db), "Reboot");
      const [task] = await db.select().from(tasks);
      assert.equal(task?.state, "running");
      assert.equal(task?.attempts, 2);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
