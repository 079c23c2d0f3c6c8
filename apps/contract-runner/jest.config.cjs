module.exports = {
  displayName: 'contract-runner',
  preset: '../../jest.preset.js',
  // The tests start a mock and run the bin as a child process.
  testTimeout: 30_000,
  coverageDirectory: '../../coverage/apps/contract-runner',
};
