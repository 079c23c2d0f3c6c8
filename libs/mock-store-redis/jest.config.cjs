module.exports = {
  displayName: 'mock-store-redis',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/mock-store-redis',
};
