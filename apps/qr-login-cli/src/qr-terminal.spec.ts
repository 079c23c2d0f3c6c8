import { newQrPayload } from '@hypersender/mock-engine';
import { decodeTerminalQr } from '@hypersender/test-support';
import { drawQr, fitQr, qrCells, qrModules, QUIET_ZONE } from './qr-terminal';

const text = newQrPayload();
const modules = qrModules(text);

describe('the QR in a terminal', () => {
  it('keeps the standard quiet zone of 4 light modules on every side', () => {
    const size = modules.length;
    const light = (x: number, y: number) => !modules[y][x];
    for (let i = 0; i < size; i++)
      for (let edge = 0; edge < QUIET_ZONE; edge++) {
        expect(light(i, edge) && light(i, size - 1 - edge)).toBe(true);
        expect(light(edge, i) && light(size - 1 - edge, i)).toBe(true);
      }
    expect(modules[QUIET_ZONE][QUIET_ZONE]).toBe(true);
  });

  it.each(['half', 'sextant'] as const)(
    'draws %s blocks a decoder reads back, with and without colour',
    (style) => {
      expect(decodeTerminalQr(drawQr(modules, style, true).join('\n'))).toBe(text);
      expect(decodeTerminalQr(drawQr(modules, style, false).join('\n'))).toBe(text);
    },
  );

  it('fits 80x24 with sextants, a tall window with half blocks, and says what a tiny one lacks', () => {
    expect(fitQr(modules, { columns: 80, rows: 24 }, 3)).toEqual({ style: 'sextant' });
    expect(qrCells(modules, 'sextant').rows + 3).toBeLessThanOrEqual(24);
    expect(fitQr(modules, { columns: 80, rows: 40 }, 3)).toEqual({ style: 'half' });
    const cells = qrCells(modules, 'sextant');
    expect(fitQr(modules, { columns: 20, rows: 10 }, 3)).toEqual({
      tooSmall: { columns: cells.columns, rows: cells.rows + 3 },
    });
  });
});
