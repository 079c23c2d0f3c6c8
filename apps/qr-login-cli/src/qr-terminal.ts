import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { create as createQr } from 'qrcode';

/** The QR standard's quiet zone: four light modules on every side. */
export const QUIET_ZONE = 4;

/**
 * How modules become characters: `half` puts two modules in a cell, one above the
 * other (▀ ▄ █: modules come out square, and every terminal font has these);
 * `sextant` puts six in a cell, 2 wide and 3 high (Unicode 13's block sextants: a third
 * of the rows, for a window too short for `half`; most current terminals draw them).
 */
export type QrStyle = 'half' | 'sextant';

/** The QR of `text` as rows of dark (true) and light modules, quiet zone included. */
export function qrModules(text: string): boolean[][] {
  const { modules } = createQr(text, { errorCorrectionLevel: 'L' });
  const size = modules.size + 2 * QUIET_ZONE;
  return Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => {
      const mx = x - QUIET_ZONE;
      const my = y - QUIET_ZONE;
      return (
        mx >= 0 && my >= 0 && mx < modules.size && my < modules.size && modules.get(my, mx) === 1
      );
    }),
  );
}

/** The text a `qr_code` PNG holds (the terminal draws it again at its own resolution). */
export function qrTextOfPng(base64Png: string): string {
  const image = PNG.sync.read(Buffer.from(base64Png, 'base64'));
  const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!decoded) throw new Error('The qr_code PNG holds no readable QR code.');
  return decoded.data;
}

/** One sextant cell: bit 0 top-left, 1 top-right, 2 middle-left, 3 middle-right, 4 and 5 the bottom. */
function sextant(bits: number): string {
  if (bits === 0) return ' ';
  if (bits === 63) return '█';
  if (bits === 21) return '▌';
  if (bits === 42) return '▐';
  return String.fromCodePoint(0x1fb00 + bits - 1 - (bits > 21 ? 1 : 0) - (bits > 42 ? 1 : 0));
}

/**
 * Draws modules in `style`. With `colour`, black on white (ANSI) whatever the
 * terminal's own colours, so a phone sees dark modules on light; without (a log), the
 * characters alone, which assume a dark font on a light background.
 */
export function drawQr(modules: boolean[][], style: QrStyle, colour: boolean): string[] {
  const dark = (x: number, y: number) => modules[y]?.[x] === true;
  const size = modules.length;
  const lines: string[] = [];
  const rowsPerLine = style === 'half' ? 2 : 3;
  const columnsPerCell = style === 'half' ? 1 : 2;
  for (let y = 0; y < size; y += rowsPerLine) {
    let line = '';
    for (let x = 0; x < size; x += columnsPerCell) {
      if (style === 'half') {
        const top = dark(x, y);
        const bottom = dark(x, y + 1);
        line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
      } else {
        let bits = 0;
        for (let row = 0; row < 3; row++)
          for (let column = 0; column < 2; column++)
            if (dark(x + column, y + row)) bits |= 1 << (row * 2 + column);
        line += sextant(bits);
      }
    }
    lines.push(colour ? `\x1b[30;47m${line}\x1b[0m` : line);
  }
  return lines;
}

/** The size a QR of `modules` takes in `style`, in character cells. */
export function qrCells(modules: boolean[][], style: QrStyle): { columns: number; rows: number } {
  const size = modules.length;
  return style === 'half'
    ? { columns: size, rows: Math.ceil(size / 2) }
    : { columns: Math.ceil(size / 2), rows: Math.ceil(size / 3) };
}

/**
 * The style that fits a window of `columns` x `rows` with `reservedRows` for text:
 * half blocks when they fit, sextants when only they do, or what the window lacks.
 */
export function fitQr(
  modules: boolean[][],
  window: { columns: number; rows: number },
  reservedRows: number,
): { style: QrStyle } | { tooSmall: { columns: number; rows: number } } {
  for (const style of ['half', 'sextant'] as const) {
    const cells = qrCells(modules, style);
    if (cells.columns <= window.columns && cells.rows + reservedRows <= window.rows)
      return { style };
  }
  const smallest = qrCells(modules, 'sextant');
  return { tooSmall: { columns: smallest.columns, rows: smallest.rows + reservedRows } };
}
