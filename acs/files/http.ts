/**
 * Conditional and partial GET for stored files: a single byte range (RFC 9110 section 14),
 * If-Range, and If-None-Match against a strong ETag.
 *
 * @module
 */

/** What a Range header asks of a representation of `size` bytes. */
export type RangeRequest =
  | { kind: "whole" }
  | { kind: "range"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * Reads a Range header. One `bytes` range is served as 206; a header that is absent, of
 * another unit, malformed, or lists several ranges is ignored (the whole file is served, as
 * RFC 9110 section 14.2 allows); a range starting past the end is unsatisfiable (416).
 *
 * @param header The Range header, or null.
 * @param size The size of the file.
 * @returns What to serve.
 *
 * @example Usage
 * ```ts
 * import { parseRange } from "./http.ts";
 * const r = parseRange("bytes=-3", 10);
 * if (r.kind !== "range" || r.start !== 7 || r.end !== 9) throw new Error("unexpected");
 * if (parseRange("bytes=10-", 10).kind !== "unsatisfiable") throw new Error("unexpected");
 * if (parseRange("bytes=0-1,4-5", 10).kind !== "whole") throw new Error("unexpected");
 * ```
 * @see RFC 9110 section 14.1.2 (byte ranges)
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  if (header === null) return { kind: "whole" };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return { kind: "whole" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "whole" };
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "range", start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "whole" };
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: "range", start, end };
}

/**
 * Whether an If-None-Match header matches an ETag (weak comparison, RFC 9110 section 13.1.2):
 * `*`, or any listed tag equal once `W/` is dropped.
 *
 * @param header The If-None-Match header, or null.
 * @param etag The current strong ETag, quoted.
 * @returns True when the client's copy is current (answer 304).
 *
 * @example Usage
 * ```ts
 * import { noneMatch } from "./http.ts";
 * if (!noneMatch('W/"a", "b"', '"b"') || noneMatch('"a"', '"b"')) throw new Error("unexpected");
 * ```
 */
export function noneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * Whether an If-Range precondition lets a range be served: absent, or the current strong
 * ETag (a date or a weak tag never matches: the file is served whole).
 *
 * @example Usage
 * ```ts
 * import { ifRangeHolds } from "./http.ts";
 * if (!ifRangeHolds(null, '"a"') || ifRangeHolds('W/"a"', '"a"')) throw new Error("unexpected");
 * ```
 * @see RFC 9110 section 13.1.5
 */
export function ifRangeHolds(header: string | null, etag: string): boolean {
  return header === null || header.trim() === etag;
}
