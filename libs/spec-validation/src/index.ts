export * from './lib/spec-validator';
