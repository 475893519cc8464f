import assert from "node:assert/strict";
import { runCli } from "../mod.ts";
import { createMemoryIo as memoryIo } from "../../test/fixtures/cli/memory_io.ts";

Deno.test("acs migrate applies the migrations once, then says the database is up to date", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-migrate-" });
  try {
    const db = `file:${dir}/acs.db`;
    const first = memoryIo();
    assert.equal(await runCli(["acs", "migrate", "--db", db, "--json"], first.io), 0);
    const applied = JSON.parse(first.stdout()).applied;
    assert.ok(applied.length >= 4 && applied.every((t: unknown) => typeof t === "string"));
    const second = memoryIo();
    assert.equal(await runCli(["acs", "migrate", "--db", db], second.io), 0);
    assert.equal(second.stdout(), `${db} is up to date\n`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("acs migrate refuses a database URL it cannot use, with exit 2", async () => {
  const bad = memoryIo();
  assert.equal(await runCli(["acs", "migrate", "--db", "ftp://x"], bad.io), 2);
  assert.match(bad.stderr(), /^cwmp acs migrate: .*ftp:\/\/x/);
});
