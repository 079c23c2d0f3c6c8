import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** What a phone's camera reads from a `qr_code` (base64 PNG): the text, or undefined. */
export function decodeQrCode(base64Png: string): string | undefined {
  const image = PNG.sync.read(Buffer.from(base64Png, 'base64'));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
