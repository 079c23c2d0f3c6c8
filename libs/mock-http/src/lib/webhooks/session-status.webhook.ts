import { randomBytes } from 'node:crypto';
import type { StatusChangeEvent } from '@hypersender/mock-engine';

/**
 * A status change as Hypersender POSTs it: its envelope (`{event, data: {id, event,
 * metadata, me, payload, instanceId, userId}}`, as in hypersender/hypersender-laravel's
 * fixtures) around WAHA's `session.status` payload (`{name, status, statuses}`).
 * Described under `webhooks: sessionStatus` in openapi/hypersender.yaml.
 */
export interface SessionStatusWebhook {
  event: 'session.status';
  data: {
    id: string;
    event: 'session.status';
    metadata: [];
    /** The linked phone, once a device is linked; null before. */
    me: { id: string; pushName: string; lid: null } | null;
    payload: {
      /** The WAHA session's name: the instance id (our choice; the real naming is unknown). */
      name: string;
      status: string;
      statuses: Array<{ status: string; timestamp: number }>;
    };
    instanceId: string;
    userId: string;
  };
}

/** `evt_` and 26 random base32 characters, shaped like the real event ids. */
function eventId(): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  return `evt_${Array.from(randomBytes(26), (byte) => alphabet[byte & 31]).join('')}`;
}

export function sessionStatusWebhook(event: StatusChangeEvent): SessionStatusWebhook {
  return {
    event: 'session.status',
    data: {
      id: eventId(),
      event: 'session.status',
      metadata: [],
      me: event.linked
        ? { id: `${event.phone.replace(/^\+/, '')}@c.us`, pushName: event.name, lid: null }
        : null,
      payload: {
        name: event.instanceId,
        status: event.status,
        statuses: event.history.map((change) => ({
          status: change.status,
          timestamp: change.at,
        })),
      },
      instanceId: event.instanceId,
      userId: event.userId,
    },
  };
}
