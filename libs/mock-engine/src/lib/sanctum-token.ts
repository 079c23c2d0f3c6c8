import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `234|<40 letters and digits><crc32b of them, 8 hex>`: a Laravel Sanctum plain-text token. */
export const SANCTUM_TOKEN_PATTERN = /^(\d+)\|([A-Za-z0-9]{40})([0-9a-f]{8})$/;

/** The token Sanctum prints for `id` and its 40 random characters (`Str::random(40)`). */
export function sanctumTokenOf(id: number, entropy: string): string {
  if (!/^[A-Za-z0-9]{40}$/.test(entropy))
    throw new RangeError('A Sanctum token has 40 letters and digits of entropy.');
  return `${id}|${entropy}${crc32(entropy).toString(16).padStart(8, '0')}`;
}

/** A new token in Sanctum's format, as the real service issues them. */
export function newSanctumToken(id: number): string {
  let entropy = '';
  for (let i = 0; i < 40; i++) entropy += ALPHABET[randomInt(ALPHABET.length)];
  return sanctumTokenOf(id, entropy);
}

/** Whether `token` is a Sanctum token whose checksum holds. */
export function isSanctumToken(token: string): boolean {
  const match = SANCTUM_TOKEN_PATTERN.exec(token);
  return match !== null && sanctumTokenOf(Number(match[1]), match[2]) === token;
}
