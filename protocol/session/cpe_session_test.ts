import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import type { CwmpMessage } from "../rpc/codecs.ts";
import type { Envelope } from "../soap/envelope.ts";
import { soapFault } from "../soap/fault.ts";
import type { SoapHeaders } from "../soap/headers.ts";
import { type CpePost, CpeSession } from "./cpe_session.ts";
import { REQUESTS, sampleInform } from "./_test_utils.ts";

function env(message: CwmpMessage | null, headers: SoapHeaders = {}): Envelope {
  return { cwmpVersion: "1.0", headers, message };
}

function envelopesOf(post: CpePost): Envelope[] {
  assert.equal(post.kind, "post");
  return post.kind === "post" ? post.envelopes : [];
}

function names(post: CpePost): string[] {
  return envelopesOf(post).map((e) => e.message?.method ?? "(empty body)");
}

/** A session past its Inform, with the ACS's MaxEnvelopes and optional InformResponse headers. */
function started(acsMax: number, headers: SoapHeaders = {}, cpeMax = 1): CpeSession {
  const cpe = new CpeSession({ inform: sampleInform(cpeMax) });
  cpe.nextPost();
  cpe.receive([env({ method: "InformResponse", maxEnvelopes: acsMax }, { id: "1", ...headers })]);
  return cpe;
}

Deno.test("CpeSession posts the Inform alone first, with an ID from the counter", () => {
  const cpe = new CpeSession({ inform: sampleInform(3) });
  cpe.enqueue(REQUESTS.TransferComplete);
  const post = envelopesOf(cpe.nextPost());
  assert.equal(post.length, 1);
  assert.equal(post[0]?.message?.method, "Inform");
  assert.deepEqual(post[0]?.headers, { id: "1" });
  assert.equal(cpe.state, "awaitingInformResponse");
});

Deno.test("CpeSession uses the injected ID source and CWMP version", () => {
  const ids = ["a", "b"];
  const cpe = new CpeSession({
    inform: sampleInform(1),
    nextId: () => ids.shift() ?? "?",
    cwmpVersion: "1.1",
  });
  const [inform] = envelopesOf(cpe.nextPost());
  assert.equal(inform?.headers.id, "a");
  assert.equal(inform?.cwmpVersion, "1.1");
});

Deno.test("CpeSession learns the ACS's MaxEnvelopes and batches its requests up to it", () => {
  const cpe = started(2);
  assert.equal(cpe.acsMaxEnvelopes, 2);
  for (let i = 0; i < 3; i++) cpe.enqueue(REQUESTS.TransferComplete);
  assert.equal(envelopesOf(cpe.nextPost()).length, 2);
});

Deno.test("CpeSession treats the ACS's MaxEnvelopes 0 as no limit", () => {
  const cpe = started(0);
  for (let i = 0; i < 7; i++) cpe.enqueue(REQUESTS.GetRPCMethods);
  assert.equal(envelopesOf(cpe.nextPost()).length, 7);
});

Deno.test("CpeSession answers ACS requests in order, echoing their IDs", () => {
  const cpe = started(3, {}, 3);
  cpe.nextPost();
  const { actions } = cpe.receive([
    env(REQUESTS.GetParameterValues, { id: "a" }),
    env(REQUESTS.SetParameterValues, { id: "b" }),
  ]);
  assert.deepEqual(actions.map((a) => a.type), ["request", "request"]);
  const [gpv, spv] = actions;
  assert.ok(gpv?.type === "request" && spv?.type === "request");
  cpe.respond(spv.key, { method: "SetParameterValuesResponse", status: 0 });
  assert.throws(() => cpe.nextPost(), LocalProtocolError);
  assert.equal(cpe.state, "posting");
  cpe.respond(gpv.key, { method: "GetParameterValuesResponse", parameterList: [] });
  const post = envelopesOf(cpe.nextPost());
  assert.deepEqual(post.map((e) => [e.message?.method, e.headers.id]), [
    ["GetParameterValuesResponse", "a"],
    ["SetParameterValuesResponse", "b"],
  ]);
});

Deno.test("CpeSession sends responses before its own requests when both fit (Table 5)", () => {
  const cpe = started(3);
  cpe.nextPost();
  const [action] = cpe.receive([env(REQUESTS.GetParameterValues, { id: "a" })]).actions;
  cpe.enqueue(REQUESTS.TransferComplete);
  assert.ok(action?.type === "request");
  cpe.respond(action.key, { method: "GetParameterValuesResponse", parameterList: [] });
  assert.deepEqual(names(cpe.nextPost()), ["GetParameterValuesResponse", "TransferComplete"]);
});

Deno.test("CpeSession holds its requests while the last ACS envelope says HoldRequests", () => {
  const cpe = started(3, { holdRequests: true });
  cpe.enqueue(REQUESTS.TransferComplete);
  assert.deepEqual(cpe.nextPost(), { kind: "empty" });
  const [action] =
    cpe.receive([env(REQUESTS.GetParameterValues, { id: "a", holdRequests: true })]).actions;
  assert.ok(action?.type === "request");
  cpe.respond(action.key, { method: "GetParameterValuesResponse", parameterList: [] });
  assert.deepEqual(names(cpe.nextPost()), ["GetParameterValuesResponse"]);
  cpe.receive([env(null, { holdRequests: true }), env(REQUESTS.Reboot, { id: "b" })]).actions
    .forEach((a) => a.type === "request" && cpe.respond(a.key, { method: "RebootResponse" }));
  assert.deepEqual(names(cpe.nextPost()), ["RebootResponse", "TransferComplete"]);
});

Deno.test("CpeSession reads an empty response as HoldRequests false", () => {
  const cpe = started(3, { holdRequests: true });
  cpe.enqueue(REQUESTS.TransferComplete);
  assert.deepEqual(cpe.nextPost(), { kind: "empty" });
  cpe.receive("empty");
  assert.deepEqual(names(cpe.nextPost()), ["TransferComplete"]);
});

Deno.test("CpeSession ends on an empty response with nothing pending (3.7.1.4 1a)", () => {
  const cpe = started(1);
  assert.deepEqual(cpe.nextPost(), { kind: "empty" });
  cpe.receive("empty");
  assert.deepEqual(cpe.nextPost(), { kind: "done" });
  assert.equal(cpe.state, "done");
  assert.deepEqual(cpe.nextPost(), { kind: "done" });
});

Deno.test("CpeSession ends on the ACS's NoMoreRequests without an empty POST (3.7.1.4 1b)", () => {
  const cpe = started(1, { noMoreRequests: true });
  assert.deepEqual(cpe.nextPost(), { kind: "done" });
});

Deno.test("CpeSession still sends its requests after the ACS's NoMoreRequests", () => {
  const cpe = started(1, { noMoreRequests: true });
  cpe.enqueue(REQUESTS.TransferComplete);
  const [tc] = envelopesOf(cpe.nextPost());
  const { actions } = cpe.receive([
    env({ method: "TransferCompleteResponse" }, { id: tc?.headers.id ?? "" }),
  ]);
  assert.equal(actions[0]?.type, "response");
  assert.deepEqual(cpe.nextPost(), { kind: "done" });
});

Deno.test("CpeSession marks its final request and later envelopes with NoMoreRequests", () => {
  const cpe = started(1);
  cpe.enqueue(REQUESTS.TransferComplete);
  cpe.enqueue(REQUESTS.GetRPCMethods);
  cpe.endRequests();
  assert.throws(() => cpe.enqueue(REQUESTS.RequestDownload), LocalProtocolError);
  const [first] = envelopesOf(cpe.nextPost());
  assert.equal(first?.headers.noMoreRequests, undefined);
  cpe.receive([env({ method: "TransferCompleteResponse" })]);
  const [last] = envelopesOf(cpe.nextPost());
  assert.equal(last?.message?.method, "GetRPCMethods");
  assert.equal(last?.headers.noMoreRequests, true);
  const [action] = cpe.receive([env(REQUESTS.Reboot, { id: "r" })]).actions;
  assert.ok(action?.type === "request");
  cpe.respond(action.key, { method: "RebootResponse" });
  assert.equal(envelopesOf(cpe.nextPost())[0]?.headers.noMoreRequests, true);
});

Deno.test("CpeSession puts NoMoreRequests on the Inform when nothing else will follow", () => {
  const cpe = new CpeSession({ inform: sampleInform(1) });
  cpe.endRequests();
  assert.deepEqual(envelopesOf(cpe.nextPost())[0]?.headers, { id: "1", noMoreRequests: true });
});

Deno.test("CpeSession retries the Inform at once after fault 8005, counting RetryCount", () => {
  const cpe = new CpeSession({ inform: sampleInform(1) });
  cpe.nextPost();
  const { actions } = cpe.receive([env(soapFault(8005), { id: "1" })]);
  assert.equal(actions[0]?.type, "retry");
  assert.equal(cpe.state, "informPending");
  const [inform] = envelopesOf(cpe.nextPost());
  assert.equal(inform?.headers.id, "2");
  assert.ok(inform?.message?.method === "Inform");
  assert.equal(inform.message.retryCount, 1);
  cpe.receive([env({ method: "InformResponse", maxEnvelopes: 1 }, { id: "2" })]);
  assert.equal(cpe.state, "posting");
});

Deno.test("CpeSession gives up on the Inform after maxRetries faults 8005", () => {
  const cpe = new CpeSession({ inform: sampleInform(1), maxRetries: 1 });
  cpe.nextPost();
  cpe.receive([env(soapFault(8005))]);
  cpe.nextPost();
  const { actions } = cpe.receive([env(soapFault(8005))]);
  assert.equal(actions[0]?.type, "response");
  assert.equal(cpe.state, "failed");
  assert.deepEqual(cpe.nextPost(), { kind: "failed" });
});

Deno.test("CpeSession fails on any other fault to the Inform and ignores what follows it", () => {
  const cpe = new CpeSession({ inform: sampleInform(1) });
  cpe.nextPost();
  const result = cpe.receive([env(soapFault(8002)), env(REQUESTS.GetParameterValues)]);
  assert.deepEqual(result.actions.map((a) => a.type), ["response"]);
  assert.equal(result.warnings.length, 1);
  assert.equal(cpe.state, "failed");
  assert.throws(() => cpe.enqueue(REQUESTS.TransferComplete), LocalProtocolError);
});

Deno.test("CpeSession retries its own request first after fault 8005", () => {
  const cpe = started(3);
  cpe.enqueue(REQUESTS.TransferComplete);
  cpe.enqueue(REQUESTS.GetRPCMethods);
  const first = envelopesOf(cpe.nextPost());
  const { actions } = cpe.receive([
    env(soapFault(8005), { id: first[0]?.headers.id ?? "" }),
    env({ method: "GetRPCMethodsResponse", methodList: ["Inform"] }),
  ]);
  assert.deepEqual(actions.map((a) => a.type), ["retry", "response"]);
  const again = envelopesOf(cpe.nextPost());
  assert.deepEqual(again.map((e) => e.message?.method), ["TransferComplete"]);
  assert.notEqual(again[0]?.headers.id, first[0]?.headers.id);
});

Deno.test("CpeSession rejects a broken ACS with RemoteProtocolError and keeps its state", () => {
  const cases: { name: string; setup: () => CpeSession; body: Envelope[] | "empty" }[] = [
    { name: "empty response to Inform", setup: () => fresh(), body: "empty" },
    {
      name: "request before InformResponse",
      setup: () => fresh(),
      body: [env(REQUESTS.GetParameterValues)],
    },
    {
      name: "InformResponse with another ID",
      setup: () => fresh(),
      body: [env({ method: "InformResponse", maxEnvelopes: 1 }, { id: "9" })],
    },
    {
      name: "answer with nothing outstanding",
      setup: () => emptyPosted(),
      body: [env({ method: "RebootResponse" })],
    },
    {
      name: "answer of the wrong method",
      setup: () => tcPosted(),
      body: [env({ method: "KickedResponse", nextUrl: "/" })],
    },
    { name: "empty response while a CPE request awaits", setup: () => tcPosted(), body: "empty" },
  ];
  for (const c of cases) {
    const cpe = c.setup();
    const before = cpe.state;
    assert.throws(() => cpe.receive(c.body), RemoteProtocolError, c.name);
    assert.equal(cpe.state, before, c.name);
  }
});

function fresh(): CpeSession {
  const cpe = new CpeSession({ inform: sampleInform(1) });
  cpe.nextPost();
  return cpe;
}

function emptyPosted(): CpeSession {
  const cpe = started(1);
  cpe.nextPost();
  return cpe;
}

function tcPosted(): CpeSession {
  const cpe = started(1);
  cpe.enqueue(REQUESTS.TransferComplete);
  cpe.nextPost();
  return cpe;
}

Deno.test("CpeSession keeps its queues after a rejected response", () => {
  const cpe = tcPosted();
  assert.throws(
    () => cpe.receive([env(REQUESTS.Reboot), env({ method: "RebootResponse" })]),
    RemoteProtocolError,
  );
  const { actions } = cpe.receive([env({ method: "TransferCompleteResponse" })]);
  assert.deepEqual(actions.map((a) => a.type), ["response"]);
  assert.deepEqual(cpe.nextPost(), { kind: "empty" });
});

Deno.test("CpeSession answers methods the ACS may not call with fault 9000", () => {
  const cpe = started(2, {}, 2);
  cpe.nextPost();
  const result = cpe.receive([
    env({ method: "Unsupported", name: "X_0012AB_Foo", namespace: "urn:x" }, { id: "x" }),
    env(sampleInform(1), { id: "y" }),
  ]);
  assert.deepEqual(result.actions, []);
  assert.equal(result.warnings.length, 2);
  const post = envelopesOf(cpe.nextPost());
  assert.deepEqual(
    post.map((e) => [e.headers.id, e.message?.method === "Fault" && e.message.detail?.faultCode]),
    [["x", 9000], ["y", 9000]],
  );
});

Deno.test("CpeSession warns when the ACS exceeds the CPE's MaxEnvelopes", () => {
  const cpe = emptyPosted();
  const { warnings } = cpe.receive([env(REQUESTS.Reboot), env(REQUESTS.Reboot)]);
  assert.deepEqual(warnings, ["The ACS sent 2 envelopes; MaxEnvelopes is 1"]);
});

Deno.test("CpeSession refuses calls out of turn with LocalProtocolError", () => {
  const cpe = new CpeSession({ inform: sampleInform(1) });
  assert.throws(() => cpe.receive("empty"), LocalProtocolError);
  assert.equal(cpe.state, "informPending");
  cpe.nextPost();
  assert.throws(() => cpe.nextPost(), LocalProtocolError);
  assert.equal(cpe.state, "awaitingInformResponse");
  assert.throws(() => cpe.enqueue(sampleInform(1)), LocalProtocolError);
  assert.throws(() => cpe.enqueue(REQUESTS.GetParameterValues), LocalProtocolError);
  assert.throws(() => cpe.respond(42, { method: "RebootResponse" }), LocalProtocolError);
});

Deno.test("CpeSession.respond() refuses an answer of another method", () => {
  const cpe = emptyPosted();
  const [action] = cpe.receive([env(REQUESTS.Reboot)]).actions;
  assert.ok(action?.type === "request");
  assert.throws(
    () => cpe.respond(action.key, { method: "ScheduleInformResponse" }),
    LocalProtocolError,
  );
  cpe.respond(action.key, soapFault(9001));
  assert.throws(() => cpe.respond(action.key, soapFault(9001)), LocalProtocolError);
});

Deno.test("CpeSession.abort() fails the session", () => {
  const cpe = emptyPosted();
  cpe.abort();
  assert.equal(cpe.state, "failed");
  assert.throws(() => cpe.abort(), LocalProtocolError);
});
