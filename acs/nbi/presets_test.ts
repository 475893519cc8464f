import assert from "node:assert/strict";
import { ScheduleWindowSchema } from "../provisioning/schemas.ts";
import { createTestNbi, jsonBody, type TestNbi } from "./_testing.ts";

const WIFI = {
  description: "Wi-Fi defaults",
  weight: 10,
  precondition: { oui: "00D09E", tag: ["lab"], param: ["Device.DeviceInfo.UpTime>60"] },
  events: ["1 BOOT"],
  schedule: { cron: "0 2 * * *", durationSeconds: 7200 },
  desired: {
    values: [{ name: "Device.WiFi.SSID.1.SSID", value: "home" }],
    tags: { add: ["wifi"] },
    refresh: [{ path: "Device.DeviceInfo.", maxAgeSeconds: 3600 }],
  },
};

async function put(t: TestNbi, id: string, body: unknown, token?: string): Promise<Response> {
  return await t.call(`/api/presets/${id}`, {
    ...jsonBody("PUT", body),
    ...(token === undefined ? {} : { token }),
  });
}

async function issuesOf(response: Response): Promise<string[]> {
  const body = await response.json();
  return (body.error.issues as { path: (string | number)[] }[]).map((i) => i.path.join("."));
}

Deno.test("PUT /api/presets/:id creates (201) then replaces (200); GET shows it; DELETE removes it", async () => {
  let clock = Date.UTC(2026, 2, 1);
  let changes = 0;
  const t = await createTestNbi({ now: () => clock, onPresetsChanged: () => void changes++ });
  try {
    const created = await put(t, "wifi-defaults", WIFI);
    assert.equal(created.status, 201);
    const stored = await created.json();
    assert.deepEqual(stored, {
      id: "wifi-defaults",
      enabled: true,
      ...WIFI,
      createdAt: "2026-03-01T00:00:00.000Z",
      updatedAt: "2026-03-01T00:00:00.000Z",
    });
    assert.equal(changes, 1);
    assert.deepEqual(await (await t.call("/api/presets/wifi-defaults")).json(), stored);

    clock += 60_000;
    const replaced = await put(t, "wifi-defaults", { desired: { tags: { add: ["x"] } } });
    assert.equal(replaced.status, 200);
    // A replacement is whole: what the body leaves out takes its default.
    assert.deepEqual(await replaced.json(), {
      id: "wifi-defaults",
      description: "",
      enabled: true,
      weight: 0,
      precondition: {},
      events: [],
      schedule: null,
      desired: { tags: { add: ["x"] } },
      createdAt: "2026-03-01T00:00:00.000Z",
      updatedAt: "2026-03-01T00:01:00.000Z",
    });
    assert.equal(changes, 2);

    assert.equal((await t.call("/api/presets/wifi-defaults", { method: "DELETE" })).status, 204);
    assert.equal(changes, 3);
    const gone = await t.call("/api/presets/wifi-defaults");
    assert.equal(gone.status, 404);
    assert.equal((await gone.json()).error.message, "Cannot find preset wifi-defaults");
    assert.equal((await t.call("/api/presets/wifi-defaults", { method: "DELETE" })).status, 404);
    // A failed delete changes nothing, so it does not say so.
    assert.equal(changes, 3);
  } finally {
    t.close();
  }
});

Deno.test("GET /api/presets lists every preset by weight, then id", async () => {
  const t = await createTestNbi();
  try {
    assert.deepEqual(await (await t.call("/api/presets")).json(), { total: 0, items: [] });
    for (const [id, weight] of [["b", 5], ["a", 5], ["late", 100], ["early", -3]] as const) {
      assert.equal((await put(t, id, { weight, desired: {} })).status, 201);
    }
    const list = await (await t.call("/api/presets")).json();
    assert.equal(list.total, 4);
    assert.deepEqual(list.items.map((p: { id: string }) => p.id), ["early", "a", "b", "late"]);
    assert.match(list.items[0].createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  } finally {
    t.close();
  }
});

Deno.test("PUT /api/presets/:id answers 400 naming the bad field, and stores nothing", async () => {
  let changes = 0;
  const t = await createTestNbi({ onPresetsChanged: () => void changes++ });
  try {
    const badFilter = await put(t, "p", { precondition: { param: ["Device.X"] }, desired: {} });
    assert.equal(badFilter.status, 400);
    assert.deepEqual(await issuesOf(badFilter), ["body.precondition.param.0"]);

    const unknown = await put(t, "p", { desired: {}, colour: "blue" });
    assert.equal(unknown.status, 400);
    const unknownBody = await unknown.json();
    assert.equal(unknownBody.error.code, "bad_request");
    assert.match(unknownBody.error.message, /^Invalid body: .*colour/);

    const noDesired = await put(t, "p", { weight: 1 });
    assert.equal(noDesired.status, 400);
    assert.deepEqual(await issuesOf(noDesired), ["body.desired"]);

    const badValue = await put(t, "p", { desired: { values: [{ name: "Device.", value: "1" }] } });
    assert.equal(badValue.status, 400);
    assert.deepEqual(await issuesOf(badValue), ["body.desired.values.0.name"]);

    const badWeight = await put(t, "p", { weight: 1.5, desired: {} });
    assert.deepEqual(await issuesOf(badWeight), ["body.weight"]);

    const shortWindow = await put(t, "p", {
      schedule: { cron: "0 2 * * *", durationSeconds: 5 },
      desired: {},
    });
    assert.deepEqual(await issuesOf(shortWindow), ["body.schedule.durationSeconds"]);

    const notJson = await t.call("/api/presets/p", {
      method: "PUT",
      body: "{",
      headers: { "content-type": "application/json" },
    });
    assert.equal(notJson.status, 400);
    assert.match((await notJson.json()).error.message, /^Invalid body: not JSON/);

    const badId = await put(t, "no%20spaces", { desired: {} });
    assert.equal(badId.status, 400);
    assert.deepEqual(await issuesOf(badId), ["path.id"]);
    assert.equal((await t.call(`/api/presets/${"x".repeat(65)}`)).status, 400);
    assert.equal((await t.call("/api/presets/a%2Fb", { method: "DELETE" })).status, 400);

    assert.equal(changes, 0);
    assert.equal((await (await t.call("/api/presets")).json()).total, 0);
  } finally {
    t.close();
  }
});

Deno.test("PUT /api/presets/:id rejects a schedule whenever ScheduleWindowSchema does", async () => {
  const t = await createTestNbi();
  try {
    const schedule = { cron: "every night at two", durationSeconds: 3600 };
    const response = await put(t, "nightly", { schedule, desired: {} });
    // The cron syntax check belongs to the schema; the route must follow it either way.
    if (ScheduleWindowSchema.safeParse(schedule).success) {
      assert.equal(response.status, 201);
    } else {
      assert.equal(response.status, 400);
      const [where = ""] = await issuesOf(response);
      assert.ok(where.startsWith("body.schedule"), where);
    }
  } finally {
    t.close();
  }
});

Deno.test("a read-only token reads presets but gets 403 on writes", async () => {
  let changes = 0;
  const t = await createTestNbi({ onPresetsChanged: () => void changes++ });
  try {
    assert.equal((await put(t, "p", WIFI)).status, 201);
    const ro = t.readOnlyToken;
    assert.equal((await t.call("/api/presets", { token: ro })).status, 200);
    assert.equal((await t.call("/api/presets/p", { token: ro })).status, 200);
    assert.equal((await put(t, "p", { desired: {} }, ro)).status, 403);
    assert.equal((await t.call("/api/presets/p", { method: "DELETE", token: ro })).status, 403);
    assert.equal((await t.call("/api/presets", { token: null })).status, 401);
    assert.equal(changes, 1);
    assert.equal((await (await t.call("/api/presets/p")).json()).weight, 10);
  } finally {
    t.close();
  }
});

Deno.test("the OpenAPI document describes the preset routes and the preset body", async () => {
  const t = await createTestNbi();
  try {
    const doc = await (await t.call("/api/openapi.json", { token: null })).json();
    const item = doc.paths["/api/presets/{id}"];
    assert.deepEqual(Object.keys(item).sort(), ["delete", "get", "put"]);
    assert.ok(doc.paths["/api/presets"].get);
    const put = item.put;
    assert.deepEqual(Object.keys(put.responses).sort(), ["200", "201", "400", "401", "403"]);
    const schema = put.requestBody.content["application/json"].schema;
    assert.deepEqual(schema.required, ["desired"]);
    assert.equal(schema.additionalProperties, false);
    assert.equal(put.parameters[0].schema.pattern, "^[A-Za-z0-9._-]{1,64}$");
  } finally {
    t.close();
  }
});
