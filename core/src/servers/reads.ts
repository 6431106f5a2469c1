import { ServerNotFound } from '../errors/codes.ts';
import type { PinnedTemplates } from './catalog.ts';
import type { InstallOutput, InstallOutputs } from './install-output.ts';
import type { ClusterLiveness } from './liveness.ts';
import type { ListedServer, ServerFilter, ServerRecord, ServerStore } from './store.ts';
import type { MetricsScope, ParameterAccess, ServerListItemView, ServerView } from './types.ts';
import { currentView, serverView } from './view.ts';

/** What {@link ServerReads} needs. */
export interface ServerReadsOptions {
  store: Pick<ServerStore, 'get' | 'list'>;
  liveness: Pick<ClusterLiveness, 'isStale'>;
  templates: Pick<PinnedTemplates, 'hiddenOf'>;
  install: Pick<InstallOutputs, 'read'>;
  /** Period of metrics samples: a listed sample older than three of them is not shown. */
  sampleIntervalMs: number;
}

/** One page of a tenant's servers as read, before the views are made. */
interface ListPage {
  page: ListedServer[];
  stale: Map<string, boolean>;
  next: string | null;
}

/** A list read in flight, and the answer bytes made from it. */
interface SharedRead {
  epoch: number;
  page: Promise<ListPage>;
  body?: { second: number; bytes: Buffer };
}

/** The servers as the API shows them: one, a list page, and what is kept of an install. */
export class ServerReads {
  readonly #o: ServerReadsOptions;
  /** List pages being read, shared by identical requests that arrive meanwhile. */
  readonly #listing = new Map<string, SharedRead>();
  /** Raised by every write this replica makes to a tenant's servers. */
  readonly #writeEpochs = new Map<string, number>();

  constructor(options: ServerReadsOptions) {
    this.#o = options;
  }

  async get(tenantId: string, id: string, access: ParameterAccess = 'all'): Promise<ServerView> {
    const server = await this.#o.store.get(tenantId, id);
    if (!server) throw ServerNotFound(id);
    const hidden = access === 'all' ? undefined : await this.#o.templates.hiddenOf(server);
    return this.view(server, hidden);
  }

  /** A stored server as the API shows it now, without the parameters in `hidden`. */
  async view(server: ServerRecord, hidden?: ReadonlySet<string>): Promise<ServerView> {
    return serverView(server, await this.#o.liveness.isStale(server.clusterId), hidden);
  }

  /**
   * The list page as the HTTP answer's JSON bytes (`{ items, nextCursor }`). Requests that share
   * a read also share the bytes made within the same second (ages are in whole seconds).
   */
  async listJson(
    tenantId: string,
    filter: ServerFilter,
    metrics: MetricsScope = 'all',
    access: ParameterAccess = 'all',
  ): Promise<Buffer> {
    const shared = this.#shared(tenantId, filter, metrics, access);
    const { page, stale, next } = await shared.page;
    const second = Math.floor(Date.now() / 1000);
    if (shared.body?.second !== second) {
      const seen = metrics === 'all' ? null : new Set(metrics);
      const hidden = new Map<string, ReadonlySet<string>>();
      if (access !== 'all')
        for (const s of page) {
          const key = `${s.templateId}@${s.templateVersion}`;
          if (!hidden.has(key)) hidden.set(key, await this.#o.templates.hiddenOf(s));
        }
      const items = page.map((s): ServerListItemView => ({
        ...serverView(
          s,
          stale.get(s.clusterId) ?? true,
          access === 'all' ? undefined : hidden.get(`${s.templateId}@${s.templateVersion}`),
        ),
        ...(seen === null || seen.has(s.id)
          ? { current: currentView(s.latest, this.#o.sampleIntervalMs) }
          : {}),
      }));
      shared.body = { second, bytes: Buffer.from(JSON.stringify({ items, nextCursor: next })) };
    }
    return shared.body.bytes;
  }

  /** Marks a write to a tenant's servers: list reads in flight no longer answer for it. */
  wrote(tenantId: string): void {
    this.#writeEpochs.set(tenantId, (this.#writeEpochs.get(tenantId) ?? 0) + 1);
  }

  /** What is kept of the output of a server's last install (R8: install progress). */
  async installOutput(tenantId: string, id: string): Promise<InstallOutput> {
    const server = await this.#o.store.get(tenantId, id);
    if (!server) throw ServerNotFound(id);
    return this.#o.install.read(server.id);
  }

  /** What an install view opened where nobody watched starts with: the kept install output. */
  async installHistory(
    tenantId: string,
    id: string,
  ): Promise<Array<{ kind: 'output'; data: string } | { kind: 'end'; error: unknown }>> {
    const server = await this.#o.store.get(tenantId, id);
    if (!server) return [];
    const kept = await this.#o.install.read(server.id);
    return [
      ...(kept.output === '' ? [] : [{ kind: 'output' as const, data: kept.output }]),
      ...(kept.ended ? [{ kind: 'end' as const, error: kept.error }] : []),
    ];
  }

  // Many tabs of one guild ask for the same page at once: identical requests share the read in
  // flight. One that arrives after a write here starts a fresh read, so a writer always sees its
  // own change.
  #shared(
    tenantId: string,
    filter: ServerFilter,
    metrics: MetricsScope,
    access: ParameterAccess,
  ): SharedRead {
    // Callers who may see different samples or parameters share no bytes.
    const key = `${tenantId}\u0000${JSON.stringify(filter)}\u0000${JSON.stringify(metrics)}\u0000${access}`;
    const epoch = this.#writeEpochs.get(tenantId) ?? 0;
    const shared = this.#listing.get(key);
    if (shared && shared.epoch === epoch) return shared;
    const entry: SharedRead = { epoch, page: this.#readPage(tenantId, filter) };
    this.#listing.set(key, entry);
    const done = () => {
      if (this.#listing.get(key) === entry) this.#listing.delete(key);
    };
    entry.page.then(done, done);
    return entry;
  }

  async #readPage(tenantId: string, filter: ServerFilter): Promise<ListPage> {
    const rows = await this.#o.store.list(tenantId, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const clusters = [...new Set(page.map((s) => s.clusterId))];
    const stale = new Map(
      await Promise.all(clusters.map(async (c) => [c, await this.#o.liveness.isStale(c)] as const)),
    );
    return { page, stale, next: rows.length > filter.limit ? page[page.length - 1]!.id : null };
  }
}
