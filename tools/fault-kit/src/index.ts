export { freePort } from './ports.ts';
export { startPostgres, type PostgresProcess } from './postgres.ts';
export { startTcpProxy, type Direction, type TcpProxy } from './proxy.ts';
export { startRedis, type RedisProcess } from './redis.ts';
