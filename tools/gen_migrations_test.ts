import assert from "node:assert/strict";
import {
  PATHS,
  readMigrationFolder,
  renderMigrationsModule,
  splitStatements,
} from "./gen_migrations.ts";

Deno.test("acs/db/migrations.gen.ts matches drizzle-kit's migrations (run `deno task db:generate`)", async () => {
  const expected = renderMigrationsModule(await readMigrationFolder(PATHS.folder));
  assert.equal(await Deno.readTextFile(PATHS.module), expected);
});

Deno.test("readMigrationFolder() hashes each SQL file as drizzle's migrator does", async () => {
  const migrations = await readMigrationFolder(PATHS.folder);
  assert.ok(migrations.length > 0);
  for (const m of migrations) {
    const text = await Deno.readTextFile(new URL(`${m.entry.tag}.sql`, PATHS.folder));
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    assert.equal(
      m.hash,
      Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
    );
  }
});

Deno.test("splitStatements() drops empty pieces and trims", () => {
  assert.deepEqual(splitStatements("A;--> statement-breakpoint\n\n--> statement-breakpoint B;\n"), [
    "A;",
    "B;",
  ]);
});
