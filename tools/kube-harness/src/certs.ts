import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KubeCertFailed } from './errors.ts';

const run = promisify(execFile);

/** PEM file paths of everything a test cluster needs to speak TLS and sign tokens. */
export interface ClusterPki {
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  /** Client certificate for the admin user, a member of `system:masters`. */
  adminCert: string;
  adminKey: string;
  /** Client certificate for `system:kube-controller-manager`. */
  controllerManagerCert: string;
  controllerManagerKey: string;
  /** Serving certificate of the simulated kubelet (loopback), signed by the cluster CA. */
  kubeletCert: string;
  kubeletKey: string;
  /** Client certificate the apiserver presents to kubelets (logs, attach). */
  kubeletClientCert: string;
  kubeletClientKey: string;
  /** Key pair the apiserver signs and verifies service-account tokens with. */
  serviceAccountKey: string;
  serviceAccountPub: string;
}

/** Names and addresses the serving certificate is valid for. */
export interface ServingNames {
  dns: string[];
  ips: string[];
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw KubeCertFailed(`openssl ${args[0]}: ${stderr || (err as Error).message}`);
  }
}

// P-256 keys are generated in milliseconds, where RSA would add noticeable time to each start.
async function newKey(path: string): Promise<void> {
  await openssl([
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-out',
    path,
  ]);
}

async function signLeaf(
  dir: string,
  name: string,
  subject: string,
  extensions: string[],
  ca: { cert: string; key: string },
): Promise<{ cert: string; key: string }> {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.crt`);
  const ext = join(dir, `${name}.ext`);
  await newKey(key);
  await openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  // An extension file rather than -copy_extensions keeps this working on OpenSSL 1.1.
  await writeFile(ext, `[leaf]\n${extensions.join('\n')}\n`);
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-set_serial',
    `0x${randomBytes(12).toString('hex')}`,
    '-days',
    '365',
    '-sha256',
    '-extfile',
    ext,
    '-extensions',
    'leaf',
    '-out',
    cert,
  ]);
  return { cert, key };
}

/**
 * Generates a throwaway certificate authority, the apiserver's serving certificate, client
 * certificates for the admin user and the controller manager, the simulated kubelet's serving
 * certificate and the apiserver's client certificate towards it, and the service-account key
 * pair, all under `dir`. Uses the `openssl` command.
 */
export async function generatePki(dir: string, names: ServingNames): Promise<ClusterPki> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.crt');
  await newKey(caKey);
  await openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    caKey,
    '-subj',
    '/CN=pteronimbus-test-ca',
    '-days',
    '365',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    '-out',
    caCert,
  ]);
  const ca = { cert: caCert, key: caKey };
  const leaf = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'];
  const san = [...names.dns.map((d) => `DNS:${d}`), ...names.ips.map((ip) => `IP:${ip}`)].join(',');

  const serving = await signLeaf(
    dir,
    'apiserver',
    '/CN=kube-apiserver',
    [...leaf, 'extendedKeyUsage=serverAuth', `subjectAltName=${san}`],
    ca,
  );
  const admin = await signLeaf(
    dir,
    'admin',
    '/O=system:masters/CN=pteronimbus-admin',
    [...leaf, 'extendedKeyUsage=clientAuth'],
    ca,
  );
  const controllerManager = await signLeaf(
    dir,
    'controller-manager',
    '/CN=system:kube-controller-manager',
    [...leaf, 'extendedKeyUsage=clientAuth'],
    ca,
  );

  const kubelet = await signLeaf(
    dir,
    'kubelet',
    '/O=system:nodes/CN=system:node:pn-test-node',
    [...leaf, 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    ca,
  );
  const kubeletClient = await signLeaf(
    dir,
    'apiserver-kubelet-client',
    '/O=system:masters/CN=kube-apiserver-kubelet-client',
    [...leaf, 'extendedKeyUsage=clientAuth'],
    ca,
  );

  const serviceAccountKey = join(dir, 'service-account.key');
  const serviceAccountPub = join(dir, 'service-account.pub');
  await newKey(serviceAccountKey);
  await openssl(['pkey', '-in', serviceAccountKey, '-pubout', '-out', serviceAccountPub]);

  return {
    caCert,
    caKey,
    servingCert: serving.cert,
    servingKey: serving.key,
    adminCert: admin.cert,
    adminKey: admin.key,
    controllerManagerCert: controllerManager.cert,
    controllerManagerKey: controllerManager.key,
    kubeletCert: kubelet.cert,
    kubeletKey: kubelet.key,
    kubeletClientCert: kubeletClient.cert,
    kubeletClientKey: kubeletClient.key,
    serviceAccountKey,
    serviceAccountPub,
  };
}
