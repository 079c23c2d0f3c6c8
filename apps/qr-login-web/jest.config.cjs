module.exports = {
  displayName: 'qr-login-web',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/qr-login-web',
};
