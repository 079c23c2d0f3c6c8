export * from './lib/qr-login';
export * from './lib/timer';
export * from './lib/session-status-webhook';
export * from './lib/login-session';
export * from './lib/login-options';
