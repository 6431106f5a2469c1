import type { CoreMessage } from '@pteronimbus/sdk';

/** What travels between core replicas about one cluster's link. */
export type LinkControl =
  | { type: 'revision'; revision: number }
  | { type: 'revoked' }
  | { type: 'keys' }
  | { type: 'send'; message: CoreMessage };

/** The bus topic the replica holding a cluster's link listens on. */
export const linkTopic = (clusterId: string) => `cluster.${clusterId}.link`;
