module.exports = {
  displayName: 'spec-validation',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/libs/spec-validation',
};
