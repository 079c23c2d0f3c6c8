import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** What a phone's camera reads from a `qr_code` (base64 PNG): the text, or undefined. */
export function decodeQrCode(base64Png: string): string | undefined {
  const image = PNG.sync.read(Buffer.from(base64Png, 'base64'));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

const ESC = String.fromCharCode(27);
const ANSI_COLOUR_SPLIT = new RegExp(`(${ESC}\\[[\\d;]*m)`);
const ANSI_COLOUR = new RegExp(`^${ESC}\\[([\\d;]*)m$`);

/** Unicode's block sextants (2 wide, 3 high): each character's six modules as bits. */
const SEXTANTS = new Map<string, number>([
  [' ', 0],
  ['█', 63],
  ['▌', 21],
  ['▐', 42],
  ...Array.from({ length: 62 }, (_, i) => i + 1)
    .filter((bits) => bits !== 21 && bits !== 42)
    .map(
      (bits) =>
        [
          String.fromCodePoint(0x1fb00 + bits - 1 - (bits > 21 ? 1 : 0) - (bits > 42 ? 1 : 0)),
          bits,
        ] as [string, number],
    ),
]);
const HAS_SEXTANT = /[\u{1FB00}-\u{1FB3B}]/u;

/**
 * Reads back a QR drawn in a terminal, as a phone reads it off the screen: half blocks
 * (`▀ ▄ █`, two modules a cell, one above the other) or block sextants (six a cell, 2
 * wide and 3 high), colours included (foreground 30 is dark, 37 light). The drawing
 * becomes a bitmap that jsQR decodes. Undefined when nothing decodes.
 */
export function decodeTerminalQr(drawing: string): string | undefined {
  const rows: boolean[][] = [];
  const sextants = HAS_SEXTANT.test(drawing);
  for (const line of drawing.split('\n')) {
    if (sextants ? !HAS_SEXTANT.test(line) && !/[█▌▐]/.test(line) : !/[▀▄█]/.test(line)) continue;
    const band: boolean[][] = sextants ? [[], [], []] : [[], []];
    let foregroundDark = true;
    for (const token of line.split(ANSI_COLOUR_SPLIT)) {
      const codes = ANSI_COLOUR.exec(token)?.[1];
      if (codes !== undefined) {
        for (const code of codes.split(';')) {
          if (code === '30') foregroundDark = true;
          else if (code === '37') foregroundDark = false;
        }
        continue;
      }
      for (const char of token) {
        if (sextants) {
          const bits = SEXTANTS.get(char) ?? 0;
          for (let row = 0; row < 3; row++)
            for (let column = 0; column < 2; column++)
              band[row].push(((bits >> (row * 2 + column)) & 1) === 1 && foregroundDark);
        } else {
          band[0].push(char === '█' || (char === '▀' && foregroundDark));
          band[1].push(char === '█' || (char === '▄' && foregroundDark));
        }
      }
    }
    rows.push(...band);
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
