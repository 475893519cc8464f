/**
 * The CPE agent's data model: embedded definitions (InternetGatewayDevice:1.0 and Device:2.19,
 * generated from the BBF XML), device dumps in CSV, and the model store that holds a device's
 * values, attributes, instance numbers and ParameterKey and tracks value changes for the Inform.
 *
 * ```ts
 * import { createDefaultModel } from "./mod.ts";
 * const store = createDefaultModel("device2", { serialNumber: "SN7" });
 * store.set("Device.DeviceInfo.UpTime", "42");
 * const { parameterList, valueChange } = await store.prepareInform();
 * if (valueChange || !parameterList.some((p) => p.name === "Device.DeviceInfo.SoftwareVersion")) {
 *   throw new Error("unexpected");
 * }
 * ```
 *
 * @module
 */

export { ModelStore } from "./store.ts";
export type { ChangeOptions, InformParameters, ModelStoreOptions } from "./store.ts";
export {
  createDefaultModel,
  DEFAULT_IDENTITY,
  type DefaultModelOptions,
  type DeviceIdentity,
  type DeviceTemplate,
  identityValues,
  loadDeviceTemplate,
  type ManagementServerSettings,
} from "./factory.ts";
export type {
  BackendWriteResult,
  ChangeSource,
  MaybePromise,
  ModelEvent,
  ValueBackend,
} from "./backend.ts";
export { type ModelSnapshot, ModelStateError, SNAPSHOT_FORMAT } from "./snapshot.ts";
export { checkValue, INVALID_TYPE, INVALID_VALUE, type ValueCheck } from "./validate.ts";
export { isNotificationLevel, NOTIFICATION_REJECTED, notificationRefusal } from "./attributes.ts";
export { initialValue } from "./initial.ts";
export { MAX_INSTANCE } from "./object_ops.ts";
export { DEFAULT_ACCESS_LIST, type NotificationLevel, SUBSCRIBER } from "./tree.ts";
export {
  BUILTIN_MODEL_NAMES,
  type BuiltinModelName,
  isBuiltinModelName,
  loadBuiltinModel,
} from "../datamodel/loader.ts";
export { compileDataModel, DataModelError } from "../datamodel/compile.ts";
export type {
  ActiveNotify,
  BaseType,
  DataModel,
  DataModelSpec,
  IntegerRange,
  LengthRange,
  ListSyntax,
  ObjectDef,
  ObjectSpec,
  ParameterSpec,
  ValueSyntax,
} from "../datamodel/types.ts";
export { type CsvDevice, CsvModelError, parseDeviceCsv } from "../csv_model.ts";
