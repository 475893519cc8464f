import assert from "node:assert/strict";
import { getDeviceCredentials } from "../auth/credentials.ts";
import { runSession } from "../../test/fixtures/acs_cpe.ts";
import { createTestNbi, jsonBody, type TestNbi } from "./_testing.ts";

const IGD = "InternetGatewayDevice";

/** Three devices: serials 1-3, informing a day apart, with versions and uptimes. */
async function threeDevices(t: TestNbi): Promise<void> {
  const specs = [
    { serial: "1", oui: "00D09E", productClass: "GW", version: "1.0", uptime: "9" },
    { serial: "2", oui: "00D09E", productClass: "AP", version: "2.0", uptime: "10" },
    { serial: "3", oui: "A1B2C3", productClass: "GW", version: "2.0-beta", uptime: "100" },
  ];
  for (const [i, spec] of specs.entries()) {
    t.acs.clock.now = Date.UTC(2026, 0, 1 + i);
    await runSession(t.acs.app, {
      inform: {
        deviceId: {
          manufacturer: "Acme",
          oui: spec.oui,
          productClass: spec.productClass,
          serialNumber: spec.serial,
        },
        events: [{ eventCode: i === 0 ? "1 BOOT" : "2 PERIODIC", commandKey: "" }],
        parameterList: [
          { name: `${IGD}.DeviceInfo.SoftwareVersion`, type: "string", value: spec.version },
          { name: `${IGD}.DeviceInfo.UpTime`, type: "unsignedInt", value: spec.uptime },
        ],
      },
    });
  }
}

async function ids(t: TestNbi, query: string): Promise<string[]> {
  const response = await t.call(`/api/devices?${query}`);
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.items.map((d: { id: string }) => d.id);
}

Deno.test("GET /api/devices pages with totals and sorts", async () => {
  const t = await createTestNbi();
  try {
    await threeDevices(t);
    const page = await (await t.call("/api/devices?limit=2")).json();
    assert.equal(page.total, 3);
    assert.deepEqual(page.items.map((d: { id: string }) => d.id), ["00D09E-AP-2", "00D09E-GW-1"]);
    const [first] = page.items;
    assert.equal(first.softwareVersion, "2.0");
    assert.equal(first.lastInform, "2026-01-02T00:00:00.000Z");
    assert.equal(first.lastBoot, null);
    assert.deepEqual(first.tags, []);
    const rest = await (await t.call("/api/devices?limit=2&offset=2")).json();
    assert.equal(rest.total, 3);
    assert.deepEqual(rest.items.map((d: { id: string }) => d.id), ["A1B2C3-GW-3"]);
    assert.deepEqual(await ids(t, "sort=lastInform:desc"), [
      "A1B2C3-GW-3",
      "00D09E-AP-2",
      "00D09E-GW-1",
    ]);
    assert.deepEqual(await ids(t, "sort=productClass"), [
      "00D09E-AP-2",
      "00D09E-GW-1",
      "A1B2C3-GW-3",
    ]);
    assert.deepEqual(await ids(t, "sort=oui:desc&limit=1"), ["A1B2C3-GW-3"]);
  } finally {
    t.close();
  }
});

Deno.test("GET /api/devices applies every filter", async () => {
  const t = await createTestNbi();
  try {
    await threeDevices(t);
    assert.deepEqual(await ids(t, "id=00D09E-GW-1"), ["00D09E-GW-1"]);
    assert.deepEqual(await ids(t, "oui=A1B2C3"), ["A1B2C3-GW-3"]);
    assert.deepEqual(await ids(t, "productClass=GW"), ["00D09E-GW-1", "A1B2C3-GW-3"]);
    assert.deepEqual(await ids(t, "softwareVersion=2.0"), ["00D09E-AP-2"]);
    assert.deepEqual(await ids(t, "informedBefore=2026-01-02T00:00:00Z"), ["00D09E-GW-1"]);
    assert.deepEqual(await ids(t, "informedAfter=2026-01-02T00:00:00Z"), ["A1B2C3-GW-3"]);
    assert.equal(
      (await t.call("/api/devices/A1B2C3-GW-3/tags/lab", { method: "PUT" })).status,
      204,
    );
    assert.deepEqual(await ids(t, "tag=lab"), ["A1B2C3-GW-3"]);
    const up = `${IGD}.DeviceInfo.UpTime`;
    const sw = `${IGD}.DeviceInfo.SoftwareVersion`;
    const param = (filter: string): Promise<string[]> =>
      ids(t, `param=${encodeURIComponent(filter)}`);
    // Numeric when both sides are numbers: 10 > 9, though "10" < "9" as text.
    assert.deepEqual(await param(`${up}>9`), ["00D09E-AP-2", "A1B2C3-GW-3"]);
    assert.deepEqual(await param(`${up}>=10`), ["00D09E-AP-2", "A1B2C3-GW-3"]);
    assert.deepEqual(await param(`${up}<10`), ["00D09E-GW-1"]);
    assert.deepEqual(await param(`${up}<=10`), ["00D09E-AP-2", "00D09E-GW-1"]);
    assert.deepEqual(await param(`${up}=100`), ["A1B2C3-GW-3"]);
    assert.deepEqual(await param(`${up}=100.0`), ["A1B2C3-GW-3"]);
    assert.deepEqual(await param(`${sw}~beta`), ["A1B2C3-GW-3"]);
    assert.deepEqual(await param(`${sw}=2.0-beta`), ["A1B2C3-GW-3"]);
    // Text comparison when the value is not a number.
    assert.deepEqual(await param(`${sw}>2.0-a`), ["A1B2C3-GW-3"]);
    assert.deepEqual(await param(`${IGD}.Missing=1`), []);
    // Filters combine; a repeated param must hold for each.
    assert.deepEqual(
      await ids(t, `productClass=GW&param=${encodeURIComponent(`${up}>9`)}`),
      ["A1B2C3-GW-3"],
    );
    assert.deepEqual(
      await ids(
        t,
        `param=${encodeURIComponent(`${up}>9`)}&param=${encodeURIComponent(`${up}<100`)}`,
      ),
      ["00D09E-AP-2"],
    );
  } finally {
    t.close();
  }
});

Deno.test("GET /api/devices answers 400 naming what is wrong", async () => {
  const t = await createTestNbi();
  try {
    const cases: [string, RegExp][] = [
      ["limit=0", /limit/],
      ["limit=1001", /limit/],
      ["offset=-1", /offset/],
      ["sort=serial", /sort/],
      ["informedBefore=yesterday", /informedBefore/],
      ["param=NoOperator", /param/],
      ["colour=red", /colour/],
      ["oui=A&oui=B", /oui/],
    ];
    for (const [query, pattern] of cases) {
      const response = await t.call(`/api/devices?${query}`);
      assert.equal(response.status, 400, query);
      const body = await response.json();
      assert.equal(body.error.code, "bad_request");
      assert.match(body.error.message, pattern, query);
      assert.ok(Array.isArray(body.error.issues), query);
    }
  } finally {
    t.close();
  }
});

Deno.test("GET /api/devices/:id shows parameters, by prefix; 404 for an unknown id", async () => {
  const t = await createTestNbi();
  try {
    await threeDevices(t);
    const device = await (await t.call("/api/devices/00D09E-GW-1")).json();
    assert.equal(device.serialNumber, "1");
    assert.equal(device.lastBoot, "2026-01-01T00:00:00.000Z");
    assert.deepEqual(device.parameters.map((p: { path: string }) => p.path), [
      `${IGD}.DeviceInfo.SoftwareVersion`,
      `${IGD}.DeviceInfo.UpTime`,
    ]);
    assert.equal(device.parameters[1].type, "unsignedInt");
    const some = await (await t.call(`/api/devices/00D09E-GW-1?prefix=${IGD}.DeviceInfo.Up`))
      .json();
    assert.deepEqual(some.parameters.map((p: { value: string }) => p.value), ["9"]);
    const missing = await t.call("/api/devices/nobody");
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "not_found");
  } finally {
    t.close();
  }
});

Deno.test("tags are added and removed idempotently; DELETE forgets a device", async () => {
  const t = await createTestNbi();
  try {
    await threeDevices(t);
    const tag = (method: string, name: string): Promise<Response> =>
      t.call(`/api/devices/00D09E-GW-1/tags/${encodeURIComponent(name)}`, { method });
    for (const name of ["a", "b b", "a"]) assert.equal((await tag("PUT", name)).status, 204);
    assert.deepEqual((await (await t.call("/api/devices/00D09E-GW-1")).json()).tags, ["a", "b b"]);
    for (const name of ["a", "a"]) assert.equal((await tag("DELETE", name)).status, 204);
    assert.deepEqual((await (await t.call("/api/devices/00D09E-GW-1")).json()).tags, ["b b"]);
    const unknown = await t.call("/api/devices/nobody/tags/x", { method: "PUT" });
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    assert.equal((await t.call("/api/devices/00D09E-GW-1", { method: "DELETE" })).status, 204);
    const gone = await t.call("/api/devices/00D09E-GW-1", { method: "DELETE" });
    assert.equal(gone.status, 404);
    await gone.body?.cancel();
    assert.equal((await (await t.call("/api/devices")).json()).total, 2);
  } finally {
    t.close();
  }
});

Deno.test("PUT /api/devices/:id/credentials provisions, 400 on bad input", async () => {
  const t = await createTestNbi();
  try {
    const ok = await t.call(
      "/api/devices/00D09E-GW-9/credentials",
      jsonBody("PUT", { username: "u9", password: "p9" }),
    );
    assert.equal(ok.status, 204);
    assert.equal((await getDeviceCredentials(t.acs.db, "00D09E-GW-9"))?.password, "p9");
    const colon = await t.call(
      "/api/devices/00D09E-GW-9/credentials",
      jsonBody("PUT", { username: "u:9", password: "p9" }),
    );
    assert.equal(colon.status, 400);
    assert.match((await colon.json()).error.message, /contains ':'/);
    const missing = await t.call(
      "/api/devices/00D09E-GW-9/credentials",
      jsonBody("PUT", { username: "u9" }),
    );
    assert.equal(missing.status, 400);
    assert.deepEqual((await missing.json()).error.issues[0].path, ["body", "password"]);
    const notJson = await t.call("/api/devices/d/credentials", { method: "PUT", body: "{" });
    assert.equal(notJson.status, 400);
    assert.match((await notJson.json()).error.message, /not JSON/);
  } finally {
    t.close();
  }
});

Deno.test("DELETE /api/devices/:id/credentials forgets them; 404 when there are none", async () => {
  const t = await createTestNbi();
  try {
    const path = "/api/devices/00D09E-GW-9/credentials";
    await t.call(path, jsonBody("PUT", { username: "u9", password: "p9" }));
    const readOnly = await t.call(path, { method: "DELETE", token: t.readOnlyToken });
    assert.equal(readOnly.status, 403);
    await readOnly.body?.cancel();
    assert.equal((await t.call(path, { method: "DELETE" })).status, 204);
    assert.equal(await getDeviceCredentials(t.acs.db, "00D09E-GW-9"), undefined);
    const again = await t.call(path, { method: "DELETE" });
    assert.equal(again.status, 404);
    assert.match((await again.json()).error.message, /Cannot find credentials of 00D09E-GW-9/);
  } finally {
    t.close();
  }
});

Deno.test("POST /api/credentials/import stores every line or names the bad one", async () => {
  const t = await createTestNbi();
  try {
    const csv = (text: string): RequestInit => ({
      method: "POST",
      body: text,
      headers: { "content-type": "text/csv" },
    });
    const good = await t.call(
      "/api/credentials/import",
      csv('deviceId,username,password\nd1,u1,p1\r\n\nd2,u2,"p,2",cru2,crp2\n'),
    );
    assert.equal(good.status, 200);
    assert.deepEqual(await good.json(), { imported: 2 });
    const d2 = await getDeviceCredentials(t.acs.db, "d2");
    assert.equal(d2?.password, "p,2");
    assert.equal(d2?.connectionRequestPassword, "crp2");
    const bad = await t.call("/api/credentials/import", csv("d3,u3,p3\nd4,u4\n"));
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /line 2: expected 3 or 5 fields/);
    assert.equal(await getDeviceCredentials(t.acs.db, "d3"), undefined);
    const taken = await t.call("/api/credentials/import", csv("d5,u5,p5\nd6,u1,p6\n"));
    assert.equal(taken.status, 400);
    assert.match((await taken.json()).error.message, /line 2: username "u1" belongs to d1/);
    assert.equal(await getDeviceCredentials(t.acs.db, "d5"), undefined);
  } finally {
    t.close();
  }
});

Deno.test("a device id with escapes (serial 'a/b c') is reached percent-encoded", async () => {
  const t = await createTestNbi();
  try {
    await runSession(t.acs.app, {
      inform: {
        deviceId: {
          manufacturer: "Acme",
          oui: "00D09E",
          productClass: "GW",
          serialNumber: "a/b c",
        },
      },
    });
    const [id = ""] = await ids(t, "");
    assert.equal(id, "00D09E-GW-a%2Fb%20c");
    const path = `/api/devices/${encodeURIComponent(id)}`;
    assert.equal((await (await t.call(path)).json()).serialNumber, "a/b c");
    assert.equal((await t.call(`${path}/tags/x`, { method: "PUT" })).status, 204);
    assert.deepEqual(await ids(t, "tag=x"), [id]);
  } finally {
    t.close();
  }
});

Deno.test("NBI answers 413 to a body above the limit", async () => {
  const t = await createTestNbi({ maxBodyBytes: 100 });
  try {
    const response = await t.call("/api/credentials/import", {
      method: "POST",
      body: `d1,u1,${"p".repeat(200)}\n`,
      headers: { "content-type": "text/csv" },
    });
    assert.equal(response.status, 413);
    assert.match((await response.json()).error.message, /exceeds 100 bytes/);
  } finally {
    t.close();
  }
});
