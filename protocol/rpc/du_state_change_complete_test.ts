import assert from "node:assert/strict";
import { RemoteProtocolError } from "../errors.ts";
import { parseXml } from "../xml/parse.ts";
import type { XmlElement } from "../xml/types.ts";
import {
  type DUStateChangeComplete,
  duStateChangeCompleteCodec,
  duStateChangeCompleteResponseCodec,
} from "./du_state_change_complete.ts";

function element(xml: string): XmlElement {
  const root = parseXml(xml)[0];
  assert.ok(root);
  return root;
}

const UUID = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

const EXPECTED: DUStateChangeComplete = {
  method: "DUStateChangeComplete",
  results: [
    {
      uuid: UUID,
      deploymentUnitRef: "Device.SoftwareModules.DeploymentUnit.1",
      version: "1.0",
      currentState: "Installed",
      resolved: true,
      executionUnitRefList: [
        "Device.SoftwareModules.ExecutionUnit.2",
        "Device.SoftwareModules.ExecutionUnit.3",
      ],
      startTime: "2026-01-01T10:00:00Z",
      completeTime: "2026-01-01T10:01:00Z",
      fault: { faultCode: 0, faultString: "" },
    },
    {
      uuid: UUID,
      deploymentUnitRef: "",
      version: "",
      currentState: "Failed",
      resolved: false,
      executionUnitRefList: [],
      startTime: "0001-01-01T00:00:00Z",
      completeTime: "0001-01-01T00:00:00Z",
      fault: { faultCode: 9026, faultString: "Duplicate Deployment Unit" },
    },
  ],
  commandKey: "du-7",
};

Deno.test("duStateChangeCompleteCodec.decode() reads repeated Results, as in cwmp-1-2.xsd", () => {
  const message = duStateChangeCompleteCodec.decode(
    element(`<cwmp:DUStateChangeComplete xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
      <Results>
        <UUID>${UUID}</UUID>
        <DeploymentUnitRef>Device.SoftwareModules.DeploymentUnit.1</DeploymentUnitRef>
        <Version>1.0</Version>
        <CurrentState>Installed</CurrentState>
        <Resolved>true</Resolved>
        <ExecutionUnitRefList>Device.SoftwareModules.ExecutionUnit.2, Device.SoftwareModules.ExecutionUnit.3</ExecutionUnitRefList>
        <StartTime>2026-01-01T10:00:00Z</StartTime>
        <CompleteTime>2026-01-01T10:01:00Z</CompleteTime>
        <Fault><FaultCode>0</FaultCode><FaultString></FaultString></Fault>
      </Results>
      <Results>
        <Fault><FaultString>Duplicate Deployment Unit</FaultString><FaultCode>9026</FaultCode></Fault>
        <CurrentState> failed </CurrentState>
        <UUID> ${UUID} </UUID>
        <ExecutionUnitRefList></ExecutionUnitRefList>
      </Results>
      <CommandKey>du-7</CommandKey>
    </cwmp:DUStateChangeComplete>`),
    { warnings: [] },
  );
  assert.deepEqual(message, EXPECTED);
});

Deno.test("duStateChangeCompleteCodec.decode() reads the SOAP-array form and a missing CommandKey", () => {
  const message = duStateChangeCompleteCodec.decode(
    element(`<DUStateChangeComplete><Results>
      <OpResultStruct>
        <UUID>${UUID}</UUID><CurrentState>Uninstalled</CurrentState>
        <Fault><FaultCode>0</FaultCode></Fault>
      </OpResultStruct>
    </Results></DUStateChangeComplete>`),
    { warnings: [] },
  );
  assert.equal(message.commandKey, "");
  assert.deepEqual(message.results.map((r) => [r.uuid, r.currentState]), [[UUID, "Uninstalled"]]);
});

Deno.test("duStateChangeCompleteCodec.decode() throws RemoteProtocolError for missing or broken Results", () => {
  const decode = (xml: string) => duStateChangeCompleteCodec.decode(element(xml), { warnings: [] });
  assert.throws(
    () => decode(`<DUStateChangeComplete><CommandKey>k</CommandKey></DUStateChangeComplete>`),
    (e) =>
      e instanceof RemoteProtocolError &&
      e.message === "Cannot decode DUStateChangeComplete: missing Results",
  );
  assert.throws(
    () =>
      decode(`<DUStateChangeComplete><Results><UUID>${UUID}</UUID>
        <CurrentState>Installed</CurrentState></Results></DUStateChangeComplete>`),
    (e) => e instanceof RemoteProtocolError && /missing Fault/.test(e.message),
  );
  assert.throws(
    () =>
      decode(`<DUStateChangeComplete><Results><UUID>${UUID}</UUID>
        <CurrentState>Running</CurrentState><Fault><FaultCode>0</FaultCode></Fault>
        </Results></DUStateChangeComplete>`),
    (e) => e instanceof RemoteProtocolError && /CurrentState 'Running'/.test(e.message),
  );
});

Deno.test("duStateChangeCompleteCodec.encode() writes one Results per result, then CommandKey", () => {
  const nodes = duStateChangeCompleteCodec.encode(EXPECTED);
  assert.deepEqual(nodes.map((n) => n.name), ["Results", "Results", "CommandKey"]);
  assert.deepEqual(nodes[0], {
    name: "Results",
    children: [
      { name: "UUID", text: UUID },
      { name: "DeploymentUnitRef", text: "Device.SoftwareModules.DeploymentUnit.1" },
      { name: "Version", text: "1.0" },
      { name: "CurrentState", text: "Installed" },
      { name: "Resolved", text: "true" },
      {
        name: "ExecutionUnitRefList",
        text: "Device.SoftwareModules.ExecutionUnit.2,Device.SoftwareModules.ExecutionUnit.3",
      },
      { name: "StartTime", text: "2026-01-01T10:00:00Z" },
      { name: "CompleteTime", text: "2026-01-01T10:01:00Z" },
      {
        name: "Fault",
        children: [{ name: "FaultCode", text: "0" }, { name: "FaultString", text: "" }],
      },
    ],
  });
});

Deno.test("duStateChangeCompleteResponseCodec exists from cwmp-1-2 and has no arguments", () => {
  assert.equal(duStateChangeCompleteCodec.since, "1.2");
  assert.equal(duStateChangeCompleteResponseCodec.since, "1.2");
  assert.deepEqual(
    duStateChangeCompleteResponseCodec.encode({ method: "DUStateChangeCompleteResponse" }),
    [],
  );
  assert.deepEqual(
    duStateChangeCompleteResponseCodec.decode(element(`<DUStateChangeCompleteResponse/>`), {
      warnings: [],
    }),
    { method: "DUStateChangeCompleteResponse" },
  );
});
