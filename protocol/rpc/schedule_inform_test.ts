import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { scheduleInformCodec, scheduleInformResponseCodec } from "./schedule_inform.ts";

function decodeBody(body: string): unknown {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return decodeEnvelopes(xml).envelopes[0]?.message;
}

Deno.test("scheduleInformCodec.decode() reads reordered children with white space", () => {
  assert.deepEqual(
    decodeBody(`<cwmp:ScheduleInform><CommandKey>later</CommandKey>
      <DelaySeconds> 300 </DelaySeconds></cwmp:ScheduleInform>`),
    { method: "ScheduleInform", delaySeconds: 300, commandKey: "later" },
  );
});

Deno.test("scheduleInformCodec.decode() reads a missing CommandKey as empty and accepts 0", () => {
  assert.deepEqual(
    decodeBody("<cwmp:ScheduleInform><DelaySeconds>0</DelaySeconds></cwmp:ScheduleInform>"),
    { method: "ScheduleInform", delaySeconds: 0, commandKey: "" },
  );
});

Deno.test("scheduleInformCodec.decode() throws on a missing or negative DelaySeconds", () => {
  assert.throws(
    () => decodeBody("<cwmp:ScheduleInform><CommandKey/></cwmp:ScheduleInform>"),
    {
      name: RemoteProtocolError.name,
      message: "Cannot decode ScheduleInform: missing DelaySeconds",
    },
  );
  assert.throws(
    () => decodeBody("<cwmp:ScheduleInform><DelaySeconds>-5</DelaySeconds></cwmp:ScheduleInform>"),
    { name: RemoteProtocolError.name, message: /DelaySeconds -5 is outside/ },
  );
});

Deno.test("scheduleInformCodec.encode() writes DelaySeconds then CommandKey", () => {
  const xml = writeXml({
    name: "cwmp:ScheduleInform",
    children: scheduleInformCodec.encode({
      method: "ScheduleInform",
      delaySeconds: 5,
      commandKey: "k",
    }),
  });
  assert.equal(
    xml,
    "<cwmp:ScheduleInform><DelaySeconds>5</DelaySeconds>" +
      "<CommandKey>k</CommandKey></cwmp:ScheduleInform>",
  );
  assert.deepEqual(scheduleInformResponseCodec.encode({ method: "ScheduleInformResponse" }), []);
});

Deno.test("scheduleInformCodec.encode() refuses a DelaySeconds of 0 or a fraction", () => {
  for (const delaySeconds of [0, 1.5, 2 ** 32]) {
    assert.throws(
      () => scheduleInformCodec.encode({ method: "ScheduleInform", delaySeconds, commandKey: "" }),
      LocalProtocolError,
    );
  }
});

Deno.test("scheduleInformResponseCodec.decode() reads the response", () => {
  assert.deepEqual(decodeBody("<cwmp:ScheduleInformResponse/>"), {
    method: "ScheduleInformResponse",
  });
});
