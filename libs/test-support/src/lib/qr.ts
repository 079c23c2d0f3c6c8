import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** What a phone's camera reads from a `qr_code` (base64 PNG): the text, or undefined. */
export function decodeQrCode(base64Png: string): string | undefined {
  const image = PNG.sync.read(Buffer.from(base64Png, 'base64'));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

const ESC = String.fromCharCode(27);
const ANSI_COLOUR_SPLIT = new RegExp(`(${ESC}\\[\\d+m)`);
const ANSI_COLOUR = new RegExp(`^${ESC}\\[(\\d+)m$`);

/**
 * Reads back a QR drawn in a terminal with half blocks (`▀ ▄ █`, as qrcode's small
 * terminal renderer draws it, colours included), as a phone reads it off the screen:
 * the drawing becomes a bitmap that jsQR decodes. Undefined when nothing decodes.
 */
export function decodeTerminalQr(drawing: string): string | undefined {
  const rows: boolean[][] = [];
  for (const line of drawing.split('\n')) {
    if (!/[▀▄█]/.test(line)) continue;
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    let foregroundDark = true;
    for (const token of line.split(ANSI_COLOUR_SPLIT)) {
      const code = ANSI_COLOUR.exec(token)?.[1];
      if (code !== undefined) {
        if (code === '30') foregroundDark = true;
        else if (code === '37') foregroundDark = false;
        continue;
      }
      for (const char of token) {
        top.push(char === '█' || (char === '▀' && foregroundDark));
        bottom.push(char === '█' || (char === '▄' && foregroundDark));
      }
    }
    rows.push(top, bottom);
  }
  if (rows.length === 0) return undefined;
  const scale = 4;
  const margin = 4;
  const width = (Math.max(...rows.map((row) => row.length)) + 2 * margin) * scale;
  const height = (rows.length + 2 * margin) * scale;
  const pixels = new Uint8ClampedArray(width * height * 4).fill(255);
  rows.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const offset = (((y + margin) * scale + dy) * width + (x + margin) * scale + dx) * 4;
          pixels[offset] = pixels[offset + 1] = pixels[offset + 2] = 0;
        }
      }
    }),
  );
  return jsQR(pixels, width, height)?.data;
}
