/**
 * The ACS listener: the only place that opens a socket (style anchor 10). Opens and migrates
 * the database, builds the app, and serves it with Deno.serve until shut down.
 *
 * @module
 */

import { type AcsAppDeps, createAcsApp } from "./app.ts";
import { getDeviceCredentials } from "./auth/credentials.ts";
import { type CampaignRunner, createCampaignRunner } from "./campaigns/runner.ts";
import { type CpeAuthOptions, createCpeAuth } from "./auth/gate.ts";
import { loadAcsKeys } from "./auth/secrets.ts";
import { createNbiApp, type NbiAppDeps } from "./nbi/app.ts";
import { createAcsMetrics } from "./nbi/metrics_registry.ts";
import { hasActiveApiToken } from "./nbi/tokens.ts";
import { createFileRoutes, type FileRoutesOptions } from "./files/routes.ts";
import { type AcsListener, serveMutualTls } from "./serve_mtls.ts";
import type { AcsLog } from "./cwmp/context.ts";
import { type AcsDb, createDb, type DbSynchronous } from "./db/client.ts";
import { migrateDb } from "./db/migrate.ts";
import { type BootstrapPolicy, DEFAULT_BOOTSTRAP_POLICY } from "./provisioning/bootstrap_policy.ts";
import { createProvisioner } from "./provisioning/provisioner.ts";
import { createDrizzleStore } from "./store/drizzle_store.ts";
import { DEFAULT_RETRY_POLICY } from "./tasks/retry.ts";
import type { AcsStore } from "./store/types.ts";

/**
 * The listener could not be opened (address in use, no permission, unknown host).
 *
 * @example Usage
 * ```ts
 * import { ListenError } from "./serve.ts";
 * const e = new ListenError("127.0.0.1", 7547, "Address already in use");
 * if (e.message !== "Cannot listen on 127.0.0.1:7547: Address already in use") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export class ListenError extends Error {
  /**
   * Creates the error.
   *
   * @param hostname The address asked for.
   * @param port The port asked for.
   * @param reason The system's reason, e.g. "Address already in use".
   */
  constructor(hostname: string, port: number, reason: string) {
    super(`Cannot listen on ${hostname}:${port}: ${reason}`);
    this.name = "ListenError";
  }
}

/** Options of {@link serveAcs}. */
export interface ServeAcsOptions {
  /** Address to listen on, e.g. `0.0.0.0` or `127.0.0.1`. */
  hostname: string;
  /** TCP port; 0 picks a free one (see {@link AcsServer.port}). */
  port: number;
  /** Database URL (`file:`, `:memory:`, `libsql://`, `http(s)://`); migrated before serving. */
  dbUrl: string;
  /** Token of a remote libSQL database. */
  authToken?: string;
  /** SQLite's `synchronous` for a `file:` database (default `full`, see `CreateDbOptions`). */
  dbSynchronous?: DbSynchronous;
  /** Log lines (default: none). */
  log?: AcsLog;
  /** Options of the app: load shedding, task retries, Kicked NextURL, limits. */
  app?: Omit<AcsAppDeps, "store" | "log" | "sessions" | "now" | "randomId">;
  /** CPE authentication (default: mode `first-contact`, secret kept in the database). */
  cpeAuth?: Omit<CpeAuthOptions, "log">;
  /** Serve CWMP over HTTPS; with `clientCa`, CPE certificates are verified (mTLS). */
  tls?: AcsTlsOptions;
  /** The file routes: downloads behind device credentials, upload size limit. */
  files?: Pick<FileRoutesOptions, "requireAuth" | "maxUploadBytes">;
  /** Serve the northbound API (acs/nbi/) on a second listener; absent: no API. */
  api?: ApiListenOptions;
  /** The campaign runner (acs/campaigns/): time between its passes (default 1000 ms). */
  campaigns?: { intervalMs?: number };
  /**
   * Presets and the built-in bootstrap policy (default: both on, the policy with
   * `DEFAULT_BOOTSTRAP_POLICY`; `bootstrap: null` turns the policy off); false: no
   * provisioning at all.
   */
  provisioning?: { bootstrap?: BootstrapPolicy | null; maxRounds?: number } | false;
}

/** Where and how the northbound API listens. */
export interface ApiListenOptions {
  /** Address, e.g. `127.0.0.1` (the API's default: loopback only). */
  hostname: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Options of the NBI app: Connection Request client, limits. */
  app?: Pick<NbiAppDeps, "connectionRequest" | "pollMs" | "maxUploadBytes" | "publicUrl">;
}

/** TLS material of the CWMP listener, as PEM text. */
export interface AcsTlsOptions {
  /** The certificate chain. */
  cert: string;
  /** The private key. */
  key: string;
  /** CAs of CPE certificates: ask CPEs for one, refuse one that does not verify (mTLS). */
  clientCa?: string;
  /** With `clientCa`: refuse CPEs without a certificate (default false, spec 3.3). */
  requireClientCert?: boolean;
}

/** A running ACS. */
export interface AcsServer {
  /** The address it listens on. */
  readonly hostname: string;
  /** The port it listens on (the real one when 0 was asked). */
  readonly port: number;
  /** Migration tags applied at start. */
  readonly migrated: readonly string[];
  /** Whether it serves HTTPS. */
  readonly tls: boolean;
  /** Where the northbound API listens (the real port when 0 was asked); absent: no API. */
  readonly api?: {
    readonly hostname: string;
    readonly port: number;
    /** Whether a valid API token existed at start (without one, nobody can use the API). */
    readonly hasToken: boolean;
  };
  /** Stops accepting, lets requests in progress finish, then closes the database. */
  shutdown(): Promise<void>;
}

/**
 * Opens and migrates the database, then serves the ACS.
 *
 * @param options Where to listen and which database to use.
 * @returns The running server.
 * @throws {DbUrlError} The database URL is not usable.
 * @throws {ListenError} The address cannot be listened on.
 *
 * @example Usage
 * ```ts
 * import { serveAcs } from "./serve.ts";
 * const server = await serveAcs({ hostname: "127.0.0.1", port: 0, dbUrl: ":memory:" });
 * const response = await fetch(`http://127.0.0.1:${server.port}/`, { method: "POST" });
 * await response.body?.cancel();
 * await server.shutdown();
 * if (response.status !== 204) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4 Use of HTTP
 */
export async function serveAcs(options: ServeAcsOptions): Promise<AcsServer> {
  const synchronous = options.dbSynchronous ?? "full";
  const db = await createDb(options.dbUrl, {
    synchronous,
    ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
  });
  let server: AcsListener;
  let api: Deno.HttpServer<Deno.NetAddr> | undefined;
  let hasToken = false;
  let migrated: string[];
  let store: AcsStore | undefined;
  let campaigns: CampaignRunner;
  try {
    migrated = (await migrateDb(db)).applied;
    // A file: database gets the store's own connection with prepared statements.
    store = createDrizzleStore(db, { url: options.dbUrl, synchronous });
    const log = options.log ?? ((): void => {});
    const cpeAuth = createCpeAuth(db, { ...options.cpeAuth, log });
    const metrics = createAcsMetrics();
    const provisioner = options.provisioning === false ? undefined : createProvisioner({
      db,
      store,
      now: Date.now,
      log,
      bootstrap: options.provisioning?.bootstrap === undefined
        ? DEFAULT_BOOTSTRAP_POLICY
        : options.provisioning.bootstrap,
      retryPolicy: options.app?.retryPolicy ?? DEFAULT_RETRY_POLICY,
      publicUrl: options.api?.app?.publicUrl,
      ...(options.provisioning?.maxRounds === undefined
        ? {}
        : { maxRounds: options.provisioning.maxRounds }),
    });
    const app = createAcsApp({
      ...options.app,
      store,
      ...(options.log === undefined ? {} : { log: options.log }),
      cpeAuth,
      fileRoutes: createFileRoutes(db, { ...options.files, auth: cpeAuth, log }),
      // Files behind Digest: Downloads and Uploads of them carry the device's own credentials.
      ...(options.files?.requireAuth
        ? {
          fileCredentials: async (deviceId: string) => {
            const found = await getDeviceCredentials(db, deviceId, { keys: await cpeAuth.keys() });
            return found === undefined
              ? undefined
              : { username: found.username, password: found.password };
          },
        }
        : {}),
      metrics,
      ...(provisioner === undefined ? {} : { provisioner }),
    });
    if (options.api !== undefined) {
      const secret = options.cpeAuth?.secret;
      const nbi = createNbiApp({
        ...options.api.app,
        db,
        metrics,
        log,
        ...(provisioner === undefined ? {} : { onPresetsChanged: () => provisioner.invalidate() }),
        ...(secret === undefined ? {} : { keys: await loadAcsKeys(db, { secret }) }),
      });
      hasToken = await hasActiveApiToken(db);
      api = listenApi(options.api, nbi.fetch);
    }
    campaigns = await campaignRunner(options, db, log);
    server = await listen(options, app.fetch);
  } catch (error) {
    await api?.shutdown();
    await store?.close();
    db.$client.close();
    throw error;
  }
  campaigns.start();
  const opened = store;
  const apiServer = api;
  return {
    hostname: server.addr.hostname,
    port: server.addr.port,
    migrated,
    tls: options.tls !== undefined,
    ...(apiServer === undefined
      ? {}
      : { api: { hostname: apiServer.addr.hostname, port: apiServer.addr.port, hasToken } }),
    shutdown: async () => {
      await apiServer?.shutdown();
      await campaigns.stop();
      await shutdown(server, opened, db);
    },
  };
}

// One runner per process: it follows campaigns, admits their devices and asks them to connect.
async function campaignRunner(
  options: ServeAcsOptions,
  db: AcsDb,
  log: AcsLog,
): Promise<CampaignRunner> {
  const secret = options.cpeAuth?.secret;
  return createCampaignRunner({
    db,
    log,
    publicUrl: options.api?.app?.publicUrl,
    connectionRequest: {
      ...options.api?.app?.connectionRequest,
      ...(secret === undefined ? {} : { keys: await loadAcsKeys(db, { secret }) }),
    },
    ...(options.campaigns?.intervalMs === undefined
      ? {}
      : { intervalMs: options.campaigns.intervalMs }),
  });
}

function listenApi(
  options: ApiListenOptions,
  handler: Deno.ServeHandler<Deno.NetAddr>,
): Deno.HttpServer<Deno.NetAddr> {
  const { hostname, port } = options;
  try {
    return Deno.serve({ hostname, port, onListen: () => {} }, handler);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ListenError(hostname, port, reason.replace(/\s*\(os error \d+\)$/, ""));
  }
}

async function listen(
  options: ServeAcsOptions,
  handler: Deno.ServeHandler<Deno.NetAddr>,
): Promise<AcsListener> {
  const { hostname, port, tls } = options;
  try {
    if (tls?.clientCa !== undefined) {
      return await serveMutualTls(
        { ...tls, hostname, port, clientCa: tls.clientCa },
        (request, bindings) => handler(request, bindings as Deno.ServeHandlerInfo<Deno.NetAddr>),
      );
    }
    const pem = tls === undefined ? {} : { cert: tls.cert, key: tls.key };
    return Deno.serve({ hostname, port, onListen: () => {}, ...pem }, handler);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ListenError(
      options.hostname,
      options.port,
      reason.replace(/\s*\(os error \d+\)$/, ""),
    );
  }
}

async function shutdown(
  server: AcsListener,
  store: AcsStore,
  db: AcsDb,
): Promise<void> {
  try {
    await server.shutdown();
  } finally {
    try {
      await store.close();
    } finally {
      db.$client.close();
    }
  }
}

/**
 * Resolves with the name of the first SIGINT or SIGTERM the process receives, then stops
 * listening for them (so a second Ctrl-C kills the process as usual).
 *
 * @returns `"SIGINT"` or `"SIGTERM"`.
 */
export function waitForShutdownSignal(): Promise<Deno.Signal> {
  return new Promise((resolve) => {
    const signals: Deno.Signal[] = Deno.build.os === "windows"
      ? ["SIGINT", "SIGBREAK"]
      : ["SIGINT", "SIGTERM"];
    const handlers = signals.map((signal) => {
      const handler = (): void => {
        handlers.forEach((h) => Deno.removeSignalListener(h.signal, h.handler));
        resolve(signal);
      };
      Deno.addSignalListener(signal, handler);
      return { signal, handler };
    });
  });
}
