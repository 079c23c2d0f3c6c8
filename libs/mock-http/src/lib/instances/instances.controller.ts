import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { MockEngine } from '@hypersender/mock-engine';
import { BearerToken } from '../auth/bearer-token.decorator';
import { MOCK_ENGINE } from '../engine/tokens';
import { readableBody } from '../edge/http-edge';
import { orThrow } from '../errors/api-error';
import {
  createdInstanceView,
  healthView,
  instanceView,
  instanceWithQrView,
  RESTARTED,
} from '../presenters/instance.views';
import { RateLimited } from '../throttling/rate-limited.decorator';

/** The real service's base path: switching to the mock changes the host alone. */
export const PUBLIC_BASE_PATH = 'api/whatsapp/v2';

/** The public API of `openapi/hypersender.yaml`. Parses input, delegates to the engine. */
@Controller(PUBLIC_BASE_PATH)
export class InstancesController {
  constructor(@Inject(MOCK_ENGINE) private readonly engine: MockEngine) {}

  @Post(':instance/request-new-qr-code')
  @HttpCode(200)
  @RateLimited('requestNewQrCode')
  async requestNewQrCode(@BearerToken() token: string, @Param('instance') instance: string) {
    return instanceWithQrView(orThrow(await this.engine.requestNewQrCode(token, instance)));
  }

  @Get(':instance/health')
  @RateLimited('getInstanceHealth')
  async health(@BearerToken() token: string, @Param('instance') instance: string) {
    return healthView(orThrow(await this.engine.health(token, instance)));
  }

  @Post('create-instance')
  @HttpCode(200)
  @RateLimited('createInstance')
  async createInstance(@BearerToken() token: string, @Body() body: unknown) {
    return createdInstanceView(
      orThrow(await this.engine.createInstance(token, readableBody(body))),
    );
  }

  @Get('instances')
  @RateLimited('listInstances')
  async list(@BearerToken() token: string, @Query() query: Record<string, unknown>) {
    const text = (name: string) =>
      typeof query[name] === 'string' ? (query[name] as string) : undefined;
    return orThrow(
      await this.engine.list(token, {
        uuid: text('filter[uuid]'),
        name: text('filter[name]'),
        phone: text('filter[phone]'),
        status: text('filter[status]'),
      }),
    ).map(instanceView);
  }

  @Post(':instance/restart')
  @HttpCode(200)
  @RateLimited('restartInstance')
  async restart(@BearerToken() token: string, @Param('instance') instance: string) {
    orThrow(await this.engine.restart(token, instance));
    return RESTARTED;
  }
}
