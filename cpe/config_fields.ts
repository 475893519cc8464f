/**
 * Field readers of the configuration file: each checks one field's type and range and throws
 * a {@link ConfigError} that names it (`acs.url`, `values.X.counter.step`).
 *
 * @module
 */

/**
 * A configuration field is missing or wrong.
 *
 * @example Usage
 * ```ts
 * import { ConfigError } from "./config_fields.ts";
 * const e = new ConfigError("acs.url", "is required");
 * if (e.message !== "Cannot use the configuration: 'acs.url' is required") throw new Error("x");
 * ```
 */
export class ConfigError extends Error {
  /** The field's dotted name. */
  readonly field: string;

  constructor(fieldName: string, problem: string) {
    super(
      fieldName === ""
        ? `Cannot use the configuration: ${problem}`
        : `Cannot use the configuration: '${fieldName}' ${problem}`,
    );
    this.name = "ConfigError";
    this.field = fieldName;
  }
}

/** A JSON object's fields. */
export type Fields = Record<string, unknown>;

function join(parent: string, name: string): string {
  return parent === "" ? name : `${parent}.${name}`;
}

/**
 * A field that must be a JSON object.
 *
 * @param value The field's value.
 * @param name Its dotted name ("" for the file's top level).
 * @param kind Always "object".
 * @returns The object.
 * @throws {ConfigError} Not an object.
 */
export function field(value: unknown, name: string, kind: "object"): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(name, name === "" ? `must be a JSON ${kind}` : `must be an ${kind}`);
  }
  return value as Fields;
}

/** A required non-empty string field. */
export function requireString(obj: Fields, name: string, parent: string): string {
  const value = obj[name];
  if (value === undefined || value === "") throw new ConfigError(join(parent, name), "is required");
  if (typeof value !== "string") throw new ConfigError(join(parent, name), "must be a string");
  return value;
}

/** An optional string field. */
export function optionalString(
  obj: Fields,
  name: string,
  parent: string,
  fallback: string,
): string {
  const value = obj[name];
  if (value === undefined) return fallback;
  if (typeof value !== "string") throw new ConfigError(join(parent, name), "must be a string");
  return value;
}

/** An optional boolean field. */
export function optionalBoolean(
  obj: Fields,
  name: string,
  parent: string,
  fallback: boolean,
): boolean {
  const value = obj[name];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new ConfigError(join(parent, name), "must be true or false");
  }
  return value;
}

/** An optional number field within a range. */
export function optionalNumber(
  obj: Fields,
  name: string,
  parent: string,
  fallback: number,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const value = obj[name];
  if (value === undefined) return fallback;
  const path = join(parent, name);
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ConfigError(path, "must be a number");
  }
  if (range.integer === true && !Number.isInteger(value)) {
    throw new ConfigError(path, "must be a whole number");
  }
  if (range.min !== undefined && value < range.min) {
    throw new ConfigError(path, `must be at least ${range.min}`);
  }
  if (range.max !== undefined && value > range.max) {
    throw new ConfigError(path, `must be at most ${range.max}`);
  }
  return value;
}
