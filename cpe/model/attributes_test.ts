import assert from "node:assert/strict";
import type { ActiveNotify, ParameterSpec } from "../datamodel/types.ts";
import { notificationRefusal } from "./attributes.ts";

function param(activeNotify: ActiveNotify, forcedInform = false): ParameterSpec {
  return {
    name: "P",
    syntax: { type: "string", base: "string" },
    writable: false,
    forcedInform,
    activeNotify,
    hidden: false,
  };
}

Deno.test("notificationRefusal() follows activeNotify and forcedInform", () => {
  const cases: [string, ParameterSpec, boolean[]][] = [
    ["normal", param("normal"), [true, true, true]],
    ["canDeny", param("canDeny"), [true, true, false]],
    ["forceEnabled", param("forceEnabled"), [false, false, true]],
    ["forceDefaultEnabled", param("forceDefaultEnabled"), [true, true, true]],
    ["forced inform", param("normal", true), [true, false, false]],
    ["forced inform, canDeny", param("canDeny", true), [true, false, false]],
    ["forced inform, default active", param("forceDefaultEnabled", true), [true, false, true]],
    ["forced inform, Inform on Change", param("forceEnabled", true), [false, false, true]],
  ];
  for (const [name, p, accepts] of cases) {
    const actual = [0, 1, 2].map((n) => notificationRefusal(p, n) === undefined);
    assert.deepEqual(actual, accepts, name);
    for (const n of [3, 4, 6, -1]) assert.match(notificationRefusal(p, n) ?? "", /not supported/);
  }
});
