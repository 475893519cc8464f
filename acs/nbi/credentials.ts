/**
 * Credential routes: provision one device's CPE credentials, or many from CSV, for the
 * `strict` CPE authentication mode (only provisioned devices get in).
 *
 * @module
 */

import {
  CredentialsError,
  type CredentialsInput,
  deleteDeviceCredentials,
  findCredentialsByUsername,
  setDeviceCredentials,
  type SetDeviceCredentialsOptions,
} from "../auth/credentials.ts";
import type { z } from "zod";
import { loadAcsKeys } from "../auth/secrets.ts";
import type { NbiContext } from "./context.ts";
import { parseCsvLine } from "./csv.ts";
import { ApiError } from "./errors.ts";
import { addRoute, jsonOf, type NbiRoutes, paramsOf } from "./route.ts";
import { CredentialsBody, DeviceIdParams, ErrorSchema, ImportResultSchema } from "./schemas.ts";

/** One line of an import. */
interface ImportLine {
  line: number;
  deviceId: string;
  credentials: CredentialsInput;
}

// The rules of setDeviceCredentials, checked on every line before any is stored.
const PRINTABLE = /^[\x20-\x7e]{1,256}$/;

/**
 * Adds the credential routes.
 *
 * @param routes The app and the specs.
 * @param ctx The database, sealing keys and clock.
 */
export function credentialRoutes(routes: NbiRoutes, ctx: NbiContext): void {
  addRoute(routes, {
    method: "put",
    path: "/api/devices/:id/credentials",
    summary: "Provision a device's CPE credentials",
    description: "The device need not have informed yet. The passwords are stored sealed.",
    params: DeviceIdParams,
    body: { contentType: "application/json", schema: CredentialsBody },
    responses: {
      204: { description: "Stored" },
      400: { description: "Invalid credentials", schema: ErrorSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, DeviceIdParams);
    const body = await jsonOf(c, CredentialsBody);
    try {
      await setDeviceCredentials(ctx.db, id, withoutUndefined(body), options(ctx));
    } catch (error) {
      if (error instanceof CredentialsError) throw new ApiError(400, error.message);
      throw error;
    }
    return c.body(null, 204);
  });

  addRoute(routes, {
    method: "delete",
    path: "/api/devices/:id/credentials",
    summary: "Forget a device's CPE credentials",
    description: "For a device that lost them (a factory reset by its button): in the " +
      "`first-contact` mode its next Inform is a first contact again and it gets new ones; in " +
      "`strict` mode it is refused until credentials are provisioned again.",
    params: DeviceIdParams,
    responses: {
      204: { description: "Forgotten" },
      404: { description: "The device has no credentials", schema: ErrorSchema },
    },
  }, async (c) => {
    const { id } = paramsOf(c, DeviceIdParams);
    if (!(await deleteDeviceCredentials(ctx.db, id))) {
      throw new ApiError(404, `Cannot find credentials of ${id}`);
    }
    return c.body(null, 204);
  });

  addRoute(routes, {
    method: "post",
    path: "/api/credentials/import",
    summary: "Provision many devices' credentials from CSV",
    description: "Lines `deviceId,username,password[,crUsername,crPassword]`; an optional " +
      "header line starting with `deviceId`. Every line is checked before any is stored.",
    body: { contentType: "text/csv" },
    responses: {
      200: { description: "How many lines were stored", schema: ImportResultSchema },
      400: { description: "A bad line, named", schema: ErrorSchema },
    },
  }, async (c) => {
    const lines = parseImport(await c.req.text());
    await checkImport(ctx, lines);
    const keys = ctx.keys ?? await loadAcsKeys(ctx.db);
    for (const line of lines) {
      try {
        await setDeviceCredentials(ctx.db, line.deviceId, line.credentials, {
          keys,
          now: new Date(ctx.now()),
        });
      } catch (error) {
        if (!(error instanceof CredentialsError)) throw error;
        throw new ApiError(
          400,
          `Line ${line.line}: ${error.message} (the ${
            lines.indexOf(line)
          } lines before it were stored)`,
        );
      }
    }
    return c.json({ imported: lines.length });
  });
}

function options(ctx: NbiContext): SetDeviceCredentialsOptions {
  return { ...(ctx.keys === undefined ? {} : { keys: ctx.keys }), now: new Date(ctx.now()) };
}

function withoutUndefined(body: z.output<typeof CredentialsBody>): CredentialsInput {
  const { connectionRequestUsername: crUser, connectionRequestPassword: crPassword } = body;
  return {
    username: body.username,
    password: body.password,
    ...(crUser === undefined ? {} : { connectionRequestUsername: crUser }),
    ...(crPassword === undefined ? {} : { connectionRequestPassword: crPassword }),
  };
}

/**
 * The lines of an import, each with 3 or 5 non-empty fields.
 *
 * @throws {ApiError} 400 naming the first bad line.
 */
function parseImport(text: string): ImportLine[] {
  const lines: ImportLine[] = [];
  const rows = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (const [index, raw] of rows.entries()) {
    const line = index + 1;
    if (raw.trim() === "") continue;
    const fields = parseCsvLine(raw);
    if (fields === undefined) throw badLine(line, "unbalanced quotes");
    if (lines.length === 0 && /^device_?id$/i.test(fields[0]?.trim() ?? "")) continue;
    if (fields.length !== 3 && fields.length !== 5) {
      throw badLine(line, `expected 3 or 5 fields, found ${fields.length}`);
    }
    const [deviceId = "", username = "", password = "", crUsername, crPassword] = fields;
    if (deviceId === "") throw badLine(line, "the device id is empty");
    lines.push({
      line,
      deviceId,
      credentials: {
        username,
        password,
        ...(crUsername === undefined ? {} : {
          connectionRequestUsername: crUsername,
          connectionRequestPassword: crPassword ?? "",
        }),
      },
    });
  }
  if (lines.length === 0) throw new ApiError(400, "Cannot import credentials: no lines");
  return lines;
}

async function checkImport(ctx: NbiContext, lines: readonly ImportLine[]): Promise<void> {
  const devices = new Map<string, number>();
  const usernames = new Map<string, number>();
  for (const { line, deviceId, credentials } of lines) {
    const values = Object.entries(credentials) as [string, string][];
    for (const [field, value] of values) {
      if (!PRINTABLE.test(value)) {
        throw badLine(line, `${field} must be 1 to 256 printable ASCII characters`);
      }
    }
    if (credentials.username.includes(":")) throw badLine(line, "the username contains ':'");
    if (credentials.connectionRequestUsername?.includes(":")) {
      throw badLine(line, "the connection request username contains ':'");
    }
    const seen = devices.get(deviceId) ?? usernames.get(credentials.username);
    if (seen !== undefined) throw badLine(line, `repeats a device or username of line ${seen}`);
    devices.set(deviceId, line);
    usernames.set(credentials.username, line);
    const owner = await findCredentialsByUsername(ctx.db, credentials.username);
    if (owner !== undefined && owner.deviceId !== deviceId) {
      throw badLine(line, `username "${credentials.username}" belongs to ${owner.deviceId}`);
    }
  }
}

function badLine(line: number, reason: string): ApiError {
  return new ApiError(400, `Cannot import credentials: line ${line}: ${reason}`);
}
