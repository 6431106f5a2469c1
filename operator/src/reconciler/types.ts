import type { GameServerSpec, GameServerStatus, GameTemplateSpec } from '@pteronimbus/sdk';
import type { KubeObject } from '../kube/client.ts';

/** Object metadata the reconciler relies on being present on stored objects. */
export type StoredMeta = NonNullable<KubeObject['metadata']> & {
  name: string;
  namespace: string;
  uid: string;
};

/** A GameServer as read from the apiserver. */
export interface GameServer extends KubeObject {
  metadata: StoredMeta;
  spec: GameServerSpec;
  status?: GameServerStatus;
}

/** A GameTemplate as read from the apiserver. */
export interface GameTemplate extends KubeObject {
  metadata: StoredMeta;
  spec: GameTemplateSpec;
}

/** A container status as far as the phase machine reads it. */
export interface ContainerStatusView {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    terminated?: { reason?: string; exitCode?: number; message?: string };
    running?: unknown;
  };
}

/** A Pod as far as the phase machine reads it. */
export interface PodView extends KubeObject {
  metadata: StoredMeta;
  status?: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: ContainerStatusView[];
    initContainerStatuses?: ContainerStatusView[];
  };
}

/** A Job as far as the phase machine reads it. */
export interface JobView extends KubeObject {
  metadata: StoredMeta;
  status?: {
    active?: number;
    succeeded?: number;
    failed?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** A Service as far as status reporting reads it. */
export interface ServiceView extends KubeObject {
  metadata: StoredMeta;
  spec?: {
    clusterIP?: string;
    ports?: { name?: string; port: number; protocol?: string; nodePort?: number }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}
