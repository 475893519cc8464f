/**
 * HTTP transports of the agent: one per session (or file transfer), closed at its end so the
 * TCP connection ends with the session (spec 3.4.2). The real one is a `Deno.HttpClient` with
 * the configured CA certificates and optional client certificate; tests inject any `fetch`.
 *
 * @module
 */

/** The `fetch` of one session or transfer, and how to release its connections. */
export interface HttpTransport {
  fetch: typeof fetch;
  /** Closes the transport's connections; the transport is not used afterwards. */
  close(): void;
}

/** Opens a transport; called once per session and per file transfer. */
export type TransportFactory = () => HttpTransport;

/** TLS material for {@link createDenoTransportFactory}, as PEM text. */
export interface TlsOptions {
  /** Extra trusted root certificates (e.g. a private ACS CA), each PEM. */
  caCerts?: string[];
  /** Client certificate chain and its private key, for ACSes that authenticate CPEs by TLS. */
  clientCert?: { cert: string; key: string };
}

/**
 * A transport factory over Deno's fetch: each transport owns a new `Deno.HttpClient`.
 *
 * @param tls CA certificates and client certificate.
 * @returns The factory.
 * @throws {TypeError} The PEM text is not usable (checked when the first transport opens).
 *
 * @example Usage
 * ```ts
 * import { createDenoTransportFactory } from "./transport.ts";
 * const open = createDenoTransportFactory({});
 * const transport = open();
 * transport.close();
 * ```
 * @see TR-069 Issue 1, 3.3 Use of SSL/TLS and TCP
 */
export function createDenoTransportFactory(tls: TlsOptions): TransportFactory {
  return (): HttpTransport => {
    const base: Deno.CreateHttpClientOptions = {};
    if (tls.caCerts !== undefined && tls.caCerts.length > 0) base.caCerts = tls.caCerts;
    const client = tls.clientCert === undefined
      ? Deno.createHttpClient(base)
      : Deno.createHttpClient({ ...base, cert: tls.clientCert.cert, key: tls.clientCert.key });
    return {
      fetch: (input, init): Promise<Response> => fetch(input, { ...init, client }),
      close: (): void => client.close(),
    };
  };
}

/**
 * A transport factory over a given `fetch` (e.g. an in-memory app's), whose close does nothing.
 *
 * @param fetchFn The fetch to use.
 * @returns The factory.
 *
 * @example Usage
 * ```ts
 * import { fetchTransportFactory } from "./transport.ts";
 * const open = fetchTransportFactory(() => Promise.resolve(new Response(null, { status: 204 })));
 * const response = await open().fetch("http://acs.invalid/");
 * if (response.status !== 204) throw new Error("unexpected");
 * ```
 */
export function fetchTransportFactory(fetchFn: typeof fetch): TransportFactory {
  return (): HttpTransport => ({ fetch: fetchFn, close: (): void => {} });
}
