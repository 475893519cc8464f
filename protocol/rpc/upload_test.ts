import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import { type Upload, uploadCodec, uploadResponseCodec } from "./upload.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

const FULL: Upload = {
  method: "Upload",
  commandKey: "cfg-backup",
  fileType: "1 Vendor Configuration File",
  url: "https://files.example.com/upload/cfg",
  username: "cpe",
  password: "secret",
  delaySeconds: 0,
};

Deno.test("uploadCodec.decode() reads an Upload in the spec's form", () => {
  const message = uploadCodec.decode(
    element(`<cwmp:Upload xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
      <CommandKey>cfg-backup</CommandKey>
      <FileType>1 Vendor Configuration File</FileType>
      <URL>https://files.example.com/upload/cfg</URL>
      <Username>cpe</Username>
      <Password>secret</Password>
      <DelaySeconds>0</DelaySeconds>
    </cwmp:Upload>`),
    { warnings: [] },
  );
  assert.deepEqual(message, FULL);
});

Deno.test("uploadCodec.decode() accepts reordered children and white space", () => {
  const message = uploadCodec.decode(
    element(`<u:Upload xmlns:u="urn:dslforum-org:cwmp-1-1">
      <DelaySeconds>
        0
      </DelaySeconds>
      <Password>secret</Password>
      <URL> https://files.example.com/upload/cfg </URL>
      <FileType>
        1 Vendor Configuration File
      </FileType>
      <Username>cpe</Username>
      <CommandKey>cfg-backup</CommandKey>
    </u:Upload>`),
    { warnings: [] },
  );
  assert.deepEqual(message, FULL);
});

Deno.test("uploadCodec.decode() defaults missing DelaySeconds, credentials and CommandKey", () => {
  const message = uploadCodec.decode(
    element(`<Upload><FileType>2 Vendor Log File</FileType><URL>http://l/</URL></Upload>`),
    { warnings: [] },
  );
  assert.deepEqual(message, {
    method: "Upload",
    commandKey: "",
    fileType: "2 Vendor Log File",
    url: "http://l/",
    username: "",
    password: "",
    delaySeconds: 0,
  });
});

Deno.test("uploadCodec.decode() throws RemoteProtocolError for a missing FileType", () => {
  assert.throws(
    () => uploadCodec.decode(element(`<Upload><URL>http://l/</URL></Upload>`), { warnings: [] }),
    (e) =>
      e instanceof RemoteProtocolError && e.message === "Cannot decode Upload: missing FileType",
  );
});

Deno.test("uploadCodec.encode() writes every argument in schema order", () => {
  assert.deepEqual(uploadCodec.encode(FULL), [
    { name: "CommandKey", text: "cfg-backup" },
    { name: "FileType", text: "1 Vendor Configuration File" },
    { name: "URL", text: "https://files.example.com/upload/cfg" },
    { name: "Username", text: "cpe" },
    { name: "Password", text: "secret" },
    { name: "DelaySeconds", text: "0" },
  ]);
});

Deno.test("uploadResponseCodec.decode() reads Status and the times in any order", () => {
  const message = uploadResponseCodec.decode(
    element(`<cwmp:UploadResponse xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
      <StartTime>2026-01-01T10:00:00Z</StartTime>
      <Status>1</Status>
    </cwmp:UploadResponse>`),
    { warnings: [] },
  );
  assert.deepEqual(message, {
    method: "UploadResponse",
    status: 1,
    startTime: "2026-01-01T10:00:00Z",
    completeTime: "0001-01-01T00:00:00Z",
  });
});

Deno.test("uploadResponseCodec.decode() throws RemoteProtocolError for a missing Status", () => {
  assert.throws(
    () => uploadResponseCodec.decode(element(`<UploadResponse/>`), { warnings: [] }),
    RemoteProtocolError,
  );
});

Deno.test("uploadResponseCodec.encode() writes Status, StartTime, CompleteTime", () => {
  assert.deepEqual(
    uploadResponseCodec.encode({
      method: "UploadResponse",
      status: 0,
      startTime: "2026-01-01T10:00:00Z",
      completeTime: "2026-01-01T10:00:05Z",
    }),
    [
      { name: "Status", text: "0" },
      { name: "StartTime", text: "2026-01-01T10:00:00Z" },
      { name: "CompleteTime", text: "2026-01-01T10:00:05Z" },
    ],
  );
});
