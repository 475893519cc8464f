/**
 * RequestDownload and its response (TR-069 A.4.2.2): the CPE asks the ACS for a file, which
 * the ACS may then send with Download.
 *
 * @module
 */

import { arrayItems, optionalText } from "./_read.ts";
import { arrayNode, textNode } from "./_build.ts";
import { requireTrimmed } from "./_transfer_structs.ts";
import type { Codec } from "./codec.ts";

/** ArgStruct (spec A.4.2.2 Table 57): one name-value argument. */
export interface ArgStruct {
  /** At most 64 characters, e.g. `Version` for `2 Web Content`. */
  name: string;
  /** At most 256 characters. */
  value: string;
}

/** RequestDownload (spec A.4.2.2 Table 55). */
export interface RequestDownload {
  method: "RequestDownload";
  /** A Download file type, e.g. `2 Web Content`. */
  fileType: string;
  /** At most 16 arguments; an ACS ignores those it does not understand. */
  fileTypeArg: ArgStruct[];
}

/** RequestDownloadResponse (spec A.4.2.2 Table 56): no arguments. */
export interface RequestDownloadResponse {
  method: "RequestDownloadResponse";
}

/**
 * Codec of RequestDownload.
 *
 * @example Usage
 * ```ts
 * import { requestDownloadCodec } from "./request_download.ts";
 * const [, args] = requestDownloadCodec.encode({
 *   method: "RequestDownload",
 *   fileType: "2 Web Content",
 *   fileTypeArg: [{ name: "Version", value: "1.2" }],
 * });
 * if (args?.attributes?.["SOAP-ENC:arrayType"] !== "cwmp:ArgStruct[1]") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.2.2 RequestDownload
 */
export const requestDownloadCodec: Codec<RequestDownload> = {
  since: "1.0",
  encode(m) {
    return [
      textNode("FileType", m.fileType),
      arrayNode(
        "FileTypeArg",
        "cwmp:ArgStruct",
        m.fileTypeArg.map((arg) => ({
          name: "ArgStruct",
          children: [textNode("Name", arg.name), textNode("Value", arg.value)],
        })),
      ),
    ];
  },
  decode(element) {
    return {
      method: "RequestDownload",
      fileType: requireTrimmed(element, "FileType"),
      fileTypeArg: arrayItems(element, "FileTypeArg").map((arg) => ({
        name: requireTrimmed(arg, "Name"),
        value: optionalText(arg, "Value"),
      })),
    };
  },
};

/**
 * Codec of RequestDownloadResponse.
 *
 * @example Usage
 * ```ts
 * import { requestDownloadResponseCodec } from "./request_download.ts";
 * if (requestDownloadResponseCodec.encode({ method: "RequestDownloadResponse" }).length !== 0) {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.4.2.2 RequestDownload
 */
export const requestDownloadResponseCodec: Codec<RequestDownloadResponse> = {
  since: "1.0",
  encode() {
    return [];
  },
  decode() {
    return { method: "RequestDownloadResponse" };
  },
};
