export { StreamHub } from './hub.ts';
export type { StreamHubOptions, StreamStats } from './hub.ts';
export { DEFAULT_STREAM_LIMITS } from './limits.ts';
export type { StreamLimits } from './limits.ts';
export { streamRoutes } from './routes.ts';
export type { StreamRouteOptions } from './routes.ts';
export { StreamTickets } from './tickets.ts';
export type { IssuedTicket } from './tickets.ts';
