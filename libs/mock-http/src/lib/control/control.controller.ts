import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage } from '@nestjs/throttler';
import {
  ManualClock,
  qrPng,
  SEEDABLE_STATUSES,
  type MockBackend,
  type MockClock,
  type MockEngine,
  type SeedableStatus,
} from '@hypersender/mock-engine';
import { Public } from '../auth/public.decorator';
import { readableBody } from '../edge/http-edge';
import { BACKEND, CLOCK, MOCK_ENGINE, RATE_LIMITS } from '../engine/tokens';
import { LIMITED_OPERATIONS, type RateLimitSettings } from '../mock-config';
import { rateLimitTracker } from '../throttling/throttling.module';
import { API_ERRORS, ApiError, orThrow } from '../errors/api-error';
import { FaultsService } from '../faults/faults.service';
import { mockInstanceView } from '../presenters/instance.views';
import { JournalService } from '../journal/journal.service';
import type { ClockThrottlerStorage } from '../throttling/clock-throttler.storage';
import { WebhookDispatcher } from '../webhooks/webhook.dispatcher';

export const CONTROL_BASE_PATH = '__mock';

type Fields = Record<string, unknown>;

function fields(raw: unknown): Fields {
  const body = readableBody(raw);
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Fields) : {};
}

function optionalString(body: Fields, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw API_ERRORS.validation({ [name]: [`The ${name} field must be a string.`] });
  return value;
}

function integerQuery(query: Fields, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw))
    throw API_ERRORS.validation({ [name]: [`The ${name} filter must be an integer.`] });
  return Number(raw);
}

/** The control API (`openapi/mock-control.yaml`): the phone, the clock, the journal, resets. */
@Public()
@Controller(CONTROL_BASE_PATH)
export class ControlController {
  constructor(
    @Inject(MOCK_ENGINE) private readonly engine: MockEngine,
    @Inject(CLOCK) private readonly clock: MockClock,
    @Inject(JournalService) private readonly journal: JournalService,
    @Inject(WebhookDispatcher) private readonly webhooks: WebhookDispatcher,
    @InjectThrottlerStorage() private readonly throttlerStorage: ThrottlerStorage,
    @Inject(FaultsService) private readonly faults: FaultsService,
    @Inject(BACKEND) private readonly backend: MockBackend,
    @Inject(RATE_LIMITS) private readonly limitSettings: RateLimitSettings,
  ) {}

  @Get('health')
  liveness() {
    return { status: 'ok' };
  }

  @Post('reset')
  @HttpCode(200)
  async resetAll() {
    await this.backend.clock.clear();
    if (this.clock instanceof ManualClock) this.clock.reset();
    await this.engine.reset();
    await this.journal.clear();
    this.webhooks.cancelPending();
    await this.faults.clear();
    await (this.throttlerStorage as ClockThrottlerStorage).clear();
    return { message: 'The mock is back to its seed.' };
  }

  @Get('instances')
  async listAll() {
    return (await this.engine.listAll()).map(mockInstanceView);
  }

  @Post('instances')
  @HttpCode(201)
  async create(@Body() raw: unknown) {
    const body = fields(raw);
    const status = optionalString(body, 'status');
    if (status !== undefined && !(SEEDABLE_STATUSES as readonly string[]).includes(status)) {
      throw API_ERRORS.validation({
        status: [`The status must be one of ${SEEDABLE_STATUSES.join(', ')}.`],
      });
    }
    const created = orThrow(
      await this.engine.createForControl({
        id: optionalString(body, 'id'),
        token: optionalString(body, 'token'),
        name: body['name'] as string,
        phone: body['phone'] as string,
        status: status as SeedableStatus | undefined,
        webhookUrl: optionalString(body, 'webhook_url') ?? null,
        webhookSecret: optionalString(body, 'webhook_secret') ?? null,
      }),
    );
    return mockInstanceView(created);
  }

  /** The PNG the API answered for the instance's current QR (drawn again from its text). */
  @Get('instances/:id/qr.png')
  @Header('Content-Type', 'image/png')
  @Header('Cache-Control', 'no-store')
  async qrPng(@Param('id') id: string) {
    const record = orThrow(await this.engine.inspect(id));
    if (!record.state.qr)
      throw new ApiError(404, { message: `Instance ${id} shows no QR code now.` });
    return qrPng(record.state.qr.text);
  }

  /** Each limited operation's window for the instance and its owner token. */
  @Get('instances/:id/limits')
  async limits(@Param('id') id: string) {
    const record = orThrow(await this.engine.inspect(id));
    const now = this.clock.now();
    const tracker = rateLimitTracker(record.id, record.ownerToken);
    return Promise.all(
      LIMITED_OPERATIONS.map(async (operation) => {
        const limit = this.limitSettings.rateLimits?.[operation] ?? null;
        // create-instance and the list are counted per token, not per instance.
        const key =
          operation === 'createInstance' || operation === 'listInstances'
            ? `${operation}:${rateLimitTracker(undefined, record.ownerToken)}`
            : `${operation}:${tracker}`;
        const window = await this.backend.rateLimits.peek(key, now);
        const used = window?.hits ?? 0;
        return {
          operation,
          limit,
          used,
          remaining: limit === null ? null : Math.max(0, limit - used),
          resets_in_seconds: window ? Math.max(1, Math.ceil((window.endsAt - now) / 1000)) : 0,
        };
      }),
    );
  }

  @Get('instances/:id')
  async inspect(@Param('id') id: string) {
    return mockInstanceView(orThrow(await this.engine.inspect(id)));
  }

  @Post('instances/:id/reset')
  @HttpCode(200)
  async resetInstance(@Param('id') id: string) {
    return mockInstanceView(orThrow(await this.engine.resetInstance(id)));
  }

  @Post('scan')
  @HttpCode(200)
  async scan(@Body() raw: unknown) {
    const qr = optionalString(fields(raw), 'qr');
    if (!qr)
      throw API_ERRORS.validation({
        qr: ['The qr field is required: the text decoded from the QR image.'],
      });
    return mockInstanceView(orThrow(await this.engine.scan(qr)));
  }

  @Post('instances/:id/scan')
  @HttpCode(200)
  async scanInstance(@Param('id') id: string, @Body() raw: unknown) {
    const qr = optionalString(fields(raw), 'qr');
    return mockInstanceView(
      orThrow(await (qr ? this.engine.scan(qr, id) : this.engine.scanCurrent(id))),
    );
  }

  @Post('instances/:id/unlink')
  @HttpCode(200)
  async unlink(@Param('id') id: string) {
    return mockInstanceView(orThrow(await this.engine.unlink(id)));
  }

  @Post('instances/:id/fail')
  @HttpCode(200)
  async fail(@Param('id') id: string, @Body() raw: unknown) {
    const on = optionalString(fields(raw), 'on') ?? 'start';
    if (on !== 'start' && on !== 'restart')
      throw API_ERRORS.validation({ on: ['The on field must be start or restart.'] });
    return mockInstanceView(orThrow(await this.engine.failNext(id, on)));
  }

  @Get('clock')
  readClock() {
    const now = this.clock.now();
    return { mode: this.clock.mode, now, iso: new Date(now).toISOString() };
  }

  @Post('clock/advance')
  @HttpCode(200)
  async advance(@Body() raw: unknown) {
    if (!(this.clock instanceof ManualClock)) {
      throw new ApiError(409, {
        message: 'The clock is real: start the mock with --clock manual to move it.',
      });
    }
    const body = fields(raw);
    const { ms, seconds } = body;
    const valid = (value: unknown) =>
      typeof value === 'number' && Number.isFinite(value) && value >= 0;
    if (
      (ms === undefined) === (seconds === undefined) ||
      (ms !== undefined && !(valid(ms) && Number.isInteger(ms))) ||
      (seconds !== undefined && !valid(seconds))
    ) {
      throw API_ERRORS.validation({
        ms: ['Give either ms (an integer >= 0) or seconds (a number >= 0).'],
      });
    }
    const step = ms !== undefined ? (ms as number) : Math.round((seconds as number) * 1000);
    if (step > this.clock.remainingMs()) {
      throw API_ERRORS.validation({
        [ms !== undefined ? 'ms' : 'seconds']: [
          `The clock can move at most ${this.clock.remainingMs()} ms more (it stops at the end of year 9999).`,
        ],
      });
    }
    this.clock.follow(await this.backend.clock.advance(step));
    await this.engine.settleWebhookInstances();
    return this.readClock();
  }

  @Post('faults')
  @HttpCode(201)
  async addFault(@Body() raw: unknown) {
    return this.faults.add(readableBody(raw));
  }

  @Get('faults')
  listFaults() {
    return this.faults.list();
  }

  @Delete('faults/:id')
  async removeFault(@Param('id') id: string) {
    await this.faults.remove(id);
    return { message: `Fault rule ${id} removed.` };
  }

  @Delete('faults')
  async clearFaults() {
    await this.faults.clear();
    return { message: 'Every fault rule removed.' };
  }

  @Get('webhooks')
  webhookDeliveries() {
    return this.webhooks.log();
  }

  @Get('requests')
  requests(@Query() query: Fields) {
    return this.journal.list({
      method: typeof query['method'] === 'string' ? query['method'] : undefined,
      path: typeof query['path'] === 'string' ? query['path'] : undefined,
      status: integerQuery(query, 'status'),
      since: integerQuery(query, 'since'),
    });
  }

  @Delete('requests')
  async clearRequests() {
    await this.journal.clear();
    return { message: 'The journal is empty.' };
  }
}
