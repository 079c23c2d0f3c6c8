import type { InstanceStatus } from '@hypersender/api-client';

const STATUSES: readonly string[] = [
  'STOPPED',
  'STARTING',
  'WORKING',
  'SCAN_QR_CODE',
  'FAILED',
  'PENDING',
];

/** A status read from a webhook body: the status, and when the instance connected if it did. */
export interface WebhookStatus {
  instanceId: string;
  status: InstanceStatus;
  connectedAt: string | null;
}

/**
 * The status of a Hypersender `session.status` webhook (`{event, data: {instanceId,
 * payload: {status, statuses}}}`, see `webhooks` in openapi/hypersender.yaml), or
 * undefined for any other body.
 */
export function statusOfWebhook(body: unknown): WebhookStatus | undefined {
  const envelope = body as {
    event?: unknown;
    data?: {
      instanceId?: unknown;
      payload?: { status?: unknown; statuses?: Array<{ status?: unknown; timestamp?: unknown }> };
    };
  };
  const status = envelope?.data?.payload?.status;
  const instanceId = envelope?.data?.instanceId;
  if (envelope?.event !== 'session.status' || typeof instanceId !== 'string') return undefined;
  if (typeof status !== 'string' || !STATUSES.includes(status)) return undefined;
  const linkedAt = envelope.data?.payload?.statuses?.at(-1)?.timestamp;
  return {
    instanceId,
    status: status as InstanceStatus,
    connectedAt:
      status === 'WORKING' && typeof linkedAt === 'number'
        ? new Date(linkedAt).toISOString().slice(0, 19)
        : null,
  };
}
