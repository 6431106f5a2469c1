import { computed, shallowRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from '../../api/client.ts';
import { createLimitsApi } from '../../api/limits.ts';
import { portExposures, type PortExposure } from '../../api/servers.ts';
import { createTenantsApi } from '../../api/tenants.ts';
import { useSessionStore } from '../../stores/session.ts';
import { useTenantStore } from '../../stores/tenant.ts';
import type { WizardDraft } from './wizard.ts';

/**
 * Where a new server may run and how it may be reached: the exposures the installation's policy
 * allows the tenant, and the clusters the caller may name. Load once the caller's permissions in
 * the tenant are known: what they see follows from them.
 */
export function usePlacement(
  tenantId: Ref<string>,
  draft: Pick<WizardDraft, 'exposure' | 'clusterId'>,
) {
  const { t } = useI18n();
  const store = useTenantStore();
  const session = useSessionStore();

  // Only what the installation's exposure policy allows this tenant; until core says, or when
  // it cannot, only ClusterIP, which needs no policy.
  const allowedExposures = shallowRef<readonly PortExposure[]>(['ClusterIP']);
  const exposureOptions = computed(() =>
    portExposures
      .filter((value) => allowedExposures.value.includes(value))
      .map((value) => ({
        value,
        label: t(`servers.wizard.resources.exposures.${value}`),
      })),
  );

  async function loadExposures(): Promise<void> {
    try {
      const own = await createLimitsApi().own(tenantId.value);
      allowedExposures.value = own.exposures;
    } catch {
      allowedExposures.value = ['ClusterIP'];
    }
    if (!allowedExposures.value.includes(draft.exposure))
      draft.exposure = allowedExposures.value[0] ?? 'ClusterIP';
  }

  const defaultClusterId = shallowRef<string | null>(null);
  const clusters = shallowRef<Array<{ id: string; name: string }>>([]);

  const defaultClusterLabel = computed(() =>
    defaultClusterId.value === null
      ? t('servers.wizard.resources.defaultCluster')
      : t('servers.wizard.resources.defaultClusterNamed', { id: defaultClusterId.value }),
  );
  const clusterOptions = computed(() => [
    { label: defaultClusterLabel.value, value: '' },
    ...clusters.value
      .filter((cluster) => cluster.id !== defaultClusterId.value)
      .map((cluster) => ({ label: `${cluster.name} (${cluster.id})`, value: cluster.id })),
  ]);
  const clusterLabel = computed(
    () =>
      clusterOptions.value.find((option) => option.value === draft.clusterId)?.label ??
      draft.clusterId,
  );

  // Who may see more than "the default" sees more: the settings name the default cluster, and
  // super admins may place a server on any approved cluster.
  async function loadClusters(): Promise<void> {
    if (store.can('tenant.settings.manage')) {
      try {
        const settings = await createTenantsApi().settings(tenantId.value);
        defaultClusterId.value = settings.defaultClusterId ?? null;
      } catch {
        defaultClusterId.value = null;
      }
    }
    if (session.user?.superAdmin === true) {
      try {
        const answer = await api.request<{
          clusters: Array<{ id: string; name: string; status: string }>;
        }>('GET', '/api/v1/admin/clusters');
        clusters.value = answer.clusters.filter((cluster) => cluster.status === 'approved');
      } catch {
        clusters.value = [];
      }
    }
  }

  function load(): void {
    void loadClusters();
    void loadExposures();
  }

  return { exposureOptions, clusterOptions, clusterLabel, load };
}
