import assert from "node:assert/strict";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { rebootCodec, rebootResponseCodec } from "./reboot.ts";

function decodeBody(body: string): unknown {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return decodeEnvelopes(xml).envelopes[0]?.message;
}

Deno.test("rebootCodec.decode() keeps CommandKey exactly", () => {
  assert.deepEqual(
    decodeBody("<cwmp:Reboot><Junk/><commandkey> key 1 </commandkey></cwmp:Reboot>"),
    { method: "Reboot", commandKey: " key 1 " },
  );
});

Deno.test("rebootCodec.decode() reads a missing CommandKey as empty", () => {
  assert.deepEqual(decodeBody("<cwmp:Reboot/>"), { method: "Reboot", commandKey: "" });
});

Deno.test("rebootResponseCodec.decode() reads a padded element", () => {
  assert.deepEqual(decodeBody("<cwmp:RebootResponse>\n</cwmp:RebootResponse>"), {
    method: "RebootResponse",
  });
});

Deno.test("rebootCodec.encode() writes CommandKey", () => {
  const xml = writeXml({
    name: "cwmp:Reboot",
    children: rebootCodec.encode({ method: "Reboot", commandKey: "" }),
  });
  assert.equal(xml, "<cwmp:Reboot><CommandKey></CommandKey></cwmp:Reboot>");
  assert.deepEqual(rebootResponseCodec.encode({ method: "RebootResponse" }), []);
});
