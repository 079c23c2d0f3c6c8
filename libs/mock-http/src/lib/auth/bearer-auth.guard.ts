import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { MockEngine } from '@hypersender/mock-engine';
import type { FastifyRequest } from 'fastify';
import { MOCK_ENGINE } from '../engine/tokens';
import { API_ERRORS } from '../errors/api-error';
import { bearerTokenOf, type AuthenticatedRequest } from './bearer-token.decorator';
import { IS_PUBLIC } from './public.decorator';

/** Every route needs a known bearer token unless marked @Public(); 401 otherwise. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(MOCK_ENGINE) private readonly engine: MockEngine,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (!token || !(await this.engine.authenticate(token))) throw API_ERRORS.unauthenticated();
    request.bearerToken = token;
    return true;
  }
}
