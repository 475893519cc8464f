import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { createTestNbi } from "./_testing.ts";

interface Operation {
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
  security?: unknown[];
}

Deno.test("GET /api/openapi.json is OpenAPI 3.1 and matches the app's routes both ways", async () => {
  const t = await createTestNbi();
  try {
    const response = await t.call("/api/openapi.json", { token: null });
    const text = await response.text();
    const doc = JSON.parse(text);
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(typeof doc.info.title, "string");
    // The routes the router really has (middleware registrations use method ALL).
    const routed = new Set(
      t.nbi.routes.filter((r) => r.method !== "ALL").map((r) =>
        `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`
      ),
    );
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(item)) documented.add(`${method} ${path}`);
    }
    assert.deepEqual([...documented].sort(), [...routed].sort());
    for (
      const required of [
        "get /api/devices",
        "get /api/devices/{id}",
        "delete /api/devices/{id}",
        "put /api/devices/{id}/tags/{tag}",
        "delete /api/devices/{id}/tags/{tag}",
        "put /api/devices/{id}/credentials",
        "post /api/credentials/import",
        "post /api/devices/{id}/tasks",
        "get /api/tasks",
        "get /api/tasks/{id}",
        "post /api/tasks/{id}/cancel",
        "post /api/tasks/{id}/retry",
        "get /api/faults",
        "get /api/faults/{id}",
        "delete /api/faults/{id}",
        "post /api/files",
        "get /api/files",
        "get /api/files/{id}",
        "get /api/files/{id}/content",
        "delete /api/files/{id}",
        "get /api/openapi.json",
        "get /metrics",
      ]
    ) {
      assert.ok(routed.has(required), required);
    }
  } finally {
    t.close();
  }
});

Deno.test("the OpenAPI document describes parameters, bodies and components from the zod schemas", async () => {
  const t = await createTestNbi();
  try {
    const doc = await (await t.call("/api/openapi.json", { token: null })).json();
    const list: Operation = doc.paths["/api/devices"].get;
    const names = (list.parameters ?? []).map((p) => p.name);
    for (const name of ["id", "oui", "tag", "param", "sort", "limit", "offset"]) {
      assert.ok(names.includes(name), name);
    }
    const limit = list.parameters?.find((p) => p.name === "limit") as unknown as {
      required: boolean;
      schema: { maximum: number; default: number };
    };
    assert.deepEqual([limit.required, limit.schema.maximum, limit.schema.default], [
      false,
      1000,
      50,
    ]);
    const create: Operation = doc.paths["/api/devices/{id}/tasks"].post;
    const body = create.requestBody?.content["application/json"] as {
      schema: { required: string[]; properties: Record<string, unknown> };
    };
    assert.deepEqual(body.schema.required, ["request"]);
    assert.ok("timeout" in body.schema.properties);
    assert.deepEqual(Object.keys(create.responses).sort(), [
      "200",
      "202",
      "400",
      "401",
      "403",
      "404",
    ]);
    assert.deepEqual(create.responses["200"], {
      description: "The task finished within the timeout",
      content: { "application/json": { schema: { $ref: "#/components/schemas/TaskEnvelope" } } },
    });
    for (const name of ["Device", "Task", "Fault", "File", "Error", "DeviceList"]) {
      assert.ok(doc.components.schemas[name], name);
    }
    // Every $ref points at a component that exists.
    const refs = JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g);
    for (const [, name = ""] of refs) assert.ok(doc.components.schemas[name], name);
    assert.deepEqual(doc.paths["/api/openapi.json"].get.security, []);
    assert.equal(doc.components.securitySchemes.bearer.scheme, "bearer");
  } finally {
    t.close();
  }
});

Deno.test("the OpenAPI document validates against the OpenAPI 3.1 schema", async () => {
  const t = await createTestNbi();
  try {
    const doc = await (await t.call("/api/openapi.json", { token: null })).json();
    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(validator.version, "3.1");
    assert.deepEqual(result.errors, undefined);
    assert.equal(result.valid, true);
    // The check can fail: a parameter without `in` is not OpenAPI.
    delete doc.paths["/api/devices"].get.parameters[0].in;
    assert.equal((await new Validator().validate(doc)).valid, false);
  } finally {
    t.close();
  }
});
