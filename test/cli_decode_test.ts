import assert from "node:assert/strict";
import { encodeEnvelope } from "../protocol/soap/envelope.ts";
import { corpusFiles, runInMemory } from "./fixtures/cli/run.ts";

const INFORM_780 = corpusFiles().find((f) => f.name.endsWith("t_SpeedTouch-780_Inform.xml"));

function corpusText(): string {
  assert.ok(INFORM_780, "corpus file t_SpeedTouch-780_Inform.xml is missing");
  return Deno.readTextFileSync(INFORM_780.path);
}

function assertOneLine(stderr: string, pattern: RegExp): void {
  assert.equal(stderr.split("\n").length, 2, `expected one line, got ${JSON.stringify(stderr)}`);
  assert.match(stderr, pattern);
}

function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    assert.ok(code < 256);
    return code;
  });
}

function informWithManufacturer(manufacturer: string): string {
  return encodeEnvelope({
    method: "Inform",
    deviceId: { manufacturer, oui: "00147F", productClass: "GW", serialNumber: "1" },
    events: [{ eventCode: "1 BOOT", commandKey: "" }],
    maxEnvelopes: 1,
    currentTime: "2026-01-01T00:00:00Z",
    retryCount: 0,
    parameterList: [],
  }, { version: "1.0", headers: { id: "1" } });
}

Deno.test("cwmp decode FILE prints the envelopes as a version 1 JSON document", async () => {
  const run = await runInMemory(["decode", "inform.xml"], {
    files: { "inform.xml": corpusText() },
  });
  assert.equal(run.code, 0);
  assert.equal(run.stderr, "");
  const json = JSON.parse(run.stdout);
  assert.deepEqual(Object.keys(json), ["version", "envelopes", "warnings"]);
  assert.equal(json.version, 1);
  assert.equal(json.envelopes.length, 1);
  assert.deepEqual(Object.keys(json.envelopes[0]), ["cwmpVersion", "headers", "message"]);
  assert.equal(json.envelopes[0].cwmpVersion, "1.0");
  assert.deepEqual(json.envelopes[0].headers, { id: "0_THOM_TR69_ID" });
  assert.equal(json.envelopes[0].message.method, "Inform");
  assert.equal(json.envelopes[0].message.deviceId.manufacturer, "THOMSON");
  assert.ok(json.warnings.some((w: string) => w.includes("0000-00-00T00:00:00")));
  assert.ok(run.stdout.startsWith('{\n  "version": 1,'), "pretty-printed");
});

Deno.test("cwmp decode reads stdin for - and for no FILE", async () => {
  const fromFile = await runInMemory(["decode", "a.xml"], { files: { "a.xml": corpusText() } });
  for (const args of [["decode", "-"], ["decode"]]) {
    const run = await runInMemory(args, { stdin: corpusText() });
    assert.equal(run.code, 0, args.join(" "));
    assert.equal(run.stdout, fromFile.stdout);
  }
});

Deno.test("cwmp decode without FILE refuses to wait on a terminal", async () => {
  const run = await runInMemory(["decode"], { stdinIsTerminal: true });
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assertOneLine(run.stderr, /^cwmp decode: no input: give FILE, or pipe the input to stdin/);
  const dash = await runInMemory(["decode", "-"], { stdinIsTerminal: true });
  assert.equal(dash.code, 0);
});

Deno.test("cwmp decode --content-type reads an ISO-8859-1 body", async () => {
  // The XML declaration claims UTF-8; the HTTP header is what the CPE really meant.
  const body = latin1Bytes(informWithManufacturer("Télécom Ltée"));
  for (const contentType of ["text/xml; charset=ISO-8859-1", "ISO-8859-1"]) {
    const run = await runInMemory(["decode", "--content-type", contentType, "-"], { stdin: body });
    assert.equal(run.code, 0, contentType);
    const json = JSON.parse(run.stdout);
    assert.equal(json.envelopes[0].message.deviceId.manufacturer, "Télécom Ltée");
    assert.deepEqual(json.warnings, []);
  }
  const without = JSON.parse((await runInMemory(["decode"], { stdin: body })).stdout);
  assert.notEqual(without.envelopes[0].message.deviceId.manufacturer, "Télécom Ltée");
  assert.equal(without.warnings.length, 1);
});

Deno.test("cwmp decode of empty input prints zero envelopes", async () => {
  for (const stdin of ["", "\n", "  \r\n\t"]) {
    const run = await runInMemory(["decode", "-"], { stdin });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, "");
    assert.deepEqual(JSON.parse(run.stdout), { version: 1, envelopes: [], warnings: [] });
  }
});

Deno.test("cwmp decode of truncated XML exits 2 with line and column", async () => {
  const text = corpusText();
  const run = await runInMemory(["decode"], { stdin: text.slice(0, Math.floor(text.length / 2)) });
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assertOneLine(run.stderr, /^cwmp decode: line \d+, column \d+: Cannot parse XML: /);
});

Deno.test("cwmp decode rejects a DOCTYPE with its line and column", async () => {
  const stdin = '<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol">]>\n<lol>&lol;</lol>';
  const run = await runInMemory(["decode"], { stdin });
  assert.equal(run.code, 2);
  assertOneLine(run.stderr, /^cwmp decode: line 2, column 1: Cannot parse XML: DOCTYPE/);
});

Deno.test("cwmp decode rejects an unbound prefix with its line and column", async () => {
  const stdin = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n' +
    "  <soap:Body><cwmp:Inform/></soap:Body>\n</soap:Envelope>";
  const run = await runInMemory(["decode"], { stdin });
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    "cwmp decode: line 2, column 14: Cannot parse XML: unbound namespace prefix 'cwmp'\n",
  );
});

Deno.test("cwmp decode reports XML that is not CWMP, or too deep, in one line", async () => {
  const notSoap = await runInMemory(["decode"], { stdin: "<a/>" });
  assert.equal(notSoap.code, 2);
  assert.equal(
    notSoap.stderr,
    "cwmp decode: Cannot decode envelope: root element is 'a', not Envelope\n",
  );
  const deep = await runInMemory(["decode"], { stdin: "<a>".repeat(500) + "</a>".repeat(500) });
  assert.equal(deep.code, 2);
  assertOneLine(deep.stderr, /^cwmp decode: Cannot parse XML: depth exceeds the limit of \d+\n$/);
});

Deno.test("cwmp decode of a missing file exits 2 with one line", async () => {
  const run = await runInMemory(["decode", "nope.xml"]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr, "cwmp decode: cannot read nope.xml: No such file\n");
});

Deno.test("cwmp decode decodes every corpus file", async () => {
  const files = corpusFiles();
  assert.ok(files.length >= 70, `only ${files.length} corpus files`);
  for (const file of files) {
    const run = await runInMemory(["decode", file.path], {
      files: { [file.path]: Deno.readFileSync(file.path) },
    });
    assert.equal(run.code, 0, `${file.name}: ${run.stderr}`);
    assert.ok(JSON.parse(run.stdout).envelopes.length >= 1, file.name);
  }
});
