/** Laravel's validation failure message, which the real service answers with. */
export const VALIDATION_MESSAGE = 'The given data was invalid.';

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const NAME_MAX_LENGTH = 50;

export interface CreateInstanceInput {
  readonly name: string;
  readonly phone: string;
  readonly webhookUrl: string | null;
}

export type FieldErrors = Record<string, string[]>;

function add(errors: FieldErrors, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The create-instance body checked as the real service checks it (Laravel rules:
 * required, string, max:50, unique name per owner, E.164 phone, https webhook):
 * either the input or the messages for each field at fault.
 */
export type CreateInstanceValidation =
  | { readonly ok: true; readonly input: CreateInstanceInput }
  | { readonly ok: false; readonly errors: FieldErrors };

export function validateCreateInstance(
  body: unknown,
  nameTaken: (name: string) => boolean,
): CreateInstanceValidation {
  const errors: FieldErrors = {};
  const fields =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const { name, phone, webhook_url: webhookUrl } = fields;

  if (name === undefined || name === null || name === '')
    add(errors, 'name', 'The name field is required.');
  else if (typeof name !== 'string') add(errors, 'name', 'The name field must be a string.');
  else if (name.length > NAME_MAX_LENGTH) {
    add(errors, 'name', `The name field must not be greater than ${NAME_MAX_LENGTH} characters.`);
  } else if (nameTaken(name)) add(errors, 'name', 'The name has already been taken.');

  if (phone === undefined || phone === null || phone === '')
    add(errors, 'phone', 'The phone field is required.');
  else if (typeof phone !== 'string' || !E164_PATTERN.test(phone)) {
    add(errors, 'phone', 'The phone field must be a valid E.164 number.');
  }

  if (webhookUrl !== undefined && webhookUrl !== null) {
    if (typeof webhookUrl !== 'string' || !isHttpsUrl(webhookUrl)) {
      add(errors, 'webhook_url', 'The webhook url field must be a valid https URL.');
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: name as string,
      phone: phone as string,
      webhookUrl: typeof webhookUrl === 'string' ? webhookUrl : null,
    },
  };
}
