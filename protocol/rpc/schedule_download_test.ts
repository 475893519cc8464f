import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import {
  type ScheduleDownload,
  scheduleDownloadCodec,
  scheduleDownloadResponseCodec,
} from "./schedule_download.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

const FULL: ScheduleDownload = {
  method: "ScheduleDownload",
  commandKey: "night-fw",
  fileType: "1 Firmware Upgrade Image",
  url: "http://files.example.com/fw.bin",
  username: "",
  password: "",
  fileSize: 2048,
  targetFileName: "",
  timeWindowList: [
    { windowStart: 0, windowEnd: 3600, windowMode: "3 When Idle", userMessage: "", maxRetries: 2 },
    {
      windowStart: 86400,
      windowEnd: 90000,
      windowMode: "4 Confirmation Needed",
      userMessage: "Update now?",
      maxRetries: -1,
    },
  ],
};

Deno.test("scheduleDownloadCodec.decode() reads a ScheduleDownload in the schema's form", () => {
  const message = scheduleDownloadCodec.decode(
    element(`<cwmp:ScheduleDownload xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
      <CommandKey>night-fw</CommandKey>
      <FileType>1 Firmware Upgrade Image</FileType>
      <URL>http://files.example.com/fw.bin</URL>
      <Username></Username>
      <Password></Password>
      <FileSize>2048</FileSize>
      <TargetFileName></TargetFileName>
      <TimeWindowList>
        <TimeWindowStruct>
          <WindowStart>0</WindowStart><WindowEnd>3600</WindowEnd>
          <WindowMode>3 When Idle</WindowMode><UserMessage></UserMessage>
          <MaxRetries>2</MaxRetries>
        </TimeWindowStruct>
        <TimeWindowStruct>
          <WindowStart>86400</WindowStart><WindowEnd>90000</WindowEnd>
          <WindowMode>4 Confirmation Needed</WindowMode><UserMessage>Update now?</UserMessage>
          <MaxRetries>-1</MaxRetries>
        </TimeWindowStruct>
      </TimeWindowList>
    </cwmp:ScheduleDownload>`),
    { warnings: [] },
  );
  assert.deepEqual(message, FULL);
});

Deno.test("scheduleDownloadCodec.decode() accepts reordered children and defaults missing parts", () => {
  const message = scheduleDownloadCodec.decode(
    element(`<ScheduleDownload>
      <TimeWindowList>
        <TimeWindowStruct>
          <WindowMode> 3 When Idle </WindowMode>
          <WindowEnd> 3600 </WindowEnd>
          <WindowStart>0</WindowStart>
        </TimeWindowStruct>
      </TimeWindowList>
      <URL> http://files.example.com/fw.bin </URL>
      <FileType>1 Firmware Upgrade Image</FileType>
    </ScheduleDownload>`),
    { warnings: [] },
  );
  assert.deepEqual(message, {
    ...FULL,
    commandKey: "",
    fileSize: 0,
    timeWindowList: [{
      windowStart: 0,
      windowEnd: 3600,
      windowMode: "3 When Idle",
      userMessage: "",
      maxRetries: -1,
    }],
  });
});

Deno.test("scheduleDownloadCodec.decode() throws RemoteProtocolError for a missing TimeWindowList", () => {
  assert.throws(
    () =>
      scheduleDownloadCodec.decode(
        element(
          `<ScheduleDownload><FileType>2 Web Content</FileType><URL>u</URL></ScheduleDownload>`,
        ),
        { warnings: [] },
      ),
    (e) =>
      e instanceof RemoteProtocolError &&
      e.message === "Cannot decode ScheduleDownload: missing TimeWindowList",
  );
});

Deno.test("scheduleDownloadCodec.decode() throws RemoteProtocolError for a window without WindowEnd", () => {
  assert.throws(
    () =>
      scheduleDownloadCodec.decode(
        element(`<ScheduleDownload><FileType>2 Web Content</FileType><URL>u</URL>
          <TimeWindowList><TimeWindowStruct><WindowStart>0</WindowStart>
          <WindowMode>1 At Any Time</WindowMode></TimeWindowStruct></TimeWindowList>
        </ScheduleDownload>`),
        { warnings: [] },
      ),
    RemoteProtocolError,
  );
});

Deno.test("scheduleDownloadCodec.encode() writes the arguments and a TimeWindowStruct array", () => {
  const nodes = scheduleDownloadCodec.encode(FULL);
  assert.deepEqual(nodes.map((n) => n.name), [
    "CommandKey",
    "FileType",
    "URL",
    "Username",
    "Password",
    "FileSize",
    "TargetFileName",
    "TimeWindowList",
  ]);
  assert.deepEqual(nodes[7], {
    name: "TimeWindowList",
    attributes: { "SOAP-ENC:arrayType": "cwmp:TimeWindowStruct[2]" },
    children: [
      {
        name: "TimeWindowStruct",
        children: [
          { name: "WindowStart", text: "0" },
          { name: "WindowEnd", text: "3600" },
          { name: "WindowMode", text: "3 When Idle" },
          { name: "UserMessage", text: "" },
          { name: "MaxRetries", text: "2" },
        ],
      },
      {
        name: "TimeWindowStruct",
        children: [
          { name: "WindowStart", text: "86400" },
          { name: "WindowEnd", text: "90000" },
          { name: "WindowMode", text: "4 Confirmation Needed" },
          { name: "UserMessage", text: "Update now?" },
          { name: "MaxRetries", text: "-1" },
        ],
      },
    ],
  });
});

Deno.test("scheduleDownloadResponseCodec exists from cwmp-1-2 and has no arguments", () => {
  assert.equal(scheduleDownloadResponseCodec.since, "1.2");
  assert.deepEqual(
    scheduleDownloadResponseCodec.encode({ method: "ScheduleDownloadResponse" }),
    [],
  );
  assert.deepEqual(
    scheduleDownloadResponseCodec.decode(element(`<ScheduleDownloadResponse/>`), { warnings: [] }),
    { method: "ScheduleDownloadResponse" },
  );
});
