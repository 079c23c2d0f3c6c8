/**
 * Every refusal of the simulated service, declared once. The HTTP layer maps each
 * code to the API's error shape; nothing else invents error bodies.
 */
export const DOMAIN_ERRORS = {
  INSTANCE_NOT_FOUND: 'Instance not found.',
  ALREADY_WORKING: 'The instance is already connected.',
  INVALID_TRANSITION: 'The instance cannot do that in its current status.',
  QR_NOT_ACTIVE: 'The instance is not waiting for a QR code to be scanned.',
  QR_STALE: 'This QR code is no longer valid: it expired or a newer one was issued.',
  QR_UNKNOWN: 'No instance issued this QR code.',
  NOT_LINKED: 'No device is linked to this instance.',
  RESTART_FAILED: 'Failed to restart WhatsApp instance.',
  VALIDATION_FAILED: 'The given data was invalid.',
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

/** The messages of each field at fault, as the real service words them. */
export type FieldErrors = Record<string, string[]>;

/**
 * A refusal, returned (not thrown) by the pure rules: one type for every refusal,
 * field errors included (`VALIDATION_FAILED` carries them in `fields`).
 */
export class DomainError {
  readonly message: string;

  constructor(
    readonly code: DomainErrorCode,
    readonly detail?: string,
    readonly fields?: FieldErrors,
  ) {
    this.message = DOMAIN_ERRORS[code];
  }

  /** The refusal of input: each field at fault with its messages. */
  static invalid(fields: FieldErrors): DomainError {
    return new DomainError('VALIDATION_FAILED', undefined, fields);
  }
}
