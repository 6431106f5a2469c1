export {
  FENCE_FIELD_MANAGER,
  KubeApplier,
  refenceTenants,
  NETWORK_POLICY_NAME,
  customObject,
  egressRules,
  podSecurityLabels,
  tenantObjects,
  type DocumentApplier,
} from './apply.ts';
export { runJoinCommand, type JoinOutcome } from './cli.ts';
export {
  LINK_KEYS_CONFIGMAP,
  readCoreKeys,
  readLinkConfig,
  writeCoreKeys,
  writeLinkConfig,
  type CoreKeyRing,
  type LinkConfig,
} from './config.ts';
export {
  LinkAttachFailed,
  LinkConfigMissing,
  LinkJoinFailed,
  LinkJoinInsecure,
  LinkLogsFailed,
  LinkRelayRefused,
} from './errors.ts';
export { joinCluster, type JoinOptions } from './join.ts';
export {
  OperatorLink,
  type LinkLogger,
  type LinkRelayHandler,
  type OperatorLinkEvents,
  type OperatorLinkOptions,
} from './link.ts';
export { GAME_CONTAINER, KubeRelay } from './relay.ts';
export {
  ConfigMapRevisionStore,
  LINK_STATE_CONFIGMAP,
  MemoryRevisionStore,
  type RevisionStore,
} from './revisions.ts';
export { startLink, type LinkHandle, type StartLinkOptions } from './runtime.ts';
export { StatusReporter, statusMessage } from './status.ts';
