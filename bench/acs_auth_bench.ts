/**
 * What CPE authentication adds to the POST that opens a session: `CpeAuth.check()` on an
 * Inform, per mode, over an in-memory database. Run with `deno bench -A bench/acs_auth_bench.ts`.
 */

import { setDeviceCredentials } from "../acs/auth/credentials.ts";
import { createCpeAuth } from "../acs/auth/gate.ts";
import { createDb } from "../acs/db/client.ts";
import { migrateDb } from "../acs/db/migrate.ts";
import { answerChallenge } from "../protocol/auth/client.ts";
import type { Envelope } from "../protocol/soap/envelope.ts";

const db = await createDb(":memory:");
await migrateDb(db);
await setDeviceCredentials(db, "00D09E-GW-1", { username: "u1", password: "pw" });
const strict = createCpeAuth(db, { mode: "strict" });
const open = createCpeAuth(db, { mode: "open" });
const firstContact = createCpeAuth(db, { mode: "first-contact" });

function inform(serial: string): Envelope[] {
  return [{
    cwmpVersion: "1.0",
    headers: {},
    message: {
      method: "Inform",
      deviceId: { manufacturer: "Acme", oui: "00D09E", productClass: "GW", serialNumber: serial },
      events: [],
      maxEnvelopes: 1,
      currentTime: "2026-01-01T00:00:00Z",
      retryCount: 0,
      parameterList: [],
    },
  }];
}

const known = inform("1");
const request = (authorization?: string): Request =>
  new Request("http://acs/cwmp", {
    method: "POST",
    headers: authorization === undefined ? {} : { authorization },
  });
const challenge = (await strict.check(request(), known)).response?.headers.get("www-authenticate");
// One nonce, a rising nonce count per call: every check verifies a fresh, valid answer.
let nc = 0;
function nextAuthorization(): string {
  const answer = answerChallenge(challenge ?? null, {
    username: "u1",
    password: "pw",
    method: "POST",
    uri: "/cwmp",
    cnonce: "c0ffee",
    nc: ++nc,
  });
  if (!answer.ok) throw new Error(answer.message);
  return answer.authorization;
}

Deno.bench("check(): open mode", { group: "check", baseline: true }, async () => {
  await open.check(request(), known);
});

Deno.bench(
  "check(): strict, valid Digest (client answer computed too)",
  { group: "check" },
  async () => {
    const decision = await strict.check(request(nextAuthorization()), known);
    if (decision.response !== undefined) throw new Error("refused");
  },
);

Deno.bench(
  "answerChallenge() alone (the client's share of the line above)",
  { group: "check" },
  () => {
    nextAuthorization();
  },
);

Deno.bench(
  "check(): strict, no Authorization (401 with a new nonce)",
  { group: "check" },
  async () => {
    const decision = await strict.check(request(), known);
    await decision.response?.body?.cancel();
  },
);

Deno.bench("check(): first-contact, device with active credentials, no Authorization (401)", {
  group: "check",
}, async () => {
  const decision = await firstContact.check(request(), known);
  await decision.response?.body?.cancel();
});
