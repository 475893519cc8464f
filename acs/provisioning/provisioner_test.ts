import assert from "node:assert/strict";
import { cookieOf, createTestAcs, envelopeXml, informMessage, post } from "../_testing.ts";
import type { TestAcs } from "../_testing.ts";
import { presets } from "../db/schema/presets.ts";
import { DEFAULT_RETRY_POLICY } from "../tasks/retry.ts";
import { DEFAULT_BOOTSTRAP_POLICY } from "./bootstrap_policy.ts";
import { createProvisioner } from "./provisioner.ts";
import type { DesiredState, Preset } from "./types.ts";

const IGD = "InternetGatewayDevice.";

async function acsWithProvisioner(bootstrap = true): Promise<TestAcs> {
  const acs = await createTestAcs({}, {
    provisioner: (db, store, now) =>
      createProvisioner({
        db,
        store,
        now,
        log: () => {},
        bootstrap: bootstrap ? DEFAULT_BOOTSTRAP_POLICY : null,
        retryPolicy: DEFAULT_RETRY_POLICY,
        presetCacheMs: 0,
      }),
  });
  acs.clock.now = Date.UTC(2026, 0, 1, 1, 0);
  return acs;
}

async function addPreset(acs: TestAcs, preset: Partial<Preset> & { desired: DesiredState }) {
  const now = new Date(acs.clock.now);
  await acs.db.insert(presets).values({
    id: preset.id ?? "p",
    precondition: preset.precondition ?? {},
    events: preset.events ?? [],
    schedule: preset.schedule ?? null,
    desired: preset.desired,
    weight: preset.weight ?? 0,
    createdAt: now,
    updatedAt: now,
  });
}

/** Runs an Inform and returns the method of the ACS's first request (null: none). */
async function firstRequest(acs: TestAcs, events: string[], serial = "1"): Promise<string | null> {
  const inform = informMessage({
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: serial },
    events: events.map((eventCode) => ({ eventCode, commandKey: "" })),
  });
  const answer = await post(acs.app, envelopeXml(inform));
  assert.equal(answer.status, 200);
  const next = await post(acs.app, null, { cookie: cookieOf(answer) });
  if (next.status === 204) return null;
  const text = await next.text();
  const body = text.slice(text.indexOf("Body>"));
  return /<cwmp:(\w+)/.exec(body)?.[1] ?? text;
}

Deno.test("bootstrap policy runs on first contact even without 0 BOOTSTRAP, not on a later BOOT", async () => {
  const acs = await acsWithProvisioner();
  try {
    assert.equal(await firstRequest(acs, ["1 BOOT"]), "GetParameterValues");
    acs.clock.now += 60_000;
    assert.equal(await firstRequest(acs, ["1 BOOT"]), null);
    acs.clock.now += 60_000;
    assert.equal(await firstRequest(acs, ["0 BOOTSTRAP"]), "GetParameterValues");
  } finally {
    acs.close();
  }
});

Deno.test("with the bootstrap policy off, a new device's session has nothing to do", async () => {
  const acs = await acsWithProvisioner(false);
  try {
    assert.equal(await firstRequest(acs, ["0 BOOTSTRAP"]), null);
  } finally {
    acs.close();
  }
});

Deno.test("a preset applies only to its events, its window and its precondition", async () => {
  const acs = await acsWithProvisioner(false);
  const desired = { values: [{ name: `${IGD}Time.NTPServer1`, value: "ntp" }] };
  try {
    await firstRequest(acs, ["2 PERIODIC"], "A");
    await addPreset(acs, { id: "boot-only", events: ["1 BOOT"], desired });
    assert.equal(await firstRequest(acs, ["2 PERIODIC"], "A"), null);
    assert.equal(await firstRequest(acs, ["1 BOOT"], "A"), "GetParameterValues");
  } finally {
    acs.close();
  }
  const windowed = await acsWithProvisioner(false);
  try {
    // 01:00 UTC: a 02:00-04:00 window is closed, a 00:30-01:30 one is open.
    await addPreset(windowed, {
      id: "night",
      schedule: { cron: "0 2 * * *", durationSeconds: 7200 },
      desired,
    });
    assert.equal(await firstRequest(windowed, ["2 PERIODIC"]), null);
    windowed.clock.now = Date.UTC(2026, 0, 1, 2, 30);
    assert.equal(await firstRequest(windowed, ["2 PERIODIC"]), "GetParameterValues");
  } finally {
    windowed.close();
  }
  const tagged = await acsWithProvisioner(false);
  try {
    await addPreset(tagged, {
      id: "lab",
      precondition: { productClass: "GW", param: [`${IGD}DeviceInfo.SoftwareVersion!=2.0`] },
      desired,
    });
    // The Inform caches SoftwareVersion 1.0 (informMessage's default): the precondition holds.
    assert.equal(await firstRequest(tagged, ["2 PERIODIC"]), "GetParameterValues");
    await tagged.db.update(presets).set({
      precondition: { productClass: "OTHER" },
    });
    assert.equal(await firstRequest(tagged, ["2 PERIODIC"], "B"), null);
  } finally {
    tagged.close();
  }
});
