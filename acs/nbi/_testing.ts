/**
 * Test helpers for the NBI: the CWMP app and the NBI over one in-memory database, sharing
 * counters, with a read-write and a read-only token, and an authenticated request helper.
 *
 * @module
 */

import { createTestAcs, type TestAcs } from "../_testing.ts";
import { createNbiAppWithSpecs, type NbiAppDeps } from "./app.ts";
import type { AcsMetrics } from "./metrics_registry.ts";
import { createAcsMetrics } from "./metrics_registry.ts";
import type { NbiApp, RouteSpec } from "./route.ts";
import { createApiToken } from "./tokens.ts";

/** The CWMP side and the NBI of one test. */
export interface TestNbi {
  acs: TestAcs;
  nbi: NbiApp;
  specs: readonly RouteSpec[];
  metrics: AcsMetrics;
  /** A read-write token. */
  token: string;
  /** A read-only token. */
  readOnlyToken: string;
  /** A request to the NBI with the read-write token (or `options.token`). */
  call(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  close(): void;
}

/**
 * Creates the CWMP app and the NBI over a fresh database.
 *
 * @param deps NBI dependencies to override (the database and counters are given).
 */
export async function createTestNbi(
  deps: Omit<Partial<NbiAppDeps>, "db" | "metrics"> = {},
): Promise<TestNbi> {
  const metrics = createAcsMetrics();
  const acs = await createTestAcs({ metrics });
  const { app: nbi, specs } = createNbiAppWithSpecs({ db: acs.db, metrics, pollMs: 10, ...deps });
  const { token } = await createApiToken(acs.db, { name: "rw" });
  const { token: readOnlyToken } = await createApiToken(acs.db, { name: "ro", readOnly: true });
  return {
    acs,
    nbi,
    specs,
    metrics,
    token,
    readOnlyToken,
    async call(path, init = {}): Promise<Response> {
      const { token: given, ...rest } = init;
      const headers = new Headers(rest.headers);
      const bearer = given === undefined ? token : given;
      if (bearer !== null) headers.set("authorization", `Bearer ${bearer}`);
      return await nbi.request(path, { ...rest, headers });
    },
    close: () => acs.close(),
  };
}

/** A JSON body with its content type. */
export function jsonBody(method: string, body: unknown): RequestInit {
  return {
    method,
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  };
}
