import assert from "node:assert/strict";
import { runSession } from "../../test/fixtures/acs_cpe.ts";
import { soapFault } from "../../protocol/soap/fault.ts";
import { enqueueTask } from "../tasks/enqueue.ts";
import { createTestAcs, envelopeXml, informMessage, post } from "../_testing.ts";
import { createTestNbi } from "./_testing.ts";
import { formatMetrics } from "./metrics.ts";
import { createAcsMetrics } from "./metrics_registry.ts";

const DEVICE = { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" };

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
    // The process's own memory: a resident size above its JavaScript heap in use.
    const rss = sample(text, "process_resident_memory_bytes") ?? 0;
    const heap = sample(text, "cwmp_heap_used_bytes") ?? 0;
    assert.ok(heap > 1_000_000 && rss > heap, `rss ${rss}, heap ${heap}`);
  } finally {
    t.close();
  }
});

Deno.test("a full ACS counts its 503s in cwmp_sessions_shed_total and logs them at most once per 10 s", async () => {
  const metrics = createAcsMetrics();
  const acs = await createTestAcs({ metrics, maxSessions: 1 });
  try {
    const inform = (serial: string): Promise<Response> =>
      post(acs.app, envelopeXml(informMessage({ deviceId: { ...DEVICE, serialNumber: serial } })));
    // Device 1 holds the only place (its session stays open); the others are refused.
    const first = await inform("1");
    await first.body?.cancel();
    assert.equal(first.status, 200);
    const statuses: number[] = [];
    for (const serial of ["2", "3", "4", "5"]) {
      const response = await inform(serial);
      await response.body?.cancel();
      statuses.push(response.status);
      acs.clock.now += 1_000;
    }
    assert.deepEqual(statuses, [503, 503, 503, 503]);
    const shedLines = (): string[] => acs.logs.filter((l) => l.includes("shed "));
    assert.deepEqual(shedLines(), ["warn: shed 1 session in the last 10 s: 1 in progress"]);
    // 10 s after the first line: the next refusal reports the ones since.
    acs.clock.now += 6_000;
    await (await inform("6")).body?.cancel();
    assert.deepEqual(shedLines().slice(1), [
      "warn: shed 4 sessions in the last 10 s: 1 in progress",
    ]);
    await (await inform("7")).body?.cancel();
    assert.equal(shedLines().length, 2);
    const text = formatMetrics(metrics.snapshot(), { devices: 0, tasks: {} });
    assert.equal(sample(text, "cwmp_sessions_shed_total"), 6);
    assert.equal(sample(text, "cwmp_sessions_started_total"), 1);
    assert.match(text, /# TYPE cwmp_sessions_shed_total counter\n/);
  } finally {
    acs.close();
  }
});
