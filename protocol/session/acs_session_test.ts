import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import type { CwmpMessage } from "../rpc/codecs.ts";
import type { Envelope } from "../soap/envelope.ts";
import { soapFault } from "../soap/fault.ts";
import type { SoapHeaders } from "../soap/headers.ts";
import type { CwmpVersion } from "../soap/namespaces.ts";
import { type AcsReply, AcsSession } from "./acs_session.ts";
import { REQUESTS, sampleInform } from "./_test_utils.ts";

function env(
  message: CwmpMessage | null,
  headers: SoapHeaders = {},
  version: CwmpVersion = "1.0",
): Envelope {
  return { cwmpVersion: version, headers, message };
}

function envelopesOf(reply: AcsReply): Envelope[] {
  assert.equal(reply.kind, "response");
  return reply.kind === "response" ? reply.envelopes : [];
}

function names(reply: AcsReply): string[] {
  return envelopesOf(reply).map((e) => e.message?.method ?? "(empty body)");
}

/** Receives the Inform and answers it; returns the session before nextResponse(). */
function informed(
  options: { cpeMax?: number; acsMax?: number; headers?: SoapHeaders } = {},
): AcsSession {
  const acs = new AcsSession({ now: 0 });
  const { actions } = acs.receive([
    env(sampleInform(options.cpeMax ?? 1), { id: "i1", ...options.headers }),
  ], 0);
  const [inform] = actions;
  assert.ok(inform?.type === "request" && inform.request.method === "Inform");
  acs.respond(inform.key, { method: "InformResponse", maxEnvelopes: options.acsMax ?? 1 });
  return acs;
}

/** A session whose InformResponse went out and whose GetParameterValues is outstanding. */
function gpvOutstanding(): { acs: AcsSession; id: string; key: number } {
  const acs = informed({ cpeMax: 2 });
  const key = acs.enqueue(REQUESTS.GetParameterValues);
  const [, gpv] = envelopesOf(acs.nextResponse());
  return { acs, id: gpv?.headers.id ?? "", key };
}

const GPV_RESPONSE: CwmpMessage = { method: "GetParameterValuesResponse", parameterList: [] };

Deno.test("AcsSession refuses a first POST without an Inform, and keeps waiting", () => {
  const acs = new AcsSession({ now: 0 });
  assert.throws(() => acs.receive("empty", 0), RemoteProtocolError);
  assert.throws(() => acs.receive([env(REQUESTS.TransferComplete)], 0), RemoteProtocolError);
  assert.equal(acs.state, "awaitingInform");
  acs.receive([env(sampleInform(1))], 0);
  assert.equal(acs.state, "answeringInform");
});

Deno.test("AcsSession answers the Inform in the CPE's namespace, echoing its ID", () => {
  const acs = new AcsSession({ now: 0 });
  const [inform] = acs.receive([env(sampleInform(1), { id: "abc" }, "1.1")], 0).actions;
  assert.ok(inform?.type === "request");
  assert.throws(() => acs.nextResponse(), LocalProtocolError);
  acs.respond(inform.key, { method: "InformResponse", maxEnvelopes: 1 });
  const [reply] = envelopesOf(acs.nextResponse());
  assert.deepEqual(reply, {
    cwmpVersion: "1.1",
    headers: { id: "abc" },
    message: { method: "InformResponse", maxEnvelopes: 1 },
  });
  assert.equal(acs.state, "awaitingPost");
  assert.equal(acs.cpeMaxEnvelopes, 1);
});

Deno.test("AcsSession sends queued requests after InformResponse up to the CPE's MaxEnvelopes", () => {
  const acs = informed({ cpeMax: 2 });
  acs.enqueue(REQUESTS.GetParameterValues);
  acs.enqueue(REQUESTS.ScheduleInform);
  acs.enqueue(REQUESTS.Reboot);
  assert.deepEqual(names(acs.nextResponse()), ["InformResponse", "GetParameterValues"]);
});

Deno.test("AcsSession treats the CPE's MaxEnvelopes 0 as no limit", () => {
  const acs = informed({ cpeMax: 0 });
  for (let i = 0; i < 6; i++) acs.enqueue(REQUESTS.Reboot);
  assert.equal(envelopesOf(acs.nextResponse()).length, 7);
});

Deno.test("AcsSession pairs answers with its requests by order and ID", () => {
  const { acs, id, key } = gpvOutstanding();
  const { actions } = acs.receive([env(GPV_RESPONSE, { id })], 1);
  assert.deepEqual(actions, [{
    type: "response",
    key,
    request: REQUESTS.GetParameterValues,
    response: GPV_RESPONSE,
  }]);
});

Deno.test("AcsSession rejects unexpected answers with RemoteProtocolError and keeps its state", () => {
  const { acs, id } = gpvOutstanding();
  const bad: Envelope[][] = [
    [env(GPV_RESPONSE, { id: "other" })],
    [env({ method: "RebootResponse" })],
    [env(GPV_RESPONSE), env(GPV_RESPONSE)],
    [env(REQUESTS.TransferComplete), env(sampleInform(1))],
  ];
  for (const body of bad) {
    assert.throws(() => acs.receive(body, 1), RemoteProtocolError);
    assert.equal(acs.state, "awaitingPost");
  }
  assert.deepEqual(acs.receive([env(GPV_RESPONSE, { id })], 1).actions.map((a) => a.type), [
    "response",
  ]);
});

Deno.test("AcsSession rejects an empty POST while its requests await answers (Table 5)", () => {
  const { acs } = gpvOutstanding();
  assert.throws(() => acs.receive("empty", 1), RemoteProtocolError);
  assert.equal(acs.state, "awaitingPost");
});

Deno.test("AcsSession accepts a CPE request in the middle of answers", () => {
  const { acs, id } = gpvOutstanding();
  const { actions } = acs.receive([
    env(REQUESTS.TransferComplete, { id: "t" }),
    env(GPV_RESPONSE, { id }),
  ], 1);
  assert.deepEqual(actions.map((a) => a.type), ["request", "response"]);
  assert.ok(actions[0]?.type === "request");
  acs.respond(actions[0].key, { method: "TransferCompleteResponse" });
  const [reply] = envelopesOf(acs.nextResponse());
  assert.deepEqual(reply?.headers, { id: "t" });
});

Deno.test("AcsSession answers methods the CPE may not call with fault 8000", () => {
  const acs = informed();
  acs.nextResponse();
  const result = acs.receive([env(REQUESTS.Reboot, { id: "r" })], 1);
  assert.deepEqual(result.actions, []);
  const [fault] = envelopesOf(acs.nextResponse());
  assert.ok(fault?.message?.method === "Fault");
  assert.equal(fault.message.detail?.faultCode, 8000);
  assert.equal(fault.headers.id, "r");
});

Deno.test("AcsSession sets HoldRequests on every envelope while holding", () => {
  const acs = informed({ cpeMax: 3 });
  acs.setHoldRequests(true);
  acs.enqueue(REQUESTS.GetParameterValues);
  const reply = envelopesOf(acs.nextResponse());
  assert.deepEqual(reply.map((e) => e.headers.holdRequests), [true, true]);
  acs.receive([env(GPV_RESPONSE, { id: reply[1]?.headers.id ?? "" })], 1);
  acs.setHoldRequests(false);
  acs.enqueue(REQUESTS.Reboot);
  assert.deepEqual(envelopesOf(acs.nextResponse())[0]?.headers, { id: "2" });
});

Deno.test("AcsSession keeps a hold with an empty Body while CPE answers are due", () => {
  const acs = informed({ cpeMax: 3, acsMax: 1 });
  acs.setHoldRequests(true);
  acs.enqueue(REQUESTS.GetParameterValues);
  acs.enqueue(REQUESTS.Reboot);
  const [, gpv] = envelopesOf(acs.nextResponse());
  acs.receive([env(GPV_RESPONSE, { id: gpv?.headers.id ?? "" })], 1);
  assert.deepEqual(envelopesOf(acs.nextResponse()), [env(null, { holdRequests: true })]);
  assert.equal(acs.state, "awaitingPost");
});

Deno.test("AcsSession without a hold answers with an empty body while CPE answers are due", () => {
  const acs = informed({ cpeMax: 3, acsMax: 1 });
  acs.enqueue(REQUESTS.GetParameterValues);
  acs.enqueue(REQUESTS.Reboot);
  const [, gpv] = envelopesOf(acs.nextResponse());
  acs.receive([env(GPV_RESPONSE, { id: gpv?.headers.id ?? "" })], 1);
  assert.deepEqual(acs.nextResponse(), { kind: "empty" });
  assert.equal(acs.state, "awaitingPost");
});

Deno.test("AcsSession warns about CPE requests under a hold, after NoMoreRequests, or over MaxEnvelopes", () => {
  const acs = informed({ acsMax: 1 });
  acs.setHoldRequests(true);
  acs.nextResponse();
  const { warnings } = acs.receive(
    [env(REQUESTS.TransferComplete), env(REQUESTS.GetRPCMethods, { noMoreRequests: true })],
    1,
  );
  assert.deepEqual(warnings, [
    "The CPE sent 2 envelopes; MaxEnvelopes is 1",
    "The CPE sent requests while HoldRequests was true",
  ]);
});

Deno.test("AcsSession ends with an empty response, tolerates one more empty POST, then refuses", () => {
  const acs = informed();
  acs.nextResponse();
  acs.receive("empty", 1);
  assert.deepEqual(acs.nextResponse(), { kind: "empty" });
  assert.equal(acs.state, "ended");
  acs.receive("empty", 2);
  assert.equal(acs.state, "closing");
  assert.deepEqual(acs.nextResponse(), { kind: "empty" });
  assert.equal(acs.state, "closed");
  assert.throws(() => acs.receive("empty", 3), RemoteProtocolError);
  assert.equal(acs.state, "closed");
  assert.throws(() => acs.enqueue(REQUESTS.Reboot), LocalProtocolError);
});

Deno.test("AcsSession goes on when the CPE posts requests after the end", () => {
  const acs = informed();
  acs.nextResponse();
  acs.receive("empty", 1);
  acs.nextResponse();
  const [tc] = acs.receive([env(REQUESTS.TransferComplete)], 2).actions;
  assert.equal(acs.state, "responding");
  assert.ok(tc?.type === "request");
  acs.respond(tc.key, { method: "TransferCompleteResponse" });
  assert.deepEqual(names(acs.nextResponse()), ["TransferCompleteResponse"]);
});

Deno.test("AcsSession ends at once when InformResponse carries NoMoreRequests, releasing a hold", () => {
  const acs = informed();
  acs.setHoldRequests(true);
  acs.endRequests();
  assert.throws(() => acs.enqueue(REQUESTS.Reboot), LocalProtocolError);
  const [reply] = envelopesOf(acs.nextResponse());
  assert.deepEqual(reply?.headers, { id: "i1", noMoreRequests: true });
  assert.equal(acs.state, "ended");
});

Deno.test("AcsSession marks its final request with NoMoreRequests", () => {
  const acs = informed({ cpeMax: 3 });
  acs.enqueue(REQUESTS.GetParameterValues);
  acs.enqueue(REQUESTS.Reboot);
  acs.endRequests();
  const reply = envelopesOf(acs.nextResponse());
  assert.deepEqual(reply.map((e) => e.headers.noMoreRequests), [undefined, undefined, true]);
  assert.equal(acs.state, "awaitingPost");
});

Deno.test("AcsSession answers the Inform with fault 8005 and waits for it again", () => {
  const acs = new AcsSession({ now: 0 });
  const [inform] =
    acs.receive([env(sampleInform(1), { id: "1" }), env(REQUESTS.TransferComplete)], 0).actions;
  assert.ok(inform?.type === "request");
  acs.respond(inform.key, soapFault(8005));
  assert.deepEqual(names(acs.nextResponse()), ["Fault"]);
  assert.equal(acs.state, "awaitingInform");
  const [again] = acs.receive([env({ ...sampleInform(1), retryCount: 1 }, { id: "2" })], 1).actions;
  assert.ok(again?.type === "request");
  acs.respond(again.key, { method: "InformResponse", maxEnvelopes: 1 });
  assert.deepEqual(envelopesOf(acs.nextResponse())[0]?.headers, { id: "2" });
});

Deno.test("AcsSession fails when it refuses the Inform with another fault", () => {
  const acs = new AcsSession({ now: 0 });
  const [inform] = acs.receive([env(sampleInform(1))], 0).actions;
  assert.ok(inform?.type === "request");
  acs.respond(inform.key, soapFault(8001));
  assert.deepEqual(names(acs.nextResponse()), ["Fault"]);
  assert.equal(acs.state, "failed");
  assert.throws(() => acs.receive([env(sampleInform(1))], 1), RemoteProtocolError);
});

Deno.test("AcsSession expects a CPE request again after answering it with fault 8005", () => {
  const acs = informed();
  acs.nextResponse();
  const [tc] = acs.receive([env(REQUESTS.TransferComplete, { noMoreRequests: true })], 1).actions;
  assert.ok(tc?.type === "request");
  acs.respond(tc.key, soapFault(8005));
  acs.nextResponse();
  const { warnings } = acs.receive([env(REQUESTS.TransferComplete, { noMoreRequests: true })], 2);
  assert.deepEqual(warnings, []);
});

Deno.test("AcsSession retries its own request at once after fault 8005 from the CPE", () => {
  const { acs, id } = gpvOutstanding();
  const { actions } = acs.receive([env(soapFault(8005), { id })], 1);
  assert.deepEqual(actions.map((a) => a.type), ["retry"]);
  const [again] = envelopesOf(acs.nextResponse());
  assert.equal(again?.message?.method, "GetParameterValues");
  assert.notEqual(again?.headers.id, id);
});

Deno.test("AcsSession.isExpired() counts from the last POST", () => {
  const acs = new AcsSession({ now: 1_000 });
  assert.equal(acs.isExpired(30_999), false);
  assert.equal(acs.isExpired(31_000), true);
  acs.receive([env(sampleInform(1))], 20_000);
  assert.equal(acs.isExpired(49_999), false);
  assert.equal(acs.isExpired(50_000), true);
  const short = new AcsSession({ now: 0, timeoutMs: 5_000 });
  assert.equal(short.isExpired(5_000), true);
});

Deno.test("AcsSession.isExpired() honours a longer SessionTimeout from the CPE", () => {
  const acs = new AcsSession({ now: 0 });
  acs.receive([env(sampleInform(1), { sessionTimeout: 60 }, "1.2")], 0);
  assert.equal(acs.isExpired(59_999), false);
  assert.equal(acs.isExpired(60_000), true);
});

Deno.test("AcsSession refuses calls out of turn with LocalProtocolError", () => {
  const acs = informed();
  assert.throws(() => acs.receive("empty", 0), LocalProtocolError);
  assert.equal(acs.state, "answeringInform");
  acs.nextResponse();
  assert.throws(() => acs.nextResponse(), LocalProtocolError);
  assert.equal(acs.state, "awaitingPost");
  assert.throws(() => acs.enqueue(REQUESTS.TransferComplete), LocalProtocolError);
  assert.throws(() => acs.respond(99, GPV_RESPONSE), LocalProtocolError);
});

Deno.test("AcsSession.abort() fails a live session and closes an ended one", () => {
  const live = informed();
  live.abort();
  assert.equal(live.state, "failed");
  const ended = informed();
  ended.endRequests();
  ended.nextResponse();
  ended.abort();
  assert.equal(ended.state, "closed");
});
