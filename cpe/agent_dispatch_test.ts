import assert from "node:assert/strict";
import { CwmpFault } from "../protocol/errors.ts";
import type { CwmpMessage } from "../protocol/rpc/codecs.ts";
import { type DispatchContext, dispatchRequest, supportedMethods } from "./agent_dispatch.ts";
import { modelDevice } from "./agent_model.ts";
import type { CpeDevice } from "./agent_types.ts";
import { createDefaultModel } from "./model/mod.ts";
import { initialState } from "./state.ts";

function context(device: CpeDevice, logs: string[] = []): DispatchContext & { changed: number } {
  let state = initialState("/cr");
  const out = {
    device,
    version: "1.0" as const,
    log: (line: string) => void logs.push(line),
    changed: 0,
    modelChanged: () => void out.changed++,
    lifecycle: {
      state: () => state,
      update: (f: (s: typeof state) => typeof state) => void (state = f(state)),
      now: () => 0,
      version: "1.0" as const,
      maxDownloadBytes: 1_000,
      supportedMethods: () => [],
    },
  };
  return out;
}

function faultCode(message: CwmpMessage): number | undefined {
  return message.method === "Fault" ? message.detail?.faultCode : undefined;
}

Deno.test("dispatchRequest() sends model RPCs to the model and marks it changed after writes", async () => {
  const device = modelDevice(createDefaultModel("igd", { serialNumber: "S" }), () => {});
  const ctx = context(device);
  const gpv = await dispatchRequest({
    method: "GetParameterValues",
    parameterNames: ["InternetGatewayDevice.DeviceInfo.SerialNumber"],
  }, ctx);
  assert.ok(gpv.method === "GetParameterValuesResponse");
  assert.equal(gpv.parameterList[0]?.value, "S");
  assert.equal(ctx.changed, 0);
  const spv = await dispatchRequest({
    method: "SetParameterValues",
    parameterList: [{
      name: "InternetGatewayDevice.DeviceInfo.SerialNumber",
      type: "string",
      value: "x",
    }],
    parameterKey: "",
  }, ctx);
  assert.equal(faultCode(spv), 9003);
  assert.ok(spv.method === "Fault" && spv.detail?.setParameterValuesFaults[0]?.faultCode === 9008);
  assert.equal(ctx.changed, 1, "even a refused write may have touched the model");
});

Deno.test("dispatchRequest() answers 9000 for what nobody handles or the namespace lacks, 9002 for a bug", async () => {
  const logs: string[] = [];
  const broken: CpeDevice = {
    ...modelDevice(createDefaultModel("igd"), () => {}),
    handle: () => Promise.reject(new TypeError("boom")),
  };
  const ctx = context(broken, logs);
  assert.equal(faultCode(await dispatchRequest({ method: "GetAllQueuedTransfers" }, ctx)), 9000);
  assert.equal(
    faultCode(
      await dispatchRequest(
        {
          method: "ChangeDUState",
          commandKey: "",
          operations: [{ type: "UninstallOpStruct", uuid: "u", version: "", executionEnvRef: "" }],
        },
        { ...ctx, version: "1.2" },
      ),
    ),
    9000,
  );
  assert.equal(
    faultCode(
      await dispatchRequest(
        { method: "GetParameterNames", parameterPath: "", nextLevel: true },
        ctx,
      ),
    ),
    9002,
  );
  assert.deepEqual(logs, ["internal error answering GetParameterNames: boom"]);
  const reject: CpeDevice = {
    ...broken,
    handle: () => Promise.reject(new CwmpFault(9005, "Invalid parameter name")),
  };
  assert.equal(
    faultCode(
      await dispatchRequest(
        { method: "GetParameterValues", parameterNames: ["X."] },
        context(reject),
      ),
    ),
    9005,
  );
});

Deno.test("supportedMethods() lists the agent's and the model's methods the namespace has", () => {
  const device = modelDevice(createDefaultModel("igd"), () => {});
  const old = supportedMethods(device, "1.0");
  const recent = supportedMethods(device, "1.2");
  for (const m of ["GetRPCMethods", "Reboot", "Download", "GetParameterValues", "AddObject"]) {
    assert.ok(old.includes(m), m);
  }
  assert.ok(!old.includes("CancelTransfer") && recent.includes("CancelTransfer"));
  assert.equal(new Set(recent).size, recent.length);
});
