/**
 * The file routes of the CWMP listener: `GET`/`HEAD /files/<name>` serves stored files to
 * CPEs (Range, ETag, If-None-Match, If-Range), `PUT /uploads/<token>` receives a CPE's upload.
 *
 * @module
 */

import { Hono } from "hono";
import type { Context } from "hono";
import type { CpeAuth } from "../auth/gate.ts";
import type { AcsLog } from "../cwmp/context.ts";
import type { AcsDb } from "../db/client.ts";
import { ifRangeHolds, noneMatch, parseRange } from "./http.ts";
import { FileError, getFile, readFileRange, type StoredFile, storeFile } from "./store.ts";
import { findUploadTarget, markUploadReceived } from "./uploads.ts";

/** Options of {@link createFileRoutes}. */
export interface FileRoutesOptions {
  /** Require the credentials of some device (Digest; Basic over TLS) to download, and the
   * uploading device's own to upload. Needs `auth`. Default false. */
  requireAuth?: boolean;
  /** The CPE authentication whose credentials are checked. */
  auth?: CpeAuth;
  /** Largest upload accepted (default 64 MiB); larger gets 413. */
  maxUploadBytes?: number;
  now?: () => number;
  log?: AcsLog;
}

/**
 * Creates the file routes, to mount on the ACS app (`createAcsApp({ fileRoutes })`).
 *
 * @param db A migrated database.
 * @param options Authentication, upload limit, clock and log.
 * @returns A Hono app with the two routes.
 * @throws {TypeError} `requireAuth` without `auth`.
 *
 * @example Usage
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createFileRoutes } from "./routes.ts";
 * import { storeFile } from "./store.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * await storeFile(db, { name: "fw.bin", fileType: "1 Firmware Upgrade Image" },
 *   new TextEncoder().encode("0123456789"));
 * const routes = createFileRoutes(db);
 * const part = await routes.request("/files/fw.bin", { headers: { range: "bytes=2-4" } });
 * if (part.status !== 206 || (await part.text()) !== "234") throw new Error("unexpected");
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, 3.4.3 File Transfers, A.3.2.8 Download and A.4.1.5 Upload
 */
export function createFileRoutes(db: AcsDb, options: FileRoutesOptions = {}): Hono {
  if (options.requireAuth && options.auth === undefined) {
    throw new TypeError("Cannot protect files: requireAuth needs auth");
  }
  const now = options.now ?? Date.now;
  const log = options.log ?? ((): void => {});
  const routes = new Hono();
  routes.on(["GET", "HEAD"], "/files/:name", async (c) => {
    // Authenticate first: a 404 before the challenge would tell anyone which names exist.
    if (options.requireAuth && options.auth !== undefined) {
      const auth = await options.auth.authenticate(c.req.raw);
      if (!auth.ok) return auth.response;
    }
    const file = await getFile(db, c.req.param("name"));
    if (file === undefined) return text(404, "Not found");
    return serveFile(db, file, c.req.raw);
  });
  routes.put("/uploads/:token", (c) =>
    receiveUpload(c, {
      db,
      options,
      now,
      log,
    }));
  return routes;
}

function serveFile(db: AcsDb, file: StoredFile, request: Request): Response {
  const etag = `"${file.sha256}"`;
  const headers = new Headers({
    "accept-ranges": "bytes",
    etag,
    "last-modified": file.createdAt.toUTCString(),
  });
  if (noneMatch(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("content-type", "application/octet-stream");
  const ranged = ifRangeHolds(request.headers.get("if-range"), etag)
    ? parseRange(request.headers.get("range"), file.size)
    : { kind: "whole" as const };
  if (ranged.kind === "unsatisfiable") {
    headers.set("content-range", `bytes */${file.size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = ranged.kind === "range" ? ranged : { start: 0, end: file.size - 1 };
  headers.set("content-length", String(end - start + 1));
  if (ranged.kind === "range") headers.set("content-range", `bytes ${start}-${end}/${file.size}`);
  const status = ranged.kind === "range" ? 206 : 200;
  const body = request.method === "HEAD" ? null : readFileRange(db, file, { start, end });
  return new Response(body, { status, headers });
}

interface UploadDeps {
  db: AcsDb;
  options: FileRoutesOptions;
  now: () => number;
  log: AcsLog;
}

async function receiveUpload(c: Context, deps: UploadDeps): Promise<Response> {
  const { db, options } = deps;
  const target = await findUploadTarget(db, c.req.param("token") ?? "");
  if (target === undefined) return text(404, "Not found");
  if (target.expiresAt.getTime() <= deps.now()) return text(410, "This upload target expired");
  if (options.requireAuth && options.auth !== undefined) {
    const auth = await options.auth.authenticate(c.req.raw);
    if (!auth.ok) return auth.response;
    if (auth.deviceId !== target.deviceId) {
      return text(403, `This upload target is not for ${auth.deviceId}`);
    }
  }
  const maxBytes = options.maxUploadBytes ?? 64 * 1024 * 1024;
  if (Number(c.req.header("content-length") ?? "0") > maxBytes) {
    await c.req.raw.body?.cancel().catch(() => {});
    return text(413, `Cannot store the upload: it exceeds ${maxBytes} bytes`);
  }
  const time = new Date(deps.now());
  try {
    await storeFile(
      db,
      {
        name: target.fileName,
        fileType: target.fileType,
        deviceId: target.deviceId,
      },
      c.req.raw.body ?? new Uint8Array(),
      { replace: true, maxBytes, now: time },
    );
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    deps.log("info", `${target.deviceId}: upload refused: ${error.message}`);
    return text(error.status, error.message);
  }
  await markUploadReceived(db, target.token, time);
  deps.log("info", `${target.deviceId}: stored upload ${target.fileName}`);
  return target.receivedAt === null ? text(201, "Created") : new Response(null, { status: 204 });
}

function text(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}
