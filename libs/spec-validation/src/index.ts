export * from './lib/spec-validator';
export { HYPERSENDER_SPEC_PATH } from './lib/spec-source';
