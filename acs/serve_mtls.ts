/**
 * HTTPS with client-certificate verification (mTLS) for CPEs. Deno.serve (2.9.6) cannot ask a
 * client for a certificate: its TLS options are a certificate and key only, and no request
 * info exposes a peer certificate. Deno's `node:https` server can (`requestCert`, `ca`,
 * `getPeerCertificate()`), so this listener serves the same fetch handler through
 * `@hono/node-server` on a `node:https` server.
 *
 * @module
 */

import { serve } from "@hono/node-server";
import type { HttpBindings } from "@hono/node-server";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { TLSSocket } from "node:tls";

/** A running listener, shaped like the part of `Deno.HttpServer` the ACS uses. */
export interface AcsListener {
  readonly addr: { hostname: string; port: number };
  /** Stops accepting, lets requests in progress finish, closes idle connections. */
  shutdown(): Promise<void>;
}

/** The bindings the ACS app reads (`AcsBindings`). */
export type ListenerBindings = { remoteAddr?: { hostname?: string } };

/** Options of {@link serveMutualTls}. */
export interface MutualTlsOptions {
  hostname: string;
  port: number;
  /** PEM certificate chain of the ACS. */
  cert: string;
  /** PEM private key of the ACS. */
  key: string;
  /** PEM certificates of the CAs that sign CPE certificates. */
  clientCa: string;
  /**
   * Refuse a CPE without a certificate (default false: spec 3.3 says the ACS MUST let the
   * TLS connection be established without one, and authenticate the CPE over HTTP).
   */
  requireClientCert?: boolean;
}

/**
 * Serves `handler` over TLS, asking each CPE for a certificate. A certificate that does not
 * verify against `clientCa` closes the connection; no certificate is accepted unless
 * `requireClientCert`.
 *
 * @param options Address, server certificate and key, client CAs.
 * @param handler The fetch handler (the ACS app's `fetch`).
 * @returns The listener once it listens.
 * @throws {Error} The PEM material is invalid, or the address cannot be listened on.
 * @see TR-069 Issue 1, 3.3 Use of SSL/TLS and TCP
 */
export async function serveMutualTls(
  options: MutualTlsOptions,
  handler: (request: Request, bindings: ListenerBindings) => Response | Promise<Response>,
): Promise<AcsListener> {
  checkPem(options);
  const { promise: listening, resolve, reject } = Promise.withResolvers<void>();
  const server = serve({
    hostname: options.hostname,
    port: options.port,
    createServer,
    // Its lighter Request and Response would replace the globals for the whole process.
    overrideGlobalObjects: false,
    serverOptions: {
      cert: options.cert,
      key: options.key,
      ca: options.clientCa,
      requestCert: true,
      rejectUnauthorized: options.requireClientCert ?? false,
    },
    fetch: (request, env) =>
      handler(standardRequest(request), {
        remoteAddr: { hostname: (env as HttpBindings).incoming.socket.remoteAddress ?? "" },
      }),
  }, () => resolve()) as Server;
  server.once("error", reject);
  server.on("secureConnection", (socket: TLSSocket) => {
    const presented = Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
    if (presented && !socket.authorized) socket.destroy();
  });
  await listening;
  server.off("error", reject);
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  return {
    addr: { hostname: options.hostname, port },
    shutdown: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
      }),
  };
}

// node:https in Deno only reads the PEM material at the first handshake; check it up front.
function checkPem(options: MutualTlsOptions): void {
  const parts: [string, () => unknown][] = [
    ["certificate", () => new X509Certificate(options.cert)],
    ["private key", () => createPrivateKey(options.key)],
    ["client CA certificate", () => new X509Certificate(options.clientCa)],
  ];
  for (const [what, parse] of parts) {
    try {
      parse();
    } catch {
      throw new Error(`the ${what} is not valid PEM`);
    }
  }
}

// The adapter's lazy request object lacks some of Request's methods (`bytes()` throws
// "Illegal invocation"), so the handler gets a real one over the same body stream.
function standardRequest(request: Request): Request {
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    ...(hasBody ? { body: request.body, duplex: "half" } : {}),
  });
}
