import assert from "node:assert/strict";
import { ConfigError, type ConfigOverrides, parseAgentConfig } from "./config.ts";

const MINIMAL = {
  acs: { url: "http://acs.example:7547/cwmp" },
  identity: { oui: "00D09E", serialNumber: "SN1" },
};

function parse(
  data: unknown,
  overrides: ConfigOverrides = {},
): ReturnType<typeof parseAgentConfig> {
  return parseAgentConfig(data, { baseDir: "/etc/cwmp", overrides });
}

function fails(data: unknown, message: RegExp): void {
  assert.throws(
    () => parse(data),
    (e: unknown) => e instanceof ConfigError && message.test(e.message),
  );
}

Deno.test("parseAgentConfig() fills in defaults and resolves paths against the config's directory", () => {
  const config = parse(MINIMAL);
  assert.equal(config.cwmpVersion, "1.0");
  assert.equal(config.model, "igd");
  assert.equal(config.stateFile, "/etc/cwmp/cwmp-cpe-state.json");
  assert.equal(config.downloads.dir, "/etc/cwmp/downloads");
  assert.deepEqual(config.connectionRequest, {
    hostname: "0.0.0.0",
    port: 7547,
    username: "",
    password: "",
    rateLimit: { count: 20, seconds: 60 },
  });
  assert.deepEqual(config.retry, { minWaitSeconds: 5, multiplier: 2000, maxWaitSeconds: 10240 });
  assert.deepEqual(config.periodicInform, { enabled: true, intervalSeconds: 86400, time: "" });
  assert.equal(config.acs.timeoutSeconds, 30);
  assert.deepEqual(config.identity, { oui: "00D09E", serialNumber: "SN1" });
  assert.deepEqual(config.defaultIdentity, {
    manufacturer: "cwmp",
    oui: "000000",
    productClass: "Gateway",
  });
});

Deno.test("parseAgentConfig() needs no serial number for a device dump, which has its own", () => {
  const dump = parse({ acs: MINIMAL.acs, model: "dumps/gw.csv" });
  assert.equal(dump.model, "/etc/cwmp/dumps/gw.csv");
  assert.deepEqual(dump.identity, {});
  assert.equal(dump.defaultIdentity.serialNumber, undefined);
  fails({ acs: MINIMAL.acs, model: "igd" }, /'identity.serialNumber' is required/);
});

Deno.test("parseAgentConfig() lets the flags win over the file", () => {
  const config = parse({ ...MINIMAL, stateFile: "s.json", model: "tr181" }, {
    acs: "https://other.example/acs",
    state: "/tmp/x.json",
    model: "./m.csv",
  });
  assert.equal(config.acs.url, "https://other.example/acs");
  assert.equal(config.stateFile, "/tmp/x.json");
  assert.equal(config.model, "./m.csv");
  assert.throws(
    () => parse(MINIMAL, { acs: "ftp://x" }),
    /'--acs' 'ftp:\/\/x' is not an http or https URL/,
  );
});

Deno.test("parseAgentConfig() lets the listen, identity and credential flags win over the file", () => {
  const file = {
    ...MINIMAL,
    acs: { ...MINIMAL.acs, username: "file-user", password: "file-pw" },
    identity: { manufacturer: "FileCo", oui: "00D09E", productClass: "F", serialNumber: "F1" },
    connectionRequest: { listen: "0.0.0.0:7547", username: "cr" },
  };
  const config = parse(file, {
    listen: "127.0.0.1:7999",
    identity: { oui: "00aabb", serialNumber: "FLAG-1" },
    username: "flag-user",
    password: "",
  });
  assert.deepEqual(config.identity, {
    manufacturer: "FileCo",
    oui: "00AABB",
    productClass: "F",
    serialNumber: "FLAG-1",
  });
  assert.deepEqual([config.acs.username, config.acs.password], ["flag-user", ""]);
  assert.deepEqual(
    [config.connectionRequest.hostname, config.connectionRequest.port],
    ["127.0.0.1", 7999],
  );
  assert.equal(config.connectionRequest.username, "cr");
  // Without flags the file holds.
  const plain = parse(file);
  assert.deepEqual([plain.acs.username, plain.connectionRequest.port], ["file-user", 7547]);
  assert.equal(plain.identity.serialNumber, "F1");
  // A flag alone is enough: no serial number in the file.
  assert.equal(
    parse({ acs: MINIMAL.acs }, { identity: { serialNumber: "S" } }).identity.serialNumber,
    "S",
  );
  const errors: [ConfigOverrides, RegExp][] = [
    [
      { listen: "nowhere" },
      /^Cannot use the configuration: '--listen' 'nowhere' is not \[HOST:\]PORT/,
    ],
    [{ identity: { oui: "xyz" } }, /'--oui' must be six hexadecimal digits/],
    [{ identity: { serialNumber: "" } }, /'--serial' must not be empty/],
    [{ identity: { productClass: "" } }, /'--product-class' must not be empty/],
  ];
  for (const [overrides, message] of errors) {
    assert.throws(
      () => parse(file, overrides),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
      String(message),
    );
  }
});

Deno.test("parseAgentConfig() reads hooks, TLS files and value backends", () => {
  const config = parse({
    ...MINIMAL,
    acs: { ...MINIMAL.acs, caFile: "ca.pem", clientCert: "/pki/c.pem", clientKey: "k.pem" },
    hooks: {
      reboot: "reboot",
      firmwareApply: "sysupgrade $CWMP_FILE",
      apply: { "3 Vendor Configuration File": "load" },
    },
    values: {
      "InternetGatewayDevice.DeviceInfo.UpTime": { command: "cut -d. -f1 /proc/uptime" },
      "InternetGatewayDevice.X.Name": { value: "gw" },
      "InternetGatewayDevice.X.Rx": { counter: { step: 1500 } },
      "InternetGatewayDevice.X.Temp": { randomWalk: { start: 40, min: 20, max: 90, step: 2 } },
      "InternetGatewayDevice.X.Led": { read: "cat led", write: "echo $CWMP_VALUE > led" },
      "InternetGatewayDevice.X.Mode": { write: "set-mode", rebootRequired: true },
    },
  });
  assert.equal(config.acs.caFile, "/etc/cwmp/ca.pem");
  assert.deepEqual(config.acs.clientCert, { certFile: "/pki/c.pem", keyFile: "/etc/cwmp/k.pem" });
  assert.deepEqual(config.hooks, {
    reboot: "reboot",
    apply: {
      "1 Firmware Upgrade Image": "sysupgrade $CWMP_FILE",
      "3 Vendor Configuration File": "load",
    },
  });
  assert.deepEqual(config.values["InternetGatewayDevice.X.Rx"], {
    kind: "counter",
    start: 0,
    step: 1500,
    everySeconds: 1,
  });
  assert.deepEqual(config.values["InternetGatewayDevice.X.Temp"], {
    kind: "randomWalk",
    start: 40,
    min: 20,
    max: 90,
    step: 2,
    integer: true,
  });
  assert.deepEqual(config.values["InternetGatewayDevice.X.Led"], {
    kind: "command",
    read: "cat led",
    write: "echo $CWMP_VALUE > led",
  });
  assert.deepEqual(config.values["InternetGatewayDevice.X.Mode"], {
    kind: "command",
    write: "set-mode",
    rebootRequired: true,
  });
  assert.deepEqual(config.values["InternetGatewayDevice.DeviceInfo.UpTime"], {
    kind: "command",
    read: "cut -d. -f1 /proc/uptime",
  });
});

Deno.test("parseAgentConfig() names the wrong field", () => {
  fails([], /^Cannot use the configuration: must be a JSON object$/);
  fails({ identity: MINIMAL.identity }, /'acs.url' is required/);
  fails({ ...MINIMAL, acs: { url: "not a url" } }, /'acs.url' 'not a url' is not a URL/);
  fails(
    { ...MINIMAL, identity: { oui: "XYZ", serialNumber: "1" } },
    /'identity.oui' must be six hexadecimal digits/,
  );
  fails({ ...MINIMAL, identity: { oui: "00D09E" } }, /'identity.serialNumber' is required/);
  const defaulted = parseAgentConfig({ acs: MINIMAL.acs }, {
    baseDir: "/",
    defaultSerialNumber: "host-1",
  });
  assert.deepEqual(defaulted.identity, {});
  assert.deepEqual(
    [defaulted.defaultIdentity.oui, defaulted.defaultIdentity.serialNumber],
    ["000000", "host-1"],
  );
  fails(
    { ...MINIMAL, connectionRequest: { listen: "host:99999" } },
    /'connectionRequest.listen' 'host:99999' is not \[HOST:\]PORT/,
  );
  fails({ ...MINIMAL, cwmpVersion: "2.0" }, /'cwmpVersion' must be one of 1.0, 1.1, 1.2/);
  fails(
    { ...MINIMAL, periodicInform: { intervalSeconds: 0 } },
    /'periodicInform.intervalSeconds' must be at least 1/,
  );
  fails(
    { ...MINIMAL, periodicInform: { time: "soon" } },
    /'periodicInform.time' must be a dateTime/,
  );
  fails(
    { ...MINIMAL, acs: { ...MINIMAL.acs, clientCert: "c.pem" } },
    /'acs.clientKey' is needed with its pair/,
  );
  fails(
    { ...MINIMAL, acs: { ...MINIMAL.acs, allowBasicOverHttp: "yes" } },
    /'acs.allowBasicOverHttp' must be true or false/,
  );
  fails(
    { ...MINIMAL, hooks: { apply: { "1 Firmware Upgrade Image": 3 } } },
    /'hooks.apply.1 Firmware Upgrade Image' must be a shell command/,
  );
  fails(
    { ...MINIMAL, values: { "Device.X": { value: 1 } } },
    /'values.Device.X.value' must be a string/,
  );
  fails(
    { ...MINIMAL, values: { "Device.X": { value: "a", counter: {} } } },
    /'values.Device.X' must have exactly one of/,
  );
  fails(
    { ...MINIMAL, values: { "Device.": { value: "a" } } },
    /'values.Device.' must name a parameter/,
  );
  fails(
    { ...MINIMAL, values: { "Device.X": { randomWalk: { min: 5, max: 1 } } } },
    /'values.Device.X.randomWalk.max' must be at least min \(5\)/,
  );
  fails(
    { ...MINIMAL, values: { "Device.X": { read: "a", command: "b" } } },
    /has both 'read' and 'command'/,
  );
  fails(
    { ...MINIMAL, values: { "Device.X": { counter: { step: 1.5 } } } },
    /'values.Device.X.counter.step' must be a whole number/,
  );
  fails(
    { ...MINIMAL, acs: { ...MINIMAL.acs, timeoutSeconds: 29.9 } },
    /'acs.timeoutSeconds' must be at least 30$/,
  );
  assert.equal(
    parse({ ...MINIMAL, acs: { ...MINIMAL.acs, timeoutSeconds: 30 } }).acs.timeoutSeconds,
    30,
  );
  fails(
    { ...MINIMAL, values: { "Device.X": { read: "a", rebootRequired: true } } },
    /'values.Device.X.rebootRequired' needs a 'write' command/,
  );
  fails(
    { ...MINIMAL, values: { "Device.X": { write: "a", rebootRequired: "yes" } } },
    /'values.Device.X.rebootRequired' must be true or false/,
  );
  fails(
    { ...MINIMAL, values: { "Device.X": { rebootRequired: true } } },
    /'values.Device.X' must have exactly one of/,
  );
});
