/**
 * Every ACS request against the agent over loopback: the model's RPCs, the lifecycle ones and
 * their faults, Download of a file the test serves, Upload received by the test, Reboot,
 * FactoryReset and ScheduleInform with the events of the sessions that follow.
 */

import assert from "node:assert/strict";
import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import { startTestAgent, type TestAgent } from "../cpe/agent_testing.ts";
import { createScriptedAcs, type ScriptedAcs } from "./fixtures/scripted_acs.ts";
import { validateWithXmllint } from "./xmllint.ts";

const IGD = "InternetGatewayDevice.";

function codes(acs: ScriptedAcs, index: number): string[] {
  return (acs.informs()[index]?.events ?? []).map((e) =>
    e.commandKey === "" ? e.eventCode : `${e.eventCode}:${e.commandKey}`
  );
}

/** The answers the agent posted, in order (Inform and its own requests left out). */
function answers(acs: ScriptedAcs): CwmpMessage[] {
  return acs.posts.flatMap((p) => p.envelopes.map((e) => e.message))
    .filter((m): m is CwmpMessage =>
      m !== null && (m.method === "Fault" || m.method.endsWith("Response"))
    );
}

function faultCode(message: CwmpMessage | undefined): number | undefined {
  return message?.method === "Fault" ? message.detail?.faultCode : undefined;
}

async function withAgent(
  fn: (acs: ScriptedAcs, agent: TestAgent) => Promise<void>,
  config: Record<string, unknown> = {},
): Promise<void> {
  const acs = createScriptedAcs();
  const agent = await startTestAgent({ acsUrl: `${acs.url}/acs`, config });
  try {
    await fn(acs, agent);
  } finally {
    await agent.stop();
    await acs.close();
    await Deno.remove(agent.dir, { recursive: true });
  }
  const results = await validateWithXmllint(acs.sentDocuments());
  assert.deepEqual(results.filter((r) => !r.valid), [], "every message the agent sent validates");
}

function sessionsDone(acs: ScriptedAcs, n: number): () => boolean {
  return () => acs.posts.filter((p) => p.status === 204).length >= n;
}

Deno.test("agent answers every parameter, object and lifecycle RPC in one session", async () => {
  await withAgent(async (acs) => {
    acs.enqueue(
      { method: "GetRPCMethods" },
      { method: "GetParameterNames", parameterPath: `${IGD}DeviceInfo.`, nextLevel: true },
      { method: "GetParameterValues", parameterNames: [`${IGD}DeviceInfo.SerialNumber`] },
      {
        method: "SetParameterValues",
        parameterList: [{
          name: `${IGD}ManagementServer.PeriodicInformInterval`,
          type: "unsignedInt",
          value: "600",
        }],
        parameterKey: "pk-1",
      },
      {
        method: "SetParameterAttributes",
        parameterList: [{
          name: `${IGD}ManagementServer.PeriodicInformInterval`,
          notificationChange: true,
          notification: 1,
          accessListChange: false,
          accessList: [],
        }],
      },
      {
        method: "GetParameterAttributes",
        parameterNames: [`${IGD}ManagementServer.PeriodicInformInterval`],
      },
      {
        method: "AddObject",
        objectName: `${IGD}Layer3Forwarding.Forwarding.`,
        parameterKey: "pk-2",
      },
      {
        method: "DeleteObject",
        objectName: `${IGD}Layer3Forwarding.Forwarding.1.`,
        parameterKey: "pk-3",
      },
      { method: "GetParameterValues", parameterNames: [`${IGD}NoSuch.Parameter`] },
      { method: "GetQueuedTransfers" },
      { method: "GetOptions", optionName: "" },
      { method: "SetVouchers", voucherList: [btoa("not a voucher")] },
      {
        method: "Download",
        commandKey: "x",
        fileType: "1 Firmware Upgrade Image",
        url: "ftp://f/x",
        username: "",
        password: "",
        fileSize: 0,
        targetFileName: "",
        delaySeconds: 0,
        successUrl: "",
        failureUrl: "",
      },
    );
    await acs.waitFor(sessionsDone(acs, 1));
    const got = answers(acs);
    assert.deepEqual(got.map((m) => m.method), [
      "GetRPCMethodsResponse",
      "GetParameterNamesResponse",
      "GetParameterValuesResponse",
      "SetParameterValuesResponse",
      "SetParameterAttributesResponse",
      "GetParameterAttributesResponse",
      "AddObjectResponse",
      "DeleteObjectResponse",
      "Fault",
      "GetQueuedTransfersResponse",
      "GetOptionsResponse",
      "Fault",
      "Fault",
    ]);
    const methods = got[0]?.method === "GetRPCMethodsResponse" ? got[0].methodList : [];
    for (
      const m of [
        "GetParameterValues",
        "Download",
        "Reboot",
        "ScheduleInform",
        "Upload",
        "FactoryReset",
      ]
    ) {
      assert.ok(methods.includes(m), `GetRPCMethods lacks ${m}`);
    }
    assert.ok(!methods.includes("GetAllQueuedTransfers"), "cwmp-1-0 has no GetAllQueuedTransfers");
    assert.deepEqual([8, 11, 12].map((i) => faultCode(got[i])), [9005, 9003, 9013]);
    const serial = got[2]?.method === "GetParameterValuesResponse"
      ? got[2].parameterList[0]?.value
      : "";
    assert.equal(serial, "T1");
  });
});

Deno.test("agent answers SetParameterValues Status 1 when a write command says a reboot applies it", async () => {
  const ntp1 = `${IGD}Time.NTPServer1`;
  const ntp2 = `${IGD}Time.NTPServer2`;
  const set = (name: string, value: string, key: string): CwmpMessage => ({
    method: "SetParameterValues",
    parameterList: [{ name, type: "string", value }],
    parameterKey: key,
  });
  await withAgent(async (acs) => {
    acs.enqueue(
      set(ntp1, "ntp.later", "k1"),
      set(ntp2, "ntp.two", "k2"),
      set(`${IGD}UserInterface.ISPName`, "isp", "k3"),
      set(ntp1, "ntp.now", "k4"),
      { method: "GetParameterValues", parameterNames: [ntp1, ntp2] },
    );
    await acs.waitFor(sessionsDone(acs, 1));
    const got = answers(acs);
    assert.deepEqual(
      got.slice(0, 4).map((m) => m.method === "SetParameterValuesResponse" ? m.status : m.method),
      [1, 1, 0, 0],
    );
    const values = got[4]?.method === "GetParameterValuesResponse" ? got[4].parameterList : [];
    assert.deepEqual(values.map((p) => p.value), ["ntp.now", "ntp.two"]);
  }, {
    values: {
      // Exit code 10: saved, applied after a reboot (the command decides per value).
      [ntp1]: { write: 'test "$CWMP_VALUE" = ntp.later && exit 10; true' },
      // rebootRequired: every write of this binding needs a reboot.
      [ntp2]: { write: "true", rebootRequired: true },
    },
  });
});

Deno.test("agent speaks cwmp-1-2 when configured, with its methods, and faults unknown ones", async () => {
  await withAgent(async (acs) => {
    acs.enqueue(
      { method: "GetAllQueuedTransfers" },
      { method: "CancelTransfer", commandKey: "none" },
      { method: "GetRPCMethods" },
    );
    // First a vendor method nobody knows (raw XML: our encoder writes only known methods).
    const vendor =
      `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap:Header><cwmp:ID soap:mustUnderstand="1">v1</cwmp:ID></soap:Header><soap:Body><cwmp:X_00D09E_Frobnicate/></soap:Body></soap:Envelope>`;
    acs.script(
      () => undefined,
      () => new Response(vendor, { headers: { "content-type": "text/xml" } }),
    );
    await acs.waitFor(sessionsDone(acs, 1));
    const got = answers(acs);
    assert.deepEqual(got.map((m) => m.method), [
      "Fault",
      "GetAllQueuedTransfersResponse",
      "Fault",
      "GetRPCMethodsResponse",
    ]);
    assert.equal(faultCode(got[0]), 9000);
    assert.equal(faultCode(got[2]), 9003);
    const methods = got[3]?.method === "GetRPCMethodsResponse" ? got[3].methodList : [];
    assert.ok(methods.includes("GetAllQueuedTransfers") && methods.includes("CancelTransfer"));
    assert.equal(acs.posts[0]?.envelopes[0]?.cwmpVersion, "1.2");
  }, { cwmpVersion: "1.2" });
});

Deno.test("agent downloads a file the test serves and reports TransferComplete in the next session", async () => {
  await withAgent(async (acs, agent) => {
    const body = new TextEncoder().encode("new firmware\n".repeat(50));
    acs.serveFile("/files/fw.bin", {
      body,
      auth: { scheme: "Digest", username: "fs", password: "pw" },
    });
    acs.enqueue({
      method: "Download",
      commandKey: "dl-42",
      fileType: "1 Firmware Upgrade Image",
      url: `${acs.url}/files/fw.bin`,
      username: "fs",
      password: "pw",
      fileSize: body.length,
      targetFileName: "fw-2.bin",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    });
    await acs.waitFor(() => acs.sent("TransferComplete").length === 1);
    await acs.waitFor(sessionsDone(acs, 2));
    const response = answers(acs).find((m) => m.method === "DownloadResponse");
    assert.ok(response?.method === "DownloadResponse" && response.status === 1);
    assert.deepEqual(codes(acs, 1), ["7 TRANSFER COMPLETE", "M Download:dl-42"]);
    const [complete] = acs.sent("TransferComplete");
    assert.ok(complete?.method === "TransferComplete");
    assert.equal(complete.commandKey, "dl-42");
    assert.deepEqual(complete.faultStruct, { faultCode: 0, faultString: "" });
    assert.ok(complete.startTime <= complete.completeTime && complete.startTime.startsWith("20"));
    assert.deepEqual(await Deno.readFile(`${agent.dir}/downloads/fw-2.bin`), body);
    // Acknowledged: nothing is queued any more and no third session follows.
    const state = JSON.parse(await Deno.readTextFile(`${agent.dir}/state.json`));
    assert.deepEqual(state.transfers, []);
  });
});

Deno.test("agent waits DelaySeconds after the session before it downloads", async () => {
  await withAgent(async (acs, agent) => {
    const body = new TextEncoder().encode("later firmware\n".repeat(20));
    acs.serveFile("/files/later.bin", { body });
    acs.enqueue({
      method: "Download",
      commandKey: "dl-later",
      fileType: "1 Firmware Upgrade Image",
      url: `${acs.url}/files/later.bin`,
      username: "",
      password: "",
      fileSize: body.length,
      targetFileName: "",
      delaySeconds: 2,
      successUrl: "",
      failureUrl: "",
    });
    await acs.waitFor(sessionsDone(acs, 1));
    const answered = acs.posts.find((p) => p.envelopes[0]?.message?.method === "DownloadResponse");
    const response = answered?.envelopes[0]?.message;
    assert.ok(response?.method === "DownloadResponse" && response.status === 1);
    // Queued on disk with its due time before the answer; nothing fetched yet.
    const queued = JSON.parse(await Deno.readTextFile(`${agent.dir}/state.json`));
    assert.deepEqual(queued.transfers.map((t: { state: number }) => t.state), [1]);
    assert.equal(acs.fileRequests.length, 0);
    await acs.waitFor(() => acs.fileRequests.length === 1, 10_000);
    const fetchedAt = Date.now();
    assert.ok(
      fetchedAt - (answered?.at ?? fetchedAt) >= 1_900,
      `fetched ${fetchedAt - (answered?.at ?? 0)} ms after the DownloadResponse`,
    );
    await acs.waitFor(() => acs.sent("TransferComplete").length === 1, 10_000);
    await acs.waitFor(sessionsDone(acs, 2));
    assert.deepEqual(codes(acs, 1), ["7 TRANSFER COMPLETE", "M Download:dl-later"]);
    const [complete] = acs.sent("TransferComplete");
    assert.ok(complete?.method === "TransferComplete");
    assert.equal(complete.faultStruct.faultCode, 0);
    assert.ok(Date.parse(complete.startTime) >= (answered?.at ?? 0) + 1_000);
    assert.deepEqual(await Deno.readFile(`${agent.dir}/downloads/later.bin`), body);
  });
});

Deno.test("agent reports a failed download with the fault of its namespace", async () => {
  await withAgent(async (acs) => {
    acs.enqueue({
      method: "Download",
      commandKey: "dl-404",
      fileType: "3 Vendor Configuration File",
      url: `${acs.url}/files/missing.cfg`,
      username: "",
      password: "",
      fileSize: 0,
      targetFileName: "",
      delaySeconds: 0,
      successUrl: "",
      failureUrl: "",
    });
    await acs.waitFor(() => acs.sent("TransferComplete").length === 1);
    const [complete] = acs.sent("TransferComplete");
    assert.ok(complete?.method === "TransferComplete");
    assert.equal(complete.faultStruct.faultCode, 9010);
    assert.match(complete.faultStruct.faultString, /HTTP 404/);
  });
});

Deno.test("agent uploads its configuration without hidden values, and its log, with PUT", async () => {
  await withAgent(async (acs) => {
    acs.enqueue(
      {
        method: "Upload",
        commandKey: "up-cfg",
        fileType: "1 Vendor Configuration File",
        url: `${acs.url}/files/up/cfg.json`,
        username: "",
        password: "",
        delaySeconds: 0,
      },
      {
        method: "Upload",
        commandKey: "up-log",
        fileType: "2 Vendor Log File",
        url: `${acs.url}/files/up/log.txt`,
        username: "",
        password: "",
        delaySeconds: 0,
      },
    );
    await acs.waitFor(() => acs.sent("TransferComplete").length === 2);
    await acs.waitFor(sessionsDone(acs, 2));
    assert.deepEqual(acs.uploads.map((u) => u.path), ["/files/up/cfg.json", "/files/up/log.txt"]);
    const text = new TextDecoder().decode(acs.uploads[0]?.body);
    const exported = JSON.parse(text);
    assert.equal(exported.format, "cwmp-cpe-configuration");
    assert.equal(exported.identity.serialNumber, "T1");
    // Hidden values (what GetParameterValues reads as "") never leave the device.
    assert.equal(exported.model.values[`${IGD}ManagementServer.URL`], `${acs.url}/acs`);
    assert.equal(exported.model.values[`${IGD}ManagementServer.Username`], "cpe-user");
    for (
      const hidden of ["ManagementServer.Password", "ManagementServer.ConnectionRequestPassword"]
    ) {
      assert.ok(!(`${IGD}${hidden}` in exported.model.values), `${hidden} was uploaded`);
    }
    assert.doesNotMatch(text, /acs-secret|cr-secret/);
    assert.match(
      new TextDecoder().decode(acs.uploads[1]?.body),
      /session ok: events=0 BOOTSTRAP,1 BOOT/,
    );
    assert.deepEqual(codes(acs, 1), ["7 TRANSFER COMPLETE", "M Upload:up-cfg", "M Upload:up-log"]);
  }, {
    acs: { username: "cpe-user", password: "acs-secret" },
    connectionRequest: { username: "acs-user", password: "cr-secret" },
  });
});

Deno.test("agent reboots after the session through its hook; the next Inform has 1 BOOT and M Reboot", async () => {
  const marker = await Deno.makeTempFile({ prefix: "cwmp-reboot-" });
  await Deno.remove(marker);
  try {
    await withAgent(async (acs, agent) => {
      acs.enqueue({ method: "Reboot", commandKey: "rb-9" });
      await acs.waitFor(sessionsDone(acs, 2));
      assert.deepEqual(codes(acs, 1), ["1 BOOT", "M Reboot:rb-9"]);
      assert.equal(await Deno.readTextFile(marker), "rebooted\n");
      assert.ok(agent.logs.includes("rebooting"));
    }, { hooks: { reboot: `echo rebooted > ${marker}` } });
  } finally {
    await Deno.remove(marker).catch(() => {});
  }
});

Deno.test("agent bootstraps again after FactoryReset, runs its hook and forgets the ACS's settings", async () => {
  const marker = `${await Deno.makeTempDir({ prefix: "cwmp-reset-" })}/reset`;
  await withAgent(async (acs, agent) => {
    acs.enqueue(
      {
        method: "SetParameterValues",
        parameterList: [{
          name: `${IGD}DeviceInfo.ProvisioningCode`,
          type: "string",
          value: "PC1",
        }],
        parameterKey: "k",
      },
      { method: "FactoryReset" },
    );
    await acs.waitFor(sessionsDone(acs, 2));
    assert.deepEqual(codes(acs, 1), ["0 BOOTSTRAP", "1 BOOT"]);
    const code = acs.informs()[1]?.parameterList.find((p) =>
      p.name === `${IGD}DeviceInfo.ProvisioningCode`
    );
    assert.equal(code?.value, "");
    assert.equal(await Deno.readTextFile(marker), "reset\n");
    assert.ok(agent.logs.includes("factory reset: state and model back to their defaults"));
  }, { hooks: { factoryReset: `echo reset > ${marker}` } });
  await Deno.remove(marker.slice(0, -"/reset".length), { recursive: true });
});

Deno.test("agent informs with 3 SCHEDULED and M ScheduleInform when asked", async () => {
  await withAgent(async (acs) => {
    acs.enqueue({ method: "ScheduleInform", delaySeconds: 1, commandKey: "si-1" });
    await acs.waitFor(sessionsDone(acs, 2), 5_000);
    assert.deepEqual(codes(acs, 1), ["3 SCHEDULED", "M ScheduleInform:si-1"]);
  });
});
