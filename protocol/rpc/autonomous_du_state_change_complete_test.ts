import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import {
  autonomousDuStateChangeCompleteCodec,
  autonomousDuStateChangeCompleteResponseCodec,
  type AutonOpResultStruct,
} from "./autonomous_du_state_change_complete.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

const UUID = "6BA7B810-9DAD-11D1-80B4-00C04FD430C8";

const RESULT: AutonOpResultStruct = {
  uuid: UUID,
  deploymentUnitRef: "Device.SoftwareModules.DeploymentUnit.4",
  version: "3.1",
  currentState: "Installed",
  resolved: true,
  executionUnitRefList: ["Device.SoftwareModules.ExecutionUnit.9"],
  startTime: "2026-01-01T10:00:00Z",
  completeTime: "2026-01-01T10:01:00Z",
  fault: { faultCode: 0, faultString: "" },
  operationPerformed: "Update",
};

Deno.test("autonomousDuStateChangeCompleteCodec.decode() reads repeated Results, as in cwmp-1-2.xsd", () => {
  const message = autonomousDuStateChangeCompleteCodec.decode(
    element(`<cwmp:AutonomousDUStateChangeComplete xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
      <Results>
        <UUID>${UUID}</UUID>
        <DeploymentUnitRef>Device.SoftwareModules.DeploymentUnit.4</DeploymentUnitRef>
        <Version>3.1</Version>
        <CurrentState>Installed</CurrentState>
        <Resolved>1</Resolved>
        <ExecutionUnitRefList>Device.SoftwareModules.ExecutionUnit.9</ExecutionUnitRefList>
        <StartTime>2026-01-01T10:00:00Z</StartTime>
        <CompleteTime>2026-01-01T10:01:00Z</CompleteTime>
        <Fault><FaultCode>0</FaultCode><FaultString></FaultString></Fault>
        <OperationPerformed>Update</OperationPerformed>
      </Results>
    </cwmp:AutonomousDUStateChangeComplete>`),
    { warnings: [] },
  );
  assert.deepEqual(message, { method: "AutonomousDUStateChangeComplete", results: [RESULT] });
});

Deno.test("autonomousDuStateChangeCompleteCodec.decode() accepts reordered children and the SOAP-array form", () => {
  const message = autonomousDuStateChangeCompleteCodec.decode(
    element(`<AutonomousDUStateChangeComplete><Results>
      <AutonOpResultStruct>
        <OperationPerformed> Uninstall </OperationPerformed>
        <Fault><FaultCode>0</FaultCode></Fault>
        <CurrentState>Uninstalled</CurrentState>
        <UUID>${UUID}</UUID>
      </AutonOpResultStruct>
    </Results></AutonomousDUStateChangeComplete>`),
    { warnings: [] },
  );
  assert.deepEqual(message.results, [{
    uuid: UUID,
    deploymentUnitRef: "",
    version: "",
    currentState: "Uninstalled",
    resolved: false,
    executionUnitRefList: [],
    startTime: "0001-01-01T00:00:00Z",
    completeTime: "0001-01-01T00:00:00Z",
    fault: { faultCode: 0, faultString: "" },
    operationPerformed: "Uninstall",
  }]);
});

Deno.test("autonomousDuStateChangeCompleteCodec.decode() throws RemoteProtocolError for a missing OperationPerformed", () => {
  assert.throws(
    () =>
      autonomousDuStateChangeCompleteCodec.decode(
        element(`<AutonomousDUStateChangeComplete><Results><UUID>${UUID}</UUID>
          <CurrentState>Installed</CurrentState><Fault><FaultCode>0</FaultCode></Fault>
        </Results></AutonomousDUStateChangeComplete>`),
        { warnings: [] },
      ),
    (e) => e instanceof RemoteProtocolError && /missing OperationPerformed/.test(e.message),
  );
  assert.throws(
    () =>
      autonomousDuStateChangeCompleteCodec.decode(element(`<AutonomousDUStateChangeComplete/>`), {
        warnings: [],
      }),
    RemoteProtocolError,
  );
});

Deno.test("autonomousDuStateChangeCompleteCodec.encode() ends each Results with OperationPerformed", () => {
  const [results, ...rest] = autonomousDuStateChangeCompleteCodec.encode({
    method: "AutonomousDUStateChangeComplete",
    results: [RESULT],
  });
  assert.deepEqual(rest, []);
  assert.equal(results?.name, "Results");
  assert.deepEqual(results?.children?.map((n) => n.name), [
    "UUID",
    "DeploymentUnitRef",
    "Version",
    "CurrentState",
    "Resolved",
    "ExecutionUnitRefList",
    "StartTime",
    "CompleteTime",
    "Fault",
    "OperationPerformed",
  ]);
  assert.deepEqual(results?.children?.at(-1), { name: "OperationPerformed", text: "Update" });
});

Deno.test("autonomousDuStateChangeCompleteResponseCodec exists from cwmp-1-2 and has no arguments", () => {
  assert.equal(autonomousDuStateChangeCompleteResponseCodec.since, "1.2");
  assert.deepEqual(
    autonomousDuStateChangeCompleteResponseCodec.encode({
      method: "AutonomousDUStateChangeCompleteResponse",
    }),
    [],
  );
  assert.deepEqual(
    autonomousDuStateChangeCompleteResponseCodec.decode(
      element(`<AutonomousDUStateChangeCompleteResponse/>`),
      { warnings: [] },
    ),
    { method: "AutonomousDUStateChangeCompleteResponse" },
  );
});
