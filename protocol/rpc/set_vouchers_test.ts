import assert from "node:assert/strict";
import { LocalProtocolError, RemoteProtocolError } from "../errors.ts";
import { decodeEnvelopes } from "../soap/envelope.ts";
import { writeXml } from "../xml/write.ts";
import { setVouchersCodec, setVouchersResponseCodec } from "./set_vouchers.ts";

function decodeBody(body: string): unknown {
  const xml = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body>${body}</soap:Body></soap:Envelope>`;
  return decodeEnvelopes(xml).envelopes[0]?.message;
}

Deno.test("setVouchersCodec.decode() reads line-wrapped base64 with any item name", () => {
  assert.deepEqual(
    decodeBody(`<cwmp:SetVouchers><VoucherList>
      <base64>
        AAECAwQF
        BgcICQ==
      </base64>
      <item>wfg=</item>
    </VoucherList></cwmp:SetVouchers>`),
    { method: "SetVouchers", voucherList: ["AAECAwQFBgcICQ==", "wfg="] },
  );
});

Deno.test("setVouchersCodec.decode() throws on a missing VoucherList or bad base64", () => {
  assert.throws(() => decodeBody("<cwmp:SetVouchers/>"), {
    name: RemoteProtocolError.name,
    message: "Cannot decode SetVouchers: missing VoucherList",
  });
  assert.throws(
    () =>
      decodeBody(
        "<cwmp:SetVouchers><VoucherList><base64>a*b</base64></VoucherList></cwmp:SetVouchers>",
      ),
    {
      name: RemoteProtocolError.name,
      message: "Cannot decode SetVouchers: a voucher is not base64",
    },
  );
});

Deno.test("setVouchersCodec.encode() writes a SOAP-ENC:base64 array", () => {
  const xml = writeXml({
    name: "cwmp:SetVouchers",
    children: setVouchersCodec.encode({ method: "SetVouchers", voucherList: ["AAEC", ""] }),
  });
  assert.equal(
    xml,
    '<cwmp:SetVouchers><VoucherList SOAP-ENC:arrayType="SOAP-ENC:base64[2]">' +
      "<base64>AAEC</base64><base64></base64></VoucherList></cwmp:SetVouchers>",
  );
});

Deno.test("setVouchersCodec.encode() refuses an empty list or text that is not base64", () => {
  assert.throws(
    () => setVouchersCodec.encode({ method: "SetVouchers", voucherList: [] }),
    LocalProtocolError,
  );
  assert.throws(
    () => setVouchersCodec.encode({ method: "SetVouchers", voucherList: ["not base64"] }),
    LocalProtocolError,
  );
});

Deno.test("setVouchersResponseCodec.decode() reads the response", () => {
  assert.deepEqual(decodeBody("<cwmp:SetVouchersResponse/>"), { method: "SetVouchersResponse" });
  assert.deepEqual(setVouchersResponseCodec.encode({ method: "SetVouchersResponse" }), []);
});
