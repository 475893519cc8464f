/**
 * How NBI routes are declared: each route is registered on the Hono app together with its
 * spec (path, query and body schemas, answers), so that one list drives both the router and
 * the OpenAPI document; and the input helpers that turn zod issues into 400 answers.
 *
 * @module
 */

import type { Context, Hono } from "hono";
import type { z } from "zod";
import { ApiError, type ApiIssue } from "./errors.ts";
import type { ApiTokenInfo } from "./tokens.ts";

/** The Hono environment of the NBI: the token that authenticated the request. */
export type NbiEnv = { Variables: { token: ApiTokenInfo } };

/** The NBI app. */
export type NbiApp = Hono<NbiEnv>;

/** One answer of a route, for the document. */
export interface ResponseSpec {
  description: string;
  /** The JSON body; none for 204 or a non-JSON body. */
  schema?: z.ZodType;
  /** A non-JSON body, e.g. `application/octet-stream`. */
  contentType?: string;
}

/** One route. */
export interface RouteSpec {
  method: "get" | "post" | "put" | "delete";
  /** Hono's form: `/api/devices/:id`. */
  path: string;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The request body: JSON with a schema, or raw (CSV, bytes) with a content type. */
  body?: { contentType: string; schema?: z.ZodType; description?: string };
  responses: Record<number, ResponseSpec>;
  /** No token needed. */
  public?: boolean;
}

/** A handler of an NBI route. */
export type NbiHandler = (c: Context<NbiEnv>) => Promise<Response> | Response;

/** The routes declared so far and the app they are registered on. */
export interface NbiRoutes {
  readonly app: NbiApp;
  readonly specs: RouteSpec[];
}

/**
 * Registers a route on the app and records its spec.
 *
 * @param routes The app and the specs.
 * @param spec The route.
 * @param handler What answers it.
 */
export function addRoute(routes: NbiRoutes, spec: RouteSpec, handler: NbiHandler): void {
  routes.specs.push(spec);
  routes.app.on(spec.method.toUpperCase(), spec.path, handler);
}

/**
 * The query of a request, checked against the route's schema. Keys whose schema is an array
 * may repeat; any other key may appear once.
 *
 * @throws {ApiError} 400 naming each bad key.
 */
export function queryOf<S extends z.ZodObject>(c: Context<NbiEnv>, schema: S): z.output<S> {
  const raw = c.req.queries();
  const input: Record<string, string | string[]> = {};
  const issues: ApiIssue[] = [];
  for (const [key, values] of Object.entries(raw)) {
    const field = schema.shape[key] as z.ZodType | undefined;
    if (field !== undefined && isArrayField(field)) input[key] = values;
    else if (values.length === 1) input[key] = values[0] ?? "";
    else issues.push({ path: ["query", key], message: `give ${key} once` });
  }
  if (issues.length > 0) throw invalid("query", issues);
  return parse(schema, input, "query");
}

/**
 * The path parameters of a request, checked against a schema.
 *
 * @throws {ApiError} 400 naming each bad parameter.
 */
export function paramsOf<S extends z.ZodObject>(c: Context<NbiEnv>, schema: S): z.output<S> {
  return parse(schema, c.req.param(), "path");
}

/**
 * The JSON body of a request, checked against a schema.
 *
 * @throws {ApiError} 400 when the body is not JSON or does not match.
 */
export async function jsonOf<S extends z.ZodType>(
  c: Context<NbiEnv>,
  schema: S,
): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(400, `Invalid body: not JSON (${reason})`);
  }
  return parse(schema, body, "body");
}

function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(
    where,
    result.error.issues.map((issue) => ({
      path: [where, ...issue.path.map((p) => typeof p === "symbol" ? String(p) : p)],
      message: issue.message,
    })),
  );
}

function invalid(where: string, issues: ApiIssue[]): ApiError {
  const text = issues.map((i) => `${i.path.slice(1).join(".") || where}: ${i.message}`);
  return new ApiError(400, `Invalid ${where}: ${text.join("; ")}`, issues);
}

function isArrayField(field: z.ZodType): boolean {
  let current: z.ZodType = field;
  for (;;) {
    const def = current.def as { type: string; innerType?: z.ZodType };
    if (def.type === "array") return true;
    if (def.innerType === undefined) return false;
    current = def.innerType;
  }
}

/**
 * Time as the API shows it: ISO 8601 in UTC, or null.
 *
 * @param date A time or null.
 * @returns The ISO text, or null.
 */
export function isoOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
