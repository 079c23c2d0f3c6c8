import {
  qrPng,
  toLocalDateTime,
  type InstanceRecord,
  type InstanceStatus,
} from '@hypersender/mock-engine';

/*
 * How the domain's instances look on the wire: snake_case, dates without a zone as the
 * real service writes them, the QR as a base64 PNG. The engine returns records; only
 * this layer knows these shapes.
 */

/** An instance as the public API shows it. */
export interface InstanceView {
  id: string;
  name: string;
  phone: string;
  service_type: 'whatsapp';
  status: InstanceStatus;
  access_token: string | null;
  created_at: string;
}

export interface HealthView {
  instance_id: string;
  connected_at: string | null;
  status: InstanceStatus;
}

/** An instance as the control API shows it: with its owner token and current QR text. */
export interface MockInstanceView {
  id: string;
  name: string;
  phone: string;
  status: InstanceStatus;
  token: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  qr: { text: string; issued_at: string; expires_at: string } | null;
  connected_at: string | null;
  created_at: string;
  /** The statuses it passed through, oldest first (the newest 20). */
  status_history: Array<{ status: InstanceStatus; at: string }>;
}

/** restart's answer, as the real service words it. */
export const RESTARTED = { message: 'WhatsApp instance restarted successfully.' } as const;

const localOrNull = (epochMs: number | null) =>
  epochMs === null ? null : toLocalDateTime(epochMs);

export function instanceView(record: InstanceRecord): InstanceView {
  return {
    id: record.id,
    name: record.name,
    phone: record.phone,
    service_type: 'whatsapp',
    status: record.state.status,
    access_token: record.accessToken,
    created_at: toLocalDateTime(record.createdAt),
  };
}

/** create-instance's answer: a new instance has no QR yet. */
export function createdInstanceView(record: InstanceRecord): InstanceView & { qr_code: null } {
  return { ...instanceView(record), qr_code: null };
}

/** request-new-qr-code's answer: the instance with its QR as a base64 PNG (no `data:` prefix). */
export function instanceWithQrView(record: InstanceRecord): InstanceView & { qr_code: string } {
  const qr = record.state.qr;
  if (!qr) throw new Error(`instance ${record.id} has no QR to show`);
  return { ...instanceView(record), qr_code: qrPng(qr.text).toString('base64') };
}

export function healthView(record: InstanceRecord): HealthView {
  return {
    instance_id: record.id,
    connected_at: localOrNull(record.state.connectedAt),
    status: record.state.status,
  };
}

export function mockInstanceView(record: InstanceRecord): MockInstanceView {
  const { qr, connectedAt } = record.state;
  return {
    id: record.id,
    name: record.name,
    phone: record.phone,
    status: record.state.status,
    token: record.ownerToken,
    webhook_url: record.webhookUrl,
    webhook_secret: record.webhookSecret,
    qr: qr
      ? {
          text: qr.text,
          issued_at: new Date(qr.issuedAt).toISOString(),
          expires_at: new Date(qr.expiresAt).toISOString(),
        }
      : null,
    connected_at: localOrNull(connectedAt),
    created_at: toLocalDateTime(record.createdAt),
    status_history: record.statusHistory.map((change) => ({
      status: change.status,
      at: new Date(change.at).toISOString(),
    })),
  };
}
