import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/**
 * Who may depend on whom. Dependencies point one way (apps -> libs); the mock's
 * layers (scope:mock) never import the client, so the mock cannot inherit the
 * client's reading of the spec: the contract tests compare the two.
 */
const depConstraints = [
  { sourceTag: 'type:spec', onlyDependOnLibsWithTags: ['type:spec'] },
  { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:client'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  // A store adapter implements the domain's ports; only the app that wires it imports it.
  { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:domain'] },
  // type:spec holds only readers of the contract (the response validator its tests use).
  { sourceTag: 'type:http', onlyDependOnLibsWithTags: ['type:domain', 'type:http', 'type:spec'] },
  // Apps read the contract (spec), and the contract runner app wires the contract cases (e2e).
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:spec',
      'type:client',
      'type:domain',
      'type:store',
      'type:http',
      'type:flow',
      'type:e2e',
      'type:testing',
    ],
  },
  // Helpers for tests that start servers (Prism, built apps); used only by spec files.
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:flow', onlyDependOnLibsWithTags: ['type:client', 'type:flow'] },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: [
      'type:spec',
      'type:client',
      'type:domain',
      'type:http',
      'type:flow',
      'type:e2e',
      'type:testing',
    ],
  },
  {
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: [
      'type:spec',
      'type:client',
      'type:domain',
      'type:http',
      'type:flow',
      'type:testing',
    ],
  },
  { sourceTag: 'scope:mock', notDependOnLibsWithTags: ['type:client', 'type:flow'] },
];

/**
 * Spec files of every project may use the test helpers (test-support: Prism, decoders)
 * and the spec's validator; the code they test may not.
 */
const specDepConstraints = depConstraints.map((constraint) =>
  constraint.onlyDependOnLibsWithTags
    ? {
        ...constraint,
        onlyDependOnLibsWithTags: [
          ...new Set([...constraint.onlyDependOnLibsWithTags, 'type:testing', 'type:spec']),
        ],
      }
    : constraint,
);

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/generated', '**/reports', '**/.nx'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/src/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: true, allow: [], depConstraints: specDepConstraints },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
];
