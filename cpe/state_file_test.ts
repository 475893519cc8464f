import assert from "node:assert/strict";
import { initialState, StateError } from "./state.ts";
import { createStateFile } from "./state_file.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-state-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("createStateFile() load() returns null before the first save", async () => {
  await withDir(async (dir) => {
    assert.equal(await createStateFile(`${dir}/s.json`).load(), null);
  });
});

Deno.test("createStateFile() save() replaces the file and keeps the previous one as backup", async () => {
  await withDir(async (dir) => {
    const file = createStateFile(`${dir}/s.json`);
    await file.save({ ...initialState("/a"), retryCount: 1 });
    await file.save({ ...initialState("/a"), retryCount: 2 });
    assert.equal((await file.load())?.state.retryCount, 2);
    const backup = JSON.parse(await Deno.readTextFile(`${dir}/s.json.bak`));
    assert.equal(backup.retryCount, 1);
    assert.equal(((await Deno.stat(`${dir}/s.json`)).mode ?? 0) & 0o777, 0o600);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["s.json", "s.json.bak"]);
  });
});

Deno.test("createStateFile() save() applies concurrent saves in call order", async () => {
  await withDir(async (dir) => {
    const file = createStateFile(`${dir}/s.json`);
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) => file.save({ ...initialState("/a"), retryCount: n })),
    );
    assert.equal((await file.load())?.state.retryCount, 5);
  });
});

Deno.test("createStateFile() load() falls back to the backup when the file is truncated", async () => {
  await withDir(async (dir) => {
    const file = createStateFile(`${dir}/s.json`);
    await file.save({ ...initialState("/a"), retryCount: 1 });
    await file.save({ ...initialState("/a"), retryCount: 2 });
    const text = await Deno.readTextFile(`${dir}/s.json`);
    await Deno.writeTextFile(`${dir}/s.json`, text.slice(0, text.length / 2));
    const loaded = await file.load();
    assert.equal(loaded?.state.retryCount, 1);
    assert.match(loaded?.warning ?? "", /is unusable \(not JSON .*\); using its backup/);
  });
});

Deno.test("createStateFile() load() uses the backup when a crash left no main file", async () => {
  await withDir(async (dir) => {
    const file = createStateFile(`${dir}/s.json`);
    await file.save({ ...initialState("/a"), retryCount: 1 });
    await file.save({ ...initialState("/a"), retryCount: 2 });
    // The window between the two renames: the old file is the backup, the new one a temp file.
    await Deno.remove(`${dir}/s.json`);
    await Deno.writeTextFile(`${dir}/s.json.tmp`, '{"version":1,"boot');
    const loaded = await file.load();
    assert.equal(loaded?.state.retryCount, 1);
    assert.match(loaded?.warning ?? "", /is missing; using its backup/);
  });
});

Deno.test("createStateFile() load() throws StateError when file and backup are unusable", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/s.json`, '{"version":1}');
    await Deno.writeTextFile(`${dir}/s.json.bak`, "garbage");
    const file = createStateFile(`${dir}/s.json`);
    await assert.rejects(
      () => file.load(),
      (error: unknown) =>
        error instanceof StateError &&
        /^Cannot read state .*s\.json: 'bootstrapped' is missing or has the wrong type; backup: not JSON/
          .test(error.message),
    );
    await Deno.writeTextFile(`${dir}/s.json`, '{"version":7}');
    await Deno.remove(`${dir}/s.json.bak`);
    await assert.rejects(() => file.load(), /unknown version 7/);
  });
});

Deno.test("createStateFile() save() throws StateError when the directory is missing", async () => {
  await withDir(async (dir) => {
    const file = createStateFile(`${dir}/missing/s.json`);
    await assert.rejects(() => file.save(initialState("/a")), StateError);
    // A failed save does not block later ones.
    await assert.rejects(() => file.save(initialState("/a")), /Cannot write state/);
  });
});

Deno.test("parseState() rejects a transfer with a bad state", async () => {
  await withDir(async (dir) => {
    const state = {
      ...initialState("/a"),
      transfers: [{ id: 1, kind: "download", state: 9 }],
    };
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(state));
    await assert.rejects(
      () => createStateFile(`${dir}/s.json`).load(),
      /'transfers' is missing or has the wrong type/,
    );
  });
});
