/**
 * `cwmp acs serve` as a command: its listening line, a clean stop, and one-line refusals.
 */

import assert from "node:assert/strict";
import { run } from "../cli/commands/acs_serve.ts";
import { UsageError } from "../cli/errors.ts";
import type { CliIo } from "../cli/io.ts";

function memoryIo(): { io: CliIo; stderr: string[] } {
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: { write: () => {} },
    stderr: { write: (text: string) => void stderr.push(text) },
    readStdin: () => Promise.resolve(new Uint8Array()),
    readFile: () => Promise.reject(new Error("no files")),
    env: () => undefined,
    isTerminal: { stdin: false, stdout: false, stderr: false },
  };
  return { io, stderr };
}

Deno.test("acs serve prints one listening line, serves, and stops cleanly", async () => {
  const { io, stderr } = memoryIo();
  const { promise: stop, resolve } = Promise.withResolvers<void>();
  const running = run({ listen: "127.0.0.1:0", db: ":memory:" }, io, { waitForStop: () => stop });
  const deadline = Date.now() + 5000;
  while (stderr.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const line = stderr[0] ?? "";
  const match = /^cwmp acs: listening on http:\/\/127\.0\.0\.1:(\d+) \(db :memory:\)\n$/.exec(line);
  assert.ok(match, line);
  const response = await fetch(`http://127.0.0.1:${match[1]}/`, {
    method: "POST",
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(response.status, 204);
  await response.body?.cancel();
  resolve();
  assert.equal(await running, 0);
  assert.equal(stderr.length, 1);
});

Deno.test("acs serve refuses a bad --listen or --db with a usage error", async () => {
  const { io } = memoryIo();
  const never = { waitForStop: () => new Promise<void>(() => {}) };
  for (const listen of ["", "host:", "1.2.3.4:99999", "a:b:c"]) {
    await assert.rejects(run({ listen, db: ":memory:" }, io, never), UsageError, listen);
  }
  await assert.rejects(run({ listen: "127.0.0.1:0", db: "cwmp.db" }, io, never), /file:cwmp\.db/);
});

Deno.test("acs serve exits 1 with one line when the port is taken", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { io, stderr } = memoryIo();
    const port = listener.addr.port;
    const code = await run({ listen: `127.0.0.1:${port}`, db: ":memory:" }, io, {
      waitForStop: () => Promise.resolve(),
    });
    assert.equal(code, 1);
    assert.match(stderr.join(""), /^cwmp acs serve: Cannot listen on 127\.0\.0\.1:\d+: [^\n]+\n$/);
  } finally {
    listener.close();
  }
});

Deno.test("acs serve --max-sessions and --retry-after shed new sessions with 503", async () => {
  const { envelopeXml, informMessage } = await import("../acs/_testing.ts");
  const { io, stderr } = memoryIo();
  const never = { waitForStop: () => new Promise<void>(() => {}) };
  await assert.rejects(
    run({ listen: "127.0.0.1:0", db: ":memory:", maxSessions: "0" }, io, never),
    /invalid --max-sessions '0'/,
  );
  const { promise: stop, resolve } = Promise.withResolvers<void>();
  const options = { listen: "127.0.0.1:0", db: ":memory:", cpeAuth: "open" };
  const running = run({ ...options, maxSessions: "1", retryAfter: "9" }, io, {
    waitForStop: () => stop,
  });
  const deadline = Date.now() + 5000;
  while (stderr.length === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const port = /:(\d+) /.exec(stderr[0] ?? "")?.[1];
  const inform = (serialNumber: string) =>
    fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      body: envelopeXml(informMessage({
        deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber },
      })),
      signal: AbortSignal.timeout(5000),
    });
  const first = await inform("1");
  await first.body?.cancel();
  const second = await inform("2");
  await second.body?.cancel();
  resolve();
  assert.equal(await running, 0);
  assert.deepEqual([first.status, second.status], [200, 503]);
  assert.equal(second.headers.get("retry-after"), "9");
});
