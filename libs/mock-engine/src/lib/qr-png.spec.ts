import { decodeQrCode } from '@hypersender/test-support';
import { newQrPayload, QR_PAYLOAD_PATTERN } from './qr-payload';
import { qrPng } from './qr-png';

const decode = (png: Buffer) => decodeQrCode(png.toString('base64'));

describe('QR payload and PNG', () => {
  it('makes payloads shaped like WhatsApp linking payloads, unique per issue', () => {
    const payloads = new Set(Array.from({ length: 200 }, () => newQrPayload()));
    expect(payloads.size).toBe(200);
    for (const payload of payloads) expect(payload).toMatch(QR_PAYLOAD_PATTERN);
  });

  it('writes a PNG that an independent decoder (pngjs + jsQR) reads back to the payload', () => {
    const payload = newQrPayload();
    const png = qrPng(payload);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(decode(png)).toBe(payload);
  });

  it('reads back short and long texts alike', () => {
    for (const text of ['hello', 'x'.repeat(400)]) expect(decode(qrPng(text))).toBe(text);
  });
});
