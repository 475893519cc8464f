/**
 * `GET /api/openapi.json`: the OpenAPI 3.1 document of the NBI, generated from the route
 * specs and the same zod schemas that validate requests (JSON Schema 2020-12 is OpenAPI
 * 3.1's dialect).
 *
 * @module
 */

import { z } from "zod";
import meta from "../../deno.json" with { type: "json" };
import { addRoute, type NbiRoutes, type RouteSpec } from "./route.ts";
import { COMPONENTS, ErrorSchema } from "./schemas.ts";

/** An OpenAPI 3.1 document (the parts this module writes). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, unknown>;
  security: Record<string, string[]>[];
}

function REF(id: string): string {
  return `#/components/schemas/${id}`;
}

/**
 * The document of a set of routes.
 *
 * @param specs The routes.
 * @returns The OpenAPI 3.1 document.
 *
 * @example Usage
 * ```ts
 * import { openApiDocument } from "./openapi.ts";
 * const doc = openApiDocument([{
 *   method: "get", path: "/api/things/:id", summary: "A thing", responses: { 204: { description: "ok" } },
 * }]);
 * if (doc.openapi !== "3.1.0" || doc.paths["/api/things/{id}"]?.["get"] === undefined) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see https://spec.openapis.org/oas/v3.1.0
 */
export function openApiDocument(specs: readonly RouteSpec[]): OpenApiDocument {
  const ids = new Map<z.ZodType, string>();
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) {
    ids.set(schema, id);
    registry.add(schema, { id });
  }
  const converted = z.toJSONSchema(registry, { uri: REF, io: "output" }).schemas;
  const schemas = Object.fromEntries(
    Object.entries(converted).map(([id, schema]) => [id, clean(schema)]),
  );
  const paths: OpenApiDocument["paths"] = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:([A-Za-z_]\w*)/g, "{$1}");
    paths[path] = { ...paths[path], [spec.method]: operation(spec, ids) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "cwmp ACS northbound API",
      version: meta.version,
      description: "Devices, tasks, faults and files of the cwmp ACS. Every route needs " +
        "`Authorization: Bearer <token>` (`cwmp acs token create`) except this document.",
    },
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
    security: [{ bearer: [] }],
  };
}

function operation(spec: RouteSpec, ids: ReadonlyMap<z.ZodType, string>): Record<string, unknown> {
  const parameters = [
    ...fields(spec.params, "path"),
    ...fields(spec.query, "query"),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    const content = response.schema !== undefined
      ? { "application/json": { schema: schemaOf(response.schema, ids, "output") } }
      : response.contentType !== undefined
      ? { [response.contentType]: { schema: rawSchema(response.contentType) } }
      : undefined;
    responses[status] = { description: response.description, ...(content ? { content } : {}) };
  }
  const error = (description: string): unknown => ({
    description,
    content: { "application/json": { schema: { $ref: REF(ids.get(ErrorSchema) ?? "Error") } } },
  });
  if (parameters.length > 0 || spec.body !== undefined) {
    responses["400"] ??= error("Invalid input, with the issues");
  }
  if (!spec.public) {
    responses["401"] ??= error("No token, or an unknown or revoked one");
    if (spec.method !== "get") responses["403"] ??= error("A read-only token");
  }
  return {
    operationId: `${spec.method}${
      spec.path.replace(/:(\w)/g, (_m, c: string) => c.toUpperCase())
        .replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c?: string) => (c ?? "").toUpperCase())
    }`,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(spec.body === undefined ? {} : { requestBody: requestBody(spec.body, ids) }),
    responses,
    ...(spec.public ? { security: [] } : {}),
  };
}

function requestBody(
  body: NonNullable<RouteSpec["body"]>,
  ids: ReadonlyMap<z.ZodType, string>,
): unknown {
  const schema = body.schema !== undefined
    ? schemaOf(body.schema, ids, "input")
    : rawSchema(body.contentType);
  return {
    required: true,
    ...(body.description === undefined ? {} : { description: body.description }),
    content: { [body.contentType]: { schema } },
  };
}

// A body described by its content type alone: a JSON document, bytes or text.
function rawSchema(contentType: string): Record<string, string> {
  if (contentType === "application/json") return { type: "object" };
  if (contentType === "application/octet-stream") return { type: "string", format: "binary" };
  return { type: "string" };
}

function fields(schema: z.ZodObject | undefined, where: "path" | "query"): unknown[] {
  if (schema === undefined) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const json = clean(z.toJSONSchema(field as z.ZodType, { io: "input" }));
    const { description, ...rest } = json as { description?: string };
    return {
      name,
      in: where,
      required: where === "path" || !(field as z.ZodType).safeParse(undefined).success,
      ...(description === undefined ? {} : { description }),
      schema: rest,
      ...(rest["type" as keyof typeof rest] === "array" ? { style: "form", explode: true } : {}),
    };
  });
}

function schemaOf(
  schema: z.ZodType,
  ids: ReadonlyMap<z.ZodType, string>,
  io: "input" | "output",
): unknown {
  const id = ids.get(schema);
  if (id !== undefined) return { $ref: REF(id) };
  return clean(z.toJSONSchema(schema, { io }));
}

function clean(schema: object): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}

/**
 * Adds `GET /api/openapi.json`, public: it describes the API and holds no data, so tools
 * (generators, API browsers, the CLI) can read it before anyone has a token. It describes
 * every route added to `routes`, before or after it.
 *
 * @param routes The app and the specs.
 */
export function openApiRoutes(routes: NbiRoutes): void {
  let document: OpenApiDocument | undefined;
  addRoute(routes, {
    method: "get",
    path: "/api/openapi.json",
    summary: "This OpenAPI 3.1 document",
    public: true,
    responses: { 200: { description: "The document", contentType: "application/json" } },
  }, (c) => {
    document ??= openApiDocument(routes.specs);
    return c.json(document);
  });
}
