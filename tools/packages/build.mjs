// Builds a package a user installs from its packed tarball: every runtime dependency
// bundled by esbuild into one CommonJS file (so the package installs nothing but what
// its package.json names, and starts without resolving hundreds of modules), an ESM
// entry over it, declarations emitted by tsc from the package's self-contained types,
// its package.json and README.
//
//   node tools/packages/build.mjs mock-server | contract
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Packages Nest loads only when an app asks for them (microservices, websockets,
 * class-validator pipes, Express): never asked for here, so left out of the bundle.
 */
const NEVER_LOADED = [
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@nestjs/platform-express',
  'class-transformer',
  'class-transformer/*',
  'class-validator',
  '@fastify/static',
  '@fastify/view',
  // node-redis's optional peers, loaded only by features the Redis store does not use
  // (the DIGEST helper, OpenTelemetry metrics); each load is guarded by a try.
  '@node-rs/xxhash',
  '@opentelemetry/api',
];

const PACKAGES = {
  'mock-server': {
    project: 'apps/mock-server',
    out: 'dist/apps/mock-server',
    index: 'src/index.ts',
    bin: 'src/main.ts',
    types: ['src/index.ts'],
    tsconfig: 'tsconfig.app.json',
  },
  contract: {
    project: 'apps/contract-runner',
    out: 'dist/apps/contract-runner',
    index: 'src/index.ts',
    bin: 'src/main.ts',
    types: ['src/index.ts'],
    tsconfig: 'tsconfig.app.json',
  },
};

const name = process.argv[2];
const pkg = PACKAGES[name];
if (!pkg) {
  console.error(`usage: node tools/packages/build.mjs ${Object.keys(PACKAGES).join(' | ')}`);
  process.exit(2);
}
const project = join(root, pkg.project);
const out = join(root, pkg.out);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  legalComments: 'none',
  tsconfig: join(project, pkg.tsconfig),
  logLevel: 'warning',
};

/** The spec, read from the workspace in the monorepo, embedded in a package. */
const embedSpec = {
  name: 'embed-spec',
  setup(builder) {
    builder.onLoad({ filter: /spec-validation[\\/]src[\\/]lib[\\/]spec-source\.ts$/ }, () => ({
      contents: `export const HYPERSENDER_SPEC_PATH = '(embedded)';\nexport function hypersenderSpecText() { return ${JSON.stringify(readFileSync(join(root, 'openapi/hypersender.yaml'), 'utf8'))}; }\n`,
      loader: 'ts',
    }));
  },
};

const bundled = await build({
  ...common,
  metafile: true,
  plugins: [embedSpec],
  entryPoints: [join(project, pkg.index)],
  outfile: join(out, 'index.js'),
  external: [...NEVER_LOADED, ...Object.keys(manifest.dependencies ?? {})],
});
// The bin loads the index next to it: one copy of the code in the package.
await build({
  ...common,
  entryPoints: [join(project, pkg.bin)],
  outfile: join(out, 'main.js'),
  external: ['./index', ...Object.keys(manifest.dependencies ?? {})],
  legalComments: 'none',
});

// ESM over the CommonJS bundle: Node gives `import` the names `module.exports` has.
const exported = Object.keys(await import(join(out, 'index.js')).then((m) => m.default ?? m));
writeFileSync(
  join(out, 'index.mjs'),
  `import cjs from './index.js';\nexport const { ${exported.filter((key) => key !== 'default').join(', ')} } = cjs;\nexport default cjs;\n`,
);

// Declarations: tsc over the package's entry; only the entry and the self-contained
// types it names are kept (they import nothing from the monorepo).
const declarations = join(root, 'tmp', `declarations-${name}`);
rmSync(declarations, { recursive: true, force: true });
execFileSync(
  join(root, 'node_modules/.bin/tsc'),
  [
    '-p',
    join(project, pkg.tsconfig),
    '--declaration',
    '--emitDeclarationOnly',
    '--noEmit',
    'false',
    '--sourceMap',
    'false',
    '--outDir',
    declarations,
  ],
  { stdio: 'inherit' },
);
const emitted = join(declarations, relative(root, project), 'src');
const entry = readFileSync(join(emitted, 'index.d.ts'), 'utf8');
writeFileSync(join(out, 'index.d.ts'), entry.replaceAll("'./lib/", "'./types/"));
writeFileSync(join(out, 'index.d.mts'), "export * from './index.js';\n");
mkdirSync(join(out, 'types'));
for (const [, file] of entry.matchAll(/from '\.\/lib\/([\w-]+)'/g)) {
  const text = readFileSync(join(emitted, 'lib', `${file}.d.ts`), 'utf8');
  const outside = /from '(?!\.\/)([^']+)'/.exec(text);
  if (outside)
    throw new Error(`${file}.d.ts imports ${outside[1]}: the package's types must stand alone`);
  writeFileSync(join(out, 'types', `${file}.d.ts`), text);
}
rmSync(declarations, { recursive: true, force: true });

// The licences of the packages bundled in: their terms ask for their notices to travel along.
const licences = new Map();
for (const input of Object.keys(bundled.metafile.inputs)) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!match || licences.has(match[1])) continue;
  const dir = join(root, match[1]);
  const { name, version, license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((entry) => /^(licen[cs]e|copying)/i.test(entry));
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${license}`;
  licences.set(match[1], `${name}@${version} (${license})\n\n${text}`);
}
writeFileSync(
  join(out, 'THIRD_PARTY_LICENSES.txt'),
  `Bundled into ${manifest.name}:\n\n${[...licences.values()].sort().join(`\n\n${'-'.repeat(72)}\n\n`)}\n`,
);

writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
cpSync(join(project, 'README.md'), join(out, 'README.md'));
console.log(`${manifest.name}: built into ${pkg.out} (npm pack ${pkg.out})`);
