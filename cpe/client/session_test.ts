import assert from "node:assert/strict";
import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import type { Inform } from "../../protocol/rpc/inform.ts";
import { encodeEnvelope } from "../../protocol/soap/envelope.ts";
import { soapFault } from "../../protocol/soap/fault.ts";
import { createScriptedAcs, type ScriptedAcs } from "../../test/fixtures/scripted_acs.ts";
import { validateWithXmllint } from "../../test/xmllint.ts";
import { AcsConnection } from "./http.ts";
import { runSession, type SessionHandlers, type SessionReport } from "./session.ts";

const INFORM: Inform = {
  method: "Inform",
  deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "7" },
  events: [{ eventCode: "2 PERIODIC", commandKey: "" }],
  maxEnvelopes: 1,
  currentTime: "2026-01-01T00:00:00Z",
  retryCount: 0,
  parameterList: [],
};

const TRANSFER_COMPLETE: CwmpMessage = {
  method: "TransferComplete",
  commandKey: "dl-1",
  faultStruct: { faultCode: 0, faultString: "" },
  startTime: "2026-01-01T00:00:00Z",
  completeTime: "2026-01-01T00:00:05Z",
};

interface Log {
  calls: string[];
  handlers: SessionHandlers;
}

function recorder(): Log {
  const calls: string[] = [];
  return {
    calls,
    handlers: {
      answer(request) {
        calls.push(`answer ${request.method}`);
        return Promise.resolve(
          request.method === "GetParameterValues"
            ? { method: "GetParameterValuesResponse", parameterList: [] }
            : soapFault(9000),
        );
      },
      informAcknowledged() {
        calls.push("acknowledged");
        return Promise.resolve();
      },
      answered(request, response) {
        calls.push(`answered ${request.method} with ${response.method}`);
        return Promise.resolve();
      },
      beforePost() {
        calls.push("post");
        return Promise.resolve();
      },
    },
  };
}

async function session(
  acs: ScriptedAcs,
  log: Log,
  requests: CwmpMessage[] = [],
): Promise<SessionReport> {
  const connection = new AcsConnection({
    fetch,
    url: `${acs.url}/acs`,
    username: "",
    password: "",
    timeoutMs: 5_000,
    now: Date.now,
    randomHex: (n) => "00".repeat(n),
  });
  return await runSession({
    connection,
    inform: INFORM,
    requests,
    cwmpVersion: "1.0",
    handlers: log.handlers,
  });
}

Deno.test("runSession() answers the ACS's requests and ends on its empty answer", async () => {
  const acs = createScriptedAcs();
  try {
    acs.enqueue({ method: "GetParameterValues", parameterNames: ["Device."] }, {
      method: "Reboot",
      commandKey: "x",
    });
    const log = recorder();
    const report = await session(acs, log, [TRANSFER_COMPLETE]);
    assert.deepEqual(report, {
      ok: true,
      informAcknowledged: true,
      rpcs: 2,
      exchanges: 5,
      warnings: [],
    });
    assert.deepEqual(log.calls, [
      "post",
      "acknowledged",
      "post",
      "answered TransferComplete with TransferCompleteResponse",
      "post",
      "answer GetParameterValues",
      "post",
      "answer Reboot",
      "post",
    ]);
    const methods = acs.posts.map((p) => p.envelopes[0]?.message?.method ?? "(empty)");
    assert.deepEqual(methods, [
      "Inform",
      "TransferComplete",
      "(empty)",
      "GetParameterValuesResponse",
      "Fault",
    ]);
    const results = await validateWithXmllint(acs.sentDocuments());
    assert.deepEqual(results.filter((r) => !r.valid), []);
  } finally {
    await acs.close();
  }
});

Deno.test("runSession() retries the Inform at once after fault 8005, with RetryCount + 1", async () => {
  const acs = createScriptedAcs();
  try {
    acs.script((post) =>
      new Response(
        encodeEnvelope(soapFault(8005), {
          version: "1.0",
          headers: { id: post.envelopes[0]?.headers.id ?? "" },
        }),
        { status: 200, headers: { "content-type": "text/xml" } },
      )
    );
    const report = await session(acs, recorder());
    assert.equal(report.ok, true);
    assert.deepEqual(acs.informs().map((i) => i.retryCount), [0, 1]);
  } finally {
    await acs.close();
  }
});

Deno.test("runSession() reports a fault to the Inform and a broken ACS as reasons", async () => {
  const acs = createScriptedAcs();
  try {
    acs.script(() =>
      new Response(encodeEnvelope(soapFault(8002), { version: "1.0", headers: { id: "1" } }), {
        status: 200,
        headers: { "content-type": "text/xml" },
      })
    );
    const failed = await session(acs, recorder());
    assert.equal(failed.ok, false);
    assert.equal(failed.informAcknowledged, false);
    assert.equal(failed.reason, "the ACS answered the Inform with fault 8002 Internal error");

    // An empty answer to the Inform breaks CWMP (spec 3.7.1.4 needs the InformResponse first).
    acs.script(() => new Response(null, { status: 204 }));
    const broken = await session(acs, recorder());
    assert.equal(broken.ok, false);
    assert.match(broken.reason ?? "", /Cannot accept an empty response|InformResponse/);
  } finally {
    await acs.close();
  }
});

Deno.test("runSession() holds its requests while the ACS says HoldRequests", async () => {
  const acs = createScriptedAcs();
  try {
    const held = (id: string | undefined, message: CwmpMessage): Response =>
      new Response(
        encodeEnvelope(message, { version: "1.0", headers: { id: id ?? "h", holdRequests: true } }),
        { status: 200, headers: { "content-type": "text/xml" } },
      );
    acs.script(
      (post) => held(post.envelopes[0]?.headers.id, { method: "InformResponse", maxEnvelopes: 1 }),
      () => held("g1", { method: "GetParameterValues", parameterNames: ["Device."] }),
    );
    const report = await session(acs, recorder(), [TRANSFER_COMPLETE]);
    assert.equal(report.ok, true);
    const methods = acs.posts.map((p) => p.envelopes[0]?.message?.method ?? "(empty)");
    // Held: an empty POST instead of the TransferComplete, then the answer alone; the ACS's
    // empty answer (HoldRequests false) releases the TransferComplete.
    assert.deepEqual(methods, [
      "Inform",
      "(empty)",
      "GetParameterValuesResponse",
      "TransferComplete",
      "(empty)",
    ]);
  } finally {
    await acs.close();
  }
});
