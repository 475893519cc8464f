import assert from "node:assert/strict";
import { createFileRoutes } from "../files/routes.ts";
import { createTestNbi } from "./_testing.ts";

const TYPE = "1 Firmware Upgrade Image";

function upload(query: string, body: BodyInit): RequestInit & { path: string } {
  return { path: `/api/files?${query}`, method: "POST", body };
}

Deno.test("files round-trip: upload streamed, list, metadata, content, CWMP URL, delete", async () => {
  const t = await createTestNbi();
  try {
    // Larger than one 256 KiB chunk, sent as a stream of small pieces.
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const stream = new Blob([bytes]).stream();
    const { path, ...init } = upload(
      `name=fw-2.0.bin&type=${encodeURIComponent(TYPE)}&oui=00D09E&productClass=GW&version=2.0`,
      stream,
    );
    const created = await t.call(path, init);
    assert.equal(created.status, 201);
    const file = await created.json();
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0"))
      .join("");
    assert.deepEqual({ ...file, createdAt: undefined }, {
      id: file.id,
      name: "fw-2.0.bin",
      type: TYPE,
      oui: "00D09E",
      productClass: "GW",
      version: "2.0",
      size: 300_000,
      sha256,
      createdAt: undefined,
      url: "/files/fw-2.0.bin",
    });
    const list = await (await t.call("/api/files")).json();
    assert.equal(list.total, 1);
    assert.deepEqual(list.items[0], file);
    assert.equal((await (await t.call("/api/files?type=2%20Web%20Content")).json()).total, 0);
    assert.deepEqual(await (await t.call(`/api/files/${file.id}`)).json(), file);
    const content = await t.call(`/api/files/${file.id}/content`);
    assert.equal(content.status, 200);
    assert.equal(content.headers.get("etag"), `"${sha256}"`);
    assert.deepEqual(new Uint8Array(await content.arrayBuffer()), bytes);
    // The URL is what the CWMP listener serves to CPEs.
    const served = await createFileRoutes(t.acs.db).request(file.url);
    assert.equal(served.status, 200);
    assert.equal((await served.arrayBuffer()).byteLength, 300_000);
    assert.equal((await t.call(`/api/files/${file.id}`, { method: "DELETE" })).status, 204);
    assert.equal((await t.call(`/api/files/${file.id}`)).status, 404);
    assert.equal((await t.call(`/api/files/${file.id}/content`)).status, 404);
    assert.equal((await t.call(`/api/files/${file.id}`, { method: "DELETE" })).status, 404);
  } finally {
    t.close();
  }
});

Deno.test("POST /api/files answers 400, 409 and 413 with reasons", async () => {
  const t = await createTestNbi({ maxUploadBytes: 10 });
  try {
    const send = async (query: string, body: BodyInit): Promise<[number, string]> => {
      const { path, ...init } = upload(query, body);
      const response = await t.call(path, init);
      return [response.status, (await response.json()).error?.message ?? ""];
    };
    const type = `type=${encodeURIComponent(TYPE)}`;
    assert.equal((await send(`name=a.bin&${type}`, "1234"))[0], 201);
    const [taken, takenWhy] = await send(`name=a.bin&${type}`, "5678");
    assert.equal(taken, 409);
    assert.match(takenWhy, /exists/);
    const [missing, missingWhy] = await send("name=b.bin", "x");
    assert.equal(missing, 400);
    assert.match(missingWhy, /type/);
    const [badType] = await send("name=b.bin&type=firmware", "x");
    assert.equal(badType, 400);
    const [badName] = await send(`name=${encodeURIComponent("../b")}&${type}`, "x");
    assert.equal(badName, 400);
    const [large, largeWhy] = await send(`name=c.bin&${type}`, "01234567890");
    assert.equal(large, 413);
    assert.match(largeWhy, /exceeds 10 bytes/);
    // Without a Content-Length the limit holds while the body streams in.
    const [streamed] = await send(
      `name=d.bin&${type}`,
      new Blob([new Uint8Array(11)]).stream(),
    );
    assert.equal(streamed, 413);
    assert.equal((await (await t.call("/api/files")).json()).total, 1);
  } finally {
    t.close();
  }
});

Deno.test("files: with the ACS's public URL known, a file's URL is whole", async () => {
  const t = await createTestNbi({ publicUrl: "https://acs.example:7547/cwmp" });
  try {
    const { path, ...init } = upload(`name=fw%201.bin&type=${encodeURIComponent(TYPE)}`, "abc");
    const file = await (await t.call(path, init)).json();
    assert.equal(file.url, "https://acs.example:7547/files/fw%201.bin");
    assert.equal((await (await t.call("/api/files")).json()).items[0].url, file.url);
  } finally {
    t.close();
  }
});
