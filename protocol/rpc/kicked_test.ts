import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import { kickedCodec, kickedResponseCodec } from "./kicked.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

Deno.test("kickedCodec.decode() reads a Kicked in the spec's form", () => {
  assert.deepEqual(
    kickedCodec.decode(
      element(`<cwmp:Kicked xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
        <Command>provision</Command>
        <Referer>http://portal.example.com/start</Referer>
        <Arg>plan=gold&amp;line=2</Arg>
        <Next>http://portal.example.com/done?s=1</Next>
      </cwmp:Kicked>`),
      { warnings: [] },
    ),
    {
      method: "Kicked",
      command: "provision",
      referer: "http://portal.example.com/start",
      arg: "plan=gold&line=2",
      next: "http://portal.example.com/done?s=1",
    },
  );
});

Deno.test("kickedCodec.decode() accepts reordered children, white space and missing arguments", () => {
  assert.deepEqual(
    kickedCodec.decode(
      element(`<Kicked><Next>
        http://portal.example.com/done
      </Next><Arg> x </Arg></Kicked>`),
      { warnings: [] },
    ),
    {
      method: "Kicked",
      command: "",
      referer: "",
      arg: " x ",
      next: "http://portal.example.com/done",
    },
  );
});

Deno.test("kickedCodec.decode() throws RemoteProtocolError for a missing Next", () => {
  assert.throws(
    () => kickedCodec.decode(element(`<Kicked><Command>c</Command></Kicked>`), { warnings: [] }),
    (e) => e instanceof RemoteProtocolError && e.message === "Cannot decode Kicked: missing Next",
  );
});

Deno.test("kickedCodec.encode() writes Command, Referer, Arg, Next", () => {
  assert.deepEqual(
    kickedCodec.encode({ method: "Kicked", command: "c", referer: "r", arg: "a", next: "/n" }),
    [
      { name: "Command", text: "c" },
      { name: "Referer", text: "r" },
      { name: "Arg", text: "a" },
      { name: "Next", text: "/n" },
    ],
  );
});

Deno.test("kickedResponseCodec.decode() reads NextURL, trimmed", () => {
  assert.deepEqual(
    kickedResponseCodec.decode(
      element(`<cwmp:KickedResponse xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
        <NextURL> /security/index.html </NextURL>
      </cwmp:KickedResponse>`),
      { warnings: [] },
    ),
    { method: "KickedResponse", nextUrl: "/security/index.html" },
  );
});

Deno.test("kickedResponseCodec.decode() throws RemoteProtocolError for a missing NextURL", () => {
  assert.throws(
    () => kickedResponseCodec.decode(element(`<KickedResponse/>`), { warnings: [] }),
    RemoteProtocolError,
  );
});

Deno.test("kickedResponseCodec.encode() writes NextURL", () => {
  assert.deepEqual(kickedResponseCodec.encode({ method: "KickedResponse", nextUrl: "/x" }), [
    { name: "NextURL", text: "/x" },
  ]);
});
