import assert from "node:assert/strict";
import type { Inform } from "../../protocol/rpc/inform.ts";
import { decodeEnvelopes, encodeEnvelope } from "../../protocol/soap/envelope.ts";
import { fetchTransportFactory } from "../client/transport.ts";
import { startSimulation } from "./simulator.ts";

interface SeenInform {
  at: number;
  serialNumber: string;
  events: string[];
}

// An ACS in memory: InformResponse to every Inform, 204 to the empty POST.
function fakeAcs(seen: SeenInform[]): typeof fetch {
  return (_input, init): Promise<Response> => {
    const body = String(init?.body ?? "");
    if (body === "") return Promise.resolve(new Response(null, { status: 204 }));
    const [envelope] = decodeEnvelopes(body).envelopes;
    const inform = envelope?.message as Inform | undefined;
    if (inform?.method === "Inform") {
      seen.push({
        at: Date.now(),
        serialNumber: inform.deviceId.serialNumber,
        events: inform.events.map((e) => e.eventCode),
      });
    }
    const xml = encodeEnvelope({ method: "InformResponse", maxEnvelopes: 1 }, {
      version: "1.0",
      headers: { id: envelope?.headers.id ?? "" },
    });
    return Promise.resolve(new Response(xml, { headers: { "content-type": "text/xml" } }));
  };
}

const HUAWEI = new URL(
  "../../../shared/cwmp/corpus/huawei-bm632w/data_model.csv",
  import.meta.url,
);

Deno.test("startSimulation() spreads the first Informs over the ramp-up and stops at the duration", async () => {
  const seen: SeenInform[] = [];
  const started = Date.now();
  const simulation = await startSimulation({
    acsUrl: "http://acs.invalid/cwmp",
    count: 10,
    serialPrefix: "R",
    serialStart: 100,
    rampUpSeconds: 0.6,
    durationSeconds: 1,
    transport: fetchTransportFactory(fakeAcs(seen)),
  });
  const summary = await simulation.finished;
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 1000 && elapsed < 3000, `${elapsed} ms`);
  assert.equal(summary.devices, 10);
  assert.equal(summary.sessions, 10);
  const boots = seen.filter((s) => s.events.includes("1 BOOT"));
  assert.deepEqual(
    boots.map((s) => s.serialNumber).sort(),
    Array.from({ length: 10 }, (_, i) => `R${100 + i}`).sort(),
  );
  const spread = Math.max(...boots.map((b) => b.at)) - Math.min(...boots.map((b) => b.at));
  assert.ok(spread >= 400, `first Informs spread over ${spread} ms`);
  assert.equal(simulation.device(3).serialNumber, "R103");
});

Deno.test("startSimulation() with no ramp-up boots every device at once (a boot storm)", async () => {
  const seen: SeenInform[] = [];
  const simulation = await startSimulation({
    acsUrl: "http://acs.invalid/cwmp",
    count: 20,
    rampUpSeconds: 0,
    transport: fetchTransportFactory(fakeAcs(seen)),
  });
  try {
    const deadline = Date.now() + 5000;
    while (simulation.stats.snapshot().online < 20 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    simulation.stop();
  }
  await simulation.finished;
  const times = seen.map((s) => s.at);
  assert.equal(times.length, 20);
  assert.ok(Math.max(...times) - Math.min(...times) < 500);
  assert.deepEqual(seen[0]?.events, ["0 BOOTSTRAP", "1 BOOT"]);
});

Deno.test("startSimulation() with value changes opens 4 VALUE CHANGE sessions of its own, about one per interval", async () => {
  const seen: SeenInform[] = [];
  let n = 0;
  const simulation = await startSimulation({
    acsUrl: "http://acs.invalid/cwmp",
    count: 2,
    rampUpSeconds: 0,
    durationSeconds: 1,
    valueChangeSeconds: 0.1,
    // Each device's channel moves up, then down, then up (the two devices take turns reading
    // this sequence): every re-read is a change.
    random: () => (n++ % 4 < 2 ? 0.99 : 0.01),
    transport: fetchTransportFactory(fakeAcs(seen)),
  });
  const summary = await simulation.finished;
  const changes = seen.filter((s) => s.events.join() === "4 VALUE CHANGE").length;
  // Each device: one change per 0.1 s after its boot session, not one per session.
  assert.ok(changes >= 6 && changes <= 24, `${changes} value change sessions`);
  assert.equal(summary.sessions, seen.length);
});

Deno.test("startSimulation() with a state directory keeps one state file per device", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cwmp-simulate-state-" });
  try {
    const simulation = await startSimulation({
      acsUrl: "http://acs.invalid/cwmp",
      count: 3,
      rampUpSeconds: 0,
      durationSeconds: 0.5,
      stateDir: dir,
      transport: fetchTransportFactory(fakeAcs([])),
    });
    await simulation.finished;
    for (const serial of ["SIM1", "SIM2", "SIM3"]) {
      const state = JSON.parse(await Deno.readTextFile(`${dir}/${serial}.json`));
      assert.equal(state.bootstrapped, true);
      assert.equal(
        state.model.values["InternetGatewayDevice.DeviceInfo.SerialNumber"],
        serial,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("startSimulation() impersonates a device dump under its own serial numbers", async () => {
  const seen: SeenInform[] = [];
  const simulation = await startSimulation({
    acsUrl: "http://acs.invalid/cwmp",
    count: 2,
    rampUpSeconds: 0,
    durationSeconds: 0.5,
    model: { csv: await Deno.readTextFile(HUAWEI) },
    transport: fetchTransportFactory(fakeAcs(seen)),
  });
  await simulation.finished;
  assert.deepEqual(seen.map((s) => s.serialNumber).sort(), ["SIM1", "SIM2"]);
});
