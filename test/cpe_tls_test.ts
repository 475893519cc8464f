/**
 * `cwmp cpe run` over HTTPS against the project's ACS: the ACS's certificate is trusted through
 * the configured CA file, and the agent presents its client certificate to an ACS that requires
 * one (mTLS). Without the CA file the session fails with a TLS reason and is retried. Against
 * the scripted ACS over HTTPS, where each message is seen, every message validates.
 */

import assert from "node:assert/strict";
import { serveAcs } from "../acs/serve.ts";
import { run } from "../cli/commands/cpe_run.ts";
import { createMemoryIo } from "./fixtures/cli/memory_io.ts";
import { createScriptedAcs } from "./fixtures/scripted_acs.ts";
import { createTestPki } from "./fixtures/tls.ts";
import { validateWithXmllint } from "./xmllint.ts";

const IGD = "InternetGatewayDevice.";

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("cwmp cpe run trusts the configured CA and presents its client certificate", async () => {
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
  try {
    await Deno.writeTextFile(`${pki.dir}/client.pem`, pki.clientCert);
    await Deno.writeTextFile(`${pki.dir}/client.key`, pki.clientKey);
    const base = {
      acs: { url: `https://127.0.0.1:${server.port}/cwmp` },
      identity: { oui: "00D09E", serialNumber: "TLS1" },
      connectionRequest: { listen: "127.0.0.1:0" },
      periodicInform: { enabled: false },
      retry: { minWaitSeconds: 0.05, maxWaitSeconds: 0.1 },
    };
    const cases = [
      {
        name: "with CA and client certificate",
        acs: {
          ...base.acs,
          caFile: pki.files.caCert,
          clientCert: "client.pem",
          clientKey: "client.key",
        },
        expect: /^cwmp cpe: session ok: events=0 BOOTSTRAP,1 BOOT rpcs=0 in \d+ ms$/m,
      },
      {
        name: "without a client certificate",
        acs: { ...base.acs, caFile: pki.files.caCert },
        expect:
          /^cwmp cpe: session failed: events=0 BOOTSTRAP,1 BOOT after 1 exchange in \d+ ms: /m,
      },
      {
        name: "without the CA",
        acs: base.acs,
        expect:
          /^cwmp cpe: session failed: events=0 BOOTSTRAP,1 BOOT after 1 exchange in \d+ ms: Cannot reach the ACS at https:.*TLS failure/m,
      },
    ];
    for (const c of cases) {
      const file = `${pki.dir}/${c.name.replaceAll(" ", "_")}.json`;
      await Deno.writeTextFile(
        file,
        JSON.stringify({ ...base, acs: c.acs, stateFile: `${file}.state` }),
      );
      const memory = createMemoryIo();
      const stop = Promise.withResolvers<void>();
      const running = run({ config: file }, memory.io, { stop: stop.promise });
      await waitFor(() => c.expect.test(memory.stderr()));
      stop.resolve();
      assert.equal(await running, 0, memory.stderr());
    }
  } finally {
    await server.shutdown();
    await pki.remove();
  }
});

Deno.test("cwmp cpe run over HTTPS: every message the agent sent validates", async () => {
  const pki = await createTestPki();
  const acs = createScriptedAcs({ tls: { cert: pki.serverCert, key: pki.serverKey } });
  try {
    const file = `${pki.dir}/cpe.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        acs: { url: `${acs.url}/acs`, caFile: pki.files.caCert },
        identity: { oui: "00D09E", serialNumber: "TLS2" },
        stateFile: "state.json",
        connectionRequest: { listen: "127.0.0.1:0" },
        periodicInform: { enabled: false },
      }),
    );
    acs.enqueue(
      { method: "GetRPCMethods" },
      { method: "GetParameterValues", parameterNames: [`${IGD}DeviceInfo.`] },
      {
        method: "SetParameterValues",
        parameterList: [{ name: `${IGD}Time.NTPServer1`, type: "string", value: "ntp.tls" }],
        parameterKey: "tls-1",
      },
      { method: "GetParameterAttributes", parameterNames: [`${IGD}ManagementServer.`] },
    );
    const memory = createMemoryIo();
    const stop = Promise.withResolvers<void>();
    const running = run({ config: file }, memory.io, { stop: stop.promise });
    await acs.waitFor(() => acs.posts.some((p) => p.status === 204), 15_000);
    stop.resolve();
    assert.equal(await running, 0, memory.stderr());
    assert.match(memory.stderr(), /^cwmp cpe: session ok: events=0 BOOTSTRAP,1 BOOT rpcs=4 /m);
    assert.ok(acs.url.startsWith("https://"));
    const results = await validateWithXmllint(acs.sentDocuments());
    assert.deepEqual(results.filter((r) => !r.valid), []);
    assert.deepEqual(results.length, 5, "the Inform and four responses");
  } finally {
    await acs.close();
    await pki.remove();
  }
});

Deno.test("cwmp cpe run downloads over HTTPS with Digest, trusting the configured CA", async () => {
  const pki = await createTestPki();
  const acs = createScriptedAcs({ tls: { cert: pki.serverCert, key: pki.serverKey } });
  try {
    const body = new TextEncoder().encode("tls firmware\n".repeat(40));
    acs.serveFile("/files/fw-tls.bin", {
      body,
      auth: { scheme: "Digest", username: "fs", password: "fs-pw" },
    });
    const file = `${pki.dir}/cpe.json`;
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        acs: { url: `${acs.url}/acs`, caFile: pki.files.caCert },
        identity: { oui: "00D09E", serialNumber: "TLS3" },
        stateFile: "state.json",
        connectionRequest: { listen: "127.0.0.1:0" },
        periodicInform: { enabled: false },
      }),
    );
    acs.enqueue({
      method: "Download",
      commandKey: "dl-tls",
      fileType: "1 Firmware Upgrade Image",
      url: `${acs.url}/files/fw-tls.bin`,
      username: "fs",
      password: "fs-pw",
      fileSize: body.length,
      targetFileName: "fw-tls.bin",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    });
    const memory = createMemoryIo();
    const stop = Promise.withResolvers<void>();
    const running = run({ config: file }, memory.io, { stop: stop.promise });
    await acs.waitFor(() => acs.sent("TransferComplete").length === 1, 15_000);
    await acs.waitFor(() => acs.posts.at(-1)?.status === 204, 10_000);
    stop.resolve();
    assert.equal(await running, 0, memory.stderr());
    assert.ok(acs.url.startsWith("https://"));
    // Challenged first, then fetched with the Download's credentials.
    assert.deepEqual(acs.fileRequests, ["/files/fw-tls.bin", "/files/fw-tls.bin"]);
    const [complete] = acs.sent("TransferComplete");
    assert.ok(complete?.method === "TransferComplete");
    assert.deepEqual(complete.faultStruct, { faultCode: 0, faultString: "" });
    assert.deepEqual(await Deno.readFile(`${pki.dir}/downloads/fw-tls.bin`), body);
    const results = await validateWithXmllint(acs.sentDocuments());
    assert.deepEqual(results.filter((r) => !r.valid), []);
  } finally {
    await acs.close();
    await pki.remove();
  }
});
