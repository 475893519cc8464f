import assert from "node:assert/strict";
import { answerChallenge } from "../../protocol/auth/client.ts";
import { parseChallenges } from "../../protocol/auth/challenge.ts";
import type { Envelope } from "../../protocol/soap/envelope.ts";
import { createTestDb } from "../db/_testing.ts";
import { setDeviceCredentials } from "./credentials.ts";
import { createCpeAuth } from "./gate.ts";
import { deriveAcsKeys } from "./secrets.ts";

const INFORM: Envelope[] = [{
  cwmpVersion: "1.0",
  headers: {},
  message: {
    method: "Inform",
    deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: "1" },
    events: [],
    maxEnvelopes: 1,
    currentTime: "2026-01-01T00:00:00Z",
    retryCount: 0,
    parameterList: [],
  },
}];

function request(authorization?: string): Request {
  return new Request("http://acs/cwmp", {
    method: "POST",
    headers: authorization === undefined ? {} : { authorization },
  });
}

function answer(challenge: string | null, password: string, nc = 1): string {
  const answered = answerChallenge(challenge, {
    username: "u1",
    password,
    method: "POST",
    uri: "/cwmp",
    cnonce: "c0ffee",
    nc,
  });
  assert.ok(answered.ok);
  return answered.authorization;
}

Deno.test("createCpeAuth(): a nonce whose count was dropped to stay in bounds is stale", async () => {
  const db = await createTestDb();
  try {
    await setDeviceCredentials(db, "00D09E-GW-1", { username: "u1", password: "pw" });
    const auth = createCpeAuth(db, { mode: "strict", maxTrackedNonces: 1 });
    const first = (await auth.check(request(), INFORM)).response?.headers.get("www-authenticate");
    const second = (await auth.check(request(), INFORM)).response?.headers.get("www-authenticate");
    assert.deepEqual(await auth.check(request(answer(first ?? null, "pw")), INFORM), {});
    assert.deepEqual(await auth.check(request(answer(second ?? null, "pw")), INFORM), {});
    const again = await auth.check(request(answer(first ?? null, "pw", 2)), INFORM);
    assert.equal(again.response?.status, 401);
    const [challenge] = parseChallenges(again.response?.headers.get("www-authenticate"));
    assert.equal(challenge?.scheme === "Digest" && challenge.stale, true);
  } finally {
    db.$client.close();
  }
});

Deno.test("createCpeAuth(): credentials sealed under another secret get 401, not an error", async () => {
  const db = await createTestDb();
  const logs: string[] = [];
  try {
    const other = deriveAcsKeys(new TextEncoder().encode("another secret, not the db's"));
    await setDeviceCredentials(db, "00D09E-GW-1", { username: "u1", password: "pw" }, {
      keys: other,
    });
    const auth = createCpeAuth(db, { mode: "strict", log: (_, m) => logs.push(m) });
    const challenged = await auth.check(request(), INFORM);
    const header = challenged.response?.headers.get("www-authenticate") ?? null;
    const refused = await auth.check(request(answer(header, "pw")), INFORM);
    assert.equal(refused.response?.status, 401);
    assert.ok(logs.some((line) => line.includes("Cannot open sealed value")));
    assert.throws(() => createCpeAuth(db, { secret: new Uint8Array(8) }), RangeError);
  } finally {
    db.$client.close();
  }
});

Deno.test("createCpeAuth(): POSTs without an Inform pass; the session cookie guards them", async () => {
  const db = await createTestDb();
  try {
    const auth = createCpeAuth(db, { mode: "strict" });
    assert.deepEqual(await auth.check(request(), "empty"), {});
    const response: Envelope[] = [{
      cwmpVersion: "1.0",
      headers: {},
      message: { method: "RebootResponse" },
    }];
    assert.deepEqual(await auth.check(request(), response), {});
  } finally {
    db.$client.close();
  }
});
