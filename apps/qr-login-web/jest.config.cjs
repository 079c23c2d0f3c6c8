module.exports = {
  displayName: 'qr-login-web',
  preset: '../../jest.preset.js',
  // These tests start servers and child processes; under a parallel CI run on two
  // cores they take seconds, not milliseconds.
  testTimeout: 30_000,
  coverageDirectory: '../../coverage/apps/qr-login-web',
};
