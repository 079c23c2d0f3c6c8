export * from './lib/qr-login';
export * from './lib/timer';
