import { randomBytes } from 'node:crypto';

/** `2@<ref>,<noise key>,<identity key>,<adv secret>`: WhatsApp Web's linking payload. */
export const QR_PAYLOAD_PATTERN =
  /^2@[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]{44},[A-Za-z0-9+/=]{44},[A-Za-z0-9+/=]{44}$/;

/**
 * A fresh payload shaped like WhatsApp's: a random reference and three 32-byte keys in
 * base64. 120 random bits in the reference alone make two issues never collide.
 */
export function newQrPayload(random: (size: number) => Buffer = randomBytes): string {
  // One call for all 132 random bytes: four calls cost three times as much.
  const bytes = random(36 + 3 * 32);
  const part = (start: number, end: number) => bytes.subarray(start, end).toString('base64');
  return `2@${part(0, 36)},${part(36, 68)},${part(68, 100)},${part(100, 132)}`;
}
