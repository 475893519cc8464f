import assert from "node:assert/strict";
import { createDb, DbUrlError } from "./client.ts";
import { migrateDb } from "./migrate.ts";
import { MIGRATIONS } from "./migrations.gen.ts";
import { createSyncExecutor } from "../store/executor.ts";

Deno.test("createDb() puts a file: database in WAL mode with foreign keys on", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-db-" });
  try {
    const db = await createDb(`file:${dir}/acs.db`);
    try {
      const mode = await db.$client.execute("PRAGMA journal_mode");
      assert.equal(mode.rows[0]?.["journal_mode"], "wal");
      const fk = await db.$client.execute("PRAGMA foreign_keys");
      assert.equal(fk.rows[0]?.["foreign_keys"], 1);
    } finally {
      db.$client.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createDb() rejects a bare path and unknown schemes with a reason", async () => {
  await assert.rejects(createDb("cwmp.db"), (error: unknown) => {
    assert.ok(error instanceof DbUrlError);
    assert.match(error.message, /use file:cwmp\.db/);
    return true;
  });
  await assert.rejects(createDb("postgres://x/y"), DbUrlError);
  await assert.rejects(createDb("file:"), DbUrlError);
});

Deno.test("migrateDb() creates every table once and is idempotent", async () => {
  const db = await createDb(":memory:");
  try {
    assert.deepEqual((await migrateDb(db)).applied, MIGRATIONS.map((m) => m.tag));
    assert.deepEqual((await migrateDb(db)).applied, []);
    const tables = await db.$client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    assert.deepEqual(tables.rows.map((r) => r["name"]), [
      "__drizzle_migrations",
      "acs_secrets",
      "api_tokens",
      "campaign_devices",
      "campaigns",
      "connection_requests",
      "device_credentials",
      "devices",
      "events",
      "faults",
      "file_chunks",
      "files",
      "parameters",
      "presets",
      "sessions",
      "tasks",
      "upload_targets",
    ]);
    const recorded = await db.$client.execute("SELECT hash FROM __drizzle_migrations");
    assert.deepEqual(recorded.rows.map((r) => r["hash"]), MIGRATIONS.map((m) => m.hash));
  } finally {
    db.$client.close();
  }
});

Deno.test("migrateDb() applies nothing when a statement fails", async () => {
  const db = await createDb(":memory:");
  try {
    const broken = [
      { tag: "0000_a", when: 1, hash: "a", statements: ["CREATE TABLE a (x)"] },
      { tag: "0001_b", when: 2, hash: "b", statements: ["CREATE TABLE b (", "nonsense"] },
    ];
    await assert.rejects(migrateDb(db, { migrations: broken }));
    const tables = await db.$client.execute(
      "SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'",
    );
    assert.equal(tables.rows[0]?.["n"], 0);
  } finally {
    db.$client.close();
  }
});

Deno.test("migrateDb() on a file: database applies once across reopenings", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-db-" });
  try {
    for (const expected of [MIGRATIONS.length, 0]) {
      const db = await createDb(`file:${dir}/acs.db`);
      try {
        assert.equal((await migrateDb(db)).applied.length, expected);
      } finally {
        db.$client.close();
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("migrateDb() agrees with drizzle's own migrator on what is applied", async () => {
  const { migrate } = await import("drizzle-orm/libsql/migrator");
  const db = await createDb(":memory:");
  try {
    const folder = new URL("./migrations", import.meta.url).pathname;
    await migrate(db, { migrationsFolder: folder });
    assert.deepEqual((await migrateDb(db)).applied, []);
  } finally {
    db.$client.close();
  }
});

Deno.test("createDb() and the store's own connection apply the synchronous setting of a file:", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-sync-" });
  try {
    for (const [setting, expected] of [[undefined, 2], ["normal", 1], ["full", 2]] as const) {
      const url = `file:${dir}/${setting ?? "default"}.db`;
      const db = await createDb(url, setting === undefined ? {} : { synchronous: setting });
      const row = (await db.$client.execute("PRAGMA synchronous")).rows[0];
      assert.equal(Number(row?.["synchronous"]), expected, `createDb ${setting}`);
      const executor = createSyncExecutor(
        `${dir}/${setting ?? "default"}.db`,
        setting === undefined ? {} : { synchronous: setting },
      );
      const own = await executor.first("PRAGMA synchronous", []);
      assert.equal(Number(own?.["synchronous"]), expected, `executor ${setting}`);
      await executor.close();
      db.$client.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
