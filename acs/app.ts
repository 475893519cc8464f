/**
 * The ACS as a Hono app that never listens (style anchor 10): `acs/serve.ts` is the only
 * listener, and tests call `app.request()` to run whole sessions in memory.
 *
 * @module
 */

import { Hono } from "hono";
import { DEFAULT_XML_LIMITS, type XmlLimits } from "../protocol/xml/types.ts";
import type { CpeAuth } from "./auth/gate.ts";
import type { AcsLog, CwmpContext } from "./cwmp/context.ts";
import { createKeyedLock } from "./cwmp/lock.ts";
import { createSessionRegistry, type SessionRegistry } from "./cwmp/registry.ts";
import { type AcsBindings, cwmpHandler } from "./cwmp/route.ts";
import { expireSessions } from "./cwmp/session_flow.ts";
import type { AcsMetrics } from "./nbi/metrics_registry.ts";
import type { Provisioner } from "./provisioning/provisioner.ts";
import type { AcsStore } from "./store/types.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./tasks/retry.ts";

export type { AcsBindings } from "./cwmp/route.ts";
export type { AcsLog, LogLevel } from "./cwmp/context.ts";

/** Dependencies of {@link createAcsApp}; everything but the store has a default. */
export interface AcsAppDeps {
  /** Where devices, parameters, events, tasks, faults and sessions live. */
  store: AcsStore;
  /** The sessions in progress (default: a new, empty registry). */
  sessions?: SessionRegistry;
  /** The clock, in ms since the epoch (default `Date.now`). */
  now?: () => number;
  /** Session ids (default `crypto.randomUUID`). */
  randomId?: () => string;
  /** Log lines (default: none). */
  log?: AcsLog;
  /** Inactivity limit of a session in ms (default 30 000, spec 3.7.2.4). */
  sessionTimeoutMs?: number;
  /** Largest CWMP body in bytes, compressed or not (default 16 MiB); larger gets 413. */
  maxBodyBytes?: number;
  /** XML parser limits (default `DEFAULT_XML_LIMITS`). */
  xmlLimits?: XmlLimits;
  /**
   * How long a transfer the CPE accepted may go without its TransferComplete before its task
   * is faulted, in ms (default 24 hours; a task's own `expires` applies too).
   */
  transferTimeoutMs?: number;
  /**
   * The device's own credentials for Downloads and Uploads of the ACS's own files that name
   * none (set when the file routes require Digest); absent: requests go out as queued.
   */
  fileCredentials?: (
    deviceId: string,
  ) => Promise<{ username: string; password: string } | undefined>;
  /** Sessions in progress above which a new session gets 503 (default 2000). */
  maxSessions?: number;
  /** Retry-After of that 503, in seconds (default 30). */
  retryAfterSeconds?: number;
  /** Back-off of tasks answered with a fault (default: 1 min, doubling, at most 1 day). */
  retryPolicy?: RetryPolicy;
  /** Adjacent GetParameterValues tasks sent as one request, at most (default 16; 1: off). */
  maxBatch?: number;
  /** The NextURL of every KickedResponse (default: the `Next` the CPE proposed). */
  kickedNextUrl?: string;
  /** CPE authentication (`createCpeAuth`, acs/auth/); absent: every CPE is accepted. */
  cpeAuth?: CpeAuth;
  /** File download and upload routes (`createFileRoutes`, acs/files/); absent: none. */
  fileRoutes?: Hono;
  /** Counters of sessions, messages and faults (`createAcsMetrics`); absent: none kept. */
  metrics?: AcsMetrics;
  /**
   * Presets and the bootstrap policy (`createProvisioner`, acs/provisioning/); absent: sessions
   * run queued tasks only.
   */
  provisioner?: Provisioner;
}

/** The ACS app; `app.fetch` is what a server calls. */
export type AcsApp = Hono<{ Bindings: AcsBindings }>;

const SWEEP_INTERVAL_MS = 5_000;

/**
 * Creates the ACS app. Every POST, on any path, is CWMP (a CPE's ACS URL may have any
 * path); other methods get 405. Idle sessions are ended on the next request after their limit
 * (at most every 5 s a sweep over the sessions in progress), so no timer outlives the app.
 *
 * @param deps The store and optional clock, ids, log and limits.
 * @returns The Hono app.
 *
 * @example An Inform answered in memory
 * ```ts
 * import { createAcsApp } from "./app.ts";
 * import { createDb } from "./db/client.ts";
 * import { migrateDb } from "./db/migrate.ts";
 * import { createDrizzleStore } from "./store/drizzle_store.ts";
 * import { encodeEnvelope } from "../protocol/soap/envelope.ts";
 *
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const app = createAcsApp({ store: createDrizzleStore(db) });
 * const inform = encodeEnvelope({
 *   method: "Inform",
 *   deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 *   events: [{ eventCode: "1 BOOT", commandKey: "" }],
 *   maxEnvelopes: 1,
 *   currentTime: "2026-01-01T00:00:00Z",
 *   retryCount: 0,
 *   parameterList: [],
 * }, { version: "1.0", headers: { id: "1" } });
 * const response = await app.request("/", { method: "POST", body: inform });
 * if (!(await response.text()).includes("InformResponse")) throw new Error("unexpected");
 * const end = await app.request("/", {
 *   method: "POST",
 *   headers: { cookie: response.headers.get("set-cookie") ?? "" },
 * });
 * if (end.status !== 204) throw new Error("unexpected");
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 */
export function createAcsApp(deps: AcsAppDeps): AcsApp {
  const log = deps.log ?? ((): void => {});
  const ctx: CwmpContext = {
    store: deps.store,
    sessions: deps.sessions ?? createSessionRegistry(),
    locks: createKeyedLock(),
    now: deps.now ?? Date.now,
    randomId: deps.randomId ?? ((): string => crypto.randomUUID()),
    log,
    sessionTimeoutMs: deps.sessionTimeoutMs ?? 30_000,
    transferTimeoutMs: deps.transferTimeoutMs ?? 86_400_000,
    ...(deps.fileCredentials === undefined ? {} : { fileCredentials: deps.fileCredentials }),
    maxSessions: deps.maxSessions ?? 2000,
    retryAfterSeconds: deps.retryAfterSeconds ?? 30,
    retryPolicy: deps.retryPolicy ?? DEFAULT_RETRY_POLICY,
    maxBatch: deps.maxBatch ?? 16,
    kickedNextUrl: deps.kickedNextUrl ?? null,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
    ...(deps.provisioner === undefined ? {} : { provisioner: deps.provisioner }),
  };
  let lastSweep = ctx.now();
  const app: AcsApp = new Hono<{ Bindings: AcsBindings }>();
  app.onError((error) => {
    log("error", `internal error: ${error instanceof Error ? error.message : String(error)}`);
    return new Response("Internal server error\n", { status: 500 });
  });
  app.use(async (_c, next): Promise<void> => {
    if (ctx.now() - lastSweep >= SWEEP_INTERVAL_MS) {
      lastSweep = ctx.now();
      await expireSessions(ctx);
    }
    await next();
  });
  if (deps.fileRoutes !== undefined) app.route("/", deps.fileRoutes);
  app.post(
    "*",
    cwmpHandler(ctx, {
      maxBodyBytes: deps.maxBodyBytes ?? 16 * 1024 * 1024,
      xmlLimits: deps.xmlLimits ?? DEFAULT_XML_LIMITS,
      ...(deps.cpeAuth === undefined ? {} : { cpeAuth: deps.cpeAuth }),
    }),
  );
  app.all("*", () =>
    new Response("Method not allowed: CWMP uses POST\n", {
      status: 405,
      headers: { allow: "POST" },
    }));
  return app;
}
