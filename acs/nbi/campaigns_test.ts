import assert from "node:assert/strict";
import { createCampaignRunner } from "../campaigns/runner.ts";
import { devices } from "../db/schema/devices.ts";
import { storeFile } from "../files/store.ts";
import { createTestNbi, jsonBody, type TestNbi } from "./_testing.ts";
import {
  CampaignDeviceListSchema,
  CampaignListSchema,
  CampaignSchema,
} from "./campaign_schemas.ts";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

async function withNbi(fn: (t: TestNbi) => Promise<void>): Promise<void> {
  const t = await createTestNbi();
  try {
    const time = new Date(Date.UTC(2026, 0, 1));
    await t.acs.db.insert(devices).values(Array.from({ length: 5 }, (_, i) => ({
      id: `00D09E-GW-${i}`,
      manufacturer: "Acme",
      oui: "00D09E",
      productClass: "GW",
      serialNumber: String(i),
      cwmpVersion: "1.0",
      firstInform: time,
      lastInform: time,
    })));
    await fn(t);
  } finally {
    t.close();
  }
}

const REBOOT_ALL = { name: "reboot all", action: { kind: "reboot" }, target: { query: {} } };

async function create(t: TestNbi, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await t.call("/api/campaigns", jsonBody("POST", body));
  const json = await response.json();
  assert.equal(response.status, 201, JSON.stringify(json));
  return json;
}

async function errorOf(response: Response, status: number): Promise<string> {
  const body = await response.json();
  assert.equal(response.status, status, JSON.stringify(body));
  return body.error.message;
}

Deno.test("POST /api/campaigns creates a draft, or a started campaign with start: true", async () => {
  await withNbi(async (t) => {
    const draft = await create(t, { ...REBOOT_ALL, batchSize: 2 });
    assert.equal(draft.state, "draft");
    assert.equal(draft.concurrency, 50);
    assert.equal(draft.deviceTimeoutSeconds, 3600);
    assert.equal(draft.window, null);
    assert.equal(draft.startedAt, null);
    assert.match(String(draft.createdAt), ISO);
    assert.deepEqual(draft.counts, {
      total: 0,
      pending: 0,
      in_progress: 0,
      done: 0,
      faulted: 0,
      skipped: 0,
    });
    assert.equal(draft.batches, 0);
    assert.equal(draft.currentBatch, null);
    const started = await create(t, { ...REBOOT_ALL, batchPercent: 40, start: true });
    assert.equal(started.state, "running");
    assert.equal(started.batchSize, 2);
    assert.equal(started.batches, 3);
    assert.equal(started.currentBatch, 0);
    assert.equal((started.counts as { pending: number }).pending, 5);
    assert.match(String(started.startedAt), ISO);
    // The answers are what the document says.
    CampaignSchema.parse(draft);
    CampaignSchema.parse(started);
    CampaignListSchema.parse(await (await t.call("/api/campaigns")).json());
    CampaignDeviceListSchema.parse(
      await (await t.call(`/api/campaigns/${started.id}/devices`)).json(),
    );
  });
});

Deno.test("POST /api/campaigns refuses bad bodies with 400 and the reason", async () => {
  await withNbi(async (t) => {
    const post = (body: unknown): Promise<Response> =>
      t.call("/api/campaigns", jsonBody("POST", body));
    assert.match(
      await errorOf(await post({ ...REBOOT_ALL, batchSize: 2, batchPercent: 5 }), 400),
      /give batchSize or batchPercent, not both/,
    );
    assert.match(
      await errorOf(await post({ ...REBOOT_ALL, action: { kind: "explode" } }), 400),
      /^Invalid body: action/,
    );
    assert.match(
      await errorOf(
        await post({ ...REBOOT_ALL, action: { kind: "firmware", file: "x.bin" } }),
        400,
      ),
      /no file named 'x.bin'/,
    );
    assert.match(
      await errorOf(
        await post({ ...REBOOT_ALL, window: { cron: "0 25 * * *", durationSeconds: 600 } }),
        400,
      ),
      /window.cron/,
    );
    const bad = await t.call("/api/campaigns", { method: "POST", body: "{" });
    assert.match(await errorOf(bad, 400), /not JSON/);
  });
});

Deno.test("GET /api/campaigns lists newest first, filters by state and pages", async () => {
  await withNbi(async (t) => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await create(t, { ...REBOOT_ALL, name: `c${i}` })).id);
    await t.call(`/api/campaigns/${ids[1]}/start`, { method: "POST" });
    const all = await (await t.call("/api/campaigns?limit=2")).json();
    assert.equal(all.total, 3);
    assert.deepEqual(all.items.map((c: { name: string }) => c.name), ["c2", "c1"]);
    const next = await (await t.call("/api/campaigns?limit=2&offset=2")).json();
    assert.deepEqual(next.items.map((c: { name: string }) => c.name), ["c0"]);
    const running = await (await t.call("/api/campaigns?state=running")).json();
    assert.equal(running.total, 1);
    assert.equal(running.items[0].id, ids[1]);
    assert.equal(running.items[0].counts.total, 5);
    assert.match(await errorOf(await t.call("/api/campaigns?state=dozing"), 400), /state/);
    assert.match(await errorOf(await t.call("/api/campaigns?limit=0"), 400), /limit/);
  });
});

Deno.test("POST /api/campaigns/:id/start|pause|resume|cancel: 200, or 409 with the reason", async () => {
  await withNbi(async (t) => {
    const { id } = await create(t, REBOOT_ALL);
    const act = (verb: string): Promise<Response> =>
      t.call(`/api/campaigns/${id}/${verb}`, { method: "POST" });
    assert.equal(
      await errorOf(await act("resume"), 409),
      `Cannot resume campaign ${id}: it is draft; start it instead`,
    );
    const started = await act("start");
    assert.equal(started.status, 200);
    assert.equal((await started.json()).state, "running");
    assert.match(await errorOf(await act("start"), 409), /it is already running/);
    assert.equal((await (await act("pause")).json()).state, "paused");
    const resumed = await (await act("resume")).json();
    assert.equal(resumed.state, "running");
    assert.equal(resumed.faultedAtResume, 0);
    const cancelled = await (await act("cancel")).json();
    assert.equal(cancelled.state, "cancelled");
    assert.equal(cancelled.counts.skipped, 5);
    assert.match(await errorOf(await act("pause"), 409), /it is cancelled/);
    assert.equal(
      await errorOf(await t.call("/api/campaigns/999/start", { method: "POST" }), 404),
      "Cannot find campaign 999",
    );
    assert.match(await errorOf(await t.call("/api/campaigns/abc"), 400), /Invalid path/);
  });
});

Deno.test("GET /api/campaigns/:id/devices pages the devices with their outcomes", async () => {
  await withNbi(async (t) => {
    const { id } = await create(t, {
      ...REBOOT_ALL,
      target: { devices: ["00D09E-GW-3", "00D09E-GW-1", "ghost"] },
      concurrency: 1,
      start: true,
    });
    const runner = createCampaignRunner({
      db: t.acs.db,
      connectionRequest: { fetch: () => Promise.reject(new TypeError("unreachable")) },
    });
    await runner.tick();
    const all = await (await t.call(`/api/campaigns/${id}/devices`)).json();
    assert.equal(all.total, 3);
    assert.deepEqual(all.items.map((d: { deviceId: string }) => d.deviceId), [
      "00D09E-GW-1",
      "00D09E-GW-3",
      "ghost",
    ]);
    const [first] = all.items;
    assert.equal(first.state, "in_progress");
    assert.equal(first.batch, 0);
    assert.equal(typeof first.taskId, "number");
    assert.match(first.startedAt, ISO);
    assert.equal(first.finishedAt, null);
    const skipped = await (await t.call(`/api/campaigns/${id}/devices?state=skipped`)).json();
    assert.deepEqual(skipped.items, [{
      deviceId: "ghost",
      batch: 0,
      state: "skipped",
      taskId: null,
      reason: "unknown device",
      startedAt: null,
      finishedAt: skipped.items[0].finishedAt,
    }]);
    const page = await (await t.call(`/api/campaigns/${id}/devices?limit=1&offset=1`)).json();
    assert.deepEqual(page.items.map((d: { deviceId: string }) => d.deviceId), ["00D09E-GW-3"]);
    assert.equal(page.total, 3);
    assert.equal((await t.call("/api/campaigns/999/devices")).status, 404);
    await runner.stop();
  });
});

Deno.test("DELETE /api/campaigns/:id: 409 while running, 204 after, then 404", async () => {
  await withNbi(async (t) => {
    const { id } = await create(t, { ...REBOOT_ALL, start: true });
    const remove = (): Promise<Response> => t.call(`/api/campaigns/${id}`, { method: "DELETE" });
    assert.match(await errorOf(await remove(), 409), /it is running; pause or cancel it first/);
    await t.call(`/api/campaigns/${id}/cancel`, { method: "POST" });
    assert.equal((await remove()).status, 204);
    assert.equal((await remove()).status, 404);
    assert.equal((await t.call(`/api/campaigns/${id}`)).status, 404);
  });
});

Deno.test("read-only tokens read campaigns but get 403 on every write", async () => {
  await withNbi(async (t) => {
    const { id } = await create(t, REBOOT_ALL);
    const token = t.readOnlyToken;
    assert.equal((await t.call(`/api/campaigns/${id}`, { token })).status, 200);
    assert.equal((await t.call("/api/campaigns", { token })).status, 200);
    assert.equal((await t.call(`/api/campaigns/${id}/devices`, { token })).status, 200);
    const writes: [string, RequestInit][] = [
      ["/api/campaigns", jsonBody("POST", REBOOT_ALL)],
      [`/api/campaigns/${id}/start`, { method: "POST" }],
      [`/api/campaigns/${id}`, { method: "DELETE" }],
    ];
    for (const [path, init] of writes) {
      assert.match(await errorOf(await t.call(path, { ...init, token }), 403), /read-only/);
    }
    assert.equal((await t.call(`/api/campaigns/${id}`)).status, 200, "still there");
  });
});

Deno.test("GET /api/campaigns/:id tells when the window of a waiting campaign opens", async () => {
  await withNbi(async (t) => {
    await storeFile(t.acs.db, {
      name: "fw.bin",
      fileType: "1 Firmware Upgrade Image",
      version: "2.0",
    }, new Uint8Array(2));
    const now = Date.now();
    const hour = new Date(now + 2 * 3600_000).getUTCHours();
    const campaign = await create(t, {
      ...REBOOT_ALL,
      action: { kind: "firmware", file: "fw.bin" },
      window: { cron: `0 ${hour} * * *`, durationSeconds: 600 },
      start: true,
    });
    assert.deepEqual(campaign.action, { kind: "firmware", file: "fw.bin", softwareVersion: "2.0" });
    const opens = Date.parse(String(campaign.windowOpensAt));
    assert.equal(new Date(opens).getUTCHours(), hour);
    assert.equal(new Date(opens).getUTCMinutes(), 0);
    assert.ok(opens > now && opens <= now + 2 * 3600_000, String(campaign.windowOpensAt));
    const always = await create(t, { ...REBOOT_ALL, start: true });
    assert.equal("windowOpensAt" in always, false);
  });
});
