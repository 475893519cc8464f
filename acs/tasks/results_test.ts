import assert from "node:assert/strict";
import { awaitsTransfer, completionOf, effectsOf } from "./results.ts";

Deno.test("effectsOf() turns each answer into changes of the cached data model", () => {
  assert.deepEqual(
    effectsOf(
      {
        method: "SetParameterValues",
        parameterList: [{ name: "Device.A.b", type: "int", value: "1" }],
        parameterKey: "k",
      },
      { method: "SetParameterValuesResponse", status: 1 },
    ),
    [{
      kind: "values",
      values: [
        { name: "Device.A.b", type: "int", value: "1" },
        { name: "Device.ManagementServer.ParameterKey", type: "string", value: "k" },
      ],
    }],
  );
  assert.deepEqual(
    effectsOf(
      { method: "DeleteObject", objectName: "Device.X.2.", parameterKey: "" },
      { method: "DeleteObjectResponse", status: 0 },
    )[0],
    { kind: "deleteObject", path: "Device.X.2." },
  );
  assert.deepEqual(
    effectsOf(
      {
        method: "SetParameterAttributes",
        parameterList: [{
          name: "Device.A.",
          notificationChange: true,
          notification: 2,
          accessListChange: false,
          accessList: [],
        }],
      },
      { method: "SetParameterAttributesResponse" },
    ),
    [{
      kind: "setAttributes",
      changes: [{ name: "Device.A.", notification: 2, accessList: null }],
    }],
  );
  assert.deepEqual(
    effectsOf({ method: "Reboot", commandKey: "" }, { method: "RebootResponse" }),
    [],
  );
});

Deno.test("awaitsTransfer() and completionOf() keep transfers running until TransferComplete", () => {
  const time = "0001-01-01T00:00:00Z";
  assert.equal(
    awaitsTransfer({ method: "DownloadResponse", status: 0, startTime: time, completeTime: time }),
    false,
  );
  assert.equal(awaitsTransfer({ method: "ScheduleDownloadResponse" }), true);
  const done = completionOf(
    [{ id: 7 }],
    {
      method: "Upload",
      commandKey: "7",
      fileType: "2 Vendor Log File",
      url: "u",
      username: "",
      password: "",
      delaySeconds: 0,
    },
    { method: "UploadResponse", status: 1, startTime: time, completeTime: time },
  );
  assert.deepEqual(done.tasks.map((t) => [t.taskId, t.awaitingTransfer]), [[7, true]]);
});
