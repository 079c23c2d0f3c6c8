module.exports = {
  displayName: 'qr-login',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/qr-login',
};
