/**
 * cwmp: a TR-069 (CWMP) toolkit. This module is the library surface; the `cwmp` command
 * (main.ts) runs the ACS, the CPE agent and the ad-hoc tools.
 *
 * ```ts
 * import { decodeEnvelopes } from "./mod.ts";
 * const body = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
 *   xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><soap:Body><cwmp:InformResponse>
 *   <MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soap:Body></soap:Envelope>`;
 * const { envelopes } = decodeEnvelopes(body);
 * if (envelopes[0]?.cwmpVersion !== "1.0") throw new Error("unexpected");
 * ```
 *
 * @module
 */

export * from "./protocol/mod.ts";
export * from "./acs/mod.ts";
export { type AgentInfo, type CpeAgent, type CpeAgentDeps, createCpeAgent } from "./cpe/agent.ts";
export { deviceFactory, modelDevice, type ModelSource } from "./cpe/agent_model.ts";
export type { CpeDevice } from "./cpe/agent_types.ts";
export { type AgentConfig, ConfigError, parseAgentConfig } from "./cpe/config.ts";
export { createStateFile, type StateFile } from "./cpe/state_file.ts";
