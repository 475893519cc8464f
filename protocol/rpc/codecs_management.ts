/**
 * Parameter, object, attribute and device-control methods and their responses.
 *
 * @module
 */

import type { CodecTable } from "./codec.ts";
import {
  type AddObject,
  addObjectCodec,
  type AddObjectResponse,
  addObjectResponseCodec,
} from "./add_object.ts";
import {
  type DeleteObject,
  deleteObjectCodec,
  type DeleteObjectResponse,
  deleteObjectResponseCodec,
} from "./delete_object.ts";
import {
  type FactoryReset,
  factoryResetCodec,
  type FactoryResetResponse,
  factoryResetResponseCodec,
} from "./factory_reset.ts";
import {
  type GetOptions,
  getOptionsCodec,
  type GetOptionsResponse,
  getOptionsResponseCodec,
} from "./get_options.ts";
import {
  type GetParameterAttributes,
  getParameterAttributesCodec,
  type GetParameterAttributesResponse,
  getParameterAttributesResponseCodec,
} from "./get_parameter_attributes.ts";
import {
  type GetParameterNames,
  getParameterNamesCodec,
  type GetParameterNamesResponse,
  getParameterNamesResponseCodec,
} from "./get_parameter_names.ts";
import {
  type GetRPCMethods,
  getRPCMethodsCodec,
  type GetRPCMethodsResponse,
  getRPCMethodsResponseCodec,
} from "./get_rpc_methods.ts";
import { type Reboot, rebootCodec, type RebootResponse, rebootResponseCodec } from "./reboot.ts";
import {
  type ScheduleInform,
  scheduleInformCodec,
  type ScheduleInformResponse,
  scheduleInformResponseCodec,
} from "./schedule_inform.ts";
import {
  type SetParameterAttributes,
  setParameterAttributesCodec,
  type SetParameterAttributesResponse,
  setParameterAttributesResponseCodec,
} from "./set_parameter_attributes.ts";
import {
  type SetParameterValues,
  setParameterValuesCodec,
  type SetParameterValuesResponse,
  setParameterValuesResponseCodec,
} from "./set_parameter_values.ts";
import {
  type SetVouchers,
  setVouchersCodec,
  type SetVouchersResponse,
  setVouchersResponseCodec,
} from "./set_vouchers.ts";

/** The messages of this group. */
export type ManagementMessage =
  | GetRPCMethods
  | GetRPCMethodsResponse
  | SetParameterValues
  | SetParameterValuesResponse
  | GetParameterNames
  | GetParameterNamesResponse
  | SetParameterAttributes
  | SetParameterAttributesResponse
  | GetParameterAttributes
  | GetParameterAttributesResponse
  | AddObject
  | AddObjectResponse
  | DeleteObject
  | DeleteObjectResponse
  | Reboot
  | RebootResponse
  | FactoryReset
  | FactoryResetResponse
  | ScheduleInform
  | ScheduleInformResponse
  | SetVouchers
  | SetVouchersResponse
  | GetOptions
  | GetOptionsResponse;

/** One codec per method of {@link ManagementMessage}. */
export const MANAGEMENT_CODECS: CodecTable<ManagementMessage> = {
  GetRPCMethods: getRPCMethodsCodec,
  GetRPCMethodsResponse: getRPCMethodsResponseCodec,
  SetParameterValues: setParameterValuesCodec,
  SetParameterValuesResponse: setParameterValuesResponseCodec,
  GetParameterNames: getParameterNamesCodec,
  GetParameterNamesResponse: getParameterNamesResponseCodec,
  SetParameterAttributes: setParameterAttributesCodec,
  SetParameterAttributesResponse: setParameterAttributesResponseCodec,
  GetParameterAttributes: getParameterAttributesCodec,
  GetParameterAttributesResponse: getParameterAttributesResponseCodec,
  AddObject: addObjectCodec,
  AddObjectResponse: addObjectResponseCodec,
  DeleteObject: deleteObjectCodec,
  DeleteObjectResponse: deleteObjectResponseCodec,
  Reboot: rebootCodec,
  RebootResponse: rebootResponseCodec,
  FactoryReset: factoryResetCodec,
  FactoryResetResponse: factoryResetResponseCodec,
  ScheduleInform: scheduleInformCodec,
  ScheduleInformResponse: scheduleInformResponseCodec,
  SetVouchers: setVouchersCodec,
  SetVouchersResponse: setVouchersResponseCodec,
  GetOptions: getOptionsCodec,
  GetOptionsResponse: getOptionsResponseCodec,
};
