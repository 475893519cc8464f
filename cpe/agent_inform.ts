/**
 * The Inform the agent opens each session with (spec A.3.3.1): DeviceId from the device (the
 * configuration's identity over the model's own), the events, RetryCount, and the parameters
 * the model prepares (the forced ones of Table 33 and the notified changes).
 *
 * @module
 */

import type { EventStruct, Inform } from "../protocol/rpc/inform.ts";
import type { CpeDevice } from "./agent_types.ts";
import type { AgentState } from "./state.ts";
import { informEvents } from "./events.ts";

/** What {@link buildInform} needs. */
export interface InformInputs {
  device: CpeDevice;
  state: AgentState;
  /** The current time as a dateTime. */
  currentTime: string;
}

/** The Inform, its events and the model's mark for acknowledging its changes. */
export interface BuiltInform {
  inform: Inform;
  events: EventStruct[];
  mark: number;
}

/**
 * Builds the Inform; MaxEnvelopes is 1, as the agent handles one ACS request per response.
 *
 * @param inputs Device, state and time.
 * @returns The Inform, its events and the mark.
 * @see TR-069 Issue 1, A.3.3.1 Inform and Table 33
 */
export async function buildInform(inputs: InformInputs): Promise<BuiltInform> {
  const prepared = await inputs.device.prepareInform();
  const events = informEvents(inputs.state, prepared.valueChange);
  return {
    inform: {
      method: "Inform",
      deviceId: inputs.device.deviceId(),
      events,
      maxEnvelopes: 1,
      currentTime: inputs.currentTime,
      retryCount: inputs.state.retryCount,
      parameterList: prepared.parameterList,
    },
    events,
    mark: prepared.mark,
  };
}
