import assert from "node:assert/strict";
import { runSession } from "../../test/fixtures/acs_cpe.ts";
import { soapFault } from "../../protocol/soap/fault.ts";
import { enqueueTask } from "../tasks/enqueue.ts";
import { createTestNbi, jsonBody, type TestNbi } from "./_testing.ts";

const DEVICE = "00D09E-GW-1";
const CR_URL = "http://192.0.2.1:7547/cr";
const GPV = {
  method: "GetParameterValues" as const,
  parameterNames: ["InternetGatewayDevice.DeviceInfo."],
};

async function informOnce(t: TestNbi): Promise<void> {
  await runSession(t.acs.app, {
    inform: {
      parameterList: [{
        name: "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
        type: "string",
        value: CR_URL,
      }],
    },
  });
}

function postTask(t: TestNbi, body: unknown, device = DEVICE): Promise<Response> {
  return t.call(`/api/devices/${device}/tasks`, jsonBody("POST", body));
}

Deno.test("POST /api/devices/:id/tasks answers 200 with the result when the CPE comes in time", async () => {
  const sessions: Promise<unknown>[] = [];
  const requested: string[] = [];
  const holder: { t?: TestNbi } = {};
  const t = await createTestNbi({
    connectionRequest: {
      fetch: (url) => {
        requested.push(url);
        // The CPE answers the Connection Request, then opens a session.
        if (holder.t !== undefined) sessions.push(runSession(holder.t.acs.app));
        return Promise.resolve(new Response(null, { status: 204 }));
      },
    },
  });
  holder.t = t;
  try {
    await informOnce(t);
    const response = await postTask(t, { request: GPV, timeout: 10 });
    const { task } = await response.json();
    assert.equal(response.status, 200, JSON.stringify(task));
    assert.deepEqual(requested, [CR_URL]);
    assert.equal(task.state, "done");
    assert.equal(task.deviceId, DEVICE);
    assert.equal(task.method, "GetParameterValues");
    assert.deepEqual(task.request, GPV);
    assert.equal(task.result.method, "GetParameterValuesResponse");
    assert.equal(task.result.parameterList[0].name, "InternetGatewayDevice.DeviceInfo.Value");
    assert.deepEqual(task.connectionRequest, { ok: true, status: 204 });
    await Promise.all(sessions);
  } finally {
    t.close();
  }
});

Deno.test("POST /api/devices/:id/tasks answers 202 when no device comes", async () => {
  const t = await createTestNbi({
    connectionRequest: { fetch: () => Promise.reject(new TypeError("Connection refused")) },
  });
  try {
    await informOnce(t);
    const started = Date.now();
    const waited = await postTask(t, { request: GPV, timeout: 1 });
    const { task } = await waited.json();
    assert.equal(waited.status, 202);
    assert.ok(Date.now() - started >= 1000);
    assert.equal(task.state, "pending");
    assert.equal(task.connectionRequest.ok, false);
    assert.match(task.connectionRequest.error, /^unreachable: /);
    const quick = await postTask(t, {
      request: { method: "Reboot", commandKey: "r1" },
      connectionRequest: false,
      expires: "2030-01-01T00:00:00Z",
    });
    assert.equal(quick.status, 202);
    const body = await quick.json();
    assert.equal(body.task.connectionRequest, undefined);
    assert.equal(body.task.result, undefined);
  } finally {
    t.close();
  }
});

Deno.test("POST /api/devices/:id/tasks refuses bad requests with 400 and unknown devices with 404", async () => {
  const t = await createTestNbi();
  try {
    await informOnce(t);
    const cases: [unknown, RegExp][] = [
      [{ request: { method: "Frobnicate" } }, /Frobnicate/],
      [{ request: { method: "Inform" } }, /Inform/],
      [{ request: { method: "GetParameterValues" } }, /GetParameterValues/],
      [{ request: GPV, timeout: 301 }, /timeout/],
      [{ request: GPV, expires: "soon" }, /expires/],
      [{ request: GPV, extra: 1 }, /extra/],
      [{}, /request/],
    ];
    for (const [body, pattern] of cases) {
      const response = await postTask(t, body);
      const answer = await response.json();
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(answer.error.code, "bad_request");
      assert.match(answer.error.message, pattern, JSON.stringify(answer));
    }
    const unknown = await postTask(t, { request: GPV }, "nobody");
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, "not_found");
  } finally {
    t.close();
  }
});

Deno.test("GET /api/tasks filters by device and state with totals; GET /api/tasks/:id", async () => {
  const t = await createTestNbi();
  try {
    await informOnce(t);
    for (const key of ["a", "b", "c"]) {
      await enqueueTask(t.acs.db, {
        deviceId: DEVICE,
        request: { method: "Reboot", commandKey: key },
      });
    }
    const cancel = await t.call("/api/tasks/1/cancel", { method: "POST" });
    assert.equal(cancel.status, 200);
    assert.equal((await cancel.json()).state, "cancelled");
    const all = await (await t.call(`/api/tasks?device=${DEVICE}&limit=2`)).json();
    assert.equal(all.total, 3);
    assert.deepEqual(all.items.map((x: { id: number }) => x.id), [3, 2]);
    const pending = await (await t.call("/api/tasks?state=pending")).json();
    assert.equal(pending.total, 2);
    assert.equal((await (await t.call("/api/tasks?device=other")).json()).total, 0);
    const bad = await t.call("/api/tasks?state=sleeping");
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
    const one = await (await t.call("/api/tasks/2")).json();
    assert.deepEqual(one.request, { method: "Reboot", commandKey: "b" });
    assert.equal((await t.call("/api/tasks/99")).status, 404);
    assert.equal((await t.call("/api/tasks/x")).status, 400);
  } finally {
    t.close();
  }
});

Deno.test("cancel and retry answer 409 when the task's state forbids them", async () => {
  const t = await createTestNbi();
  try {
    await informOnce(t);
    await enqueueTask(t.acs.db, { deviceId: DEVICE, request: GPV });
    const retryPending = await t.call("/api/tasks/1/retry", { method: "POST" });
    assert.equal(retryPending.status, 409);
    assert.equal((await retryPending.json()).error.code, "conflict");
    assert.equal((await t.call("/api/tasks/1/cancel", { method: "POST" })).status, 200);
    const again = await t.call("/api/tasks/1/cancel", { method: "POST" });
    assert.equal(again.status, 409);
    assert.match((await again.json()).error.message, /already cancelled/);
    const retried = await t.call("/api/tasks/1/retry", { method: "POST" });
    assert.equal(retried.status, 200);
    const task = await retried.json();
    assert.equal(task.state, "pending");
    assert.equal(task.attempts, 0);
    await runSession(t.acs.app);
    const done = await (await t.call("/api/tasks/1")).json();
    assert.equal(done.state, "done");
    const retryDone = await t.call("/api/tasks/1/retry", { method: "POST" });
    assert.equal(retryDone.status, 409);
    await retryDone.body?.cancel();
    assert.equal((await t.call("/api/tasks/1/cancel", { method: "POST" })).status, 409);
    assert.equal((await t.call("/api/tasks/9/cancel", { method: "POST" })).status, 404);
    assert.equal((await t.call("/api/tasks/9/retry", { method: "POST" })).status, 404);
  } finally {
    t.close();
  }
});

Deno.test("a faulted task shows its fault; DELETE /api/faults/:id?retry=true queues it again", async () => {
  const t = await createTestNbi();
  try {
    await informOnce(t);
    await enqueueTask(t.acs.db, {
      deviceId: DEVICE,
      request: {
        method: "SetParameterValues",
        parameterList: [{ name: "InternetGatewayDevice.X", type: "string", value: "1" }],
        parameterKey: "k",
      },
      maxAttempts: 1,
    });
    await runSession(t.acs.app, {
      answer: () =>
        soapFault(9003, "Invalid arguments", {
          setParameterValuesFaults: [{
            parameterName: "InternetGatewayDevice.X",
            faultCode: 9005,
            faultString: "Invalid parameter name",
          }],
        }),
    });
    const task = await (await t.call("/api/tasks/1")).json();
    assert.equal(task.state, "faulted");
    assert.deepEqual(task.fault, {
      code: 9003,
      string: "Invalid arguments",
      parameterFaults: [{
        parameterName: "InternetGatewayDevice.X",
        faultCode: 9005,
        faultString: "Invalid parameter name",
      }],
    });
    const list = await (await t.call(`/api/faults?device=${DEVICE}`)).json();
    assert.equal(list.total, 1);
    const [fault] = list.items;
    assert.equal(fault.taskId, 1);
    assert.equal(fault.code, 9003);
    assert.equal(fault.detail.faultCode, 9003);
    assert.deepEqual(await (await t.call(`/api/faults/${fault.id}`)).json(), fault);
    assert.equal((await (await t.call("/api/faults?device=other")).json()).total, 0);
    const cleared = await t.call(`/api/faults/${fault.id}?retry=true`, { method: "DELETE" });
    assert.equal(cleared.status, 204);
    assert.equal((await t.call(`/api/faults/${fault.id}`)).status, 404);
    const retried = await (await t.call("/api/tasks/1")).json();
    assert.equal(retried.state, "pending");
    assert.equal(retried.fault, undefined);
    assert.equal((await t.call("/api/faults/77", { method: "DELETE" })).status, 404);
    const badRetry = await t.call("/api/faults/1?retry=maybe", { method: "DELETE" });
    assert.equal(badRetry.status, 400);
    await badRetry.body?.cancel();
  } finally {
    t.close();
  }
});

Deno.test("POST /api/devices/:id/tasks gives an Upload without URL an ACS upload target", async () => {
  const upload = {
    method: "Upload" as const,
    commandKey: "",
    fileType: "1 Vendor Configuration File",
    url: "",
    username: "",
    password: "",
    delaySeconds: 0,
  };
  const t = await createTestNbi();
  try {
    // Without a known ManagementServer.URL the ACS cannot tell the device where to upload.
    await informOnce(t);
    const refused = await postTask(t, { request: upload, connectionRequest: false });
    assert.equal(refused.status, 400);
    assert.match((await refused.json()).error.message, /no URL, and no uploadBaseUrl/);

    await runSession(t.acs.app, {
      inform: {
        parameterList: [{
          name: "InternetGatewayDevice.ManagementServer.URL",
          type: "string",
          value: "http://acs.example:7547/cwmp",
        }],
      },
    });
    const queued = await postTask(t, { request: upload, connectionRequest: false });
    assert.equal(queued.status, 202);
    const { task } = await queued.json();
    assert.match(task.request.url, /^http:\/\/acs\.example:7547\/uploads\/[\w-]+$/);
  } finally {
    t.close();
  }
  const configured = await createTestNbi({ publicUrl: "https://acs.example/" });
  try {
    await informOnce(configured);
    const queued = await postTask(configured, { request: upload, connectionRequest: false });
    const { task } = await queued.json();
    assert.match(task.request.url, /^https:\/\/acs\.example\/uploads\/[\w-]+$/);
  } finally {
    configured.close();
  }
});
