import assert from "node:assert/strict";
import fc from "fast-check";
import type { ValueType } from "../../protocol/rpc/values.ts";
import { matchesPrecondition, preconditionPaths, softwareVersionOf } from "./precondition.ts";
import type { CachedParameter, DeviceView, Precondition } from "./types.ts";

const IGD_VERSION = "InternetGatewayDevice.DeviceInfo.SoftwareVersion";
const DEVICE_VERSION = "Device.DeviceInfo.SoftwareVersion";
const UPTIME = "InternetGatewayDevice.DeviceInfo.UpTime";

function cached(value: string | null, type: ValueType | null = "string"): CachedParameter {
  return { value, type, writable: false, notification: null, fetchedAt: 0, listedAt: null };
}

function device(
  parameters: Record<string, CachedParameter> = {},
  tags: string[] = [],
): DeviceView {
  return {
    id: "00D09E-GW-1",
    oui: "00D09E",
    manufacturer: "Acme",
    productClass: "GW",
    serialNumber: "1",
    tags,
    firstInform: 0,
    lastInform: 0,
    parameters: new Map(Object.entries(parameters)),
  };
}

/** Whether `PATH<op>given` holds on a device whose PATH is cached as `value`. */
function param(op: string, given: string, value: string | null, type?: ValueType | null): boolean {
  return matchesPrecondition(
    { param: [`${UPTIME}${op}${given}`] },
    device({
      [UPTIME]: cached(value, type),
    }),
  );
}

// --- identity fields, tags ---

Deno.test("matchesPrecondition() matches every device with {}", () => {
  assert.equal(matchesPrecondition({}, device()), true);
  assert.equal(matchesPrecondition({ tag: [], notTag: [], param: [] }, device()), true);
});

Deno.test("matchesPrecondition() compares the identity fields exactly", () => {
  const d = device();
  const exact: Precondition = {
    id: "00D09E-GW-1",
    oui: "00D09E",
    manufacturer: "Acme",
    productClass: "GW",
    serialNumber: "1",
  };
  assert.equal(matchesPrecondition(exact, d), true);
  for (const [key, wrong] of Object.entries({ ...exact, oui: "00d09e" })) {
    if (wrong === exact[key as keyof Precondition]) continue;
    assert.equal(matchesPrecondition({ ...exact, [key]: wrong }, d), false, key);
  }
  assert.equal(matchesPrecondition({ id: "00D09E-GW-" }, d), false);
  assert.equal(matchesPrecondition({ manufacturer: "acme" }, d), false);
  assert.equal(matchesPrecondition({ productClass: "GW " }, d), false);
  assert.equal(matchesPrecondition({ serialNumber: "2" }, d), false);
});

Deno.test("matchesPrecondition() needs every field to hold", () => {
  const d = device({ [UPTIME]: cached("100") }, ["lab"]);
  assert.equal(
    matchesPrecondition({ oui: "00D09E", tag: ["lab"], param: [`${UPTIME}>10`] }, d),
    true,
  );
  assert.equal(
    matchesPrecondition({ oui: "00D09E", tag: ["lab"], param: [`${UPTIME}>100`] }, d),
    false,
  );
  assert.equal(matchesPrecondition({ oui: "X", tag: ["lab"], param: [`${UPTIME}>10`] }, d), false);
  assert.equal(
    matchesPrecondition({ param: [`${UPTIME}>10`, `${UPTIME}<50`] }, d),
    false,
    "two conditions on one parameter are ANDed too",
  );
});

Deno.test("matchesPrecondition() needs every tag and none of notTag", () => {
  const d = device({}, ["lab", "beta"]);
  assert.equal(matchesPrecondition({ tag: ["lab"] }, d), true);
  assert.equal(matchesPrecondition({ tag: ["beta", "lab"] }, d), true);
  assert.equal(matchesPrecondition({ tag: ["lab", "gold"] }, d), false);
  assert.equal(matchesPrecondition({ tag: ["Lab"] }, d), false);
  assert.equal(matchesPrecondition({ notTag: ["gold"] }, d), true);
  assert.equal(matchesPrecondition({ notTag: ["gold", "beta"] }, d), false);
  assert.equal(matchesPrecondition({ tag: ["lab"], notTag: ["lab"] }, d), false);
  assert.equal(matchesPrecondition({ notTag: ["lab"] }, device()), true);
});

// --- software version ---

Deno.test("softwareVersionOf() reads either data model root", () => {
  assert.equal(softwareVersionOf(device({ [IGD_VERSION]: cached("1.0") })), "1.0");
  assert.equal(softwareVersionOf(device({ [DEVICE_VERSION]: cached("2.0") })), "2.0");
  assert.equal(softwareVersionOf(device()), null);
});

Deno.test("softwareVersionOf() prefers Device. like the API, and skips a name without a value", () => {
  const both = device({ [IGD_VERSION]: cached("1.0"), [DEVICE_VERSION]: cached("2.0") });
  assert.equal(softwareVersionOf(both), "2.0");
  const nameOnly = device({ [DEVICE_VERSION]: cached(null, null), [IGD_VERSION]: cached("1.0") });
  assert.equal(softwareVersionOf(nameOnly), "1.0");
  assert.equal(softwareVersionOf(device({ [IGD_VERSION]: cached(null, null) })), null);
});

Deno.test("matchesPrecondition() compares softwareVersion exactly; unknown fails", () => {
  const d = device({ [IGD_VERSION]: cached("1.0.2") });
  assert.equal(matchesPrecondition({ softwareVersion: "1.0.2" }, d), true);
  assert.equal(matchesPrecondition({ softwareVersion: "1.0" }, d), false);
  assert.equal(matchesPrecondition({ softwareVersion: "1.0.2 " }, d), false);
  assert.equal(matchesPrecondition({ softwareVersion: "1.0.2" }, device()), false);
  assert.equal(matchesPrecondition({ softwareVersion: "" }, device()), false);
  assert.equal(
    matchesPrecondition({ softwareVersion: "" }, device({ [IGD_VERSION]: cached("") })),
    true,
  );
});

// --- param: operators ---

Deno.test("matchesPrecondition() param = compares text exactly", () => {
  assert.equal(param("=", "abc", "abc"), true);
  assert.equal(param("=", "abc", "ABC"), false);
  assert.equal(param("=", "", ""), true);
  assert.equal(param("=", "", "x"), false);
  assert.equal(param("=", "a=b", "a=b"), true, "the first operator splits");
});

Deno.test("matchesPrecondition() param = and != are numeric when both sides are numbers", () => {
  assert.equal(param("=", "10", "10.0"), true);
  assert.equal(param("=", "1e1", "10"), true);
  assert.equal(param("=", "+.5", "0.5"), true);
  assert.equal(param("=", " 10 ", "10"), true, "the given value is trimmed");
  assert.equal(param("=", "10", " 10"), false, "a cached value with white space is text");
  assert.equal(param("=", "010", "10"), true);
  assert.equal(param("!=", "10", "10.0"), false);
  assert.equal(param("!=", "10", "11"), true);
  assert.equal(param("=", "10", "10a"), false, "text on one side: textual");
  assert.equal(param("!=", "10", "10a"), true);
});

Deno.test("matchesPrecondition() param < <= > >= compare numbers numerically", () => {
  assert.equal(param("<", "10", "9"), true);
  assert.equal(param("<", "10", "10"), false);
  assert.equal(param("<=", "10", "10"), true);
  assert.equal(param(">", "10", "100"), true);
  assert.equal(param(">=", "10", "9.5"), false);
  assert.equal(param(">", "-1", "0"), true);
  assert.equal(param("<", "1e3", "999"), true);
});

Deno.test("matchesPrecondition() param < <= > >= compare text by code point otherwise", () => {
  assert.equal(param("<", "b", "a"), true);
  assert.equal(param(">", "b", "a"), false);
  assert.equal(param("<", "10", "9a"), false, "'9a' is text, and '9' > '1'");
  assert.equal(param(">=", "1.10", "1.9-beta"), true, "versions compare as text");
  assert.equal(param("<", "ab", "a"), true, "a prefix sorts first");
  assert.equal(param("<", "a", "B"), true, "upper case sorts before lower case");
  // UTF-16 would put U+1F600 (a surrogate pair) before U+FFFD; SQLite and we do not.
  assert.equal(param(">", "\uFFFD", "\u{1F600}"), true);
  assert.equal(param("<", "\uFFFD", "\u{1F600}"), false);
  assert.equal(param("<", "\u{1F600}", "\uE000"), true);
});

Deno.test("matchesPrecondition() param ~ tests containment as text", () => {
  assert.equal(param("~", "ell", "hello"), true);
  assert.equal(param("~", "ELL", "hello"), false);
  assert.equal(param("~", "1", "10.0"), true);
  assert.equal(param("~", "1.0", "1"), false);
  assert.equal(param("~", "", "anything"), true);
  assert.equal(param("~", "", ""), true);
});

Deno.test("matchesPrecondition() param fails every condition on a parameter not cached", () => {
  const d = device();
  for (const op of ["=", "!=", "~", "<", "<=", ">", ">="]) {
    assert.equal(matchesPrecondition({ param: [`${UPTIME}${op}5`] }, d), false, op);
    assert.equal(matchesPrecondition({ param: [`${UPTIME}${op}`] }, d), false, `${op} empty`);
  }
});

Deno.test("matchesPrecondition() param fails every condition on a parameter cached without a value", () => {
  for (const op of ["=", "!=", "~", "<", "<=", ">", ">="]) {
    assert.equal(param(op, "5", null, null), false, op);
    assert.equal(param(op, "", null, null), false, `${op} empty`);
  }
});

Deno.test("matchesPrecondition() param compares an xsd:boolean by truth value for = and !=", () => {
  assert.equal(param("=", "1", "true", "boolean"), true);
  assert.equal(param("=", "TRUE", "true", "boolean"), true);
  assert.equal(param("=", " 0 ", "false", "boolean"), true);
  assert.equal(param("=", "true", "1", "boolean"), true, "a cached value left as 1");
  assert.equal(param("=", "0", "true", "boolean"), false);
  assert.equal(param("!=", "1", "true", "boolean"), false);
  assert.equal(param("!=", "0", "true", "boolean"), true);
  assert.equal(param("!=", "yes", "true", "boolean"), true, "not a boolean: textual");
  assert.equal(param("~", "1", "true", "boolean"), false, "~ stays textual");
});

Deno.test("matchesPrecondition() param does not read 1 as true for other types", () => {
  assert.equal(param("=", "1", "true", "string"), false);
  assert.equal(param("!=", "1", "true", "string"), true);
  assert.equal(param("=", "1", "true", null), false);
  assert.equal(param("=", "true", "1", "unsignedInt"), false);
});

Deno.test("matchesPrecondition() param does not match, nor throw, when malformed", () => {
  const d = device({ [UPTIME]: cached("5") });
  for (const text of ["", "noop", "=5", "A!5", "!=5", `${UPTIME}`]) {
    assert.equal(matchesPrecondition({ param: [text] }, d), false, JSON.stringify(text));
  }
  assert.equal(matchesPrecondition({ param: [`${UPTIME}=5`, "noop"] }, d), false);
});

// --- preconditionPaths ---

Deno.test("preconditionPaths() lists each param path once, in order", () => {
  const paths = preconditionPaths({
    oui: "00D09E",
    tag: ["lab"],
    param: [`${UPTIME}>5`, "Device.X.Y~a", `${UPTIME}<10`, "A.B!=c"],
  });
  assert.deepEqual(paths, [UPTIME, "Device.X.Y", "A.B"]);
});

Deno.test("preconditionPaths() adds both SoftwareVersion paths for softwareVersion", () => {
  assert.deepEqual(preconditionPaths({ softwareVersion: "1.0" }).sort(), [
    DEVICE_VERSION,
    IGD_VERSION,
  ]);
  assert.deepEqual(
    preconditionPaths({ softwareVersion: "1.0", param: [`${IGD_VERSION}~1`] }).length,
    2,
  );
});

Deno.test("preconditionPaths() reads nothing for {} or a malformed param", () => {
  assert.deepEqual(preconditionPaths({}), []);
  assert.deepEqual(preconditionPaths({ id: "x", param: ["noop", "=5"] }), []);
});

// --- properties ---

const PATHS = ["A.B", "A.C", IGD_VERSION, DEVICE_VERSION];
const VALUES = ["0", "1", "10", "9.5", "-3", "true", "false", "abc", "", "1.0", " 7", "x1"];
const OPS = ["=", "!=", "~", "<", "<=", ">", ">="] as const;

const CACHE = fc.dictionary(
  fc.constantFrom(...PATHS, "Z.Other"),
  fc.record({
    value: fc.option(fc.constantFrom(...VALUES), { nil: null }),
    type: fc.constantFrom<ValueType | null>("string", "boolean", "int", null),
  }),
);
const CONDITION = fc.record({
  path: fc.constantFrom(...PATHS),
  op: fc.constantFrom(...OPS),
  value: fc.constantFrom(...VALUES),
});
const PRECONDITION: fc.Arbitrary<Precondition> = fc.record({
  softwareVersion: fc.constantFrom(...VALUES),
  param: fc.array(CONDITION.map((c) => `${c.path}${c.op}${c.value}`), { maxLength: 3 }),
}, { requiredKeys: [] });

function deviceOf(cache: Record<string, { value: string | null; type: ValueType | null }>) {
  return device(
    Object.fromEntries(Object.entries(cache).map(([k, v]) => [k, cached(v.value, v.type)])),
  );
}

Deno.test("matchesPrecondition() needs no parameter outside preconditionPaths() (property)", () => {
  fc.assert(fc.property(PRECONDITION, CACHE, (pre, cache) => {
    const full = deviceOf(cache);
    const paths = new Set(preconditionPaths(pre));
    const loaded = deviceOf(Object.fromEntries(
      Object.entries(cache).filter(([path]) => paths.has(path)),
    ));
    assert.equal(matchesPrecondition(pre, loaded), matchesPrecondition(pre, full));
  }));
});

Deno.test("matchesPrecondition() != is = negated, < is >= negated, on a cached value (property)", () => {
  fc.assert(fc.property(
    CONDITION,
    fc.constantFrom(...VALUES),
    fc.constantFrom<ValueType>("string", "boolean", "int"),
    (c, value, type) => {
      const d = device({ [c.path]: cached(value, type) });
      const holds = (op: string): boolean =>
        matchesPrecondition({ param: [`${c.path}${op}${c.value}`] }, d);
      assert.equal(holds("!="), !holds("="));
      assert.equal(holds("<"), !holds(">="));
      assert.equal(holds(">"), !holds("<="));
    },
  ));
});
