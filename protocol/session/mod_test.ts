import assert from "node:assert/strict";
import fc from "fast-check";
import type { CwmpMessage } from "../rpc/codecs.ts";
import { soapFault } from "../soap/fault.ts";
import { AcsSession, CpeSession, type SessionAction } from "./mod.ts";
import { answerTo, REQUESTS, runPair, sampleInform } from "./_test_utils.ts";

function responseKeys(actions: SessionAction[]): number[] {
  return actions.filter((a) => a.type === "response").map((a) => a.key);
}

Deno.test("sessions replay spec 3.7.3 Figure 3 (MaxEnvelopes 1 both ways) over XML", () => {
  const cpe = new CpeSession({ inform: sampleInform(1) });
  const acs = new AcsSession({ now: 0 });
  const run = runPair(cpe, acs, {
    acsMaxEnvelopes: 1,
    beforeResponse(session, step) {
      if (step === 1) session.enqueue(REQUESTS.GetParameterValues);
      // "based on the result, sets some parameter values"
      if (step === 2) session.enqueue(REQUESTS.SetParameterValues);
    },
  });
  assert.deepEqual(run.transcript, [
    "POST Inform",
    "RESPONSE InformResponse",
    "POST (empty)",
    "RESPONSE GetParameterValues",
    "POST GetParameterValuesResponse",
    "RESPONSE SetParameterValues",
    "POST SetParameterValuesResponse",
    "RESPONSE (empty)",
  ]);
  assert.equal(cpe.state, "done");
  assert.equal(acs.state, "ended");
});

Deno.test("sessions replay spec 3.7.3 Figure 4 (MaxEnvelopes 3 both ways) over XML", () => {
  const cpe = new CpeSession({ inform: sampleInform(3) });
  const acs = new AcsSession({ now: 0 });
  acs.enqueue(REQUESTS.GetParameterValues);
  acs.enqueue(REQUESTS.ScheduleInform);
  const run = runPair(cpe, acs, {
    acsMaxEnvelopes: 3,
    beforeResponse(session, step) {
      if (step !== 1) return;
      session.enqueue(REQUESTS.SetParameterValues);
      session.enqueue(REQUESTS.AddObject);
      session.enqueue(REQUESTS.AddObject);
    },
  });
  assert.deepEqual(run.transcript, [
    "POST Inform",
    "RESPONSE InformResponse, GetParameterValues, ScheduleInform",
    "POST GetParameterValuesResponse, ScheduleInformResponse",
    "RESPONSE SetParameterValues, AddObject, AddObject",
    "POST SetParameterValuesResponse, AddObjectResponse, AddObjectResponse",
    "RESPONSE (empty)",
  ]);
  assert.equal(cpe.state, "done");
  assert.equal(acs.state, "ended");
});

Deno.test("sessions echo cwmp:IDs across the wire", () => {
  const cpe = new CpeSession({ inform: sampleInform(1), nextId: () => "cpe-1" });
  const acs = new AcsSession({ now: 0, nextId: () => "acs-1" });
  acs.enqueue(REQUESTS.Reboot);
  const run = runPair(cpe, acs, { acsMaxEnvelopes: 1 });
  const ids = [...run.posts, ...run.responses].flatMap((b) =>
    b === "empty" ? [] : b.map((e) => e.headers.id)
  );
  assert.deepEqual(ids.sort(), ["acs-1", "acs-1", "cpe-1", "cpe-1"]);
});

Deno.test("sessions keep the CPE's TransferComplete back while the ACS holds requests", () => {
  const cpe = new CpeSession({ inform: sampleInform(1, "7 TRANSFER COMPLETE") });
  cpe.enqueue(REQUESTS.TransferComplete);
  const acs = new AcsSession({ now: 0 });
  acs.setHoldRequests(true);
  acs.enqueue(REQUESTS.GetParameterValues);
  const run = runPair(cpe, acs, { acsMaxEnvelopes: 1 });
  assert.deepEqual(run.transcript, [
    "POST Inform",
    "RESPONSE InformResponse",
    "POST (empty)",
    "RESPONSE GetParameterValues",
    "POST GetParameterValuesResponse",
    "RESPONSE (empty)",
    "POST TransferComplete",
    "RESPONSE TransferCompleteResponse",
    "POST (empty)",
    "RESPONSE (empty)",
  ]);
});

Deno.test("sessions with NoMoreRequests both ways skip the closing empty exchange", () => {
  const cpe = new CpeSession({ inform: sampleInform(1, "7 TRANSFER COMPLETE") });
  cpe.enqueue(REQUESTS.TransferComplete);
  cpe.endRequests();
  const acs = new AcsSession({ now: 0 });
  acs.endRequests();
  const run = runPair(cpe, acs, { acsMaxEnvelopes: 1 });
  assert.deepEqual(run.transcript, [
    "POST Inform",
    "RESPONSE InformResponse",
    "POST TransferComplete",
    "RESPONSE TransferCompleteResponse",
  ]);
  assert.equal(cpe.state, "done");
  assert.equal(acs.state, "ended");
});

Deno.test("sessions retry an Inform answered with fault 8005 at once", () => {
  const cpe = new CpeSession({ inform: sampleInform(1) });
  const acs = new AcsSession({ now: 0 });
  let faulted = false;
  const run = runPair(cpe, acs, {
    acsMaxEnvelopes: 1,
    acsAnswer(request) {
      if (request.method !== "Inform" || faulted) return answerTo(request);
      faulted = true;
      return soapFault(8005);
    },
  });
  assert.deepEqual(run.transcript, [
    "POST Inform",
    "RESPONSE Fault",
    "POST Inform",
    "RESPONSE InformResponse",
    "POST (empty)",
    "RESPONSE (empty)",
  ]);
  const second = run.posts[1];
  assert.ok(second !== "empty" && second?.[0]?.message?.method === "Inform");
  assert.equal(second[0].message.retryCount, 1);
});

const ACS_REQUEST_POOL: readonly CwmpMessage[] = [
  REQUESTS.GetParameterValues,
  REQUESTS.SetParameterValues,
  REQUESTS.AddObject,
  REQUESTS.ScheduleInform,
  REQUESTS.Reboot,
  REQUESTS.GetRPCMethods,
];
const CPE_REQUEST_POOL: readonly CwmpMessage[] = [
  REQUESTS.TransferComplete,
  REQUESTS.GetRPCMethods,
  REQUESTS.RequestDownload,
];

interface Scenario {
  cpeMax: number;
  acsMax: number;
  acsRequests: { pick: number; step: number }[];
  cpeRequests: { pick: number; step: number }[];
  holds: boolean[];
  retries: boolean[];
  acsEnds: boolean;
  cpeEnds: boolean;
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  cpeMax: fc.integer({ min: 1, max: 5 }),
  acsMax: fc.integer({ min: 1, max: 5 }),
  acsRequests: fc.array(fc.record({ pick: fc.nat(5), step: fc.nat(4) }), { maxLength: 8 }),
  cpeRequests: fc.array(fc.record({ pick: fc.nat(2), step: fc.nat(4) }), { maxLength: 5 }),
  holds: fc.array(fc.boolean(), { maxLength: 12 }),
  retries: fc.array(fc.boolean(), { maxLength: 12 }),
  acsEnds: fc.boolean(),
  cpeEnds: fc.boolean(),
}, { noNullPrototype: true });

function play(s: Scenario): void {
  const cpe = new CpeSession({ inform: sampleInform(s.cpeMax) });
  const acs = new AcsSession({ now: 0 });
  const acsKeys: number[] = [];
  const cpeKeys: number[] = [0];
  const retries = [...s.retries];
  for (const r of s.cpeRequests.filter((r) => r.step === 0)) {
    cpeKeys.push(cpe.enqueue(CPE_REQUEST_POOL[r.pick] ?? REQUESTS.GetRPCMethods));
  }
  if (s.cpeEnds && s.cpeRequests.every((r) => r.step === 0)) cpe.endRequests();
  const acsEnds = s.acsEnds && s.acsRequests.every((r) => r.step === 0);
  const bound = 2 * (s.acsRequests.length + 4 * s.cpeRequests.length) + 8;
  const run = runPair(cpe, acs, {
    acsMaxEnvelopes: s.acsMax,
    maxExchanges: bound,
    beforeResponse(session, step) {
      for (const r of s.acsRequests.filter((r) => r.step === step)) {
        acsKeys.push(session.enqueue(ACS_REQUEST_POOL[r.pick] ?? REQUESTS.Reboot));
      }
      if (step === 0 && acsEnds) session.endRequests();
      session.setHoldRequests(s.holds[step] ?? false);
    },
    beforePost(session, step) {
      if (session.state !== "posting") return;
      for (const r of s.cpeRequests.filter((r) => r.step === step)) {
        cpeKeys.push(session.enqueue(CPE_REQUEST_POOL[r.pick] ?? REQUESTS.GetRPCMethods));
      }
    },
    acsAnswer(request) {
      if (request.method !== "Inform" && retries.shift() === true) return soapFault(8005);
      return answerTo(request, { maxEnvelopes: s.acsMax });
    },
  });
  assert.equal(cpe.state, "done");
  assert.ok(acs.state === "ended" || acs.state === "closed", acs.state);
  assert.deepEqual(responseKeys(run.acsActions).sort((a, b) => a - b), acsKeys);
  assert.deepEqual(responseKeys(run.cpeActions).sort((a, b) => a - b), cpeKeys);
  for (const body of run.posts) if (body !== "empty") assert.ok(body.length <= s.acsMax);
  for (const body of run.responses) if (body !== "empty") assert.ok(body.length <= s.cpeMax);
  assert.ok(run.posts[0] !== "empty" && run.posts[0]?.length === 1);
}

Deno.test("sessions always terminate, answer every request once and respect MaxEnvelopes", () => {
  fc.assert(fc.property(scenario, play), { numRuns: 300 });
});
