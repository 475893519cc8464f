/**
 * Reading a CWMP POST body: bounded in size before and after decompression, gzip and deflate
 * Content-Encoding undone.
 *
 * @module
 */

/**
 * A body the ACS refuses, with the HTTP status and a one-line reason to send.
 *
 * @example Usage
 * ```ts
 * import { BodyError } from "./body.ts";
 * const e = new BodyError(413, "Body exceeds 1024 bytes");
 * if (e.status !== 413) throw new Error("unexpected");
 * ```
 */
export class BodyError extends Error {
  /** 400 (undecodable), 413 (too large) or 415 (unknown Content-Encoding). */
  readonly status: 400 | 413 | 415;

  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.name = "BodyError";
    this.status = status;
  }
}

/** Options of {@link readBody}. */
export interface ReadBodyOptions {
  /** The most bytes accepted, both as sent and once decompressed. */
  maxBytes: number;
}

/**
 * Reads a request's body. `Content-Encoding: gzip` (or `x-gzip`) and `deflate` (zlib, or the
 * raw deflate some clients send under that name) are decompressed; `identity` or none is
 * taken as is. A declared Content-Length above the limit is refused before reading.
 *
 * @param request The HTTP request.
 * @param options The size limit.
 * @returns The (decompressed) body bytes.
 * @throws {BodyError} Too large (413), an unknown encoding (415), or corrupt compression (400).
 *
 * @example Usage
 * ```ts
 * import { readBody } from "./body.ts";
 * const gzipped = await new Response(
 *   new Blob(["<a/>"]).stream().pipeThrough(new CompressionStream("gzip")),
 * ).bytes();
 * const request = new Request("http://acs/", {
 *   method: "POST",
 *   body: gzipped,
 *   headers: { "content-encoding": "gzip" },
 * });
 * const bytes = await readBody(request, { maxBytes: 1024 });
 * if (new TextDecoder().decode(bytes) !== "<a/>") throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.4.1 Encoding SOAP over HTTP
 */
export async function readBody(request: Request, options: ReadBodyOptions): Promise<Uint8Array> {
  const { maxBytes } = options;
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  // A declared length is what the HTTP server frames the body by: read it in one go.
  const raw = request.headers.has("content-length") && Number.isSafeInteger(declared)
    ? await readDeclared(request, maxBytes)
    : await readLimited(request.body, maxBytes);
  switch (encoding) {
    case "":
    case "identity":
      return raw;
    case "gzip":
    case "x-gzip":
      return await decompress(raw, "gzip", maxBytes);
    case "deflate":
      return await decompress(raw, isZlib(raw) ? "deflate" : "deflate-raw", maxBytes);
    default:
      throw new BodyError(415, `Cannot read body: unsupported Content-Encoding '${encoding}'`);
  }
}

async function readDeclared(request: Request, maxBytes: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

function tooLarge(maxBytes: number): BodyError {
  return new BodyError(413, `Cannot read body: it exceeds the limit of ${maxBytes} bytes`);
}

// RFC 1950: the two header bytes, read big-endian, are a multiple of 31; method 8 is deflate.
function isZlib(bytes: Uint8Array): boolean {
  const [cmf, flg] = bytes;
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

async function decompress(
  raw: Uint8Array,
  format: CompressionFormat,
  maxBytes: number,
): Promise<Uint8Array> {
  const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream(format));
  try {
    return await readLimited(stream, maxBytes);
  } catch (error) {
    if (error instanceof BodyError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new BodyError(400, `Cannot decompress body (${format}): ${reason}`);
  }
}

async function readLimited(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      total += chunk.value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk.value);
    }
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
