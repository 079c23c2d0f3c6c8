export {
  createHypersenderClient,
  HYPERSENDER_BASE_URL,
  type HypersenderClient,
  type HypersenderClientOptions,
} from './client';
export {
  DEFAULT_RETRY_AFTER_SECONDS,
  HypersenderApiError,
  hypersenderError,
  hypersenderErrorFrom,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthenticatedError,
  unwrap,
  ValidationFailedError,
  type CallResult,
} from './errors';
export { acceptJsonMiddleware } from './middleware/accept-json.middleware';
export { bearerAuthMiddleware } from './middleware/bearer-auth.middleware';
export {
  retryMiddleware,
  type RetryEvent,
  type RetryOptions,
  type RetryReason,
} from './middleware/retry.middleware';
export { qrCodeDataUri } from './qr-code';
export type { components, operations, paths } from './generated/hypersender';

import type { components } from './generated/hypersender';

/** An instance, as create-instance answers it. */
export type Instance = components['schemas']['Instance'];
/** An instance that has just issued a QR code (request-new-qr-code's answer). */
export type InstanceWithQrCode = components['schemas']['InstanceWithQrCode'];
/** An instance as the list shows it (no QR code). */
export type InstanceSummary = components['schemas']['InstanceSummary'];
/** One of STOPPED, STARTING, WORKING, SCAN_QR_CODE, FAILED, PENDING. */
export type InstanceStatus = components['schemas']['InstanceStatus'];
/** The health of an instance. */
export type Health = components['schemas']['Health'];
/** The body of create-instance. */
export type CreateInstanceRequest = components['schemas']['CreateInstanceRequest'];
