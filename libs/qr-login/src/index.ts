export * from './lib/qr-login';
export * from './lib/timer';
export * from './lib/session-status-webhook';
