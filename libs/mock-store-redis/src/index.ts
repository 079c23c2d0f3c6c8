export * from './lib/redis-backend';
