/** The library's own unit tests (the report writer, the runner): not the contract suite. */
module.exports = {
  displayName: 'contract-tests',
  preset: '../../jest.preset.js',
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['\\.contract\\.spec\\.ts$'],
};
