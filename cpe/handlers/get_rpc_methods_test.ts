import assert from "node:assert/strict";
import { createDefaultModel } from "../model/factory.ts";
import { CPE_RPC_METHODS, handleGetRPCMethods } from "./get_rpc_methods.ts";

Deno.test("handleGetRPCMethods() lists the CPE methods, or the agent's own list", () => {
  const store = createDefaultModel("igd");
  const response = handleGetRPCMethods({ method: "GetRPCMethods" }, store);
  assert.deepEqual(response, { method: "GetRPCMethodsResponse", methodList: [...CPE_RPC_METHODS] });
  // The baseline of spec A.3.1.1 Table 8 is all there.
  for (
    const m of [
      "GetRPCMethods",
      "SetParameterValues",
      "GetParameterValues",
      "GetParameterNames",
      "SetParameterAttributes",
      "GetParameterAttributes",
      "AddObject",
      "DeleteObject",
      "Reboot",
      "Download",
    ]
  ) assert.ok(response.methodList.includes(m), m);
  const custom = handleGetRPCMethods({ method: "GetRPCMethods" }, store, {
    methods: ["X_ACME_Ping"],
  });
  assert.deepEqual(custom.methodList, ["X_ACME_Ping"]);
});
