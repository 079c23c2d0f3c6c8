import {
  DomainError,
  VALIDATION_MESSAGE,
  type DomainErrorCode,
  type FieldErrors,
} from '@hypersender/mock-engine';

/** An answer in the API's error shape: a status, a Laravel-style body, and headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { message: string; errors?: FieldErrors },
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

/** Every error the mock answers, declared once (as Prism keeps its errors.ts). */
export const API_ERRORS = {
  unauthenticated: () => new ApiError(401, { message: 'Unauthenticated.' }),
  routeNotFound: (path: string) =>
    new ApiError(404, { message: `The route ${path.replace(/^\//, '')} could not be found.` }),
  validation: (errors: FieldErrors) => new ApiError(422, { message: VALIDATION_MESSAGE, errors }),
  invalidBody: (reason: string) =>
    new ApiError(422, { message: VALIDATION_MESSAGE, errors: { body: [reason] } }),
  tooManyAttempts: (retryAfterSeconds: number, limit: number, resetAtEpochSeconds: number) =>
    new ApiError(
      429,
      { message: 'Too Many Attempts.' },
      {
        'Retry-After': String(retryAfterSeconds),
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(resetAtEpochSeconds),
      },
    ),
  serverError: () => new ApiError(500, { message: 'Server Error.' }),
  /** The store is down (Redis lost): the answer a Laravel app gives when its cache is unreachable behind a healthy proxy. */
  storeUnavailable: () =>
    new ApiError(503, { message: 'Service Unavailable.' }, { 'Retry-After': '1' }),
} as const;

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  INSTANCE_NOT_FOUND: 404,
  ALREADY_WORKING: 422,
  RESTART_FAILED: 500,
  INVALID_TRANSITION: 409,
  VALIDATION_FAILED: 422,
  QR_NOT_ACTIVE: 409,
  QR_STALE: 409,
  QR_UNKNOWN: 409,
  NOT_LINKED: 409,
};

/** A refusal of the simulated service, in the API's error shape. */
export function apiErrorOf(error: DomainError): ApiError {
  if (error.code === 'VALIDATION_FAILED') return API_ERRORS.validation(error.fields ?? {});
  const status = DOMAIN_STATUS[error.code];
  if (status === 422)
    return new ApiError(422, {
      message: error.message,
      errors: { status: ['The instance is WORKING; restart or unlink it first.'] },
    });
  return new ApiError(status, { message: error.message });
}

/** The value, or the refusal thrown as an ApiError for the exception filter to answer. */
export function orThrow<T>(outcome: T | DomainError): T {
  if (outcome instanceof DomainError) throw apiErrorOf(outcome);
  return outcome;
}
