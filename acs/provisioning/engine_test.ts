import assert from "node:assert/strict";
import type { RpcMessage } from "../../protocol/rpc/codecs.ts";
import { newMemory, nextStep, type ProvisionMemory, type ProvisionStep } from "./engine.ts";
import { mergeDesired } from "./merge.ts";
import type { CachedParameter, DesiredState, DeviceView, Preset } from "./types.ts";

const ROOT = "InternetGatewayDevice.";
const MS = `${ROOT}ManagementServer.`;
const WLAN = `${ROOT}LANDevice.1.WLANConfiguration.`;

function preset(id: string, desired: DesiredState, weight = 0): Preset {
  return {
    id,
    description: "",
    enabled: true,
    weight,
    precondition: {},
    events: [],
    schedule: null,
    desired,
  };
}

function param(value: string | null, extra: Partial<CachedParameter> = {}): CachedParameter {
  return {
    value,
    type: "string",
    writable: true,
    notification: null,
    fetchedAt: 1000,
    listedAt: null,
    ...extra,
  };
}

function device(parameters: Record<string, CachedParameter>, tags: string[] = []): DeviceView {
  return {
    id: "d",
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

function step(desired: DesiredState[], view: DeviceView, memory: ProvisionMemory, now = 5000) {
  const merged = mergeDesired(desired.map((d, i) => preset(`p${i}`, d, i)));
  return nextStep(merged, view, memory, { now, root: ROOT });
}

function request(s: ProvisionStep): RpcMessage {
  assert.equal(s.kind, "rpc");
  return (s as Extract<ProvisionStep, { kind: "rpc" }>).request;
}

// A tiny in-memory device that answers the engine's RPCs, so convergence can be run to the end.
function simulate(
  desired: DesiredState[],
  view: DeviceView,
  onDevice: Map<string, CachedParameter>,
  limit = 20,
): { requests: RpcMessage[]; memory: ProvisionMemory } {
  const memory = newMemory();
  const params = view.parameters as Map<string, CachedParameter>;
  const requests: RpcMessage[] = [];
  for (let i = 0; i < limit; i++) {
    const s = step(desired, view, memory);
    if (s.kind === "done") return { requests, memory };
    if (s.kind !== "rpc") throw new Error(`unexpected ${s.kind}`);
    requests.push(s.request);
    const r = s.request;
    if (r.method === "GetParameterValues") {
      for (const name of r.parameterNames) {
        memory.read.add(name);
        for (const [path, p] of onDevice) {
          if (path === name || (name.endsWith(".") && path.startsWith(name))) params.set(path, p);
        }
        if (name.endsWith(".")) params.set(name, param(null, { listedAt: 5000 }));
      }
    } else if (r.method === "SetParameterValues") {
      for (const p of r.parameterList) {
        const value = param(p.value, { type: p.type });
        params.set(p.name, value);
        onDevice.set(p.name, value);
      }
    } else if (r.method === "AddObject") {
      const used = [...onDevice.keys()].map((k) => k.slice(r.objectName.length).split(".")[0]);
      const n = Math.max(0, ...used.filter((u) => /^\d+$/.test(u ?? "")).map(Number)) + 1;
      const base = `${r.objectName}${n}.`;
      params.set(base, param(null));
      for (const leaf of ["SSID", "Enable"]) onDevice.set(base + leaf, param(""));
      if (s.createsFor !== undefined) memory.created.set(s.createsFor, base);
    } else if (r.method === "DeleteObject") {
      for (const map of [params, onDevice]) {
        for (const k of [...map.keys()]) if (k.startsWith(r.objectName)) map.delete(k);
      }
    } else {
      throw new Error(`unexpected ${r.method}`);
    }
  }
  throw new Error("did not converge");
}

Deno.test("nextStep() reads unknown values, sets those that differ, then is done", () => {
  const desired: DesiredState = {
    values: [
      { name: `${MS}PeriodicInformEnable`, value: "true", type: "boolean" },
      { name: `${MS}PeriodicInformInterval`, value: "300" },
    ],
  };
  const onDevice = new Map([
    [`${MS}PeriodicInformEnable`, param("0", { type: "boolean" })],
    [`${MS}PeriodicInformInterval`, param("300", { type: "unsignedInt" })],
  ]);
  const { requests } = simulate([desired], device({}), onDevice);
  assert.deepEqual(requests.map((r) => r.method), ["GetParameterValues", "SetParameterValues"]);
  const set = requests[1];
  assert.ok(set?.method === "SetParameterValues");
  // Only the differing value goes out, typed as the device reported it.
  assert.deepEqual(set.parameterList, [
    { name: `${MS}PeriodicInformEnable`, type: "boolean", value: "true" },
  ]);
});

Deno.test("nextStep() sends no RPC once the device has converged (a second session)", () => {
  const view = device({
    [`${MS}PeriodicInformEnable`]: param("1", { type: "boolean" }),
    [`${MS}PeriodicInformInterval`]: param("0300", { type: "unsignedInt" }),
  });
  const s = step(
    [{
      values: [
        { name: `${MS}PeriodicInformEnable`, value: "true" },
        { name: `${MS}PeriodicInformInterval`, value: "300" },
      ],
    }],
    view,
    newMemory(),
  );
  assert.deepEqual(s, { kind: "done" });
});

Deno.test("nextStep() does not read a name twice in a session, even when it stays unknown", () => {
  const memory = newMemory();
  const desired = [{ values: [{ name: `${ROOT}X.Missing`, value: "1" }] }];
  const first = step(desired, device({}), memory);
  assert.deepEqual(request(first), {
    method: "GetParameterValues",
    parameterNames: [`${ROOT}X.Missing`],
  });
  memory.read.add(`${ROOT}X.Missing`);
  assert.deepEqual(step(desired, device({}), memory), { kind: "done" });
});

Deno.test("nextStep() asks for a partial path once, not for the names below it", () => {
  const s = step(
    [{
      values: [{ name: `${MS}PeriodicInformEnable`, value: "1" }],
      refresh: [{ path: MS, maxAgeSeconds: 60 }],
    }],
    device({}),
    newMemory(),
  );
  assert.deepEqual(request(s), { method: "GetParameterValues", parameterNames: [MS] });
});

Deno.test("nextStep() refreshes by age: fresh enough is not read, stale is", () => {
  const view = device({ [MS]: param(null, { listedAt: 4000 }) });
  const fresh = step([{ refresh: [{ path: MS, maxAgeSeconds: 10 }] }], view, newMemory(), 5000);
  assert.deepEqual(fresh, { kind: "done" });
  const stale = step([{ refresh: [{ path: MS, maxAgeSeconds: 10 }] }], view, newMemory(), 20_000);
  assert.deepEqual(request(stale), { method: "GetParameterValues", parameterNames: [MS] });
});

Deno.test("nextStep() adds and deletes instances to reach a count", () => {
  const onDevice = new Map([[`${WLAN}1.SSID`, param("a")]]);
  const grow = simulate([{ objects: [{ path: WLAN, count: 3 }] }], device({}), onDevice);
  assert.deepEqual(grow.requests.map((r) => r.method), [
    "GetParameterValues",
    "AddObject",
    "AddObject",
  ]);
  const view = device({});
  const shrink = simulate([{ objects: [{ path: WLAN, count: 1 }] }], view, onDevice);
  assert.deepEqual(
    shrink.requests.map((r) => r.method === "DeleteObject" ? r.objectName : r.method),
    ["GetParameterValues", `${WLAN}3.`, `${WLAN}2.`],
  );
});

Deno.test("nextStep() creates an instance for a key, sets its values, and then finds it", () => {
  const rule = { path: WLAN, keys: { SSID: "guest" }, values: { Enable: "true" } };
  const onDevice = new Map([[`${WLAN}1.SSID`, param("home")]]);
  const view = device({});
  const first = simulate([{ objects: [rule] }], view, onDevice);
  assert.deepEqual(first.requests.map((r) => r.method), [
    "GetParameterValues",
    "AddObject",
    "GetParameterValues",
    "SetParameterValues",
  ]);
  assert.deepEqual(first.requests[2], {
    method: "GetParameterValues",
    parameterNames: [`${WLAN}2.`],
  });
  // A later session finds the instance by its key and has nothing to do.
  const again = simulate([{ objects: [rule] }], view, onDevice);
  assert.deepEqual(again.requests, []);
});

Deno.test("nextStep() reads unknown attributes, then sets those that differ", () => {
  const name = `${ROOT}DeviceInfo.SoftwareVersion`;
  const memory = newMemory();
  const desired = [{ attributes: [{ name, notification: 2 as const }] }];
  const read = step(desired, device({ [name]: param("1.0") }), memory);
  assert.deepEqual(request(read), { method: "GetParameterAttributes", parameterNames: [name] });
  const set = step(desired, device({ [name]: param("1.0", { notification: 0 }) }), memory);
  const r = request(set);
  assert.ok(r.method === "SetParameterAttributes");
  assert.equal(r.parameterList[0]?.notification, 2);
  assert.deepEqual(step(desired, device({ [name]: param("1.0", { notification: 2 }) }), memory), {
    kind: "done",
  });
});

Deno.test("nextStep() adds and removes tags without an RPC, heavier preset winning", () => {
  const s = step(
    [
      { tags: { add: ["lab", "old"] } },
      { tags: { remove: ["old"] } },
    ],
    device({}, ["old"]),
    newMemory(),
  );
  assert.deepEqual(s, { kind: "tags", add: ["lab"], remove: ["old"] });
});

Deno.test("nextStep() asks for firmware when the software version differs, once", () => {
  const name = `${ROOT}DeviceInfo.SoftwareVersion`;
  const memory = newMemory();
  const desired = [{ softwareVersion: { version: "2.0" } }];
  const s = step(desired, device({ [name]: param("1.0") }), memory);
  assert.deepEqual(s, { kind: "firmware", version: "2.0", file: undefined, presetId: "p0" });
  assert.deepEqual(step(desired, device({ [name]: param("2.0") }), memory), { kind: "done" });
  memory.firmwareChecked = true;
  assert.deepEqual(step(desired, device({ [name]: param("1.0") }), memory), { kind: "done" });
});

Deno.test("nextStep() reads one name per request once a batched read faulted", () => {
  const memory = newMemory();
  memory.unbatched = true;
  const s = step(
    [{ values: [{ name: `${ROOT}A`, value: "1" }, { name: `${ROOT}B`, value: "2" }] }],
    device({}),
    memory,
  );
  assert.deepEqual(request(s), { method: "GetParameterValues", parameterNames: [`${ROOT}A`] });
});

Deno.test("nextStep() takes the heavier preset's value where two disagree", () => {
  const view = device({ [`${ROOT}X`]: param("a") });
  const s = step(
    [
      { values: [{ name: `${ROOT}X`, value: "light" }] },
      { values: [{ name: `${ROOT}X`, value: "heavy" }] },
    ],
    view,
    newMemory(),
  );
  const r = request(s);
  assert.ok(r.method === "SetParameterValues");
  assert.equal(r.parameterList[0]?.value, "heavy");
  assert.equal((s as Extract<ProvisionStep, { kind: "rpc" }>).owners.get(`${ROOT}X`), "p1");
});
