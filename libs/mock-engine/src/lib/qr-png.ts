import { create } from 'qrcode';
import { crc32, deflateSync } from 'node:zlib';

/** Pixels per QR module: large enough for a phone camera to read from a screen. */
export const QR_MODULE_PIXELS = 4;
/** The quiet zone around the code, in modules, as ISO/IEC 18004 asks. */
export const QR_QUIET_ZONE = 4;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The QR code of `text` as a PNG: 1-bit greyscale, black modules on white. Written
 * here rather than with `qrcode`'s own PNG path (pngjs, 8-bit RGBA): a 1-bit image is
 * 32 times less data to filter and deflate, which makes issuing a QR several times
 * faster on the mock's hot path. `qrcode` still computes the matrix.
 */
export function qrPng(text: string): Buffer {
  const { modules } = create(text, { errorCorrectionLevel: 'L' });
  const size = modules.size;
  const side = (size + 2 * QR_QUIET_ZONE) * QR_MODULE_PIXELS;
  const rowBytes = Math.ceil(side / 8);
  const stride = rowBytes + 1;
  // 1 bits are white in greyscale: start all white, clear the dark modules.
  const raw = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) raw[y * stride] = 0;
  for (let my = 0; my < size; my++) {
    for (let mx = 0; mx < size; mx++) {
      if (!modules.data[my * size + mx]) continue;
      const x0 = (mx + QR_QUIET_ZONE) * QR_MODULE_PIXELS;
      const y0 = (my + QR_QUIET_ZONE) * QR_MODULE_PIXELS;
      for (let dy = 0; dy < QR_MODULE_PIXELS; dy++) {
        const row = (y0 + dy) * stride + 1;
        for (let dx = 0; dx < QR_MODULE_PIXELS; dx++) {
          const x = x0 + dx;
          raw[row + (x >> 3)] &= ~(0x80 >> (x & 7));
        }
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
