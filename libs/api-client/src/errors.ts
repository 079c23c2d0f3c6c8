/** What a failed call's body may hold, per the API's Laravel-style error shape. */
interface ErrorBody {
  message?: unknown;
  errors?: unknown;
}

/** Any error answer of the Hypersender API, with its status and message. */
export class HypersenderApiError extends Error {
  override readonly name: string = 'HypersenderApiError';

  constructor(
    readonly status: number,
    message: string,
    /** The body as the API sent it (parsed JSON, or text when it was not JSON). */
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** 401: the token is missing or unknown. */
export class UnauthenticatedError extends HypersenderApiError {
  override readonly name = 'UnauthenticatedError';
}

/** 404: no such instance for this token (unknown, malformed or another token's). */
export class NotFoundError extends HypersenderApiError {
  override readonly name = 'NotFoundError';
}

/** 422: the request was refused; `fieldErrors` holds the messages for each field. */
export class ValidationFailedError extends HypersenderApiError {
  override readonly name = 'ValidationFailedError';

  constructor(
    status: number,
    message: string,
    body: unknown,
    readonly fieldErrors: Readonly<Record<string, readonly string[]>>,
  ) {
    super(status, message, body);
  }
}

/** 429: the operation's rate limit is spent; retry after `retryAfterSeconds`. */
export class RateLimitedError extends HypersenderApiError {
  override readonly name = 'RateLimitedError';

  /** From `Retry-After`; 60 (the documented window) when the header is missing or unreadable. */
  readonly retryAfterSeconds: number;
  /** From `X-RateLimit-Limit`, when sent. */
  readonly limit: number | undefined;
  /** From `X-RateLimit-Remaining`, when sent. */
  readonly remaining: number | undefined;
  /** From `X-RateLimit-Reset` (seconds since the epoch), when sent. */
  readonly resetAtEpochSeconds: number | undefined;

  constructor(details: {
    message: string;
    retryAfterSeconds: number;
    status?: number;
    body?: unknown;
    limit?: number;
    remaining?: number;
    resetAtEpochSeconds?: number;
  }) {
    super(details.status ?? 429, details.message, details.body ?? null);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.limit = details.limit;
    this.remaining = details.remaining;
    this.resetAtEpochSeconds = details.resetAtEpochSeconds;
  }
}

/** 5xx: the service failed. */
export class ServerError extends HypersenderApiError {
  override readonly name = 'ServerError';
}

/** The documented window of every limited operation. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

function integerHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110). */
function retryAfterSeconds(headers: Headers, now: number): number {
  const raw = headers.get('Retry-After');
  if (raw !== null) {
    if (/^\s*\d+\s*$/.test(raw)) return Number(raw);
    const date = Date.parse(raw);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  return DEFAULT_RETRY_AFTER_SECONDS;
}

function fieldErrorsOf(body: ErrorBody | undefined): Record<string, string[]> {
  const errors = body?.errors;
  if (typeof errors !== 'object' || errors === null) return {};
  const result: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    if (Array.isArray(messages)) result[field] = messages.map(String);
  }
  return result;
}

/**
 * The typed error for a failed response: `RateLimitedError` for 429 (with
 * `retryAfterSeconds`), `ValidationFailedError` for 422 (with `fieldErrors`),
 * `UnauthenticatedError`, `NotFoundError`, `ServerError`, else `HypersenderApiError`.
 */
export function hypersenderErrorFrom(
  response: Response,
  body: unknown,
  now: number = Date.now(),
): HypersenderApiError {
  const status = response.status;
  const parsed = typeof body === 'object' && body !== null ? (body as ErrorBody) : undefined;
  const message =
    typeof parsed?.message === 'string' && parsed.message.length > 0
      ? parsed.message
      : `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
  switch (true) {
    case status === 401:
      return new UnauthenticatedError(status, message, body);
    case status === 404:
      return new NotFoundError(status, message, body);
    case status === 422:
      return new ValidationFailedError(status, message, body, fieldErrorsOf(parsed));
    case status === 429:
      return new RateLimitedError({
        status,
        message,
        body,
        retryAfterSeconds: retryAfterSeconds(response.headers, now),
        limit: integerHeader(response.headers, 'X-RateLimit-Limit'),
        remaining: integerHeader(response.headers, 'X-RateLimit-Remaining'),
        resetAtEpochSeconds: integerHeader(response.headers, 'X-RateLimit-Reset'),
      });
    case status >= 500:
      return new ServerError(status, message, body);
    default:
      return new HypersenderApiError(status, message, body);
  }
}

/** The result of any client call, as openapi-fetch returns it. */
export interface CallResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The typed error of a failed call, or `undefined` when it succeeded. */
export function hypersenderError<T>(result: CallResult<T>): HypersenderApiError | undefined {
  return result.response.ok ? undefined : hypersenderErrorFrom(result.response, result.error);
}

/**
 * The data of a successful call; throws the typed error of a failed one, for those
 * who prefer exceptions to checking `error`.
 */
export function unwrap<T>(result: CallResult<T>): T {
  const error = hypersenderError(result);
  if (error) throw error;
  return result.data as T;
}
