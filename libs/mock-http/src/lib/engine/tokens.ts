/** Injection tokens of the mock's shared state; explicit, so no provider relies on emitted type metadata. */
export const MOCK_CONFIG = Symbol('MOCK_CONFIG');
export const CLOCK = Symbol('CLOCK');
export const MOCK_ENGINE = Symbol('MOCK_ENGINE');
