/**
 * File transfer, software module and CPE-to-ACS notification methods and their responses.
 *
 * @module
 */

import {
  type AutonomousDUStateChangeComplete,
  autonomousDuStateChangeCompleteCodec,
  type AutonomousDUStateChangeCompleteResponse,
  autonomousDuStateChangeCompleteResponseCodec,
} from "./autonomous_du_state_change_complete.ts";
import {
  type AutonomousTransferComplete,
  autonomousTransferCompleteCodec,
  type AutonomousTransferCompleteResponse,
  autonomousTransferCompleteResponseCodec,
} from "./autonomous_transfer_complete.ts";
import {
  type CancelTransfer,
  cancelTransferCodec,
  type CancelTransferResponse,
  cancelTransferResponseCodec,
} from "./cancel_transfer.ts";
import {
  type ChangeDUState,
  changeDuStateCodec,
  type ChangeDUStateResponse,
  changeDuStateResponseCodec,
} from "./change_du_state.ts";
import type { CodecTable } from "./codec.ts";
import {
  type Download,
  downloadCodec,
  type DownloadResponse,
  downloadResponseCodec,
} from "./download.ts";
import {
  type DUStateChangeComplete,
  duStateChangeCompleteCodec,
  type DUStateChangeCompleteResponse,
  duStateChangeCompleteResponseCodec,
} from "./du_state_change_complete.ts";
import {
  type GetAllQueuedTransfers,
  getAllQueuedTransfersCodec,
  type GetAllQueuedTransfersResponse,
  getAllQueuedTransfersResponseCodec,
} from "./get_all_queued_transfers.ts";
import {
  type GetQueuedTransfers,
  getQueuedTransfersCodec,
  type GetQueuedTransfersResponse,
  getQueuedTransfersResponseCodec,
} from "./get_queued_transfers.ts";
import { type Kicked, kickedCodec, type KickedResponse, kickedResponseCodec } from "./kicked.ts";
import {
  type RequestDownload,
  requestDownloadCodec,
  type RequestDownloadResponse,
  requestDownloadResponseCodec,
} from "./request_download.ts";
import {
  type ScheduleDownload,
  scheduleDownloadCodec,
  type ScheduleDownloadResponse,
  scheduleDownloadResponseCodec,
} from "./schedule_download.ts";
import {
  type TransferComplete,
  transferCompleteCodec,
  type TransferCompleteResponse,
  transferCompleteResponseCodec,
} from "./transfer_complete.ts";
import { type Upload, uploadCodec, type UploadResponse, uploadResponseCodec } from "./upload.ts";

/** The messages of this group. */
export type TransferMessage =
  | Download
  | DownloadResponse
  | Upload
  | UploadResponse
  | GetQueuedTransfers
  | GetQueuedTransfersResponse
  | GetAllQueuedTransfers
  | GetAllQueuedTransfersResponse
  | ScheduleDownload
  | ScheduleDownloadResponse
  | CancelTransfer
  | CancelTransferResponse
  | ChangeDUState
  | ChangeDUStateResponse
  | TransferComplete
  | TransferCompleteResponse
  | AutonomousTransferComplete
  | AutonomousTransferCompleteResponse
  | RequestDownload
  | RequestDownloadResponse
  | Kicked
  | KickedResponse
  | DUStateChangeComplete
  | DUStateChangeCompleteResponse
  | AutonomousDUStateChangeComplete
  | AutonomousDUStateChangeCompleteResponse;

/** One codec per method of {@link TransferMessage}. */
export const TRANSFER_CODECS: CodecTable<TransferMessage> = {
  Download: downloadCodec,
  DownloadResponse: downloadResponseCodec,
  Upload: uploadCodec,
  UploadResponse: uploadResponseCodec,
  GetQueuedTransfers: getQueuedTransfersCodec,
  GetQueuedTransfersResponse: getQueuedTransfersResponseCodec,
  GetAllQueuedTransfers: getAllQueuedTransfersCodec,
  GetAllQueuedTransfersResponse: getAllQueuedTransfersResponseCodec,
  ScheduleDownload: scheduleDownloadCodec,
  ScheduleDownloadResponse: scheduleDownloadResponseCodec,
  CancelTransfer: cancelTransferCodec,
  CancelTransferResponse: cancelTransferResponseCodec,
  ChangeDUState: changeDuStateCodec,
  ChangeDUStateResponse: changeDuStateResponseCodec,
  TransferComplete: transferCompleteCodec,
  TransferCompleteResponse: transferCompleteResponseCodec,
  AutonomousTransferComplete: autonomousTransferCompleteCodec,
  AutonomousTransferCompleteResponse: autonomousTransferCompleteResponseCodec,
  RequestDownload: requestDownloadCodec,
  RequestDownloadResponse: requestDownloadResponseCodec,
  Kicked: kickedCodec,
  KickedResponse: kickedResponseCodec,
  DUStateChangeComplete: duStateChangeCompleteCodec,
  DUStateChangeCompleteResponse: duStateChangeCompleteResponseCodec,
  AutonomousDUStateChangeComplete: autonomousDuStateChangeCompleteCodec,
  AutonomousDUStateChangeCompleteResponse: autonomousDuStateChangeCompleteResponseCodec,
};
