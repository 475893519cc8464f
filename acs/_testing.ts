/**
 * Test helpers for the ACS: an app over a migrated in-memory database with a settable clock,
 * CWMP bodies built with the protocol core, and a POST helper.
 *
 * @module
 */

import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import type { Inform } from "../protocol/rpc/inform.ts";
import { encodeEnvelope } from "../protocol/soap/envelope.ts";
import type { CwmpVersion } from "../protocol/soap/namespaces.ts";
import { type AcsApp, type AcsAppDeps, createAcsApp } from "./app.ts";
import { createTestDb } from "./db/_testing.ts";
import type { AcsDb } from "./db/client.ts";
import type { Provisioner } from "./provisioning/provisioner.ts";
import { createDrizzleStore } from "./store/drizzle_store.ts";
import type { AcsStore } from "./store/types.ts";

/** An ACS for one test. */
export interface TestAcs {
  app: AcsApp;
  db: AcsDb;
  /** The clock the app reads; tests move it. */
  clock: { now: number };
  /** Log lines the app wrote, as `level: message`. */
  logs: string[];
  close(): void;
}

/** Options of {@link createTestAcs}. */
export interface TestAcsOptions {
  /** Builds the app's provisioner over the test's database, store and clock. */
  provisioner?: (db: AcsDb, store: AcsStore, now: () => number) => Provisioner;
}

/** An ACS over a fresh in-memory database; session ids are `s1`, `s2`, ... */
export async function createTestAcs(
  deps: Omit<Partial<AcsAppDeps>, "store" | "now"> = {},
  options: TestAcsOptions = {},
): Promise<TestAcs> {
  const db = await createTestDb();
  const clock = { now: Date.UTC(2026, 0, 1) };
  const logs: string[] = [];
  let ids = 0;
  const store = createDrizzleStore(db);
  const provisioner = options.provisioner?.(db, store, () => clock.now);
  const app = createAcsApp({
    store,
    ...(provisioner === undefined ? {} : { provisioner }),
    now: () => clock.now,
    randomId: () => `s${++ids}`,
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...deps,
  });
  return { app, db, clock, logs, close: () => db.$client.close() };
}

/** An Inform with sensible defaults. */
export function informMessage(overrides: Partial<Inform> = {}): Inform {
  return {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
    events: [{ eventCode: "2 PERIODIC", commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "2026-01-01T00:00:00Z",
    retryCount: 0,
    parameterList: [
      {
        name: "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
        type: "string",
        value: "1.0",
      },
    ],
    ...overrides,
  };
}

/** One envelope as an HTTP body. */
export function envelopeXml(
  message: CwmpMessage,
  options: { id?: string; version?: CwmpVersion } = {},
): string {
  return encodeEnvelope(message, {
    version: options.version ?? "1.0",
    headers: { id: options.id ?? "1" },
  });
}

/** POSTs a body (none for an empty POST) with an optional cookie and headers. */
export function post(
  app: AcsApp,
  body: BodyInit | null,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie !== undefined) headers["cookie"] = options.cookie;
  if (body !== null && headers["content-type"] === undefined) {
    headers["content-type"] = 'text/xml; charset="utf-8"';
  }
  return Promise.resolve(app.request("/", { method: "POST", body, headers }));
}

/** The `name=value` of a response's Set-Cookie, to send back. */
export function cookieOf(response: Response): string {
  const header = response.headers.get("set-cookie");
  if (header === null) throw new Error("Expected a Set-Cookie header");
  return header.split(";")[0] ?? "";
}
