/**
 * The zod schemas of the northbound API: they validate requests (query, path, body) and
 * describe answers, and `openapi.ts` turns the same schemas into the OpenAPI document.
 *
 * @module
 */

import { z } from "zod";
import { TASK_STATES } from "../db/schema/tasks.ts";

const isoTime = z.iso.datetime({ offset: true });
const time = z.iso.datetime().describe("ISO 8601 time (UTC)");

/** The error answer: `{ error: { code, message, issues? } }`. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.enum(["bad_request", "unauthorized", "forbidden", "not_found", "conflict"]),
    message: z.string(),
    issues: z.array(z.object({
      path: z.array(z.union([z.string(), z.number()])),
      message: z.string(),
    })).optional(),
  }),
});

const limit = z.coerce.number().int().min(1).max(1000).default(50)
  .describe("Items per page (at most 1000)");
const offset = z.coerce.number().int().min(0).default(0).describe("Items to skip");

/** `:id` of a task, fault or file: a whole number. */
export const NumericIdParams = z.strictObject({ id: z.coerce.number().int().min(1) });
/** `:id` of a device. */
export const DeviceIdParams = z.strictObject({ id: z.string().min(1) });
/** `:id` and `:tag` of a device tag. */
export const DeviceTagParams = z.strictObject({
  id: z.string().min(1),
  // deno-lint-ignore no-control-regex
  tag: z.string().min(1).max(100).regex(/^[^\x00-\x1f\x7f]+$/, "a tag has no control characters"),
});

/** The operators of a `param=PATH<op>VALUE` filter. */
export const PARAM_FILTER = /^([^=<>~]+)(<=|>=|=|~|<|>)(.*)$/s;

/** Filters, order and page of `GET /api/devices`. */
export const DeviceListQuery = z.strictObject({
  id: z.string().optional().describe("Device id, exactly"),
  oui: z.string().optional(),
  productClass: z.string().optional(),
  softwareVersion: z.string().optional().describe("DeviceInfo.SoftwareVersion, exactly"),
  tag: z.array(z.string()).optional().describe("Has this tag (repeatable: has all)"),
  informedBefore: isoTime.optional().describe("Last Inform before this time"),
  informedAfter: isoTime.optional().describe("Last Inform after this time"),
  param: z.array(
    z.string().regex(PARAM_FILTER, "expected PATH<op>VALUE with op one of = ~ < > <= >="),
  ).optional().describe(
    "PATH<op>VALUE, repeatable; = equals, ~ contains, < > <= >= compare (numerically when " +
      "both sides are numbers)",
  ),
  sort: z.string().regex(
    /^(id|lastInform|oui|productClass)(:asc|:desc)?$/,
    "expected id, lastInform, oui or productClass, optionally followed by :desc",
  ).optional().describe("id|lastInform|oui|productClass[:desc] (default id)"),
  limit,
  offset,
});

/** `GET /api/devices/:id`. */
export const DeviceGetQuery = z.strictObject({
  prefix: z.string().optional().describe("Only parameters whose path starts with this"),
});

/** A device as listed. */
export const DeviceSchema = z.object({
  id: z.string(),
  oui: z.string(),
  manufacturer: z.string(),
  productClass: z.string(),
  serialNumber: z.string(),
  softwareVersion: z.string().optional(),
  lastInform: time.nullable(),
  lastBoot: time.nullable(),
  tags: z.array(z.string()),
});

/** One cached parameter of a device. */
export const ParameterSchema = z.object({
  path: z.string(),
  value: z.string().nullable(),
  type: z.string().nullable(),
  writable: z.boolean().nullable(),
  fetchedAt: time,
});

/** A device with its cached parameters. */
export const DeviceDetailSchema = DeviceSchema.extend({ parameters: z.array(ParameterSchema) });

/** A page of devices. */
export const DeviceListSchema = z.object({ total: z.number().int(), items: z.array(DeviceSchema) });

/** `PUT /api/devices/:id/credentials`. */
export const CredentialsBody = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(1),
  connectionRequestUsername: z.string().min(1).optional(),
  connectionRequestPassword: z.string().min(1).optional(),
});

/** The answer of `POST /api/credentials/import`. */
export const ImportResultSchema = z.object({ imported: z.number().int() });

/** `POST /api/devices/:id/tasks`. */
export const TaskCreateBody = z.strictObject({
  request: z.looseObject({ method: z.string().min(1) }).describe(
    'An ACS request as the protocol core\'s JSON, e.g. {"method":"Reboot","commandKey":""}',
  ),
  connectionRequest: z.boolean().default(true).describe("Ask the device to connect now"),
  timeout: z.number().int().min(0).max(300).default(0)
    .describe("Seconds to wait for the answer (0: do not wait)"),
  expires: isoTime.optional().describe("Give the task up if not done by then"),
});

/** A CWMP fault answering a task. */
export const TaskFaultSchema = z.object({
  code: z.number().int(),
  string: z.string(),
  parameterFaults: z.array(z.object({
    parameterName: z.string(),
    faultCode: z.number().int(),
    faultString: z.string(),
  })).optional(),
});

/** A task. */
export const TaskSchema = z.object({
  id: z.number().int(),
  deviceId: z.string(),
  method: z.string(),
  request: z.record(z.string(), z.unknown()),
  state: z.enum(TASK_STATES as [string, ...string[]]),
  attempts: z.number().int(),
  createdAt: time,
  updatedAt: time,
  result: z.record(z.string(), z.unknown()).optional()
    .describe("The CPE's response message, as the protocol core's JSON"),
  fault: TaskFaultSchema.optional(),
  connectionRequest: z.object({
    ok: z.boolean(),
    status: z.number().int().optional(),
    error: z.string().optional(),
  }).optional().describe("The Connection Request sent when the task was created"),
});

/** `{ task }`. */
export const TaskEnvelopeSchema = z.object({ task: TaskSchema });

/** A page of tasks. */
export const TaskListSchema = z.object({ total: z.number().int(), items: z.array(TaskSchema) });

/** `GET /api/tasks`. */
export const TaskListQuery = z.strictObject({
  device: z.string().optional(),
  state: z.enum(TASK_STATES as [string, ...string[]]).optional(),
  limit,
  offset,
});

/** A fault. */
export const FaultSchema = z.object({
  id: z.number().int(),
  deviceId: z.string(),
  taskId: z.number().int().optional(),
  presetId: z.string().optional()
    .describe("The preset whose request faulted or did not converge; cleared: tried again"),
  source: z.enum(["cpe", "transfer", "acs"]).describe(
    "cpe: the device answered with it; transfer: a TransferComplete reported it; acs: the ACS " +
      "gave up (no answer, timeout, no convergence)",
  ),
  code: z.number().int(),
  string: z.string(),
  detail: z.record(z.string(), z.unknown()).optional().describe("The cwmp:Fault detail"),
  createdAt: time,
});

/** A page of faults. */
export const FaultListSchema = z.object({ total: z.number().int(), items: z.array(FaultSchema) });

/** `GET /api/faults`. */
export const FaultListQuery = z.strictObject({
  device: z.string().optional(),
  preset: z.string().optional().describe("Faults of this preset"),
  limit,
  offset,
});

/** `DELETE /api/faults/:id`. */
export const FaultDeleteQuery = z.strictObject({
  retry: z.enum(["true", "false"]).optional().describe("Queue the fault's task again"),
});

/** A stored file. */
export const FileSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
  oui: z.string().optional(),
  productClass: z.string().optional(),
  version: z.string().optional(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: time,
  url: z.string().describe(
    "The file on the CWMP listener, for Download requests: a whole URL when the ACS knows its " +
      "public URL (--public-url), else a path",
  ),
});

/** A page of files. */
export const FileListSchema = z.object({ total: z.number().int(), items: z.array(FileSchema) });

/** `POST /api/files`. */
export const FileUploadQuery = z.strictObject({
  name: z.string().min(1),
  type: z.string().min(1).describe('TR-069 FileType, e.g. "1 Firmware Upgrade Image"'),
  oui: z.string().optional(),
  productClass: z.string().optional(),
  version: z.string().optional(),
});

/** `GET /api/files`. */
export const FileListQuery = z.strictObject({
  type: z.string().optional(),
  oui: z.string().optional(),
  productClass: z.string().optional(),
});

/** The schemas named in the OpenAPI document's components. */
export const COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Error: ErrorSchema,
  Device: DeviceSchema,
  Parameter: ParameterSchema,
  DeviceDetail: DeviceDetailSchema,
  DeviceList: DeviceListSchema,
  ImportResult: ImportResultSchema,
  TaskFault: TaskFaultSchema,
  Task: TaskSchema,
  TaskEnvelope: TaskEnvelopeSchema,
  TaskList: TaskListSchema,
  Fault: FaultSchema,
  FaultList: FaultListSchema,
  File: FileSchema,
  FileList: FileListSchema,
};
