/**
 * The ACS's HTTP edge: what it refuses and how, encodings, cookies, session replacement and
 * expiry. Every case runs in memory through `app.request`.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { cookieOf, createTestAcs, envelopeXml, informMessage, post } from "../acs/_testing.ts";
import { sessions } from "../acs/db/schema/sessions.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import { decodeEnvelopes } from "../protocol/soap/envelope.ts";

const INFORM = envelopeXml(informMessage());

async function compress(text: string, format: CompressionFormat): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream(format));
  return await new Response(stream).bytes();
}

async function isInformResponse(response: Response): Promise<boolean> {
  if (response.status !== 200) return false;
  return decodeEnvelopes(await response.text()).envelopes[0]?.message?.method === "InformResponse";
}

Deno.test("ACS HTTP: garbage gets 400 with a one-line reason, and serving goes on", async () => {
  const acs = await createTestAcs();
  try {
    const bodies = [
      "this is not xml",
      "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>",
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
      "<html><body>hello</body></html>",
      "\u0000\u0001\u0002",
    ];
    for (const body of bodies) {
      const response = await post(acs.app, body);
      assert.equal(response.status, 400, body);
      const reason = await response.text();
      assert.match(reason, /^Cannot [^\n]+\n$/, body);
    }
    assert.ok(await isInformResponse(await post(acs.app, INFORM)));
  } finally {
    acs.close();
  }
});

Deno.test("ACS HTTP: an oversize body gets 413, declared or streamed", async () => {
  const acs = await createTestAcs({ maxBodyBytes: 4096 });
  try {
    const big = INFORM.replace("</SOAP-ENV:Envelope>", `${" ".repeat(5000)}</SOAP-ENV:Envelope>`);
    const declared = await post(acs.app, big);
    assert.equal(declared.status, 413);
    assert.match(await declared.text(), /exceeds the limit of 4096 bytes/);
    const streamed = await post(acs.app, new Blob([big]).stream());
    assert.equal(streamed.status, 413);
    await streamed.body?.cancel();
    // A small gzip body that inflates past the limit is refused too.
    const bomb = await post(acs.app, await compress(big, "gzip"), {
      headers: { "content-encoding": "gzip" },
    });
    assert.equal(bomb.status, 413);
    await bomb.body?.cancel();
    assert.ok(await isInformResponse(await post(acs.app, INFORM)));
  } finally {
    acs.close();
  }
});

Deno.test("ACS HTTP: gzip and deflate bodies are accepted, unknown encodings get 415", async () => {
  const acs = await createTestAcs();
  try {
    for (
      const [header, format] of [["gzip", "gzip"], ["deflate", "deflate"], [
        "deflate",
        "deflate-raw",
      ]] as const
    ) {
      const response = await post(acs.app, await compress(INFORM, format), {
        headers: { "content-encoding": header },
      });
      assert.ok(await isInformResponse(response), format);
    }
    const corrupt = await post(acs.app, new Uint8Array([0x1f, 0x8b, 1, 2, 3]), {
      headers: { "content-encoding": "gzip" },
    });
    assert.equal(corrupt.status, 400);
    assert.match(await corrupt.text(), /^Cannot decompress body/);
    const brotli = await post(acs.app, INFORM, { headers: { "content-encoding": "br" } });
    assert.equal(brotli.status, 415);
    await brotli.body?.cancel();
  } finally {
    acs.close();
  }
});

Deno.test("ACS HTTP: Expect: 100-continue and a Latin-1 charset are accepted", async () => {
  const acs = await createTestAcs();
  try {
    const expect = await post(acs.app, INFORM, { headers: { expect: "100-continue" } });
    assert.ok(await isInformResponse(expect));
    const latin1 = envelopeXml(informMessage({
      deviceId: { manufacturer: "Caf\u00e9", oui: "00D09E", productClass: "GW", serialNumber: "2" },
    })).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const bytes = Uint8Array.from(latin1, (ch) => ch.charCodeAt(0));
    const response = await post(acs.app, bytes, {
      headers: { "content-type": "text/xml; charset=ISO-8859-1" },
    });
    assert.ok(await isInformResponse(response));
  } finally {
    acs.close();
  }
});

Deno.test("ACS HTTP: empty POSTs in every framing, in and out of a session", async () => {
  const acs = await createTestAcs();
  try {
    assert.equal((await post(acs.app, null)).status, 204);
    assert.equal((await post(acs.app, "  \r\n ")).status, 204);
    const cookie = cookieOf(await post(acs.app, INFORM));
    const end = await post(acs.app, "", { cookie, headers: { "content-length": "0" } });
    assert.equal(end.status, 204);
    // One more empty POST after the end is tolerated.
    assert.equal((await post(acs.app, null, { cookie })).status, 204);
    const orphan = await post(acs.app, envelopeXml({ method: "RebootResponse" }));
    assert.equal(orphan.status, 400);
    assert.match(await orphan.text(), /outside a session/);
    const get = await acs.app.request("/");
    assert.equal(get.status, 405);
    await get.body?.cancel();
  } finally {
    acs.close();
  }
});

Deno.test("ACS HTTP: the session cookie comes back in any of the forms CPEs use", async () => {
  const acs = await createTestAcs();
  try {
    const forms = [
      (c: string) => c,
      (c: string) => `a=1; ${c}; b=2`,
      (c: string) => `a=1, ${c}`,
      (c: string) => `$Version="1"; ${c.replace("=", '="')}"; $Path="/"`,
    ];
    for (const form of forms) {
      const informed = await post(acs.app, INFORM);
      const cookie = form(cookieOf(informed));
      const rpc = await post(acs.app, envelopeXml({ method: "GetRPCMethods" }), { cookie });
      assert.equal(rpc.status, 200, cookie);
      assert.equal((await post(acs.app, null, { cookie })).status, 204, cookie);
    }
  } finally {
    acs.close();
  }
});

Deno.test("ACS HTTP: a new Inform ignores a stale cookie and replaces the device's session", async () => {
  const acs = await createTestAcs();
  try {
    const first = await post(acs.app, INFORM);
    const stale = cookieOf(first);
    await first.body?.cancel();
    const second = await post(acs.app, INFORM, { cookie: stale });
    const fresh = cookieOf(second);
    assert.notEqual(fresh, stale);
    assert.ok(await isInformResponse(second));
    const old = await post(acs.app, envelopeXml({ method: "GetRPCMethods" }), { cookie: stale });
    assert.equal(old.status, 400);
    await old.body?.cancel();
    assert.equal((await post(acs.app, null, { cookie: fresh })).status, 204);
    const ends = (await acs.db.select().from(sessions).orderBy(sessions.startedAt, sessions.id))
      .map((s) => s.end);
    assert.deepEqual(ends, ["replaced", "completed"]);
  } finally {
    acs.close();
  }
});

Deno.test("ACS HTTP: 30 s of silence ends a session; its task is sent again next time", async () => {
  const acs = await createTestAcs();
  try {
    const cookie = cookieOf(await post(acs.app, INFORM));
    const task = await enqueueTask(acs.db, {
      deviceId: "00D09E-GW-1",
      request: { method: "GetParameterValues", parameterNames: ["InternetGatewayDevice."] },
    });
    const sent = await post(acs.app, null, { cookie });
    assert.equal(sent.status, 200);
    await sent.body?.cancel();
    acs.clock.now += 30_001;
    // Another device's traffic sweeps the idle session.
    const other = informMessage({
      deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "2" },
    });
    assert.ok(await isInformResponse(await post(acs.app, envelopeXml(other))));
    const [timedOut] = await acs.db.select().from(sessions).where(eq(sessions.id, "s1"));
    assert.equal(timedOut?.end, "timeout");
    const late = await post(
      acs.app,
      envelopeXml({ method: "GetParameterValuesResponse", parameterList: [] }),
      { cookie },
    );
    assert.equal(late.status, 400);
    await late.body?.cancel();

    const again = cookieOf(await post(acs.app, INFORM));
    const resent = await post(acs.app, null, { cookie: again });
    assert.equal(
      decodeEnvelopes(await resent.text()).envelopes[0]?.message?.method,
      "GetParameterValues",
    );
    const [row] = await acs.db.select().from(tasks).where(eq(tasks.id, task.id));
    assert.equal(row?.attempts, 2);
  } finally {
    acs.close();
  }
});

Deno.test("ACS HTTP: a protocol violation mid-session gets 400 and ends the session", async () => {
  const acs = await createTestAcs();
  try {
    const cookie = cookieOf(await post(acs.app, INFORM));
    await enqueueTask(acs.db, {
      deviceId: "00D09E-GW-1",
      request: { method: "Reboot", commandKey: "" },
    });
    const sent = await post(acs.app, null, { cookie });
    await sent.body?.cancel();
    const wrong = await post(acs.app, envelopeXml({ method: "FactoryResetResponse" }), { cookie });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /^Cannot accept FactoryResetResponse/);
    const [session] = await acs.db.select().from(sessions);
    assert.equal(session?.end, "failed");
    const [task] = await acs.db.select().from(tasks);
    assert.equal(task?.state, "running");
  } finally {
    acs.close();
  }
});
