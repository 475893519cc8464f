/**
 * Whole CWMP sessions against the ACS app in memory (`app.request`), with envelopes built and
 * read by the protocol core.
 */

import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { cookieOf, createTestAcs, envelopeXml, informMessage, post } from "../acs/_testing.ts";
import { faults } from "../acs/db/schema/faults.ts";
import { parameters } from "../acs/db/schema/parameters.ts";
import { sessions } from "../acs/db/schema/sessions.ts";
import { tasks } from "../acs/db/schema/tasks.ts";
import { enqueueTask } from "../acs/tasks/enqueue.ts";
import { decodeEnvelopes, type Envelope } from "../protocol/soap/envelope.ts";
import { soapFault } from "../protocol/soap/fault.ts";

const DEVICE = "00D09E-GW-1";

async function envelopeOf(response: Response): Promise<Envelope> {
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/xml/);
  const { envelopes } = decodeEnvelopes(await response.text());
  assert.equal(envelopes.length, 1);
  return envelopes[0] as Envelope;
}

Deno.test("ACS session: Inform, queued GetParameterValues, response stored, 204", async () => {
  const acs = await createTestAcs();
  try {
    const informed = await post(acs.app, envelopeXml(informMessage(), { id: "inf-1" }));
    const answer = await envelopeOf(informed);
    assert.deepEqual(answer.message, { method: "InformResponse", maxEnvelopes: 1 });
    assert.equal(answer.headers.id, "inf-1");
    const cookie = cookieOf(informed);

    const task = await enqueueTask(acs.db, {
      deviceId: DEVICE,
      request: {
        method: "GetParameterValues",
        parameterNames: ["InternetGatewayDevice.DeviceInfo."],
      },
    });
    acs.clock.now += 1000;
    const request = await envelopeOf(await post(acs.app, null, { cookie }));
    assert.equal(request.message?.method, "GetParameterValues");
    const [running] = await acs.db.select().from(tasks).where(eq(tasks.id, task.id));
    assert.equal(running?.state, "running");

    acs.clock.now += 1000;
    const done = await post(
      acs.app,
      envelopeXml({
        method: "GetParameterValuesResponse",
        parameterList: [
          { name: "InternetGatewayDevice.DeviceInfo.UpTime", type: "unsignedInt", value: "42" },
          {
            name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
            type: "string",
            value: "2.0",
          },
        ],
      }, { id: request.headers.id ?? "" }),
      { cookie },
    );
    assert.equal(done.status, 204);

    const [finished] = await acs.db.select().from(tasks).where(eq(tasks.id, task.id));
    assert.equal(finished?.state, "done");
    assert.equal(finished?.attempts, 1);
    assert.equal(finished?.result?.["method"], "GetParameterValuesResponse");
    const stored = await acs.db.select().from(parameters).where(eq(parameters.deviceId, DEVICE))
      .orderBy(parameters.path);
    // The partial path's whole subtree was read: the object records when (listedAt).
    assert.deepEqual(stored.map((p) => [p.path, p.value, p.type, p.fetchedAt.getTime()]), [
      ["InternetGatewayDevice.DeviceInfo.", null, null, acs.clock.now],
      ["InternetGatewayDevice.DeviceInfo.SoftwareVersion", "2.0", "string", acs.clock.now],
      ["InternetGatewayDevice.DeviceInfo.UpTime", "42", "unsignedInt", acs.clock.now],
    ]);
    assert.equal(stored[0]?.listedAt?.getTime(), acs.clock.now);
    const [session] = await acs.db.select().from(sessions);
    assert.equal(session?.end, "completed");
    assert.equal(session?.exchanges, 3);
  } finally {
    acs.close();
  }
});

Deno.test("ACS session: a CPE fault faults the task and the next task follows", async () => {
  const acs = await createTestAcs();
  try {
    const cookie = cookieOf(await post(acs.app, envelopeXml(informMessage())));
    const bad = await enqueueTask(acs.db, {
      deviceId: DEVICE,
      request: { method: "GetParameterValues", parameterNames: ["Nope."] },
      maxAttempts: 1,
    });
    await enqueueTask(acs.db, {
      deviceId: DEVICE,
      request: { method: "Reboot", commandKey: "rb" },
    });
    const first = await envelopeOf(await post(acs.app, null, { cookie }));
    const fault = soapFault(9005, "Invalid parameter name");
    const second = await envelopeOf(
      await post(acs.app, envelopeXml(fault, { id: first.headers.id ?? "" }), { cookie }),
    );
    assert.equal(second.message?.method, "Reboot");
    const [stored] = await acs.db.select().from(faults);
    assert.equal(stored?.taskId, bad.id);
    assert.equal(stored?.code, 9005);
    assert.equal(stored?.string, "Invalid parameter name");
    const [faulted] = await acs.db.select().from(tasks).where(eq(tasks.id, bad.id));
    assert.equal(faulted?.state, "faulted");
    const end = await post(
      acs.app,
      envelopeXml({ method: "RebootResponse" }, { id: second.headers.id ?? "" }),
      { cookie },
    );
    assert.equal(end.status, 204);
  } finally {
    acs.close();
  }
});

Deno.test("ACS session: an unknown CPE method gets fault 8000 and the session goes on", async () => {
  const acs = await createTestAcs();
  try {
    const cookie = cookieOf(await post(acs.app, envelopeXml(informMessage())));
    const vendor = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
      xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Header><cwmp:ID soap:mustUnderstand="1">v1</cwmp:ID>
      </soap:Header><soap:Body><cwmp:X_ACME_Hello/></soap:Body></soap:Envelope>`;
    const fault = await envelopeOf(await post(acs.app, vendor, { cookie }));
    assert.equal(fault.message?.method, "Fault");
    assert.equal(fault.message?.method === "Fault" ? fault.message.detail?.faultCode : 0, 8000);
    assert.equal(fault.headers.id, "v1");
    const rpc = await envelopeOf(
      await post(acs.app, envelopeXml({ method: "GetRPCMethods" }), {
        cookie,
      }),
    );
    assert.equal(rpc.message?.method, "GetRPCMethodsResponse");
    assert.equal((await post(acs.app, null, { cookie })).status, 204);
  } finally {
    acs.close();
  }
});

Deno.test("ACS session: 0 BOOTSTRAP drops the cached parameters", async () => {
  const acs = await createTestAcs();
  try {
    const first = informMessage({
      parameterList: [{ name: "InternetGatewayDevice.Old", type: "string", value: "x" }],
    });
    assert.equal((await post(acs.app, envelopeXml(first))).status, 200);
    const bootstrap = informMessage({ events: [{ eventCode: "0 BOOTSTRAP", commandKey: "" }] });
    assert.equal((await post(acs.app, envelopeXml(bootstrap))).status, 200);
    const paths = (await acs.db.select().from(parameters)).map((p) => p.path);
    assert.deepEqual(paths, ["InternetGatewayDevice.DeviceInfo.SoftwareVersion"]);
  } finally {
    acs.close();
  }
});

Deno.test("ACS session: answers in the CPE's namespace", async () => {
  const acs = await createTestAcs();
  try {
    for (const version of ["1.0", "1.1", "1.2"] as const) {
      const response = await post(acs.app, envelopeXml(informMessage(), { version }));
      const text = await response.text();
      assert.ok(text.includes(`urn:dslforum-org:cwmp-${version.replace(".", "-")}`), version);
    }
  } finally {
    acs.close();
  }
});
