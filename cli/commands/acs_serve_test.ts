import assert from "node:assert/strict";
import { createDb } from "../../acs/db/client.ts";
import { migrateDb } from "../../acs/db/migrate.ts";
import { storeFile } from "../../acs/files/store.ts";
import { startHranaServer } from "../../test/fixtures/hrana_server.ts";
import { UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import { parseApiListen, run } from "./acs_serve.ts";

Deno.test("acs serve --api-listen serves the API and says how to create a token", async () => {
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: () => {} },
    stderr: { write: (text: string) => void stderr.push(text) },
    readStdin: () => Promise.resolve(new Uint8Array()),
    readFile: () => Promise.reject(new Error("no files")),
    env: () => undefined,
    isTerminal: { stdin: false, stdout: false, stderr: false },
  };
  const { promise: stop, resolve } = Promise.withResolvers<void>();
  const running = run(
    { listen: "127.0.0.1:0", apiListen: "127.0.0.1:0", db: ":memory:" },
    io,
    { waitForStop: () => stop },
  );
  const deadline = Date.now() + 5000;
  while (stderr.length < 3 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const [, apiLine = "", hint = ""] = stderr;
  const match = /^cwmp acs: API on http:\/\/127\.0\.0\.1:(\d+)\n$/.exec(apiLine);
  assert.ok(match, stderr.join(""));
  assert.equal(
    hint,
    "cwmp acs: no API token exists; create one with: cwmp acs token create --db :memory:\n",
  );
  const response = await fetch(`http://127.0.0.1:${match[1]}/api/devices`, {
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(response.status, 401);
  await response.body?.cancel();
  resolve();
  assert.equal(await running, 0);
});

Deno.test("parseApiListen() defaults the host to loopback and names the option", () => {
  assert.deepEqual(parseApiListen("7557"), { hostname: "127.0.0.1", port: 7557 });
  assert.deepEqual(parseApiListen("0.0.0.0:8080"), { hostname: "0.0.0.0", port: 8080 });
  assert.throws(
    () => parseApiListen("x:y"),
    (e: unknown) => e instanceof UsageError && e.message.startsWith("invalid --api-listen 'x:y'"),
  );
});

interface Served {
  code: Promise<number>;
  stderr: string[];
  stop(): void;
  /** The CWMP port, once the listening line is out (0 when the command ended first). */
  port: number;
}

async function serve(
  opts: Parameters<typeof run>[0],
  env: Record<string, string> = {},
): Promise<Served> {
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: () => {} },
    stderr: { write: (text: string) => void stderr.push(text) },
    readStdin: () => Promise.resolve(new Uint8Array()),
    readFile: () => Promise.reject(new Error("no files")),
    env: (name) => env[name],
    isTerminal: { stdin: false, stdout: false, stderr: false },
  };
  const { promise: stop, resolve } = Promise.withResolvers<void>();
  let ended = false;
  const code = run(opts, io, { waitForStop: () => stop });
  const end = (): void => void (ended = true);
  code.then(end, end);
  const deadline = Date.now() + 10_000;
  while (stderr.length === 0 && !ended && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const port = Number(/:(\d+) \(db /.exec(stderr[0] ?? "")?.[1] ?? 0);
  return { code, stderr, stop: resolve, port };
}

Deno.test("acs serve takes a remote database's token from --auth-token or CWMP_DB_AUTH_TOKEN", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-serve-" });
  const remote = startHranaServer({ path: `${dir}/remote.db`, authToken: "s3cret" });
  try {
    const base = { listen: "127.0.0.1:0", db: remote.url };
    const missing = await serve(base);
    await assert.rejects(() => missing.code, (e: unknown) => e instanceof UsageError);
    for (
      const [opts, env] of [[{ ...base, authToken: "s3cret" }, {}], [base, {
        CWMP_DB_AUTH_TOKEN: "s3cret",
      }]] as const
    ) {
      const served = await serve(opts, env);
      assert.notEqual(served.port, 0, served.stderr.join(""));
      served.stop();
      assert.equal(await served.code, 0);
    }
  } finally {
    await remote.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("acs serve --files-auth asks for device credentials before a download", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-serve-" });
  const db = `file:${dir}/acs.db`;
  try {
    const setup = await createDb(db);
    await migrateDb(setup);
    await storeFile(
      setup,
      { name: "fw.bin", fileType: "1 Firmware Upgrade Image" },
      new Uint8Array(3),
    );
    setup.$client.close();
    for (const filesAuth of [false, true]) {
      const served = await serve({ listen: "127.0.0.1:0", db, filesAuth });
      const response = await fetch(`http://127.0.0.1:${served.port}/files/fw.bin`, {
        signal: AbortSignal.timeout(5000),
      });
      await response.body?.cancel();
      assert.equal(response.status, filesAuth ? 401 : 200);
      served.stop();
      assert.equal(await served.code, 0);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("acs serve --public-url must be an http(s) URL", async () => {
  for (const publicUrl of ["acs.example:7547", "ftp://acs.example/"]) {
    const refused = await serve({
      listen: "127.0.0.1:0",
      apiListen: "127.0.0.1:0",
      db: ":memory:",
      publicUrl,
    });
    await assert.rejects(
      () => refused.code,
      (e: unknown) => e instanceof UsageError && e.message.startsWith("invalid --public-url"),
    );
  }
});
