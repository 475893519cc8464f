/**
 * Bearer-token authentication of the NBI: every route but the public ones needs a valid
 * API token; a read-only token may only read.
 *
 * @module
 */

import type { MiddlewareHandler } from "hono";
import type { AcsDb } from "../db/client.ts";
import { ApiError, errorResponse } from "./errors.ts";
import type { NbiEnv } from "./route.ts";
import { authenticateApiToken } from "./tokens.ts";

/** Options of {@link bearerAuth}. */
export interface BearerAuthOptions {
  /** `METHOD path` of routes that need no token, e.g. `GET /api/openapi.json`. */
  publicRoutes: ReadonlySet<string>;
  now: () => number;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The middleware: 401 with `WWW-Authenticate: Bearer` for a missing, unknown or revoked token,
 * 403 for a read-only token on a method other than GET or HEAD. The token is kept in the
 * context as `token`.
 *
 * @param db A migrated database.
 * @param options The public routes and the clock.
 * @returns The middleware.
 * @see RFC 6750, 3 The WWW-Authenticate Response Header Field
 */
export function bearerAuth(db: AcsDb, options: BearerAuthOptions): MiddlewareHandler<NbiEnv> {
  return async (c, next): Promise<Response | void> => {
    if (options.publicRoutes.has(`${c.req.method} ${c.req.path}`)) return await next();
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match?.[1] === undefined) {
      return errorResponse(
        new ApiError(401, "Authentication required: send Authorization: Bearer <token>"),
        { "www-authenticate": 'Bearer realm="cwmp"' },
      );
    }
    const token = await authenticateApiToken(db, match[1], new Date(options.now()));
    if (token === undefined) {
      return errorResponse(
        new ApiError(401, "Invalid token: unknown or revoked"),
        { "www-authenticate": 'Bearer realm="cwmp", error="invalid_token"' },
      );
    }
    if (token.readOnly && !READ_METHODS.has(c.req.method)) {
      return errorResponse(
        new ApiError(403, `Token '${token.name}' is read-only: ${c.req.method} is not allowed`),
      );
    }
    c.set("token", token);
    await next();
  };
}
