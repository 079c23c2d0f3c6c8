module.exports = {
  displayName: 'mock-server',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/mock-server',
};
