// What a phone's camera does: the base64 PNG of qr_code to the text it encodes.
const jsQR = require('jsqr');
const { PNG } = require('pngjs');

exports.decodeQr = (base64Png) => {
  const image = PNG.sync.read(Buffer.from(base64Png, 'base64'));
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!found) throw new Error('the QR code did not decode');
  return found.data;
};
