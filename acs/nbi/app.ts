/**
 * The northbound API (NBI) as a Hono app that never listens: devices, tasks, faults, files,
 * credentials, metrics and its own OpenAPI document, behind bearer API tokens. `serveAcs`
 * serves it on its own listener (default 127.0.0.1:7557).
 *
 * @module
 */

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AcsKeys } from "../auth/secrets.ts";
import type { ConnectionRequestDeps } from "../connection_request/request.ts";
import type { AcsLog } from "../cwmp/context.ts";
import type { AcsDb } from "../db/client.ts";
import { bearerAuth } from "./auth.ts";
import { campaignRoutes } from "./campaigns.ts";
import type { NbiContext } from "./context.ts";
import { credentialRoutes } from "./credentials.ts";
import { deviceRoutes } from "./devices.ts";
import { ApiError, errorResponse } from "./errors.ts";
import { faultRoutes } from "./faults.ts";
import { fileRoutes } from "./files.ts";
import { metricsRoutes } from "./metrics.ts";
import { type AcsMetrics, createAcsMetrics } from "./metrics_registry.ts";
import { openApiRoutes } from "./openapi.ts";
import { presetRoutes } from "./presets.ts";
import type { NbiApp, NbiEnv, NbiRoutes, RouteSpec } from "./route.ts";
import { taskRoutes } from "./tasks.ts";

export type { NbiApp } from "./route.ts";

/** Dependencies of {@link createNbiApp}; everything but the database has a default. */
export interface NbiAppDeps {
  /** The ACS database (the one the CWMP side uses), migrated. */
  db: AcsDb;
  /** The counters the CWMP side increments (default: new, all zero). */
  metrics?: AcsMetrics;
  /** The clock, in ms since the epoch (default `Date.now`). */
  now?: () => number;
  /** Log lines (default: none). */
  log?: AcsLog;
  /** Keys sealing stored passwords (default: the database's server secret). */
  keys?: AcsKeys;
  /** Client and limits of the Connection Requests sent for new tasks. */
  connectionRequest?: Omit<ConnectionRequestDeps, "db" | "keys">;
  /** How often a task creation with a timeout looks at its task, in ms (default 100). */
  pollMs?: number;
  /** Largest file upload in bytes (default 1 GiB). */
  maxUploadBytes?: number;
  /** Largest body of any other request (JSON, CSV) in bytes (default 16 MiB). */
  maxBodyBytes?: number;
  /**
   * The CWMP listener as devices reach it, e.g. `https://acs.example:7547/`: where an Upload
   * queued without a URL sends the file (default: the device's own ManagementServer.URL).
   */
  publicUrl?: string;
  /** Called after a preset is created, changed or deleted (default: nothing). */
  onPresetsChanged?: () => void;
}

/** The NBI app and the specs of its routes (what the OpenAPI document describes). */
export interface NbiAppWithSpecs {
  app: NbiApp;
  specs: readonly RouteSpec[];
}

/**
 * Creates the NBI app.
 *
 * @param deps The database and optional counters, clock, log and limits.
 * @returns The Hono app; `app.fetch` is what a server calls.
 *
 * @example A token lists the devices
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createNbiApp } from "./app.ts";
 * import { createApiToken } from "./tokens.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const app = createNbiApp({ db });
 * if ((await app.request("/api/devices")).status !== 401) throw new Error("unexpected");
 * const { token } = await createApiToken(db, { name: "example" });
 * const response = await app.request("/api/devices", {
 *   headers: { authorization: `Bearer ${token}` },
 * });
 * const body = await response.json();
 * if (response.status !== 200 || body.total !== 0) throw new Error("unexpected");
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, 3.7.2 ACS Operation (the requests an operator queues)
 */
export function createNbiApp(deps: NbiAppDeps): NbiApp {
  return createNbiAppWithSpecs(deps).app;
}

/**
 * Creates the NBI app and returns the specs of its routes too (for tests and tools that
 * check the document against the router).
 *
 * @param deps As {@link createNbiApp}.
 * @returns The app and its route specs.
 *
 * @example Every route has a spec
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { createNbiAppWithSpecs } from "./app.ts";
 * const db = await createDb(":memory:");
 * const { app, specs } = createNbiAppWithSpecs({ db });
 * const routed = app.routes.filter((r) => r.method !== "ALL").length;
 * if (routed !== specs.length) throw new Error("unexpected");
 * db.$client.close();
 * ```
 */
export function createNbiAppWithSpecs(deps: NbiAppDeps): NbiAppWithSpecs {
  const log = deps.log ?? ((): void => {});
  const ctx: NbiContext = {
    db: deps.db,
    now: deps.now ?? Date.now,
    log,
    metrics: deps.metrics ?? createAcsMetrics(),
    keys: deps.keys,
    connectionRequest: {
      ...deps.connectionRequest,
      ...(deps.keys === undefined ? {} : { keys: deps.keys }),
    },
    publicUrl: deps.publicUrl,
    pollMs: deps.pollMs ?? 100,
    maxUploadBytes: deps.maxUploadBytes ?? 2 ** 30,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    presetsChanged: deps.onPresetsChanged ?? ((): void => {}),
  };
  const app: NbiApp = new Hono<NbiEnv>();
  const routes: NbiRoutes = { app, specs: [] };
  app.onError((error) => {
    if (error instanceof ApiError) return errorResponse(error);
    log("error", `nbi: internal error: ${error instanceof Error ? error.message : String(error)}`);
    return Response.json({ error: { code: "internal", message: "Internal server error" } }, {
      status: 500,
    });
  });
  app.notFound((c) =>
    errorResponse(new ApiError(404, `Cannot find ${c.req.method} ${c.req.path}: no such route`))
  );
  const publicRoutes = new Set<string>(["GET /api/openapi.json"]);
  app.use("*", bearerAuth(deps.db, { publicRoutes, now: ctx.now }));
  // File uploads stream into the store under their own limit; other bodies are read whole.
  const maxBodyBytes = deps.maxBodyBytes ?? 16 * 1024 * 1024;
  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () =>
      errorResponse(new ApiError(413, `Cannot read the body: it exceeds ${maxBodyBytes} bytes`)),
  });
  app.use("*", (c, next) => c.req.path === "/api/files" ? next() : limit(c, next));
  deviceRoutes(routes, ctx);
  credentialRoutes(routes, ctx);
  taskRoutes(routes, ctx);
  faultRoutes(routes, ctx);
  fileRoutes(routes, ctx);
  presetRoutes(routes, ctx);
  campaignRoutes(routes, ctx);
  metricsRoutes(routes, ctx);
  openApiRoutes(routes);
  return { app, specs: routes.specs };
}
