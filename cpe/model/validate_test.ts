import assert from "node:assert/strict";
import type { ValueType } from "../../protocol/rpc/values.ts";
import type { ParameterSpec, ValueSyntax } from "../datamodel/types.ts";
import { initialValue } from "./initial.ts";
import { checkValue } from "./validate.ts";

function param(syntax: ValueSyntax, extra: Partial<ParameterSpec> = {}): ParameterSpec {
  return {
    name: "P",
    syntax,
    writable: true,
    forcedInform: false,
    activeNotify: "normal",
    hidden: false,
    ...extra,
  };
}

const UINT: ValueSyntax = { type: "unsignedInt", base: "unsignedInt", ranges: [{ min: "1" }] };
const STEP: ValueSyntax = {
  type: "int",
  base: "int",
  ranges: [{ min: "-10", max: "-5" }, { min: "0", max: "100", step: "10" }],
};
const ENUM: ValueSyntax = {
  type: "string",
  base: "string",
  enumeration: ["None", "Requested", "Complete"],
  readOnlyValues: ["None", "Complete"],
};
const MAC: ValueSyntax = {
  type: "string",
  base: "string",
  lengths: [{ max: 17 }],
  patterns: ["", "([0-9A-Fa-f][0-9A-Fa-f]:){5}([0-9A-Fa-f][0-9A-Fa-f])"],
};
const LIST: ValueSyntax = {
  type: "string",
  base: "unsignedInt",
  ranges: [{ max: "9" }],
  list: { minItems: 1, maxItems: 3, lengths: [{ max: 6 }] },
};
const HEX: ValueSyntax = { type: "string", base: "hexBinary", lengths: [{ min: 2, max: 2 }] };
const B64: ValueSyntax = { type: "base64", base: "base64", lengths: [{ max: 3 }] };
const VENDOR: ValueSyntax = {
  type: "string",
  base: "string",
  enumeration: ["1 Firmware Upgrade Image"],
  patterns: ["X [0-9A-F]{6} .*"],
};

const CASES: [string, ValueSyntax, ValueType, string, string | 9006 | 9007][] = [
  ["in range", UINT, "unsignedInt", "300", "300"],
  ["canonical form", UINT, "unsignedInt", " +042 ", "42"],
  ["below min", UINT, "unsignedInt", "0", 9007],
  ["not a number", UINT, "unsignedInt", "abc", 9007],
  ["negative unsigned", UINT, "unsignedInt", "-1", 9007],
  ["integer types stand in", UINT, "int", "5", "5"],
  ["string type accepted when it parses", UINT, "string", "7", "7"],
  ["boolean for unsignedInt", UINT, "boolean", "true", 9006],
  ["dateTime for string", MAC, "dateTime", "2004-01-01T00:00:00Z", 9006],
  ["second range", STEP, "int", "-7", "-7"],
  ["on step", STEP, "int", "30", "30"],
  ["off step", STEP, "int", "35", 9007],
  ["between ranges", STEP, "int", "-3", 9007],
  ["enumeration", ENUM, "string", "Requested", "Requested"],
  ["not in enumeration", ENUM, "string", "Bogus", 9007],
  ["read-only enumeration value", ENUM, "string", "Complete", 9007],
  ["empty MAC", MAC, "string", "", ""],
  ["MAC", MAC, "string", "00:11:22:AA:bb:cc", "00:11:22:AA:bb:cc"],
  ["bad MAC", MAC, "string", "00-11-22-AA-BB-CC", 9007],
  ["too long", MAC, "string", "00:11:22:AA:BB:CC:", 9007],
  ["list", LIST, "string", "1,2,3", "1,2,3"],
  ["list with spaces", LIST, "string", "1, 2", "1, 2"],
  ["empty list below minItems", LIST, "string", "", 9007],
  ["too many items", LIST, "string", "1,2,3,4", 9007],
  ["item out of range", LIST, "string", "1,10", 9007],
  ["item not a number", LIST, "string", "1,x", 9007],
  ["list too long", LIST, "string", "1,  2, 3", 9007],
  ["hexBinary", HEX, "string", "0aFF", "0aFF"],
  ["odd hexBinary", HEX, "string", "0aF", 9007],
  ["hexBinary length in bytes", HEX, "string", "0a", 9007],
  ["base64 decoded length", B64, "base64", "AAAA", "AAAA"],
  ["base64 too long", B64, "base64", "AAAAAA==", 9007],
  ["invalid base64", B64, "base64", "A", 9007],
  ["vendor pattern beside enumeration", VENDOR, "string", "X 00D09E Config", "X 00D09E Config"],
  ["neither enumeration nor pattern", VENDOR, "string", "5 Other", 9007],
  ["boolean", { type: "boolean", base: "boolean" }, "boolean", "1", "true"],
  ["boolean from string", { type: "boolean", base: "boolean" }, "string", "FALSE", "false"],
  ["bad boolean", { type: "boolean", base: "boolean" }, "string", "yes", 9007],
  [
    "dateTime",
    { type: "dateTime", base: "dateTime" },
    "dateTime",
    "2026-01-02T03:04:05Z",
    "2026-01-02T03:04:05Z",
  ],
  ["bad dateTime", { type: "dateTime", base: "dateTime" }, "dateTime", "0000-00-00T00:00:00", 9007],
  [
    "unsignedLong max",
    { type: "unsignedLong", base: "unsignedLong" },
    "unsignedLong",
    "18446744073709551615",
    "18446744073709551615",
  ],
  [
    "unsignedLong overflow",
    { type: "unsignedLong", base: "unsignedLong" },
    "unsignedLong",
    "18446744073709551616",
    9007,
  ],
  ["decimal", { type: "string", base: "decimal" }, "string", "-1.5", "-1.5"],
  ["bad decimal", { type: "string", base: "decimal" }, "string", "1.2.3", 9007],
];

Deno.test("checkValue() accepts, canonicalises or faults each case", () => {
  for (const [name, syntax, type, value, expected] of CASES) {
    const result = checkValue(param(syntax), { type, value }, { fromAcs: true });
    if (typeof expected === "string") {
      assert.deepEqual(result, { ok: true, value: expected }, name);
    } else {
      assert.equal(result.ok ? result.value : result.faultCode, expected, name);
      assert.ok(!result.ok && result.faultString.startsWith("Invalid parameter"), name);
    }
  }
});

Deno.test("checkValue() lets the CPE itself set read-only enumeration values", () => {
  assert.deepEqual(checkValue(param(ENUM), { type: "string", value: "Complete" }), {
    ok: true,
    value: "Complete",
  });
});

Deno.test("initialValue() takes the default, else the simplest value the syntax allows", () => {
  const cases: [ValueSyntax, string | undefined, string][] = [
    [UINT, undefined, "1"],
    [UINT, "60", "60"],
    [{ type: "int", base: "int", ranges: [{ max: "-5" }] }, undefined, "-5"],
    [{ type: "int", base: "int" }, undefined, "0"],
    [ENUM, undefined, "Requested"],
    [{ type: "string", base: "string", enumeration: ["A"], readOnlyValues: ["A"] }, undefined, "A"],
    [{ type: "boolean", base: "boolean" }, undefined, "false"],
    [{ type: "dateTime", base: "dateTime" }, undefined, "0001-01-01T00:00:00Z"],
    [{ type: "base64", base: "base64" }, undefined, ""],
    [LIST, undefined, ""],
  ];
  for (const [syntax, value, expected] of cases) {
    const p = param(syntax, value === undefined ? {} : { default: value });
    assert.equal(initialValue(p), expected, JSON.stringify(syntax));
  }
});
