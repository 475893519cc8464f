/**
 * File routes: upload (streamed into the database), list, show, download and delete the
 * files the CWMP listener serves to CPEs at `/files/<name>`.
 *
 * @module
 */

import { eq } from "drizzle-orm";
import type { z } from "zod";
import { files } from "../db/schema/files.ts";
import {
  deleteFile,
  FileError,
  listFiles,
  readFileRange,
  type StoredFile,
  storeFile,
} from "../files/store.ts";
import type { NbiContext } from "./context.ts";
import { ApiError } from "./errors.ts";
import { addRoute, type NbiRoutes, paramsOf, queryOf } from "./route.ts";
import {
  ErrorSchema,
  FileListQuery,
  FileListSchema,
  FileSchema,
  FileUploadQuery,
  NumericIdParams,
} from "./schemas.ts";

const NOT_FOUND = { description: "No such file", schema: ErrorSchema };

/**
 * Adds the file routes.
 *
 * @param routes The app and the specs.
 * @param ctx The database, upload limit and clock.
 */
export function fileRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  const { db } = ctx;
  addRoute(routes, {
    method: "post",
    path: "/api/files",
    summary: "Store a file (the body, streamed)",
    query: FileUploadQuery,
    body: { contentType: "application/octet-stream", description: "The file's contents" },
    responses: {
      201: { description: "Stored", schema: FileSchema },
      409: { description: "A file of that name exists", schema: ErrorSchema },
      413: { description: "Larger than the limit", schema: ErrorSchema },
    },
  }, async (c) => {
    const query = queryOf(c, FileUploadQuery);
    const length = Number(c.req.header("content-length") ?? "0");
    if (length > ctx.maxUploadBytes) {
      await c.req.raw.body?.cancel().catch(() => {});
      throw new ApiError(413, `Cannot store ${query.name}: it exceeds ${ctx.maxUploadBytes} bytes`);
    }
    try {
      const file = await storeFile(
        db,
        {
          name: query.name,
          fileType: query.type,
          ...(query.oui === undefined ? {} : { oui: query.oui }),
          ...(query.productClass === undefined ? {} : { productClass: query.productClass }),
          ...(query.version === undefined ? {} : { version: query.version }),
        },
        c.req.raw.body ?? new Uint8Array(),
        {
          maxBytes: ctx.maxUploadBytes,
          now: new Date(ctx.now()),
        },
      );
      return c.json(fileView(file, ctx.publicUrl), 201);
    } catch (error) {
      if (error instanceof FileError) throw new ApiError(error.status, error.message);
      throw error;
    }
  });

  addRoute(routes, {
    method: "get",
    path: "/api/files",
    summary: "List files, oldest first",
    query: FileListQuery,
    responses: { 200: { description: "The files", schema: FileListSchema } },
  }, async (c) => {
    const query = queryOf(c, FileListQuery);
    const found = await listFiles(db, {
      ...(query.type === undefined ? {} : { fileType: query.type }),
      ...(query.oui === undefined ? {} : { oui: query.oui }),
      ...(query.productClass === undefined ? {} : { productClass: query.productClass }),
    });
    return c.json({ total: found.length, items: found.map((f) => fileView(f, ctx.publicUrl)) });
  });

  addRoute(routes, {
    method: "get",
    path: "/api/files/:id",
    summary: "A file's metadata",
    params: NumericIdParams,
    responses: { 200: { description: "The file", schema: FileSchema }, 404: NOT_FOUND },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    return c.json(fileView(await findFile(ctx, id), ctx.publicUrl));
  });

  addRoute(routes, {
    method: "get",
    path: "/api/files/:id/content",
    summary: "A file's contents",
    params: NumericIdParams,
    responses: {
      200: { description: "The bytes", contentType: "application/octet-stream" },
      404: NOT_FOUND,
    },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    const file = await findFile(ctx, id);
    return new Response(readFileRange(db, file, { start: 0, end: file.size - 1 }), {
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(file.size),
        etag: `"${file.sha256}"`,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      },
    });
  });

  addRoute(routes, {
    method: "delete",
    path: "/api/files/:id",
    summary: "Delete a file",
    params: NumericIdParams,
    responses: { 204: { description: "Deleted" }, 404: NOT_FOUND },
  }, async (c) => {
    const { id } = paramsOf(c, NumericIdParams);
    const file = await findFile(ctx, id);
    if (!(await deleteFile(db, file.name))) throw new ApiError(404, `Cannot find file ${id}`);
    return c.body(null, 204);
  });
}

async function findFile(ctx: NbiContext, id: number): Promise<StoredFile> {
  const [row] = await ctx.db.select().from(files).where(eq(files.id, id));
  if (row === undefined || row.state !== "ready") throw new ApiError(404, `Cannot find file ${id}`);
  const { state: _state, ...file } = row;
  return file;
}

// With the ACS's public URL known, the file's URL is whole: a Download can carry it as it is.
function fileView(file: StoredFile, publicUrl: string | undefined): z.output<typeof FileSchema> {
  const path = `/files/${encodeURIComponent(file.name)}`;
  return {
    id: file.id,
    name: file.name,
    type: file.fileType,
    ...(file.oui === null ? {} : { oui: file.oui }),
    ...(file.productClass === null ? {} : { productClass: file.productClass }),
    ...(file.version === null ? {} : { version: file.version }),
    size: file.size,
    sha256: file.sha256,
    createdAt: file.createdAt.toISOString(),
    url: publicUrl === undefined ? path : new URL(path, publicUrl).href,
  };
}
