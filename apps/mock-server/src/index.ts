/**
 * `@hypersender/mock`: a stateful stand-in for the Hypersender WhatsApp API's QR
 * login, to start from tests (`startHypersenderMock`) or as a command
 * (`hypersender-mock`, which is `runHypersenderMockCli`).
 */
export { startHypersenderMock, MockControlError } from './lib/start-hypersender-mock';
export { runHypersenderMockCli } from './lib/cli';
export type * from './lib/public-types';
