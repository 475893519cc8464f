import assert from "node:assert/strict";
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
