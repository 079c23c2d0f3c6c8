import type { create as createQr } from 'qrcode';
import { crc32, deflateSync } from 'node:zlib';

/** Pixels per QR module: large enough for a phone camera to read from a screen. */
export const QR_MODULE_PIXELS = 4;
/** The quiet zone around the code, in modules, as ISO/IEC 18004 asks. */
export const QR_QUIET_ZONE = 4;

/**
 * qrcode's encoder alone: its index also loads the PNG, SVG and terminal renderers
 * (and pngjs), which the mock never uses and which cost start-up time.
 */
const { create } = require('qrcode/lib/core/qrcode') as { create: typeof createQr };

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
 * The QR matrix of `text`: one byte-mode segment and a fixed mask. `qrcode` on its own
 * first searches the cheapest mix of segment modes (3x the encoding time for a
 * WhatsApp-sized payload) and then tries all eight masks, scoring each; both are
 * optimisations of size and scanning comfort, not of validity. Any mask is a valid
 * QR code that every decoder reads (jsQR read all eight on 300 payloads each), and
 * the payload is base64 text, so byte mode is what the search would mostly pick.
 * Together: about 0.2 ms instead of 2.2 ms a QR (see docs/benchmarks.md).
 */
function qrMatrix(text: string): { size: number; data: Uint8Array } {
  const { modules } = create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: 'L',
    maskPattern: 0,
  });
  return modules;
}

/**
 * The QR code of `text` as a PNG: 1-bit greyscale, black modules on white. Written
 * here rather than with `qrcode`'s own PNG path (pngjs, 8-bit RGBA): a 1-bit image is
 * 32 times less data to filter and deflate. Each module row is drawn once and copied
 * for the rows of pixels it spans; deflated at level 1 (speed over the last bytes).
 */
export function qrPng(text: string): Buffer {
  const { size, data } = qrMatrix(text);
  const side = (size + 2 * QR_QUIET_ZONE) * QR_MODULE_PIXELS;
  const stride = Math.ceil(side / 8) + 1;
  // 1 bits are white in greyscale: start all white (filter byte 0), clear the dark modules.
  const raw = Buffer.alloc(stride * side, 0xff);
  for (let y = 0; y < side; y++) raw[y * stride] = 0;
  for (let my = 0; my < size; my++) {
    const first = (my + QR_QUIET_ZONE) * QR_MODULE_PIXELS * stride;
    for (let mx = 0; mx < size; mx++) {
      if (!data[my * size + mx]) continue;
      const x0 = (mx + QR_QUIET_ZONE) * QR_MODULE_PIXELS;
      for (let x = x0; x < x0 + QR_MODULE_PIXELS; x++)
        raw[first + 1 + (x >> 3)] &= ~(0x80 >> (x & 7));
    }
    for (let dy = 1; dy < QR_MODULE_PIXELS; dy++)
      raw.copy(raw, first + dy * stride, first, first + stride);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    // Level 1: a third of the default's time (45 µs against 115 µs a QR, the largest
    // single cost of the QR answer in --cpu-prof), for ~160 bytes more (a PNG of ~800).
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
