import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The tokens the mock knows, kept as Sanctum keeps them: by their SHA-256, never in
 * clear; a token is looked up by its hash and compared in constant time.
 */
export class TokenRegistry {
  private readonly known = new Map<string, Buffer>();

  add(token: string): void {
    const digest = createHash('sha256').update(token).digest();
    this.known.set(digest.toString('hex'), digest);
  }

  /** Whether `token` is known. */
  has(token: string): boolean {
    const digest = createHash('sha256').update(token).digest();
    const known = this.known.get(digest.toString('hex'));
    return known !== undefined && timingSafeEqual(known, digest);
  }

  clear(): void {
    this.known.clear();
  }
}
