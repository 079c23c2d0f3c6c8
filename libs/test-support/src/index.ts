export * from './lib/processes';
export * from './lib/prism';
export * from './lib/qr';
export * from './lib/redis';
export * from './lib/accessibility';
