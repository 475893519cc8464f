import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { DecodeContext } from "./codec.ts";
import {
  type Download,
  downloadCodec,
  type DownloadResponse,
  downloadResponseCodec,
} from "./download.ts";

function element(xml: string): ReturnType<typeof parseXml>[number] {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

function decode(xml: string, context: DecodeContext = { warnings: [] }): Download {
  return downloadCodec.decode(element(xml), context);
}

function decodeResponse(xml: string, context: DecodeContext = { warnings: [] }): DownloadResponse {
  return downloadResponseCodec.decode(element(xml), context);
}

const FULL: Download = {
  method: "Download",
  commandKey: "fw-2026-01",
  fileType: "1 Firmware Upgrade Image",
  url: "http://files.example.com/fw/image.bin",
  username: "cpe",
  password: "p&ss",
  fileSize: 4194304,
  targetFileName: "image.bin",
  delaySeconds: 30,
  successUrl: "http://portal.example.com/ok",
  failureUrl: "http://portal.example.com/ko",
};

Deno.test("downloadCodec.decode() reads a Download in the spec's form", () => {
  const message = decode(`<cwmp:Download xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
    <CommandKey>fw-2026-01</CommandKey>
    <FileType>1 Firmware Upgrade Image</FileType>
    <URL>http://files.example.com/fw/image.bin</URL>
    <Username>cpe</Username>
    <Password>p&amp;ss</Password>
    <FileSize>4194304</FileSize>
    <TargetFileName>image.bin</TargetFileName>
    <DelaySeconds>30</DelaySeconds>
    <SuccessURL>http://portal.example.com/ok</SuccessURL>
    <FailureURL>http://portal.example.com/ko</FailureURL>
  </cwmp:Download>`);
  assert.deepEqual(message, FULL);
});

Deno.test("downloadCodec.decode() accepts reordered children, white space and any prefix", () => {
  const message = decode(`<Download xmlns="urn:dslforum-org:cwmp-1-2">
    <FailureURL>http://portal.example.com/ko</FailureURL>
    <DelaySeconds> 30 </DelaySeconds>
    <URL>
      http://files.example.com/fw/image.bin
    </URL>
    <FileSize>+4194304</FileSize>
    <FileType> 1 Firmware Upgrade Image </FileType>
    <Password>p&amp;ss</Password>
    <TargetFileName>image.bin</TargetFileName>
    <Username>cpe</Username>
    <SuccessURL>http://portal.example.com/ok</SuccessURL>
    <CommandKey>fw-2026-01</CommandKey>
  </Download>`);
  assert.deepEqual(message, FULL);
});

Deno.test("downloadCodec.decode() defaults missing DelaySeconds to 0", () => {
  const message = decode(`<cwmp:Download xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
    <FileType>X 00D09E Bootloader</FileType><URL>https://f.example.com/b</URL>
  </cwmp:Download>`);
  assert.deepEqual(message, {
    method: "Download",
    commandKey: "",
    fileType: "X 00D09E Bootloader",
    url: "https://f.example.com/b",
    username: "",
    password: "",
    fileSize: 0,
    targetFileName: "",
    delaySeconds: 0,
    successUrl: "",
    failureUrl: "",
  });
});

Deno.test("downloadCodec.decode() throws RemoteProtocolError for a missing URL or FileType", () => {
  assert.throws(
    () => decode(`<Download><FileType>2 Web Content</FileType></Download>`),
    (e) => e instanceof RemoteProtocolError && e.message === "Cannot decode Download: missing URL",
  );
  assert.throws(
    () => decode(`<Download><URL>http://a/</URL></Download>`),
    (e) => e instanceof RemoteProtocolError && /missing FileType/.test(e.message),
  );
});

Deno.test("downloadCodec.decode() throws RemoteProtocolError for a FileSize that is no integer", () => {
  assert.throws(
    () =>
      decode(
        `<Download><FileType>2 Web Content</FileType><URL>u</URL><FileSize>big</FileSize></Download>`,
      ),
    RemoteProtocolError,
  );
});

Deno.test("downloadCodec.encode() writes every argument in schema order", () => {
  assert.deepEqual(downloadCodec.encode(FULL), [
    { name: "CommandKey", text: "fw-2026-01" },
    { name: "FileType", text: "1 Firmware Upgrade Image" },
    { name: "URL", text: "http://files.example.com/fw/image.bin" },
    { name: "Username", text: "cpe" },
    { name: "Password", text: "p&ss" },
    { name: "FileSize", text: "4194304" },
    { name: "TargetFileName", text: "image.bin" },
    { name: "DelaySeconds", text: "30" },
    { name: "SuccessURL", text: "http://portal.example.com/ok" },
    { name: "FailureURL", text: "http://portal.example.com/ko" },
  ]);
});

Deno.test("downloadResponseCodec.decode() reads Status and the times", () => {
  const message = decodeResponse(`<cwmp:DownloadResponse xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
    <CompleteTime>2026-01-01T10:02:00Z</CompleteTime>
    <StartTime> 2026-01-01T10:00:00Z </StartTime>
    <Status> 0 </Status>
  </cwmp:DownloadResponse>`);
  assert.deepEqual(message, {
    method: "DownloadResponse",
    status: 0,
    startTime: "2026-01-01T10:00:00Z",
    completeTime: "2026-01-01T10:02:00Z",
  });
});

Deno.test("downloadResponseCodec.decode() reads missing or empty times as the Unknown Time", () => {
  const context = { warnings: [] };
  const message = decodeResponse(
    `<DownloadResponse><Status>1</Status><StartTime></StartTime></DownloadResponse>`,
    context,
  );
  assert.deepEqual(message, {
    method: "DownloadResponse",
    status: 1,
    startTime: "0001-01-01T00:00:00Z",
    completeTime: "0001-01-01T00:00:00Z",
  });
  assert.deepEqual(context.warnings, []);
});

Deno.test("downloadResponseCodec.decode() keeps an invalid time with a warning", () => {
  const context: DecodeContext = { warnings: [] };
  const message = decodeResponse(
    `<DownloadResponse><Status>0</Status><StartTime>0000-00-00T00:00:00</StartTime></DownloadResponse>`,
    context,
  );
  assert.equal(message.startTime, "0000-00-00T00:00:00");
  assert.equal(context.warnings.length, 1);
});

Deno.test("downloadResponseCodec.decode() throws RemoteProtocolError for a missing Status", () => {
  assert.throws(
    () =>
      decodeResponse(
        `<DownloadResponse><StartTime>2026-01-01T00:00:00Z</StartTime></DownloadResponse>`,
      ),
    (e) => e instanceof RemoteProtocolError && /missing Status/.test(e.message),
  );
});

Deno.test("downloadResponseCodec.encode() sends an invalid time as the Unknown Time", () => {
  assert.deepEqual(
    downloadResponseCodec.encode({
      method: "DownloadResponse",
      status: 0,
      startTime: "0000-00-00T00:00:00",
      completeTime: "2026-01-01T10:02:00+01:00",
    }),
    [
      { name: "Status", text: "0" },
      { name: "StartTime", text: "0001-01-01T00:00:00Z" },
      { name: "CompleteTime", text: "2026-01-01T10:02:00+01:00" },
    ],
  );
});
