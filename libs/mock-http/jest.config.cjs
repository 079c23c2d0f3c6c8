module.exports = {
  displayName: 'mock-http',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/mock-http',
};
