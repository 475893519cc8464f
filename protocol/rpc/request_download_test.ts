import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import { requestDownloadCodec, requestDownloadResponseCodec } from "./request_download.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

Deno.test("requestDownloadCodec.decode() reads a RequestDownload in the spec's form", () => {
  const message = requestDownloadCodec.decode(
    element(`<cwmp:RequestDownload xmlns:cwmp="urn:dslforum-org:cwmp-1-0"
        xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
      <FileType>2 Web Content</FileType>
      <FileTypeArg soapenc:arrayType="cwmp:ArgStruct[1]">
        <ArgStruct><Name>Version</Name><Value>1.2</Value></ArgStruct>
      </FileTypeArg>
    </cwmp:RequestDownload>`),
    { warnings: [] },
  );
  assert.deepEqual(message, {
    method: "RequestDownload",
    fileType: "2 Web Content",
    fileTypeArg: [{ name: "Version", value: "1.2" }],
  });
});

Deno.test("requestDownloadCodec.decode() accepts reordered children, white space and a missing FileTypeArg", () => {
  assert.deepEqual(
    requestDownloadCodec.decode(
      element(`<RequestDownload>
        <FileTypeArg>
          <ArgStruct><Value> a b </Value><Name> Version </Name></ArgStruct>
          <ArgStruct><Name>Empty</Name></ArgStruct>
        </FileTypeArg>
        <FileType>
          2 Web Content
        </FileType>
      </RequestDownload>`),
      { warnings: [] },
    ),
    {
      method: "RequestDownload",
      fileType: "2 Web Content",
      fileTypeArg: [{ name: "Version", value: " a b " }, { name: "Empty", value: "" }],
    },
  );
  assert.deepEqual(
    requestDownloadCodec.decode(
      element(`<RequestDownload><FileType>1 Firmware Upgrade Image</FileType></RequestDownload>`),
      { warnings: [] },
    ),
    { method: "RequestDownload", fileType: "1 Firmware Upgrade Image", fileTypeArg: [] },
  );
});

Deno.test("requestDownloadCodec.decode() throws RemoteProtocolError for a missing FileType", () => {
  assert.throws(
    () => requestDownloadCodec.decode(element(`<RequestDownload/>`), { warnings: [] }),
    (e) =>
      e instanceof RemoteProtocolError &&
      e.message === "Cannot decode RequestDownload: missing FileType",
  );
});

Deno.test("requestDownloadCodec.encode() writes FileType and an ArgStruct array", () => {
  assert.deepEqual(
    requestDownloadCodec.encode({
      method: "RequestDownload",
      fileType: "3 Vendor Configuration File",
      fileTypeArg: [],
    }),
    [
      { name: "FileType", text: "3 Vendor Configuration File" },
      {
        name: "FileTypeArg",
        attributes: { "SOAP-ENC:arrayType": "cwmp:ArgStruct[0]" },
        children: [],
      },
    ],
  );
});

Deno.test("requestDownloadResponseCodec has no arguments", () => {
  assert.deepEqual(requestDownloadResponseCodec.encode({ method: "RequestDownloadResponse" }), []);
  assert.deepEqual(
    requestDownloadResponseCodec.decode(element(`<RequestDownloadResponse/>`), { warnings: [] }),
    { method: "RequestDownloadResponse" },
  );
});
