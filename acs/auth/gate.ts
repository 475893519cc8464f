/**
 * CPE authentication for the CWMP endpoint (`createCpeAuth`), in one of three modes:
 *
 * - `open`: every CPE is accepted; nothing is checked.
 * - `first-contact` (the default of `cwmp acs serve`): an unknown device is accepted without
 *   credentials; in that session the ACS sets random credentials on it (a SetParameterValues
 *   queued ahead of its other tasks) and, once the CPE confirmed, requires Digest with them.
 * - `strict`: only devices with provisioned credentials (`setDeviceCredentials`) get in.
 *
 * Only the POST that opens a session (its Inform) is checked; the session cookie it gets is
 * the credential of the session's later POSTs (spec 3.4.4 lets authentication hold for the
 * connection; the cookie carries it across connections too).
 *
 * @module
 */

import { DEFAULT_NONCE_TTL_MS } from "../../protocol/auth/nonce.ts";
import type { Inform } from "../../protocol/rpc/inform.ts";
import type { HttpBody } from "../../protocol/session/types.ts";
import type { AcsLog } from "../cwmp/context.ts";
import type { AcsDb } from "../db/client.ts";
import type { DeviceCredentialsRow } from "../db/schema/credentials.ts";
import { deviceIdOf } from "../device_id.ts";
import { activateCredentials, bootstrapState, queueBootstrap, resetByAcs } from "./bootstrap.ts";
import { deleteDeviceCredentials, findCredentialsByDevice } from "./credentials.ts";
import { createNonceCounts } from "./nonce_counts.ts";
import { type AcsKeys, loadAcsKeys } from "./secrets.ts";
import { challengeResponse, type VerifierDeps, verifyRequest } from "./verifier.ts";

/** How the ACS authenticates CPEs. */
export type CpeAuthMode = "open" | "first-contact" | "strict";

/** Every {@link CpeAuthMode}. */
export const CPE_AUTH_MODES: readonly CpeAuthMode[] = ["open", "first-contact", "strict"];

/** Options of {@link createCpeAuth}. */
export interface CpeAuthOptions {
  /** Default `first-contact`. */
  mode?: CpeAuthMode;
  /** The Digest realm (default `cwmp`). */
  realm?: string;
  /** The Digest algorithm challenged with (default `MD5`, which every CPE speaks). */
  algorithm?: "MD5" | "SHA-256";
  /** The server secret (at least 16 bytes); default: the database's, created on first use. */
  secret?: Uint8Array;
  /** Offer and accept Basic on TLS connections (default true; never on plain HTTP). */
  basicOverTls?: boolean;
  /** Nonce lifetime (default 5 minutes). */
  nonceTtlMs?: number;
  /** Nonces whose counts are tracked (default 100 000). */
  maxTrackedNonces?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
  /** Random bytes (default `crypto.getRandomValues`). */
  randomBytes?: (length: number) => Uint8Array;
  /** Log lines (default: none). */
  log?: AcsLog;
}

/** What to do with a CWMP POST. */
export interface CpeAuthDecision {
  /** Send this (401 or 403) instead of handling the POST. */
  response?: Response;
  /** Run once the Inform is stored (queues the first-contact bootstrap). */
  afterInform?: () => Promise<void>;
}

/** The result of {@link CpeAuth.authenticate}. */
export type CpeAuthentication =
  | { ok: true; deviceId: string }
  | { ok: false; response: Response };

/** CPE authentication, as the CWMP endpoint and the file routes use it. */
export interface CpeAuth {
  readonly mode: CpeAuthMode;
  /**
   * Decides on a decoded CWMP POST: a POST carrying an Inform is authenticated for the
   * device it names; any other POST passes (its session cookie is checked later).
   */
  check(request: Request, body: HttpBody): Promise<CpeAuthDecision>;
  /** Authenticates any request with some device's credentials (file downloads, uploads). */
  authenticate(request: Request): Promise<CpeAuthentication>;
  /** The server keys (sealing and nonce keys). */
  keys(): Promise<AcsKeys>;
}

/**
 * Creates the CPE authentication of an ACS.
 *
 * @param db A migrated database holding `device_credentials`.
 * @param options Mode, realm, secret, clock and randomness.
 * @returns The authentication to give `createAcsApp({ cpeAuth })`.
 * @throws {RangeError} The secret is shorter than 16 bytes.
 *
 * @example Strict mode refuses an unprovisioned device
 * ```ts
 * import { createDb } from "../db/client.ts";
 * import { migrateDb } from "../db/migrate.ts";
 * import { createCpeAuth } from "./gate.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const auth = createCpeAuth(db, { mode: "strict" });
 * const inform = {
 *   method: "Inform" as const,
 *   deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
 *   events: [],
 *   maxEnvelopes: 1,
 *   currentTime: "2026-01-01T00:00:00Z",
 *   retryCount: 0,
 *   parameterList: [],
 * };
 * const decision = await auth.check(new Request("http://acs/", { method: "POST" }), [
 *   { cwmpVersion: "1.0", headers: {}, message: inform },
 * ]);
 * if (decision.response?.status !== 401) throw new Error("unexpected");
 * db.$client.close();
 * ```
 * @see TR-069 Issue 1, 3.4.4 Authentication
 */
export function createCpeAuth(db: AcsDb, options: CpeAuthOptions = {}): CpeAuth {
  if (options.secret !== undefined && options.secret.byteLength < 16) {
    throw new RangeError("Cannot use the server secret: it has fewer than 16 bytes");
  }
  const mode = options.mode ?? "first-contact";
  const now = options.now ?? Date.now;
  const randomBytes = options.randomBytes ??
    ((length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length)));
  const log = options.log ?? ((): void => {});
  let loading: Promise<AcsKeys> | undefined;
  const keys = (): Promise<AcsKeys> => {
    loading ??= loadAcsKeys(db, {
      ...(options.secret === undefined ? {} : { secret: options.secret }),
      randomBytes,
      now,
    }).catch((error) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const nonceTtlMs = options.nonceTtlMs ?? DEFAULT_NONCE_TTL_MS;
  const deps: VerifierDeps = {
    db,
    keys,
    counts: createNonceCounts({
      ttlMs: nonceTtlMs,
      ...(options.maxTrackedNonces === undefined ? {} : { maxEntries: options.maxTrackedNonces }),
    }),
    realm: options.realm ?? "cwmp",
    algorithm: options.algorithm ?? "MD5",
    nonceTtlMs,
    basicOverTls: options.basicOverTls ?? true,
    now,
    randomBytes,
  };
  const flow: GateFlow = { db, deps, mode, log, keys, now, randomBytes };
  return {
    mode,
    check: (request, body) => check(flow, request, body),
    authenticate: (request) => authenticate(flow, request),
    keys,
  };
}

interface GateFlow {
  db: AcsDb;
  deps: VerifierDeps;
  mode: CpeAuthMode;
  log: AcsLog;
  keys: () => Promise<AcsKeys>;
  now: () => number;
  randomBytes: (length: number) => Uint8Array;
}

async function check(flow: GateFlow, request: Request, body: HttpBody): Promise<CpeAuthDecision> {
  if (flow.mode === "open" || body === "empty") return {};
  const inform = body[0]?.message;
  if (inform?.method !== "Inform") return {};
  const deviceId = deviceIdOf(inform.deviceId);
  if (request.headers.has("authorization")) {
    const verified = await verifyRequest(flow.deps, request);
    if (verified.ok) return await accepted(flow, verified.credentials, deviceId);
    // A CPE may send factory credentials the ACS never knew; first contact ignores them.
    const unknown = verified.reason === "unknown-user" || verified.reason === "unsupported-scheme";
    if (!(unknown && flow.mode === "first-contact")) {
      flow.log("info", `${deviceId}: refused (401): ${verified.message}`);
      return {
        response: await challengeResponse(flow.deps, request, {
          stale: verified.reason === "stale",
        }),
      };
    }
  }
  return await withoutCredentials(flow, request, inform, deviceId);
}

async function accepted(
  flow: GateFlow,
  credentials: DeviceCredentialsRow,
  deviceId: string,
): Promise<CpeAuthDecision> {
  if (credentials.deviceId !== deviceId) {
    flow.log("warn", `${deviceId}: refused (403): credentials of ${credentials.deviceId}`);
    return {
      response: forbidden(
        `Cannot accept an Inform for ${deviceId} with credentials of another device`,
      ),
    };
  }
  // The CPE proved it holds the bootstrap credentials: they are in use from now on.
  if (credentials.state === "pending") {
    await activateCredentials(flow.db, credentials, new Date(flow.now()));
  }
  return {};
}

async function withoutCredentials(
  flow: GateFlow,
  request: Request,
  inform: Inform,
  deviceId: string,
): Promise<CpeAuthDecision> {
  const challenge = async (): Promise<CpeAuthDecision> => ({
    response: await challengeResponse(flow.deps, request, { stale: false }),
  });
  if (flow.mode === "strict") return await challenge();
  let row = await findCredentialsByDevice(flow.db, deviceId);
  if (row?.state === "active") {
    if (!(await resetByAcs(flow.db, row, inform))) return await challenge();
    // The ACS itself reset this CPE, which lost the credentials it had been given: it is
    // unknown again and gets new ones, once (the reset is older than the new credentials).
    await deleteDeviceCredentials(flow.db, deviceId);
    flow.log("info", `${deviceId}: bootstrap after the FactoryReset the ACS sent`);
    row = undefined;
  }
  if (row !== undefined) {
    const state = await bootstrapState(flow.db, row);
    if (state === "confirmed") {
      await activateCredentials(flow.db, row, new Date(flow.now()));
      return await challenge();
    }
    if (state === "in-progress") return {};
    flow.log("warn", `${deviceId}: credential bootstrap failed; setting new credentials`);
  }
  return {
    afterInform: async () => {
      await queueBootstrap(flow.db, inform, deviceId, {
        keys: await flow.keys(),
        now: new Date(flow.now()),
        randomBytes: flow.randomBytes,
      });
      flow.log("info", `${deviceId}: first contact; credentials queued`);
    },
  };
}

async function authenticate(flow: GateFlow, request: Request): Promise<CpeAuthentication> {
  const verified = await verifyRequest(flow.deps, request);
  if (verified.ok) return { ok: true, deviceId: verified.credentials.deviceId };
  if (verified.reason !== "missing") {
    flow.log("info", `refused ${request.method} (401): ${verified.message}`);
  }
  const stale = verified.reason === "stale";
  return { ok: false, response: await challengeResponse(flow.deps, request, { stale }) };
}

function forbidden(reason: string): Response {
  return new Response(`${reason}\n`, {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}
