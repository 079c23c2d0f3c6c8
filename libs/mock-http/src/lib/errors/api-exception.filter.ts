import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StoreUnavailableError } from '@hypersender/mock-engine';
import { API_ERRORS, ApiError } from './api-error';

/** Fastify's errors about a body, as the stack in front of Laravel answers them. */
const BODY_ERRORS: Record<string, ApiError> = {
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new ApiError(400, { message: 'Bad Request.' }),
};

/** Turns anything thrown into the API's error shape; nothing else writes error bodies. */
export function toApiError(exception: unknown, path: string): ApiError {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof StoreUnavailableError) return API_ERRORS.storeUnavailable();
  const code = (exception as { code?: unknown })?.code;
  if (typeof code === 'string' && BODY_ERRORS[code]) return BODY_ERRORS[code];
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) return API_ERRORS.routeNotFound(path);
    // Nest hands Fastify's body-parser failures over as a bare 400: the body was unreadable.
    if (status === 400)
      return API_ERRORS.invalidBody(`The request body could not be read: ${exception.message}`);
    if (status < 500) return new ApiError(status, { message: exception.message });
  }
  const status = (exception as { statusCode?: unknown })?.statusCode;
  if (status === 400)
    return API_ERRORS.invalidBody(
      `The request body could not be read: ${(exception as Error).message}`,
    );
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, { message: (exception as Error).message });
  }
  return API_ERRORS.serverError();
}

export function sendApiError(reply: FastifyReply, error: ApiError): void {
  void reply
    .status(error.status)
    .headers(error.headers)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(error.body));
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const error = toApiError(exception, request.url.split('?')[0]);
    if (exception instanceof StoreUnavailableError) {
      this.logger.warn(`${request.method} ${request.url.split('?')[0]}: 503, ${exception.message}`);
    } else if (error.status >= 500 && !(exception instanceof ApiError)) {
      this.logger.error(
        `${request.method} ${request.url.split('?')[0]}: ${(exception as Error)?.stack ?? String(exception)}`,
      );
    }
    sendApiError(http.getResponse<FastifyReply>(), error);
  }
}
