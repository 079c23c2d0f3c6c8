const nxPreset = require('@nx/jest/preset').default;

// @swc/jest transpiles about twice as fast as ts-jest. Nest's dependency injection
// reads `design:paramtypes`, which swc only emits with decoratorMetadata on: without it
// Nest injects `undefined` and every request answers 500.
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(ts|js|mts|mjs|cts|cjs)$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
};
