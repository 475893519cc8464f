/**
 * The CPE agent's handlers for the parameter and object RPCs an ACS sends (TR-069 A.3.1.1 and
 * A.3.2.1 to A.3.2.7), one file each. Every handler takes the decoded request and the model
 * store and returns the response, or throws `CwmpFault` with the spec's fault code.
 * {@link handleParameterRpc} dispatches by method name.
 *
 * ```ts
 * import { createDefaultModel } from "../model/mod.ts";
 * import { handleParameterRpc, isParameterRpc } from "./mod.ts";
 * const store = createDefaultModel("igd");
 * const request = { method: "GetParameterNames", parameterPath: "", nextLevel: true } as const;
 * if (!isParameterRpc(request)) throw new Error("unexpected");
 * const response = await handleParameterRpc(request, store);
 * if (response.method !== "GetParameterNamesResponse") throw new Error("unexpected");
 * ```
 *
 * @module
 */

import type { AddObject, AddObjectResponse } from "../../protocol/rpc/add_object.ts";
import type { DeleteObject, DeleteObjectResponse } from "../../protocol/rpc/delete_object.ts";
import type {
  GetParameterAttributes,
  GetParameterAttributesResponse,
} from "../../protocol/rpc/get_parameter_attributes.ts";
import type {
  GetParameterNames,
  GetParameterNamesResponse,
} from "../../protocol/rpc/get_parameter_names.ts";
import type {
  GetParameterValues,
  GetParameterValuesResponse,
} from "../../protocol/rpc/get_parameter_values.ts";
import type { GetRPCMethods, GetRPCMethodsResponse } from "../../protocol/rpc/get_rpc_methods.ts";
import type {
  SetParameterAttributes,
  SetParameterAttributesResponse,
} from "../../protocol/rpc/set_parameter_attributes.ts";
import type {
  SetParameterValues,
  SetParameterValuesResponse,
} from "../../protocol/rpc/set_parameter_values.ts";
import type { ModelStore } from "../model/store.ts";
import { handleAddObject } from "./add_object.ts";
import { handleDeleteObject } from "./delete_object.ts";
import { handleGetParameterAttributes } from "./get_parameter_attributes.ts";
import { handleGetParameterNames } from "./get_parameter_names.ts";
import { handleGetParameterValues } from "./get_parameter_values.ts";
import { CPE_RPC_METHODS, handleGetRPCMethods } from "./get_rpc_methods.ts";
import { handleSetParameterAttributes } from "./set_parameter_attributes.ts";
import { handleSetParameterValues } from "./set_parameter_values.ts";

export {
  CPE_RPC_METHODS,
  handleAddObject,
  handleDeleteObject,
  handleGetParameterAttributes,
  handleGetParameterNames,
  handleGetParameterValues,
  handleGetRPCMethods,
  handleSetParameterAttributes,
  handleSetParameterValues,
};

/** The requests these handlers answer. */
export type ParameterRpc =
  | GetRPCMethods
  | GetParameterValues
  | GetParameterNames
  | SetParameterValues
  | SetParameterAttributes
  | GetParameterAttributes
  | AddObject
  | DeleteObject;

/** Their responses. */
export type ParameterRpcResponse =
  | GetRPCMethodsResponse
  | GetParameterValuesResponse
  | GetParameterNamesResponse
  | SetParameterValuesResponse
  | SetParameterAttributesResponse
  | GetParameterAttributesResponse
  | AddObjectResponse
  | DeleteObjectResponse;

/** Options of {@link handleParameterRpc}. */
export interface ParameterRpcOptions {
  /** The GetRPCMethods answer; default {@link CPE_RPC_METHODS}. */
  methods?: readonly string[];
}

type Handlers = {
  readonly [K in ParameterRpc["method"]]: (
    request: Extract<ParameterRpc, { method: K }>,
    store: ModelStore,
    options: ParameterRpcOptions,
  ) => ParameterRpcResponse | Promise<ParameterRpcResponse>;
};

const HANDLERS: Handlers = {
  GetRPCMethods: handleGetRPCMethods,
  GetParameterValues: handleGetParameterValues,
  GetParameterNames: handleGetParameterNames,
  SetParameterValues: handleSetParameterValues,
  SetParameterAttributes: handleSetParameterAttributes,
  GetParameterAttributes: handleGetParameterAttributes,
  AddObject: handleAddObject,
  DeleteObject: handleDeleteObject,
};

/** Whether these handlers answer `message`. */
export function isParameterRpc(message: { method: string }): message is ParameterRpc {
  return Object.hasOwn(HANDLERS, message.method);
}

/**
 * Answers one of the parameter and object RPCs.
 *
 * @throws {CwmpFault} The handler's fault.
 */
export async function handleParameterRpc(
  request: ParameterRpc,
  store: ModelStore,
  options: ParameterRpcOptions = {},
): Promise<ParameterRpcResponse> {
  const handler = HANDLERS[request.method] as (
    request: ParameterRpc,
    store: ModelStore,
    options: ParameterRpcOptions,
  ) => ParameterRpcResponse | Promise<ParameterRpcResponse>;
  return await handler(request, store, options);
}
