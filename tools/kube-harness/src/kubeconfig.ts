import { readFile, writeFile } from 'node:fs/promises';

/** What a kubeconfig needs to reach the harness' apiserver as one user. */
export interface KubeconfigInput {
  server: string;
  caCertFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  user: string;
  /** Context and cluster name; `pteronimbus-test` by default. */
  name?: string;
}

const b64 = async (path: string): Promise<string> => (await readFile(path)).toString('base64');

/**
 * Renders a kubeconfig with the certificates embedded, so the file keeps working when copied
 * elsewhere. It is JSON, which every kubeconfig reader accepts as YAML.
 */
export async function renderKubeconfig(input: KubeconfigInput): Promise<string> {
  const name = input.name ?? 'pteronimbus-test';
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: input.server,
          'certificate-authority-data': await b64(input.caCertFile),
        },
      },
    ],
    users: [
      {
        name: input.user,
        user: {
          'client-certificate-data': await b64(input.clientCertFile),
          'client-key-data': await b64(input.clientKeyFile),
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user: input.user } }],
    'current-context': name,
    preferences: {},
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Renders a kubeconfig and writes it readable by the owner only: it holds a private key. */
export async function writeKubeconfig(path: string, input: KubeconfigInput): Promise<void> {
  await writeFile(path, await renderKubeconfig(input), { mode: 0o600 });
}
