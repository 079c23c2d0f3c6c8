const { join } = require('node:path');

/**
 * The contract suite. Not named by @nx/jest's inference (see nx.json): its target is
 * `contract`, which builds the mock first. Each target starts its own servers.
 */
module.exports = {
  displayName: 'contract',
  preset: '../../jest.preset.js',
  testMatch: ['**/*.contract.spec.ts'],
  testTimeout: 30_000,
  verbose: true,
  reporters: [
    'default',
    [
      'jest-junit',
      {
        outputDirectory:
          process.env.CONTRACT_JUNIT_DIR || join(__dirname, '../../reports/contract'),
        outputName: 'junit.xml',
        classNameTemplate: '{classname}',
        titleTemplate: '{title}',
        suiteName: 'Hypersender contract',
      },
    ],
  ],
};
