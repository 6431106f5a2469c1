export { createOperatorGateway } from './gateway.ts';
export { deriveSigningKeys } from './keys.ts';
export type {
  DesiredDocument,
  OperatorGateway,
  OperatorGatewayOptions,
  RelayedMessage,
} from './gateway.ts';
export { operatorGatewayRoutes } from './routes.ts';
export type { Cluster, ClusterStatus } from './store.ts';
export { queryTarget, type QueryTargetRefusal } from './query-target.ts';
