/**
 * Files served to CPEs and uploads received from them, through the ACS app in memory:
 * GET/HEAD, Range (206/416), ETag with If-None-Match (304) and If-Range, Digest protection,
 * and PUT uploads bounded in size.
 */

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { type AcsApp, createAcsApp } from "../acs/app.ts";
import { setDeviceCredentials } from "../acs/auth/credentials.ts";
import { createCpeAuth } from "../acs/auth/gate.ts";
import { createTestDb } from "../acs/db/_testing.ts";
import type { AcsDb } from "../acs/db/client.ts";
import { fileChunks, files } from "../acs/db/schema/files.ts";
import { createFileRoutes } from "../acs/files/routes.ts";
import {
  CHUNK_BYTES,
  deleteFile,
  FileError,
  getFile,
  listFiles,
  storeFile,
} from "../acs/files/store.ts";
import { createUploadTarget } from "../acs/files/uploads.ts";
import { createDrizzleStore } from "../acs/store/drizzle_store.ts";
import { answerChallenge } from "../protocol/auth/client.ts";

const FIRMWARE = "1 Firmware Upgrade Image";
const BASE = "http://acs.test";

interface FilesAcs {
  app: AcsApp;
  db: AcsDb;
  clock: { now: number };
  close(): void;
}

async function filesAcs(
  options: { requireAuth?: boolean; maxUploadBytes?: number } = {},
): Promise<FilesAcs> {
  const db = await createTestDb();
  const clock = { now: Date.UTC(2026, 0, 1) };
  const cpeAuth = createCpeAuth(db, { mode: "strict", now: () => clock.now });
  const app = createAcsApp({
    store: createDrizzleStore(db),
    now: () => clock.now,
    cpeAuth,
    fileRoutes: createFileRoutes(db, { ...options, auth: cpeAuth, now: () => clock.now }),
  });
  return { app, db, clock, close: () => db.$client.close() };
}

function bytesOf(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 7 + (i >> 8)) & 0xff;
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function get(
  acs: FilesAcs,
  path: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<Response> {
  return await acs.app.request(`${BASE}${path}`, { method, headers });
}

async function digest(
  challenged: Response,
  method: string,
  path: string,
  user: { username: string; password: string },
): Promise<string> {
  await challenged.body?.cancel();
  const answer = answerChallenge(challenged.headers.get("www-authenticate"), {
    ...user,
    method,
    uri: path,
    cnonce: crypto.randomUUID(),
  });
  assert.ok(answer.ok);
  return answer.authorization;
}

Deno.test("files: GET and HEAD serve a stored file with its ETag and size", async () => {
  const acs = await filesAcs();
  try {
    const content = bytesOf(1000);
    const stored = await storeFile(acs.db, {
      name: "fw 2.0.bin",
      fileType: FIRMWARE,
      oui: "00D09E",
      version: "2.0",
    }, content);
    assert.equal(stored.sha256, sha256(content));
    const whole = await get(acs, "/files/fw%202.0.bin");
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get("etag"), `"${stored.sha256}"`);
    assert.equal(whole.headers.get("content-length"), "1000");
    assert.equal(whole.headers.get("accept-ranges"), "bytes");
    assert.deepEqual(await whole.bytes(), content);
    const head = await get(acs, "/files/fw%202.0.bin", {}, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), "1000");
    assert.equal((await head.bytes()).byteLength, 0);
    const missing = await get(acs, "/files/nope.bin");
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    acs.close();
  }
});

Deno.test("files: Range gives 206 across chunk boundaries, 416 past the end, whole file otherwise", async () => {
  const acs = await filesAcs();
  try {
    const content = bytesOf(CHUNK_BYTES * 2 + 1234);
    await storeFile(acs.db, { name: "big.bin", fileType: FIRMWARE }, content);
    const size = content.byteLength;
    const cases: { range: string; start: number; end: number }[] = [
      {
        range: `bytes=${CHUNK_BYTES - 10}-${CHUNK_BYTES + 9}`,
        start: CHUNK_BYTES - 10,
        end: CHUNK_BYTES + 9,
      },
      { range: "bytes=0-0", start: 0, end: 0 },
      { range: "bytes=-5", start: size - 5, end: size - 1 },
      { range: `bytes=${CHUNK_BYTES * 2}-`, start: CHUNK_BYTES * 2, end: size - 1 },
      { range: `bytes=10-${size * 2}`, start: 10, end: size - 1 },
    ];
    for (const { range, start, end } of cases) {
      const response = await get(acs, "/files/big.bin", { range });
      assert.equal(response.status, 206, range);
      assert.equal(response.headers.get("content-range"), `bytes ${start}-${end}/${size}`, range);
      assert.equal(response.headers.get("content-length"), String(end - start + 1), range);
      assert.deepEqual(await response.bytes(), content.subarray(start, end + 1), range);
    }
    for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 9}`, "bytes=-0"]) {
      const response = await get(acs, "/files/big.bin", { range });
      assert.equal(response.status, 416, range);
      assert.equal(response.headers.get("content-range"), `bytes */${size}`);
      await response.body?.cancel();
    }
    for (const range of ["bytes=0-1,5-6", "items=0-1", "bytes=9-2", "garbage"]) {
      const response = await get(acs, "/files/big.bin", { range });
      assert.equal(response.status, 200, range);
      assert.equal((await response.bytes()).byteLength, size, range);
    }
  } finally {
    acs.close();
  }
});

Deno.test("files: If-None-Match gives 304, If-Range with another ETag gives the whole file", async () => {
  const acs = await filesAcs();
  try {
    const stored = await storeFile(acs.db, {
      name: "cfg.xml",
      fileType: "3 Vendor Configuration File",
    }, bytesOf(100));
    const etag = `"${stored.sha256}"`;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const response = await get(acs, "/files/cfg.xml", { "if-none-match": header });
      assert.equal(response.status, 304, header);
      assert.equal(response.headers.get("etag"), etag);
      assert.equal((await response.bytes()).byteLength, 0);
    }
    const changed = await get(acs, "/files/cfg.xml", { "if-none-match": '"old"' });
    assert.equal(changed.status, 200);
    await changed.body?.cancel();
    const resumed = await get(acs, "/files/cfg.xml", { range: "bytes=50-", "if-range": etag });
    assert.equal(resumed.status, 206);
    await resumed.body?.cancel();
    const restart = await get(acs, "/files/cfg.xml", { range: "bytes=50-", "if-range": '"old"' });
    assert.equal(restart.status, 200);
    assert.equal((await restart.bytes()).byteLength, 100);
  } finally {
    acs.close();
  }
});

Deno.test("storeFile() refuses bad metadata, a taken name and oversize contents, leaving nothing", async () => {
  const acs = await filesAcs();
  try {
    await storeFile(acs.db, { name: "a.bin", fileType: FIRMWARE }, bytesOf(10));
    const refusals: { meta: Parameters<typeof storeFile>[1]; status: number }[] = [
      { meta: { name: "a.bin", fileType: FIRMWARE }, status: 409 },
      { meta: { name: "dir/a.bin", fileType: FIRMWARE }, status: 400 },
      { meta: { name: "..", fileType: FIRMWARE }, status: 400 },
      { meta: { name: "b.bin", fileType: "Firmware" }, status: 400 },
      { meta: { name: "b.bin", fileType: "X 00d09e lower-case OUI" }, status: 400 },
    ];
    for (const { meta, status } of refusals) {
      await assert.rejects(
        storeFile(acs.db, meta, bytesOf(10)),
        (e) => e instanceof FileError && e.status === status,
      );
    }
    await assert.rejects(
      storeFile(
        acs.db,
        { name: "huge.bin", fileType: FIRMWARE },
        new Blob([bytesOf(CHUNK_BYTES * 3)]).stream(),
        {
          maxBytes: CHUNK_BYTES * 2,
        },
      ),
      (e) => e instanceof FileError && e.status === 413,
    );
    assert.equal((await acs.db.select().from(files)).length, 1);
    assert.equal((await acs.db.select().from(fileChunks)).length, 1);

    const replaced = await storeFile(acs.db, { name: "a.bin", fileType: FIRMWARE }, bytesOf(20), {
      replace: true,
    });
    assert.equal(replaced.size, 20);
    assert.equal((await getFile(acs.db, "a.bin"))?.sha256, sha256(bytesOf(20)));
    await storeFile(
      acs.db,
      { name: "c.bin", fileType: "2 Web Content", oui: "00D09E" },
      bytesOf(0),
    );
    assert.deepEqual((await listFiles(acs.db, { oui: "00D09E" })).map((f) => f.name), ["c.bin"]);
    assert.deepEqual((await listFiles(acs.db)).map((f) => f.name).sort(), ["a.bin", "c.bin"]);
    const empty = await get(acs, "/files/c.bin");
    assert.equal(empty.headers.get("content-length"), "0");
    assert.equal((await empty.bytes()).byteLength, 0);
    assert.equal(await deleteFile(acs.db, "a.bin"), true);
    assert.equal(await deleteFile(acs.db, "a.bin"), false);
    assert.equal((await acs.db.select().from(fileChunks)).length, 0);
  } finally {
    acs.close();
  }
});

Deno.test("uploads: a PUT is stored as a file; again replaces it; unknown, expired, oversize refused", async () => {
  const acs = await filesAcs({ maxUploadBytes: 1000 });
  try {
    const target = await createUploadTarget(acs.db, "00D09E-GW-1", "2 Vendor Log File", {
      now: new Date(acs.clock.now),
      ttlMs: 60_000,
    });
    const put = (
      body: BodyInit,
      headers: Record<string, string> = {},
      token = target.token,
    ): Promise<Response> =>
      Promise.resolve(
        acs.app.request(`${BASE}/uploads/${token}`, { method: "PUT", body, headers }),
      );
    const log = new TextEncoder().encode("boot ok\nwan up\n");
    const created = await put(log);
    assert.equal(created.status, 201);
    await created.body?.cancel();
    const [file] = await listFiles(acs.db, { deviceId: "00D09E-GW-1" });
    assert.equal(file?.name, target.fileName);
    assert.match(target.fileName, /^00D09E-GW-1_vendor-log-file_20260101T000000Z_[0-9a-f]{8}$/);
    assert.equal(file?.fileType, "2 Vendor Log File");
    assert.equal(file?.sha256, sha256(log));
    const served = await get(acs, `/files/${encodeURIComponent(target.fileName)}`);
    assert.deepEqual(await served.bytes(), log);

    const again = await put("second log");
    assert.equal(again.status, 204);
    assert.equal((await listFiles(acs.db)).length, 1);
    assert.equal((await getFile(acs.db, target.fileName))?.size, 10);

    const tooBig = await put(new Blob([bytesOf(1001)]).stream());
    assert.equal(tooBig.status, 413);
    await tooBig.body?.cancel();
    const declared = await put(bytesOf(2000));
    assert.equal(declared.status, 413);
    await declared.body?.cancel();
    assert.equal(
      (await getFile(acs.db, target.fileName))?.size,
      10,
      "a refused PUT keeps the old file",
    );
    assert.equal((await acs.db.select().from(files)).length, 1);

    const unknown = await put("x", {}, "0".repeat(32));
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    acs.clock.now += 60_001;
    const expired = await put("x");
    assert.equal(expired.status, 410);
    await expired.body?.cancel();
    await assert.rejects(createUploadTarget(acs.db, "d", "Log"), FileError);
  } finally {
    acs.close();
  }
});

Deno.test("files behind Digest: 401 without credentials, 200 with a device's, uploads only by their device", async () => {
  const acs = await filesAcs({ requireAuth: true });
  try {
    await storeFile(acs.db, { name: "fw.bin", fileType: FIRMWARE }, bytesOf(64));
    const own = { username: "u1", password: "p1" };
    const other = { username: "u2", password: "p2" };
    await setDeviceCredentials(acs.db, "00D09E-GW-1", own);
    await setDeviceCredentials(acs.db, "00D09E-GW-2", other);
    const challenged = await get(acs, "/files/fw.bin");
    assert.equal(challenged.status, 401);
    // An unknown name is challenged the same way: nothing tells which names exist.
    const guessed = await get(acs, "/files/secret.bin");
    assert.equal(guessed.status, 401);
    await guessed.body?.cancel();
    const allowed = await get(acs, "/files/fw.bin", {
      authorization: await digest(challenged, "GET", "/files/fw.bin", own),
    });
    assert.equal(allowed.status, 200);
    assert.equal((await allowed.bytes()).byteLength, 64);
    const wrong = await get(acs, "/files/fw.bin", {
      authorization: await digest(await get(acs, "/files/fw.bin"), "GET", "/files/fw.bin", {
        username: "u1",
        password: "x",
      }),
    });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();

    const target = await createUploadTarget(acs.db, "00D09E-GW-1", "1 Vendor Configuration File", {
      now: new Date(acs.clock.now),
    });
    const put = (authorization?: string): Promise<Response> =>
      Promise.resolve(acs.app.request(`${BASE}${target.path}`, {
        method: "PUT",
        body: "<config/>",
        headers: authorization === undefined ? {} : { authorization },
      }));
    const bare = await put();
    assert.equal(bare.status, 401);
    const foreign = await put(await digest(bare.clone(), "PUT", target.path, other));
    assert.equal(foreign.status, 403);
    await foreign.body?.cancel();
    await bare.body?.cancel();
    // A fresh challenge: the count of the first nonce is used up.
    const mine = await put(await digest(await put(), "PUT", target.path, own));
    assert.equal(mine.status, 201);
    await mine.body?.cancel();
  } finally {
    acs.close();
  }
});
