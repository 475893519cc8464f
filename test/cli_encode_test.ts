import assert from "node:assert/strict";
import { isValidDateTime, UNKNOWN_TIME } from "../protocol/rpc/values.ts";
import { corpusFiles, runInMemory } from "./fixtures/cli/run.ts";

interface DecodedJson {
  version: number;
  envelopes: { message: { method: string; name?: string } | null }[];
  warnings: string[];
}

async function decode(xml: string): Promise<DecodedJson> {
  const run = await runInMemory(["decode"], { stdin: xml });
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout);
}

async function encodeFails(stdin: string, args: string[] = []): Promise<string> {
  const run = await runInMemory(["encode", ...args], { stdin });
  assert.equal(run.code, 2, `expected exit 2, stderr: ${run.stderr}`);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr.split("\n").length, 2, `not one line: ${run.stderr}`);
  return run.stderr;
}

// Our strict encoder sends a device's invalid dateTime (0000-00-00T00:00:00) as the Unknown Time:
// in dateTime parameter values and in dateTime fields such as Inform's CurrentTime.
function withUnknownTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnknownTimes);
  if (typeof value === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(object).map((
        [k, v],
      ) => [k, k === "value" && object.type !== "dateTime" ? v : withUnknownTimes(v)]),
    );
  }
  const looksLikeDateTime = typeof value === "string" && /^-?\d{4}-\d\d-\d\dT/.test(value);
  return looksLikeDateTime && !isValidDateTime(value) ? UNKNOWN_TIME : value;
}

Deno.test("cwmp encode round trips every corpus file through decode", async () => {
  const files = corpusFiles();
  assert.ok(files.length >= 70, `only ${files.length} corpus files`);
  let roundTripped = 0;
  let withInvalidDateTime = 0;
  for (const file of files) {
    const first = await decode(Deno.readTextFileSync(file.path));
    const unsupported = first.envelopes.find((e) => e.message?.method === "Unsupported");
    const encoded = await runInMemory(["encode"], { stdin: JSON.stringify(first) });
    if (unsupported !== undefined) {
      // Skipped, and the reason asserted: a method we cannot encode is an input error.
      assert.equal(encoded.code, 2, file.name);
      assert.match(encoded.stderr, /Cannot encode \S+: the method is not supported\n$/);
      continue;
    }
    assert.equal(encoded.code, 0, `${file.name}: ${encoded.stderr}`);
    const second = await decode(encoded.stdout);
    const reencoded = await runInMemory(["encode"], { stdin: JSON.stringify(second) });
    assert.equal(reencoded.stdout, encoded.stdout, `${file.name}: encoding is not stable`);
    assert.deepEqual(await decode(reencoded.stdout), second, file.name);
    // The only differences from the device's own message are dateTime values it sent invalid.
    assert.deepEqual(second.envelopes, withUnknownTimes(first.envelopes), file.name);
    // ... and the warnings about what the decoder tolerated, which our output no longer needs.
    assert.deepEqual(second.warnings.filter((w) => !first.warnings.includes(w)), [], file.name);
    roundTripped++;
    if (JSON.stringify(first.envelopes) !== JSON.stringify(second.envelopes)) withInvalidDateTime++;
  }
  assert.ok(roundTripped >= 60, `only ${roundTripped} of ${files.length} files round trip`);
  assert.ok(withInvalidDateTime >= 1, "no corpus file exercised the dateTime exception");
});

Deno.test("cwmp encode of a changed dateTime file sends the Unknown Time", async () => {
  const file = corpusFiles().find((f) => f.name.endsWith("t_SpeedTouch-780_Inform.xml"));
  assert.ok(file);
  const first = await runInMemory(["decode", file.path], {
    files: { [file.path]: Deno.readFileSync(file.path) },
  });
  assert.match(first.stdout, /"type": "dateTime",\n\s*"value": "0000-00-00T00:00:00"/);
  const encoded = await runInMemory(["encode", "in.json"], { files: { "in.json": first.stdout } });
  assert.equal(encoded.code, 0);
  assert.match(encoded.stdout, /"xsd:dateTime">0001-01-01T00:00:00Z<\/Value>/);
  assert.doesNotMatch(encoded.stdout, /0000-00-00/);
});

Deno.test("cwmp encode writes several envelopes with a newline between", async () => {
  const json = {
    version: 1,
    envelopes: [
      {
        cwmpVersion: "1.0",
        headers: { id: "1" },
        message: { method: "InformResponse", maxEnvelopes: 1 },
      },
      { cwmpVersion: "1.0", headers: { holdRequests: true }, message: null },
    ],
    warnings: [],
  };
  const run = await runInMemory(["encode", "-"], { stdin: JSON.stringify(json) });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.match(/<\?xml /g)?.length, 2);
  assert.match(run.stdout, /<\/SOAP-ENV:Envelope>\n<\?xml /);
  assert.ok(run.stdout.endsWith("</SOAP-ENV:Envelope>\n"));
  const decoded = await decode(run.stdout);
  assert.deepEqual(decoded.envelopes, json.envelopes);
});

Deno.test("cwmp encode takes a bare message in the --cwmp-version namespace", async () => {
  const message = JSON.stringify({ method: "InformResponse", maxEnvelopes: 1 });
  const plain = await runInMemory(["encode"], { stdin: message });
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /xmlns:cwmp="urn:dslforum-org:cwmp-1-0"/);
  const v12 = await runInMemory(["encode", "--cwmp-version", "1.2"], { stdin: message });
  assert.match(v12.stdout, /xmlns:cwmp="urn:dslforum-org:cwmp-1-2"/);
  const bad = await runInMemory(["encode", "--cwmp-version", "1.5"], { stdin: message });
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /^cwmp: error: option '--cwmp-version <VERSION>' argument '1.5' is invalid/,
  );
});

Deno.test("cwmp encode takes a bare envelope", async () => {
  const envelope = {
    cwmpVersion: "1.1",
    headers: { id: "7" },
    message: { method: "Reboot", commandKey: "k" },
  };
  const run = await runInMemory(["encode"], { stdin: JSON.stringify(envelope) });
  assert.equal(run.code, 0, run.stderr);
  const decoded = await decode(run.stdout);
  assert.deepEqual(decoded.envelopes, [envelope]);
});

Deno.test("cwmp encode of invalid JSON exits 2 with line and column", async () => {
  assert.equal(
    await encodeFails('{\n  "envelopes": [,]\n}'),
    "cwmp encode: line 2, column 17: Cannot parse JSON: Unexpected token ','\n",
  );
  assert.equal(
    await encodeFails('{\n  "version": 1,\n}'),
    "cwmp encode: line 3, column 1: Cannot parse JSON: Expected double-quoted property name\n",
  );
  assert.equal(await encodeFails(""), "cwmp encode: Cannot parse JSON: the input is empty\n");
  assert.match(await encodeFails('{"a": 1'), /^cwmp encode: line 1, column 8: Cannot parse JSON/);
});

Deno.test("cwmp encode names what is wrong with the JSON shape", async () => {
  const cases: [string, RegExp][] = [
    ['{"version": 1}', /Cannot read JSON: missing 'envelopes'$/],
    ["[]", /Cannot read JSON: expected an object, found an array$/],
    ['{"foo": 1}', /Cannot read JSON: expected \{ "version": 1, "envelopes": \[\.\.\.\] \}/],
    ['{"version": 2, "envelopes": []}', /version 2 is not supported \(expected 1\)$/],
    ['{"envelopes": {}}', /'envelopes' must be an array, found an object$/],
    [
      '{"envelopes": [{"cwmpVersion": "1.0", "headers": {}, "message": {}}]}',
      /envelopes\[0\]\.message has no 'method'$/,
    ],
    ['{"envelopes": [{"cwmpVersion": "1.0", "headers": {}}]}', /envelopes\[0\] has no 'message'/],
    [
      '{"envelopes": [{"cwmpVersion": "9", "message": null}]}',
      /envelopes\[0\]\.cwmpVersion "9" is not one of 1\.0, 1\.1, 1\.2$/,
    ],
    ['{"message": null, "headers": {"hold": true}}', /envelope\.headers\.hold is not a header/],
    [
      '{"message": null, "headers": {"id": 1}}',
      /envelope\.headers\.id must be a string, found a number$/,
    ],
    ['{"method": "Frobnicate"}', /message\.method 'Frobnicate' is not a known CWMP method$/],
  ];
  for (const [stdin, pattern] of cases) {
    const stderr = await encodeFails(stdin);
    assert.match(stderr.trimEnd(), pattern, stdin);
    assert.ok(stderr.startsWith("cwmp encode: "), stderr);
  }
});

Deno.test("cwmp encode names a missing or mistyped field of a message", async () => {
  assert.equal(
    await encodeFails('{"method": "InformResponse"}'),
    "cwmp encode: message: Cannot encode InformResponse: missing field 'maxEnvelopes'\n",
  );
  assert.equal(
    await encodeFails('{"method": "Inform"}'),
    "cwmp encode: message: Cannot encode Inform: missing field 'deviceId'\n",
  );
  assert.equal(
    await encodeFails('{"method": "InformResponse", "maxEnvelopes": "1"}'),
    "cwmp encode: message: Cannot encode InformResponse: " +
      "field 'maxEnvelopes' must be a number, found a string\n",
  );
  const list =
    '{"method": "GetParameterValuesResponse", "parameterList": [{"name": "A.B", "type": "int"}]}';
  assert.match(await encodeFails(list), /missing field 'parameterList\[0\]\.value'\n$/);
});

Deno.test("cwmp encode exits 2 for a value that does not fit its type", async () => {
  const message = {
    method: "GetParameterValuesResponse",
    parameterList: [{ name: "A.B", type: "int", value: "abc" }],
  };
  assert.equal(
    await encodeFails(JSON.stringify(message)),
    "cwmp encode: message: Cannot encode value 'abc': not a valid int\n",
  );
});

Deno.test("cwmp encode exits 2 for what cannot be sent", async () => {
  const unsupported = { method: "Unsupported", name: "X_0012AB_Foo", namespace: "urn:x" };
  assert.equal(
    await encodeFails(JSON.stringify(unsupported)),
    "cwmp encode: message: Cannot encode X_0012AB_Foo: the method is not supported\n",
  );
  const tooNew = { method: "CancelTransfer", commandKey: "k" };
  assert.match(
    await encodeFails(JSON.stringify(tooNew)),
    /Cannot encode CancelTransfer in cwmp-1\.0: it exists from cwmp-1\.2\n$/,
  );
  const ok = await runInMemory(["encode", "--cwmp-version", "1.2"], {
    stdin: JSON.stringify(tooNew),
  });
  assert.equal(ok.code, 0, ok.stderr);
});

Deno.test("cwmp encode of a missing file exits 2 with one line", async () => {
  assert.equal(
    (await runInMemory(["encode", "in.json"])).stderr,
    "cwmp encode: cannot read in.json: No such file\n",
  );
});
