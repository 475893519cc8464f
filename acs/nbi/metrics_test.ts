import assert from "node:assert/strict";
import { runSession } from "../../test/fixtures/acs_cpe.ts";
import { soapFault } from "../../protocol/soap/fault.ts";
import { enqueueTask } from "../tasks/enqueue.ts";
import { createTestNbi } from "./_testing.ts";

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

Deno.test("GET /metrics counts real CWMP sessions, messages, faults and durations", async () => {
  const t = await createTestNbi();
  try {
    const empty = await (await t.call("/metrics")).text();
    assert.equal(sample(empty, "cwmp_sessions_started_total"), 0);
    assert.equal(sample(empty, "cwmp_devices"), 0);
    await runSession(t.acs.app, { tick: () => (t.acs.clock.now += 100) });
    await enqueueTask(t.acs.db, {
      deviceId: "00D09E-GW-1",
      request: { method: "GetParameterValues", parameterNames: ["InternetGatewayDevice."] },
      maxAttempts: 1,
    });
    await enqueueTask(t.acs.db, {
      deviceId: "00D09E-GW-1",
      request: { method: "Reboot", commandKey: "" },
    });
    await runSession(t.acs.app, {
      answer: (request) =>
        request.method === "Reboot"
          ? { method: "RebootResponse" }
          : soapFault(9005, "Invalid parameter name"),
    });
    const response = await t.call("/metrics");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.equal(sample(text, "cwmp_sessions_started_total"), 2);
    assert.equal(sample(text, 'cwmp_sessions_ended_total{end="completed"}'), 2);
    assert.equal(sample(text, "cwmp_sessions_in_progress"), 0);
    assert.equal(sample(text, 'cwmp_rpcs_sent_total{method="InformResponse"}'), 2);
    assert.equal(sample(text, 'cwmp_rpcs_sent_total{method="GetParameterValues"}'), 1);
    assert.equal(sample(text, 'cwmp_rpcs_sent_total{method="Reboot"}'), 1);
    assert.equal(sample(text, 'cwmp_faults_received_total{code="9005"}'), 1);
    assert.equal(sample(text, "cwmp_session_duration_seconds_count"), 2);
    // The first session took 100 ms of the ACS's clock; the second none.
    assert.equal(sample(text, "cwmp_session_duration_seconds_sum"), 0.1);
    assert.equal(sample(text, 'cwmp_session_duration_seconds_bucket{le="0.05"}'), 1);
    assert.equal(sample(text, 'cwmp_session_duration_seconds_bucket{le="0.1"}'), 2);
    assert.equal(sample(text, 'cwmp_session_duration_seconds_bucket{le="+Inf"}'), 2);
    assert.equal(sample(text, "cwmp_devices"), 1);
    assert.equal(sample(text, 'cwmp_tasks{state="faulted"}'), 1);
    assert.equal(sample(text, 'cwmp_tasks{state="done"}'), 1);
    assert.match(text, /# TYPE cwmp_session_duration_seconds histogram\n/);
  } finally {
    t.close();
  }
});
