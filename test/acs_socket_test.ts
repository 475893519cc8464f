/**
 * The one real-socket test: `serveAcs` on 127.0.0.1 with a random port and a file: database,
 * a whole session over fetch, and a task queued through a second connection to the database.
 */

import assert from "node:assert/strict";
import { envelopeXml, informMessage } from "../acs/_testing.ts";
import { createDb } from "../acs/db/client.ts";
import { parameters } from "../acs/db/schema/parameters.ts";
import { serveAcs } from "../acs/serve.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import { decodeEnvelopes, type Envelope } from "../protocol/soap/envelope.ts";

async function exchange(
  url: string,
  body: string | null,
  cookie?: string,
): Promise<{ status: number; envelope: Envelope | undefined; cookie: string | undefined }> {
  const headers: Record<string, string> = { "content-type": "text/xml" };
  if (cookie !== undefined) headers["cookie"] = cookie;
  const response = await fetch(url, {
    method: "POST",
    body,
    headers,
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  return {
    status: response.status,
    envelope: text === "" ? undefined : decodeEnvelopes(text).envelopes[0],
    cookie: response.headers.get("set-cookie")?.split(";")[0],
  };
}

Deno.test("serveAcs() runs a whole session over a real socket", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-acs-" });
  const dbUrl = `file:${dir}/acs.db`;
  const server = await serveAcs({
    provisioning: false,
    hostname: "127.0.0.1",
    port: 0,
    dbUrl,
    cpeAuth: { mode: "open" },
  });
  const db = await createDb(dbUrl);
  try {
    assert.ok(server.port > 0);
    assert.ok(server.migrated.length > 0);
    const url = `http://127.0.0.1:${server.port}/acs`;
    const informed = await exchange(url, envelopeXml(informMessage()));
    assert.equal(informed.envelope?.message?.method, "InformResponse");
    assert.ok(informed.cookie);

    await enqueueTask(db, {
      deviceId: "00D09E-GW-1",
      request: { method: "GetParameterValues", parameterNames: ["InternetGatewayDevice."] },
    });
    const request = await exchange(url, null, informed.cookie);
    assert.equal(request.envelope?.message?.method, "GetParameterValues");
    const answer = envelopeXml({
      method: "GetParameterValuesResponse",
      parameterList: [{
        name: "InternetGatewayDevice.LANDeviceNumberOfEntries",
        type: "unsignedInt",
        value: "1",
      }],
    }, { id: request.envelope?.headers.id ?? "" });
    const end = await exchange(url, answer, informed.cookie);
    assert.equal(end.status, 204);
    const stored = await db.select().from(parameters);
    assert.ok(stored.some((p) => p.path === "InternetGatewayDevice.LANDeviceNumberOfEntries"));
  } finally {
    db.$client.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
