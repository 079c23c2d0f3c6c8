/** The statuses of a Hypersender instance, in the order the spec lists them. */
export const INSTANCE_STATUSES = [
  'STOPPED',
  'STARTING',
  'WORKING',
  'SCAN_QR_CODE',
  'FAILED',
  'PENDING',
] as const;

export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export function isInstanceStatus(value: unknown): value is InstanceStatus {
  return typeof value === 'string' && (INSTANCE_STATUSES as readonly string[]).includes(value);
}
