import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The authenticated bearer token, put on the request by BearerAuthGuard. */
export interface AuthenticatedRequest {
  bearerToken?: string;
}

export const BearerToken = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    return context.switchToHttp().getRequest<AuthenticatedRequest>().bearerToken as string;
  },
);

/** The token of an `Authorization: Bearer <token>` header, if well formed. */
export function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
