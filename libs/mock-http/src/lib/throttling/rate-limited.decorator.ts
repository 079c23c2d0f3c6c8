import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { LimitedOperation } from '../mock-config';

export const RATE_LIMITED_OPERATION = 'hypersender:rateLimitedOperation';

/** Puts a route under the rate limit of `operation` (the spec's operationId). */
export const RateLimited = (operation: LimitedOperation) =>
  SetMetadata(RATE_LIMITED_OPERATION, operation);

export function limitedOperationOf(context: ExecutionContext): LimitedOperation | undefined {
  return Reflect.getMetadata(RATE_LIMITED_OPERATION, context.getHandler());
}
