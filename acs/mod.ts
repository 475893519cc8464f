/**
 * The ACS (auto-configuration server): `createAcsApp(deps)` returns a Hono app that never
 * listens; `serveAcs()` is the only listener. The store is drizzle-orm over libSQL, migrated
 * from embedded SQL; tasks are queued with `enqueueTask` and sent in the device's next session.
 * `createNbiApp(deps)` is the northbound REST API over the same database (bearer API tokens,
 * OpenAPI 3.1 at `/api/openapi.json`, Prometheus `/metrics`), served by `serveAcs({ api })`.
 *
 * ```ts
 * import { createAcsApp, createDb, createDrizzleStore, migrateDb } from "./mod.ts";
 * const db = await createDb(":memory:");
 * await migrateDb(db);
 * const app = createAcsApp({ store: createDrizzleStore(db) });
 * const response = await app.request("/", { method: "POST" });
 * if (response.status !== 204) throw new Error("unexpected");
 * db.$client.close();
 * ```
 *
 * @see TR-069 Issue 1, 3.7.2 ACS Operation
 * @module
 */

export { type AcsApp, type AcsAppDeps, createAcsApp } from "./app.ts";
export type { AcsBindings, AcsLog, LogLevel } from "./app.ts";
export { type AcsServer, ListenError, serveAcs, type ServeAcsOptions } from "./serve.ts";
export { type AcsDb, createDb, type CreateDbOptions, DbUrlError } from "./db/client.ts";
export {
  migrateDb,
  type MigrateDbOptions,
  type MigrateResult,
  type Migration,
} from "./db/migrate.ts";
export * from "./db/schema/mod.ts";
export { createDrizzleStore, type DrizzleStoreOptions } from "./store/drizzle_store.ts";
export type * from "./store/types.ts";
export { enqueueTask, type EnqueueTaskInput, TaskError, taskRequest } from "./tasks/enqueue.ts";
export { cancelTask } from "./tasks/cancel.ts";
export { DEFAULT_RETRY_POLICY, faultOutcome, type RetryPolicy } from "./tasks/retry.ts";
export { deviceIdOf, escapeIdPart } from "./device_id.ts";
export {
  CPE_AUTH_MODES,
  type CpeAuth,
  type CpeAuthDecision,
  type CpeAuthentication,
  type CpeAuthMode,
  type CpeAuthOptions,
  createCpeAuth,
} from "./auth/gate.ts";
export {
  CredentialsError,
  type CredentialsInput,
  deleteDeviceCredentials,
  type DeviceCredentials,
  getDeviceCredentials,
  setDeviceCredentials,
  type SetDeviceCredentialsOptions,
} from "./auth/credentials.ts";
export {
  type AcsKeys,
  deriveAcsKeys,
  loadAcsKeys,
  type LoadAcsKeysOptions,
  SealError,
} from "./auth/secrets.ts";
export {
  type ConnectionRequestDeps,
  ConnectionRequestError,
  requestConnection,
} from "./connection_request/request.ts";
export {
  type ConnectionRequestOutcome,
  sendConnectionRequest,
  type SendConnectionRequestOptions,
} from "./connection_request/send.ts";
export {
  type EnqueuedTask,
  type EnqueueOptions,
  enqueueTaskWithOptions,
} from "./connection_request/enqueue.ts";
export { createFileRoutes, type FileRoutesOptions } from "./files/routes.ts";
export {
  CHUNK_BYTES,
  deleteFile,
  FileError,
  type FileMeta,
  getFile,
  listFiles,
  type ListFilesFilter,
  type StoredFile,
  storeFile,
  type StoreFileOptions,
} from "./files/store.ts";
export {
  createUploadTarget,
  type CreateUploadTargetOptions,
  type UploadTarget,
} from "./files/uploads.ts";
export type { AcsTlsOptions, ApiListenOptions } from "./serve.ts";
export {
  createNbiApp,
  createNbiAppWithSpecs,
  type NbiApp,
  type NbiAppDeps,
  type NbiAppWithSpecs,
} from "./nbi/app.ts";
export { ApiError, type ApiErrorBody, type ApiErrorCode, type ApiIssue } from "./nbi/errors.ts";
export {
  type AcsMetrics,
  createAcsMetrics,
  type MetricsSnapshot,
  SESSION_DURATION_BUCKETS,
} from "./nbi/metrics_registry.ts";
export { formatMetrics, type StoredTotals } from "./nbi/metrics.ts";
export { type OpenApiDocument, openApiDocument } from "./nbi/openapi.ts";
export type { ResponseSpec, RouteSpec } from "./nbi/route.ts";
export {
  ApiTokenError,
  type ApiTokenInfo,
  authenticateApiToken,
  createApiToken,
  type CreateApiTokenOptions,
  type CreatedApiToken,
  hasActiveApiToken,
  listApiTokens,
  revokeApiToken,
} from "./nbi/tokens.ts";
