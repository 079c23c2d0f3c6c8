import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { toString as qrToString } from 'qrcode';

/**
 * The QR of a `qr_code` (base64 PNG) drawn with block characters, two modules a line,
 * for a phone to scan from the terminal: the PNG is decoded to its text, which `qrcode`
 * draws again, so any PNG the API sends is shown at the terminal's own resolution.
 */
export async function qrForTerminal(base64Png: string): Promise<{ text: string; drawing: string }> {
  const image = PNG.sync.read(Buffer.from(base64Png, 'base64'));
  const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!decoded) throw new Error('The qr_code PNG holds no readable QR code.');
  const drawing = await qrToString(decoded.data, {
    type: 'terminal',
    small: true,
    errorCorrectionLevel: 'L',
  });
  return { text: decoded.data, drawing };
}
