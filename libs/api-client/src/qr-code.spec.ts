import { qrCodeDataUri } from './qr-code';

describe('qrCodeDataUri', () => {
  it.each([
    ['iVBORw0KGgo=', 'data:image/png;base64,iVBORw0KGgo='],
    ['iVBORw0KGgoAAAANSUhEUg==', 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=='],
  ])('prepends the PNG data-URI prefix to %s', (input, expected) => {
    expect(qrCodeDataUri(input)).toBe(expected);
  });

  it.each([
    ['a data URI', 'data:image/png;base64,iVBORw0KGgo=', /already has a data: prefix/],
    ['empty', '', /not base64/],
    ['not base64', 'not base64!', /not base64/],
    ['badly padded', 'iVBORw0KGgo', /not base64/],
  ])('refuses %s', (_label, input, message) => {
    expect(() => qrCodeDataUri(input)).toThrow(message);
  });
});
