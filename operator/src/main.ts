// The operator process: `npm start -w @pteronimbus/operator`, or the container's entrypoint.
// `main.ts join --url <panel> --token <token>` joins the cluster to a panel instead, and
// `main.ts apply-config <patches.json> <folder>` patches a game's config files (its init step).
import { installCrds } from './crds/install.ts';
import { loadKubeConfig, loadOperatorConfig } from './config.ts';
import { KubeClient } from './kube/client.ts';
import { readCoreKeys, runJoinCommand, startLink } from './link/index.ts';
import { OPERATOR_VERSION } from './names.ts';
import { startOperator } from './operator.ts';
import { runApplyConfigCommand } from './patcher/apply.ts';
import { createLogger, loadLogLevel } from './logger.ts';

const VERSION = OPERATOR_VERSION;

// At info until LOG_LEVEL is read, and when LOG_LEVEL itself stops start-up.
let log = createLogger();

async function run(): Promise<void> {
  log = createLogger({ level: loadLogLevel(process.env) });
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'apply-config') {
    // The init step of game pods: runs in the pod, needs no cluster access.
    runApplyConfigCommand(rest, process.env);
    return;
  }
  if (command === 'join') {
    const outcome = await runJoinCommand(rest, process.env, loadKubeConfig(), VERSION);
    log.info(outcome, 'cluster joined; approve it in the panel');
    return;
  }
  const config = await loadOperatorConfig();
  if (config.installCrds) {
    const client = new KubeClient(config.kubeConfig);
    await installCrds(client);
    await client.close();
  }
  // One ring for the reconciler and the link: a key rotation the link takes applies to both.
  const keysClient = new KubeClient(config.kubeConfig);
  const keys = await readCoreKeys(keysClient, config.publicKey, config.namespace).finally(() =>
    keysClient.close(),
  );
  const joined = Boolean(config.secret.coreUrl && config.secret.credential);
  if (!joined) log.warn('not joined to a panel: reconciling only what is already in the cluster');
  const operator = await startOperator({
    kubeConfig: config.kubeConfig,
    publicKey: keys.ring,
    clusterId: config.clusterId,
    identity: config.identity,
    namespace: config.namespace,
    httpPort: config.httpPort,
    operatorImage: config.operatorImage,
    workloadSecurity: config.workloadSecurity,
    log,
    ...(joined
      ? {
          whileLeading: () =>
            startLink({
              kubeConfig: config.kubeConfig,
              operatorVersion: VERSION,
              namespace: config.namespace,
              keys,
              tenantSecurity: config.tenantSecurity,
              log,
            }),
        }
      : {}),
  });
  log.info(
    {
      identity: config.identity,
      clusterId: config.clusterId,
      probes: operator.url,
      version: VERSION,
    },
    'operator started',
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A stuck shutdown must not keep the pod past its grace period.
    setTimeout(() => process.exit(1), 20_000).unref();
    void operator.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

try {
  await run();
} catch (err) {
  const e = err as { code?: string; message?: string };
  log.error({ code: e.code ?? 'PN_INTERNAL', err }, e.message ?? String(err));
  process.exit(1);
}
