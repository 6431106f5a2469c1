export { createOperatorGateway, deriveSigningKeys } from './gateway.ts';
export type {
  DesiredDocument,
  OperatorGateway,
  OperatorGatewayOptions,
  RelayedMessage,
} from './gateway.ts';
export { operatorGatewayRoutes } from './routes.ts';
export type { Cluster, ClusterStatus } from './store.ts';
