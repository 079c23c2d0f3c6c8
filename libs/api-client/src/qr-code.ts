const DATA_URI_PREFIX = 'data:image/png;base64,';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The `qr_code` of an instance as a data URI an `<img src>` can show. The API sends
 * bare base64; a value that already has a `data:` prefix, or is not base64, is
 * refused rather than passed on broken.
 */
export function qrCodeDataUri(qrCode: string): string {
  if (qrCode.startsWith('data:')) {
    throw new TypeError('qr_code already has a data: prefix; the API sends bare base64.');
  }
  if (qrCode.length === 0 || !BASE64.test(qrCode)) {
    throw new TypeError('qr_code is not base64.');
  }
  return DATA_URI_PREFIX + qrCode;
}
