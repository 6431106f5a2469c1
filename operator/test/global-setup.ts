// The kube harness's own global setup imports nothing of the workspace, so it runs here too.
export { setup } from '../../tools/kube-harness/src/global-setup.ts';
