module.exports = {
  displayName: 'mock-engine',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/mock-engine',
};
