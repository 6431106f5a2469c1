// How far tenant workloads are fenced in: the egress of tenant namespaces, their Pod Security
// levels, and the runtime class and limits of game pods and install Jobs. Every tenant and every
// template is treated as hostile, so the defaults are the strict ones; each is a setting because
// clusters differ (their pod and service ranges, their DNS, a sandboxed runtime).
import ipaddr from 'ipaddr.js';
import { OperatorConfigInvalid } from './errors.ts';

/** A Pod Security Standards level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** What tenant pods may reach, written into each tenant namespace's NetworkPolicy. */
export interface EgressPolicy {
  /** Whether tenant pods may reach the internet at all (beyond DNS and `allowCidrs`). */
  internet: boolean;
  /** Ranges kept from the internet rule, IPv4 and IPv6 (private, link-local, loopback, CGNAT). */
  denyCidrs: string[];
  /** Ranges explicitly let through on every port (an escape hatch: a proxy, a LAN service). */
  allowCidrs: string[];
  /** Namespace of the cluster DNS. */
  dnsNamespace: string;
  /** Labels of the cluster DNS pods. */
  dnsPodLabels: Record<string, string>;
}

/** The Pod Security Admission labels of tenant namespaces. */
export interface PodSecurityPolicy {
  enforce: PodSecurityLevel;
  warn: PodSecurityLevel;
  audit: PodSecurityLevel;
  /** The standard's version: `latest` or a Kubernetes minor version such as `v1.36`. */
  version: string;
}

/** How tenant namespaces are fenced in. */
export interface TenantSecurity {
  egress: EgressPolicy;
  podSecurity: PodSecurityPolicy;
}

/** What every game pod and install Job of this cluster gets. */
export interface WorkloadSecurity {
  /** A RuntimeClass (gVisor, Kata) for game pods and install Jobs; none by default. */
  runtimeClassName?: string;
  /** How long an install Job may run before Kubernetes stops it. */
  installDeadlineSeconds: number;
  /**
   * Run game pods and install Jobs in a user namespace (`hostUsers: false`): root in the
   * container is an unprivileged user on the node. Needs node support (Linux 6.3, a runtime
   * and volumes with idmapped mounts), hence off by default.
   */
  userNamespaces?: boolean;
}

/** The ranges no tenant pod reaches through the internet rule, whatever the cluster. */
export const ALWAYS_DENIED_CIDRS: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  // Link-local: the cloud metadata services (169.254.169.254) live here.
  '169.254.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  // Unique local, link-local and loopback for IPv6.
  'fc00::/7',
  'fe80::/10',
  '::1/128',
];

/** The defaults: internet and cluster DNS only, baseline enforced, restricted warned and audited. */
export const DEFAULT_TENANT_SECURITY: TenantSecurity = {
  egress: {
    internet: true,
    denyCidrs: [...ALWAYS_DENIED_CIDRS],
    allowCidrs: [],
    dnsNamespace: 'kube-system',
    dnsPodLabels: { 'k8s-app': 'kube-dns' },
  },
  podSecurity: { enforce: 'baseline', warn: 'restricted', audit: 'restricted', version: 'latest' },
};

/** Install Jobs may run half an hour by default. */
export const DEFAULT_WORKLOAD_SECURITY: WorkloadSecurity = { installDeadlineSeconds: 1800 };

/**
 * Checks one CIDR and gives it back in its usual text form. A range whose address has bits set
 * past the prefix (`10.1.2.3/8`) is refused: it almost always hides a typo, and the apiserver
 * warns about it too.
 */
export function canonicalCidr(text: string): string {
  const trimmed = text.trim();
  if (!ipaddr.isValidCIDR(trimmed)) throw new TypeError(`${trimmed} is not a CIDR range`);
  const [address, prefix] = ipaddr.parseCIDR(trimmed);
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(trimmed)
      : ipaddr.IPv6.networkAddressFromCIDR(trimmed);
  if (network.toString() !== address.toString())
    throw new TypeError(`${trimmed} is not a network address (${network.toString()}/${prefix})`);
  return `${network.toString()}/${prefix}`;
}

/** Whether a (canonical) CIDR is an IPv6 range. */
export function isIpv6Cidr(cidr: string): boolean {
  return cidr.includes(':');
}

function cidrList(env: NodeJS.ProcessEnv, name: string, denied = false): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  let list: string[];
  try {
    list = raw
      .split(',')
      .filter((c) => c.trim() !== '')
      .map(canonicalCidr);
  } catch (err) {
    throw OperatorConfigInvalid(name, (err as Error).message);
  }
  // An `except` must lie inside the rule's range, so a whole address family cannot be one.
  if (denied && list.some((c) => c.endsWith('/0')))
    throw OperatorConfigInvalid(name, 'denies everything; set PTERONIMBUS_EGRESS_INTERNET=false');
  return list;
}

function level(env: NodeJS.ProcessEnv, name: string, fallback: PodSecurityLevel, floor = false) {
  const raw = env[name]?.trim() || fallback;
  const allowed: PodSecurityLevel[] = floor
    ? ['baseline', 'restricted']
    : ['privileged', 'baseline', 'restricted'];
  if (!allowed.includes(raw as PodSecurityLevel))
    throw OperatorConfigInvalid(name, `must be one of ${allowed.join(', ')}`);
  return raw as PodSecurityLevel;
}

function labels(env: NodeJS.ProcessEnv, name: string, fallback: Record<string, string>) {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const out: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [key, value, ...rest] = pair.split('=').map((s) => s.trim());
    if (!key || value === undefined || rest.length > 0)
      throw OperatorConfigInvalid(name, `expects key=value pairs separated by commas`);
    out[key] = value;
  }
  return out;
}

const dedupe = (list: string[]) => [...new Set(list)];

/**
 * Reads the tenant fence from the environment:
 * `PTERONIMBUS_CLUSTER_CIDRS` (the cluster's pod and service ranges, denied like private ones),
 * `PTERONIMBUS_EGRESS_DENY_CIDRS` (more denied ranges), `PTERONIMBUS_EGRESS_ALLOW_CIDRS` (let
 * through), `PTERONIMBUS_EGRESS_INTERNET` (`false` keeps tenant pods off the internet),
 * `PTERONIMBUS_DNS_NAMESPACE`, `PTERONIMBUS_DNS_POD_LABELS`, and
 * `PTERONIMBUS_POD_SECURITY_ENFORCE` (`baseline` or `restricted`), `_WARN`, `_AUDIT`, `_VERSION`.
 */
export function loadTenantSecurity(env: NodeJS.ProcessEnv = process.env): TenantSecurity {
  const defaults = DEFAULT_TENANT_SECURITY;
  const internet = env.PTERONIMBUS_EGRESS_INTERNET?.trim() || 'true';
  if (internet !== 'true' && internet !== 'false')
    throw OperatorConfigInvalid('PTERONIMBUS_EGRESS_INTERNET', 'must be true or false');
  const version = env.PTERONIMBUS_POD_SECURITY_VERSION?.trim() || defaults.podSecurity.version;
  if (!/^(latest|v1\.\d{1,3})$/.test(version))
    throw OperatorConfigInvalid(
      'PTERONIMBUS_POD_SECURITY_VERSION',
      'must be latest or a Kubernetes minor version such as v1.36',
    );
  const dnsNamespace = env.PTERONIMBUS_DNS_NAMESPACE?.trim() || defaults.egress.dnsNamespace;
  return {
    egress: {
      internet: internet === 'true',
      denyCidrs: dedupe([
        ...defaults.egress.denyCidrs,
        ...cidrList(env, 'PTERONIMBUS_CLUSTER_CIDRS', true),
        ...cidrList(env, 'PTERONIMBUS_EGRESS_DENY_CIDRS', true),
      ]),
      allowCidrs: dedupe(cidrList(env, 'PTERONIMBUS_EGRESS_ALLOW_CIDRS')),
      dnsNamespace,
      dnsPodLabels: labels(env, 'PTERONIMBUS_DNS_POD_LABELS', defaults.egress.dnsPodLabels),
    },
    podSecurity: {
      enforce: level(env, 'PTERONIMBUS_POD_SECURITY_ENFORCE', defaults.podSecurity.enforce, true),
      warn: level(env, 'PTERONIMBUS_POD_SECURITY_WARN', defaults.podSecurity.warn),
      audit: level(env, 'PTERONIMBUS_POD_SECURITY_AUDIT', defaults.podSecurity.audit),
      version,
    },
  };
}

/**
 * Reads `PTERONIMBUS_RUNTIME_CLASS` (a RuntimeClass name), `PTERONIMBUS_INSTALL_DEADLINE_SECONDS`
 * (60 to 86400) and `PTERONIMBUS_USER_NAMESPACES` (`true` or `false`).
 */
export function loadWorkloadSecurity(env: NodeJS.ProcessEnv = process.env): WorkloadSecurity {
  const runtimeClassName = env.PTERONIMBUS_RUNTIME_CLASS?.trim();
  if (
    runtimeClassName &&
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(runtimeClassName)
  )
    throw OperatorConfigInvalid('PTERONIMBUS_RUNTIME_CLASS', 'must be a RuntimeClass name');
  const rawDeadline = env.PTERONIMBUS_INSTALL_DEADLINE_SECONDS?.trim();
  const deadline = rawDeadline
    ? Number(rawDeadline)
    : DEFAULT_WORKLOAD_SECURITY.installDeadlineSeconds;
  if (!Number.isInteger(deadline) || deadline < 60 || deadline > 86_400)
    throw OperatorConfigInvalid(
      'PTERONIMBUS_INSTALL_DEADLINE_SECONDS',
      'must be a whole number of seconds from 60 to 86400',
    );
  const userNamespaces = env.PTERONIMBUS_USER_NAMESPACES?.trim() || 'false';
  if (userNamespaces !== 'true' && userNamespaces !== 'false')
    throw OperatorConfigInvalid('PTERONIMBUS_USER_NAMESPACES', 'must be true or false');
  return {
    ...(runtimeClassName ? { runtimeClassName } : {}),
    installDeadlineSeconds: deadline,
    ...(userNamespaces === 'true' ? { userNamespaces: true } : {}),
  };
}
