import assert from "node:assert/strict";
import type { ModelEvent } from "../model/backend.ts";
import { createDefaultModel } from "../model/factory.ts";
import { handleDeleteObject } from "./delete_object.ts";

Deno.test("handleDeleteObject() removes the subtree as an ACS change", () => {
  const store = createDefaultModel("device2");
  const events: ModelEvent[] = [];
  store.subscribe((e) => events.push(e));
  store.setAttributes([{
    name: "Device.IP.InterfaceNumberOfEntries",
    notificationChange: true,
    notification: 2,
    accessListChange: false,
    accessList: [],
  }]);
  const response = handleDeleteObject({
    method: "DeleteObject",
    objectName: "Device.IP.Interface.2.",
    parameterKey: "del",
  }, store);
  assert.deepEqual(response, { method: "DeleteObjectResponse", status: 0 });
  assert.equal(store.kindOf("Device.IP.Interface.2.IPv4Address.1."), undefined);
  assert.equal(store.get("Device.IP.InterfaceNumberOfEntries").value, "1");
  assert.deepEqual(
    events.map((e) => e.type === "change" ? [e.path, e.source, e.notify] : e.type),
    [
      ["Device.IP.InterfaceNumberOfEntries", "acs", 0],
      ["Device.ManagementServer.ParameterKey", "acs", 0],
    ],
  );
  assert.equal(store.pendingChanges().size, 0);
});
