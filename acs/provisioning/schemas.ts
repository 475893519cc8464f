/**
 * zod schemas of presets and campaigns: the API validates request bodies with them, the CLI
 * checks a file before sending it, and `acs/nbi/openapi.ts` describes them. Their outputs are
 * the types of `types.ts`.
 *
 * @module
 */

import { z } from "zod";
import { VALUE_TYPES, type ValueType } from "../../protocol/rpc/values.ts";
import { CronSyntaxError, parseCron } from "./schedule.ts";
import type {
  CampaignAction,
  CampaignTarget,
  DesiredState,
  Precondition,
  ScheduleWindow,
} from "./types.ts";

/** `PATH<op>VALUE` of a precondition: op one of `!= <= >= = ~ < >`. */
export const PRECONDITION_PARAM = /^([^=<>~!]+)(!=|<=|>=|=|~|<|>)(.*)$/s;

/** A preset's name. */
export const PRESET_ID = /^[A-Za-z0-9._-]{1,64}$/;

// deno-lint-ignore no-control-regex
const NO_CONTROL = /^[^\x00-\x1f\x7f]+$/;
const tag = z.string().min(1).max(100).regex(NO_CONTROL, "a tag has no control characters");
const parameterName = z.string().min(1).max(1024).regex(
  /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\.?$/,
  "expected a parameter name like InternetGatewayDevice.DeviceInfo.SoftwareVersion",
);
const objectPath = parameterName.refine((p) => p.endsWith("."), "an object path ends in '.'");
const valueType = z.enum(VALUE_TYPES as [ValueType, ...ValueType[]]);

/** A {@link Precondition}. */
export const PreconditionSchema: z.ZodType<Precondition> = z.strictObject({
  id: z.string().min(1).optional(),
  oui: z.string().min(1).optional(),
  manufacturer: z.string().min(1).optional(),
  productClass: z.string().min(1).optional(),
  serialNumber: z.string().min(1).optional(),
  softwareVersion: z.string().optional(),
  tag: z.array(tag).optional(),
  notTag: z.array(tag).optional(),
  param: z.array(
    z.string().regex(PRECONDITION_PARAM, "expected PATH<op>VALUE with op one of = != ~ < > <= >="),
  ).optional(),
}).describe("Every given condition must hold; {} matches every device");

/** A {@link ScheduleWindow}; the cron expression's syntax is checked by `schedule.ts`. */
export const ScheduleWindowSchema: z.ZodType<ScheduleWindow> = z.strictObject({
  cron: z.string().min(9).max(200).superRefine((cron, ctx) => {
    try {
      parseCron(cron);
    } catch (e) {
      if (!(e instanceof CronSyntaxError)) throw e;
      ctx.addIssue({ code: "custom", message: e.message });
    }
  }).describe("minute hour day-of-month month day-of-week, UTC"),
  durationSeconds: z.number().int().min(60).max(31 * 86400),
});

const desiredValue = z.strictObject({
  name: parameterName.refine((p) => !p.endsWith("."), "a parameter name does not end in '.'"),
  value: z.string().max(65535),
  type: valueType.optional(),
});

const relativeValues = z.record(
  z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "a name relative to the instance"),
  z.string().max(65535),
);

/** A {@link DesiredState}. */
export const DesiredStateSchema: z.ZodType<DesiredState> = z.strictObject({
  values: z.array(desiredValue).max(1000).optional(),
  objects: z.array(z.union([
    z.strictObject({ path: objectPath, count: z.number().int().min(0).max(1000) }),
    z.strictObject({
      path: objectPath,
      keys: relativeValues.refine((k) => Object.keys(k).length > 0, "at least one key"),
      values: relativeValues.optional(),
    }),
  ])).max(100).optional(),
  tags: z.strictObject({
    add: z.array(tag).optional(),
    remove: z.array(tag).optional(),
  }).optional(),
  attributes: z.array(z.strictObject({
    name: parameterName,
    notification: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  })).max(1000).optional(),
  softwareVersion: z.strictObject({
    version: z.string().min(1).max(256),
    file: z.string().min(1).optional(),
  }).optional(),
  refresh: z.array(z.strictObject({
    path: parameterName,
    maxAgeSeconds: z.number().int().min(0),
  })).max(100).optional(),
});

/** The body of `PUT /api/presets/:id` (and the file of `cwmp presets put`). */
export const PresetBodySchema = z.strictObject({
  description: z.string().max(1000).default(""),
  enabled: z.boolean().default(true),
  weight: z.number().int().min(-1000000).max(1000000).default(0),
  precondition: PreconditionSchema.default({}),
  events: z.array(z.string().min(1).max(64)).max(32).default([])
    .describe("Inform event codes that trigger it, e.g. '1 BOOT'; empty: every session"),
  schedule: ScheduleWindowSchema.nullable().default(null),
  desired: DesiredStateSchema,
});

/** A {@link CampaignAction}. */
export const CampaignActionSchema: z.ZodType<CampaignAction> = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("reboot") }),
  z.strictObject({ kind: z.literal("factoryReset") }),
  z.strictObject({ kind: z.literal("setValues"), values: z.array(desiredValue).min(1).max(1000) }),
  z.strictObject({
    kind: z.literal("firmware"),
    file: z.string().min(1),
    softwareVersion: z.string().min(1).optional(),
  }),
]);

/** A {@link CampaignTarget}. */
export const CampaignTargetSchema: z.ZodType<CampaignTarget> = z.union([
  z.strictObject({ query: PreconditionSchema }),
  z.strictObject({ devices: z.array(z.string().min(1)).min(1).max(1000000) }),
]);

/** The body of `POST /api/campaigns`. */
export const CampaignBodySchema = z.strictObject({
  name: z.string().min(1).max(200),
  action: CampaignActionSchema,
  target: CampaignTargetSchema,
  batchSize: z.number().int().min(1).max(1000000).optional()
    .describe("Devices per batch (default: all in one batch)"),
  batchPercent: z.number().min(0.01).max(100).optional()
    .describe("Devices per batch as a percentage of the target (instead of batchSize)"),
  concurrency: z.number().int().min(1).max(100000).default(50),
  window: ScheduleWindowSchema.nullable().default(null),
  failureThreshold: z.number().int().min(1).nullable().default(null)
    .describe("Faulted devices (since start or resume) that pause the campaign"),
  deviceTimeoutSeconds: z.number().int().min(10).max(30 * 86400).default(3600),
  start: z.boolean().default(false).describe("Start at once"),
}).refine(
  (b) => b.batchSize === undefined || b.batchPercent === undefined,
  "give batchSize or batchPercent, not both",
);
