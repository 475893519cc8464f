import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { getOptionsCodec, getOptionsResponseCodec, type OptionStruct } from "./get_options.ts";

function decodeBody(body: string): { message: unknown; warnings: string[] } {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  const { envelopes, warnings } = decodeEnvelopes(xml);
  return { message: envelopes[0]?.message, warnings };
}

function response(options: string): string {
  return `<cwmp:GetOptionsResponse><OptionList>${options}</OptionList></cwmp:GetOptionsResponse>`;
}

Deno.test("getOptionsCodec.decode() reads a trimmed OptionName", () => {
  assert.deepEqual(
    decodeBody("<cwmp:GetOptions><OptionName> VoIP </OptionName></cwmp:GetOptions>"),
    {
      message: { method: "GetOptions", optionName: "VoIP" },
      warnings: [],
    },
  );
});

Deno.test("getOptionsCodec.decode() throws on a missing OptionName", () => {
  assert.throws(() => decodeBody("<cwmp:GetOptions/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode GetOptions: missing OptionName",
  });
});

Deno.test("getOptionsResponseCodec.decode() reads a liberal OptionStruct", () => {
  const { message, warnings } = decodeBody(response(`<OptionStruct>
    <IsTransferable> true </IsTransferable>
    <StartDate> 2024-03-01T10:00:00Z </StartDate>
    <Mode>1</Mode><State> 3 </State><VoucherSN>42</VoucherSN>
    <ExpirationDate>2025-03-01T10:00:00Z</ExpirationDate>
    <OptionName> VoIP </OptionName>
  </OptionStruct>
  <OptionStruct><OptionName>IPTV</OptionName><VoucherSN>7</VoucherSN><State>0</State>
    <Mode>2</Mode><StartDate>0000-00-00T00:00:00</StartDate><ExpirationDate/>
    <IsTransferable>0</IsTransferable></OptionStruct>`));
  assert.deepEqual(message, {
    method: "GetOptionsResponse",
    optionList: [
      {
        optionName: "VoIP",
        voucherSN: 42,
        state: 3,
        mode: 1,
        startDate: "2024-03-01T10:00:00Z",
        expirationDate: "2025-03-01T10:00:00Z",
        isTransferable: true,
      },
      {
        optionName: "IPTV",
        voucherSN: 7,
        state: 0,
        mode: 2,
        startDate: "0000-00-00T00:00:00",
        isTransferable: false,
      },
    ],
  });
  assert.deepEqual(warnings, ["Invalid StartDate '0000-00-00T00:00:00' kept as raw text"]);
});

Deno.test("getOptionsResponseCodec.decode() throws on missing or invalid fields", () => {
  assert.throws(() => decodeBody("<cwmp:GetOptionsResponse/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode GetOptionsResponse: missing OptionList",
  });
  assert.throws(
    () =>
      decodeBody(response(`<OptionStruct><OptionName>A</OptionName><VoucherSN>1</VoucherSN>
      <State>0</State><Mode>0</Mode><IsTransferable>0</IsTransferable></OptionStruct>`)),
    { name: RemoteProtocolError.name, message: "Cannot decode OptionStruct: missing StartDate" },
  );
  assert.throws(
    () =>
      decodeBody(response(`<OptionStruct><OptionName>A</OptionName><VoucherSN>1</VoucherSN>
      <State>4</State><Mode>0</Mode><StartDate>2024-01-01T00:00:00Z</StartDate>
      <IsTransferable>0</IsTransferable></OptionStruct>`)),
    { name: RemoteProtocolError.name, message: /State 4 is not one of/ },
  );
});

Deno.test("getOptionsResponseCodec.encode() writes OptionStruct in schema order", () => {
  const option: OptionStruct = {
    optionName: "VoIP",
    voucherSN: 42,
    state: 1,
    mode: 1,
    startDate: "0000-00-00T00:00:00",
    expirationDate: "2025-03-01T10:00:00Z",
    isTransferable: false,
  };
  const xml = writeXml({
    name: "cwmp:GetOptionsResponse",
    children: getOptionsResponseCodec.encode({
      method: "GetOptionsResponse",
      optionList: [option],
    }),
  });
  assert.equal(
    xml,
    '<cwmp:GetOptionsResponse><OptionList SOAP-ENC:arrayType="cwmp:OptionStruct[1]">' +
      "<OptionStruct><OptionName>VoIP</OptionName><VoucherSN>42</VoucherSN><State>1</State>" +
      "<Mode>1</Mode><StartDate>0001-01-01T00:00:00Z</StartDate>" +
      "<ExpirationDate>2025-03-01T10:00:00Z</ExpirationDate>" +
      "<IsTransferable>0</IsTransferable></OptionStruct></OptionList></cwmp:GetOptionsResponse>",
  );
});

Deno.test("getOptionsResponseCodec.encode() refuses a Mode outside 0 to 2", () => {
  const option = {
    optionName: "A",
    voucherSN: 1,
    state: 0,
    mode: 3,
    startDate: "2024-01-01T00:00:00Z",
    isTransferable: true,
  } as unknown as OptionStruct;
  assert.throws(
    () => getOptionsResponseCodec.encode({ method: "GetOptionsResponse", optionList: [option] }),
    LocalProtocolError,
  );
});

Deno.test("getOptionsCodec.encode() writes OptionName", () => {
  assert.deepEqual(getOptionsCodec.encode({ method: "GetOptions", optionName: "" }), [
    { name: "OptionName", text: "" },
  ]);
});
