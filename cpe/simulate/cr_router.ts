/**
 * The simulator's one Connection Request listener: every simulated device advertises a URL on
 * the same port with its own random path, and the listener routes each GET by its path to that
 * device's handler (Digest with the device's current credentials, its own rate limit). A
 * device's handler is made at its first request, so idle devices cost one map entry.
 *
 * @module
 */

import {
  type ConnectionRequestCredentials,
  createConnectionRequestHandler,
  ListenError,
} from "../connection_request.ts";

/** What the router needs of a device: the agent's side of a Connection Request. */
export interface RoutedDevice {
  requestConnection(): void;
  connectionRequestCredentials(): ConnectionRequestCredentials;
}

/** Options of {@link startConnectionRequestRouter}. */
export interface RouterOptions {
  hostname: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Secret of every device's Digest nonces. */
  nonceSecret: string;
  /** Per device (default 20 per 60 s, as the agent's). */
  rateLimit?: { count: number; windowMs: number };
  /** Told of each accepted request. */
  onAccepted?: (path: string) => void;
  log?: (line: string) => void;
}

/** The running listener. */
export interface ConnectionRequestRouter {
  /** The port it listens on (the real one when 0 was asked). */
  readonly port: number;
  /** Routes `path` to the device. */
  add(path: string, device: RoutedDevice): void;
  /** Stops routing `path` (404 from then on). */
  remove(path: string): void;
  /** Stops listening. */
  close(): Promise<void>;
}

type Handler = (request: Request) => Response;

/**
 * Starts the shared listener.
 *
 * @param options Address, nonce secret, rate limit.
 * @returns The router.
 * @throws {ListenError} The address cannot be listened on.
 *
 * @example Two devices behind one port
 * ```ts
 * import { startConnectionRequestRouter } from "./cr_router.ts";
 * const asked: string[] = [];
 * const router = startConnectionRequestRouter({ hostname: "127.0.0.1", port: 0, nonceSecret: "s" });
 * for (const name of ["a", "b"]) {
 *   router.add(`/cr/${name}`, {
 *     requestConnection: () => asked.push(name),
 *     connectionRequestCredentials: () => ({ username: "", password: "" }),
 *   });
 * }
 * const response = await fetch(`http://127.0.0.1:${router.port}/cr/b`);
 * await response.body?.cancel();
 * await new Promise((resolve) => setTimeout(resolve, 10));
 * await router.close();
 * if (response.status !== 200 || asked.join() !== "b") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.2.2 ACS Connection Initiation
 */
export function startConnectionRequestRouter(options: RouterOptions): ConnectionRequestRouter {
  const devices = new Map<string, RoutedDevice>();
  const handlers = new Map<string, Handler>();

  function handlerOf(path: string): Handler | undefined {
    const known = handlers.get(path);
    if (known !== undefined) return known;
    const device = devices.get(path);
    if (device === undefined) return undefined;
    const handler = createConnectionRequestHandler({
      path,
      credentials: () => device.connectionRequestCredentials(),
      nonceSecret: options.nonceSecret,
      onRequest: () => {
        options.onAccepted?.(path);
        device.requestConnection();
      },
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    handlers.set(path, handler);
    return handler;
  }

  function handle(request: Request): Response {
    const handler = handlerOf(new URL(request.url).pathname);
    if (handler === undefined) {
      return new Response("Not found\n", {
        status: 404,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    return handler(request);
  }

  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { hostname: options.hostname, port: options.port, onListen: () => {} },
      handle,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ListenError(
      `Cannot listen for connection requests on ${options.hostname}:${options.port}: ${
        reason.replace(/\s*\(os error \d+\)$/, "")
      }`,
      { cause: error },
    );
  }
  return {
    port: server.addr.port,
    add: (path, device) => void devices.set(path, device),
    remove(path: string): void {
      devices.delete(path);
      handlers.delete(path);
    },
    close: () => server.shutdown(),
  };
}
