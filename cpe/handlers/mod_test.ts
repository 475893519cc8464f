import assert from "node:assert/strict";
import { CwmpFault } from "../../protocol/errors.ts";
import type { CwmpMessage } from "../../protocol/rpc/codecs.ts";
import { soapFault } from "../../protocol/soap/fault.ts";
import { decodeEnvelopes, encodeEnvelope } from "../../protocol/soap/envelope.ts";
import { validateWithXmllint } from "../../test/xmllint.ts";
import { createDefaultModel } from "../model/factory.ts";
import { handleParameterRpc, isParameterRpc, type ParameterRpc } from "./mod.ts";

const IGD = "InternetGatewayDevice.";

const REQUESTS: ParameterRpc[] = [
  { method: "GetRPCMethods" },
  { method: "GetParameterNames", parameterPath: "", nextLevel: false },
  { method: "GetParameterValues", parameterNames: [""] },
  {
    method: "SetParameterValues",
    parameterList: [{
      name: `${IGD}ManagementServer.PeriodicInformInterval`,
      type: "unsignedInt",
      value: "60",
    }],
    parameterKey: "k",
  },
  {
    method: "SetParameterAttributes",
    parameterList: [{
      name: `${IGD}ManagementServer.`,
      notificationChange: true,
      notification: 1,
      accessListChange: true,
      accessList: ["Subscriber"],
    }],
  },
  { method: "GetParameterAttributes", parameterNames: [""] },
  { method: "AddObject", objectName: `${IGD}WANDevice.1.WANConnectionDevice.`, parameterKey: "a" },
  {
    method: "DeleteObject",
    objectName: `${IGD}WANDevice.1.WANConnectionDevice.2.`,
    parameterKey: "d",
  },
];

Deno.test("handleParameterRpc() dispatches every parameter and object RPC", async () => {
  const store = createDefaultModel("igd");
  for (const request of REQUESTS) {
    assert.ok(isParameterRpc(request));
    const response = await handleParameterRpc(request, store);
    assert.equal(response.method, `${request.method}Response`);
  }
  assert.ok(!isParameterRpc({ method: "Reboot" }));
  assert.ok(!isParameterRpc({ method: "toString" }));
});

Deno.test("every response and fault of the handlers validates against the CWMP schemas", async () => {
  const documents = new Map<string, string>();
  for (const model of ["igd", "device2"] as const) {
    const store = createDefaultModel(model);
    const root = store.rootPath;
    for (const request of REQUESTS) {
      const rewritten = JSON.parse(JSON.stringify(request).replaceAll(IGD, root)) as ParameterRpc;
      if (model === "device2" && request.method === "AddObject") {
        Object.assign(rewritten, { objectName: "Device.IP.Interface." });
      }
      if (model === "device2" && request.method === "DeleteObject") {
        Object.assign(rewritten, { objectName: "Device.IP.Interface.3." });
      }
      let message: CwmpMessage;
      try {
        message = await handleParameterRpc(rewritten, store);
      } catch (e) {
        assert.ok(e instanceof CwmpFault, `${model} ${request.method}: ${e}`);
        message = soapFault(e.faultCode, e.faultString, {
          setParameterValuesFaults: e.setParameterValuesFaults,
        });
      }
      const xml = encodeEnvelope(message, { version: "1.0", headers: { id: "1" } });
      documents.set(`${model} ${request.method}`, xml);
      const decoded = decodeEnvelopes(xml).envelopes[0]?.message;
      assert.equal(decoded?.method, message.method);
    }
    const fault = await handleParameterRpc({
      method: "SetParameterValues",
      parameterList: [
        { name: `${root}DeviceInfo.UpTime`, type: "unsignedInt", value: "1" },
        { name: `${root}Nope`, type: "string", value: "" },
      ],
      parameterKey: "",
    }, store).then(() => assert.fail("expected a fault"), (e: CwmpFault) => e);
    const xml = encodeEnvelope(
      soapFault(fault.faultCode, fault.faultString, {
        setParameterValuesFaults: fault.setParameterValuesFaults,
      }),
      { version: "1.0", headers: { id: "2" } },
    );
    documents.set(`${model} SetParameterValues fault`, xml);
  }
  for (const result of await validateWithXmllint(documents)) {
    assert.ok(result.valid, `${result.name}: ${result.errors.join("; ")}`);
  }
  assert.equal(documents.size, 18);
});
