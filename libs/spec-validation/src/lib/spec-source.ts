import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The public contract, from the workspace root. */
export const HYPERSENDER_SPEC_PATH = resolve(__dirname, '../../../../openapi/hypersender.yaml');

/**
 * The text of the public contract. Read from the workspace here; a package's build
 * (tools/packages/build.mjs) replaces this module with one that embeds the text.
 */
export function hypersenderSpecText(): string {
  return readFileSync(HYPERSENDER_SPEC_PATH, 'utf8');
}
