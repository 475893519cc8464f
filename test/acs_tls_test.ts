/**
 * CWMP over HTTPS with a certificate made by openssl in the test: whole sessions (first
 * contact, then Digest, Basic offered), client-certificate verification (mTLS), and the
 * `cwmp acs serve --cert --key` command line.
 */

import assert from "node:assert/strict";
import { serveAcs } from "../acs/serve.ts";
import { run } from "../cli/commands/acs_serve.ts";
import { UsageError } from "../cli/errors.ts";
import type { CliIo } from "../cli/io.ts";
import { type Fetch, runCpeSession, testCpe } from "./fixtures/digest_cpe.ts";
import { createTestPki, type TestPki } from "./fixtures/tls.ts";

/** A fetch with its own client (so its own connections) trusting the test CA. */
function tlsFetch(pki: TestPki, client?: { cert: string; key: string }): Fetch & { close(): void } {
  const http = Deno.createHttpClient({ caCerts: [pki.caCert], ...client });
  const fetchWith = (url: string, init: RequestInit): Promise<Response> =>
    fetch(url, { ...init, client: http });
  return Object.assign(fetchWith, { close: () => http.close() });
}

Deno.test("HTTPS: first contact, then Digest, with Basic offered over TLS", async () => {
  const pki = await createTestPki();
  const server = await serveAcs({
    provisioning: false,
    hostname: "127.0.0.1",
    port: 0,
    dbUrl: ":memory:",
    tls: { cert: pki.serverCert, key: pki.serverKey },
  });
  const client = tlsFetch(pki);
  try {
    assert.equal(server.tls, true);
    const url = `https://127.0.0.1:${server.port}/cwmp`;
    const cpe = testCpe();
    const first = await runCpeSession(client, url, cpe);
    assert.equal(first.requests[0]?.method, "SetParameterValues");
    const second = await runCpeSession(client, url, cpe);
    assert.deepEqual(second.statuses.slice(0, 2), [401, 200]);
    assert.match(second.challenges[0] ?? "", /Digest realm="cwmp".*Basic realm="cwmp"/);
    // The same CPE answering with Basic, which TLS allows.
    const basic = await runCpeSession(client, url, {
      ...cpe,
      allowBasic: true,
      params: new Map(cpe.params),
    });
    assert.equal(basic.end, "done");
    // Plain HTTP to the TLS port gets no CWMP answer.
    await assert.rejects(
      fetch(`http://127.0.0.1:${server.port}/cwmp`, {
        method: "POST",
        signal: AbortSignal.timeout(5000),
      }),
    );
  } finally {
    client.close();
    await server.shutdown();
    await pki.remove();
  }
});

Deno.test("mTLS: a CA-signed client certificate or none is accepted, a rogue one is refused", async () => {
  const pki = await createTestPki();
  const server = await serveAcs({
    provisioning: false,
    hostname: "127.0.0.1",
    port: 0,
    dbUrl: ":memory:",
    cpeAuth: { mode: "open" },
    tls: { cert: pki.serverCert, key: pki.serverKey, clientCa: pki.caCert },
  });
  const url = `https://127.0.0.1:${server.port}/cwmp`;
  const clients = {
    none: tlsFetch(pki),
    signed: tlsFetch(pki, { cert: pki.clientCert, key: pki.clientKey }),
    rogue: tlsFetch(pki, { cert: pki.rogueCert, key: pki.rogueKey }),
  };
  try {
    assert.equal((await runCpeSession(clients.none, url, testCpe("1"))).end, "done");
    const signed = await runCpeSession(clients.signed, url, testCpe("2"));
    assert.deepEqual(signed.statuses, [200, 204]);
    await assert.rejects(runCpeSession(clients.rogue, url, testCpe("3")));
  } finally {
    Object.values(clients).forEach((c) => c.close());
    await server.shutdown();
    await pki.remove();
  }
});

Deno.test("mTLS: requireClientCert refuses a CPE without a certificate", async () => {
  const pki = await createTestPki();
  const server = await serveAcs({
    provisioning: false,
    hostname: "127.0.0.1",
    port: 0,
    dbUrl: ":memory:",
    cpeAuth: { mode: "open" },
    tls: {
      cert: pki.serverCert,
      key: pki.serverKey,
      clientCa: pki.caCert,
      requireClientCert: true,
    },
  });
  const url = `https://127.0.0.1:${server.port}/cwmp`;
  const none = tlsFetch(pki);
  const signed = tlsFetch(pki, { cert: pki.clientCert, key: pki.clientKey });
  try {
    await assert.rejects(runCpeSession(none, url, testCpe("1")));
    assert.equal((await runCpeSession(signed, url, testCpe("2"))).end, "done");
  } finally {
    none.close();
    signed.close();
    await server.shutdown();
    await pki.remove();
  }
});

function fileIo(stderr: string[]): CliIo {
  return {
    stdout: { write: () => {} },
    stderr: { write: (text: string) => void stderr.push(text) },
    readStdin: () => Promise.resolve(new Uint8Array()),
    readFile: (path: string) => Deno.readFile(path),
    env: () => undefined,
    isTerminal: { stdin: false, stdout: false, stderr: false },
  };
}

Deno.test("acs serve --cert --key serves HTTPS; TLS and auth options are checked", async () => {
  const pki = await createTestPki();
  const stderr: string[] = [];
  const io = fileIo(stderr);
  const { promise: stop, resolve } = Promise.withResolvers<void>();
  const base = { listen: "127.0.0.1:0", db: ":memory:" };
  const running = run({ ...base, cert: pki.files.serverCert, key: pki.files.serverKey }, io, {
    waitForStop: () => stop,
  });
  const client = tlsFetch(pki);
  try {
    const deadline = Date.now() + 5000;
    while (stderr.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const match = /^cwmp acs: listening on https:\/\/127\.0\.0\.1:(\d+) \(db :memory:\)\n$/.exec(
      stderr[0] ?? "",
    );
    assert.ok(match, stderr.join(""));
    const session = await runCpeSession(client, `https://127.0.0.1:${match[1]}/`, testCpe());
    assert.equal(session.requests[0]?.method, "SetParameterValues", "first-contact is the default");
    resolve();
    assert.equal(await running, 0);

    const never = { waitForStop: () => new Promise<void>(() => {}) };
    const secret = `${pki.dir}/short.secret`;
    await Deno.writeTextFile(secret, "short");
    const wrong = [
      { cpeAuth: "lenient" },
      { cert: pki.files.serverCert },
      { key: pki.files.serverKey },
      { clientCa: pki.files.caCert },
      { cert: pki.files.serverCert, key: pki.files.serverKey, requireClientCert: true },
      { cert: `${pki.dir}/missing.pem`, key: pki.files.serverKey },
      { secretFile: secret },
    ];
    for (const options of wrong) {
      await assert.rejects(
        run({ ...base, ...options }, io, never),
        UsageError,
        JSON.stringify(options),
      );
    }
    // Unusable PEM material: exit 1 with one line, for both listeners.
    for (const clientCa of [undefined, secret]) {
      const lines: string[] = [];
      const pem = { cert: secret, key: secret, ...(clientCa === undefined ? {} : { clientCa }) };
      assert.equal(await run({ ...base, ...pem }, fileIo(lines), never), 1);
      assert.match(lines.join(""), /^cwmp acs serve: Cannot listen on 127\.0\.0\.1:0: [^\n]+\n$/);
    }
  } finally {
    client.close();
    resolve();
    await running.catch(() => {});
    await pki.remove();
  }
});
