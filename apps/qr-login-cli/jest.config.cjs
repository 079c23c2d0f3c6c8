module.exports = {
  displayName: 'qr-login-cli',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/qr-login-cli',
};
