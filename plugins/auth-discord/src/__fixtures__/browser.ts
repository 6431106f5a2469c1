import type { LightMyRequestResponse } from 'fastify';
import type { TestCore } from '@pteronimbus/testing';

/** One cookie as the server set it, attributes included. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function parseSetCookies(res: LightMyRequestResponse): SetCookie[] {
  const raw = res.headers['set-cookie'];
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return lines.map((line) => {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair!.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const a of attrs) {
      const i = a.indexOf('=');
      if (i < 0) attributes[a.toLowerCase()] = true;
      else attributes[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
    }
    return { name: pair!.slice(0, eq), value: decodeURIComponent(pair!.slice(eq + 1)), attributes };
  });
}

/** A cookie jar driving a test core the way a browser would (paths ignored: tests pick what to send). */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** Every cookie value and URL secret this browser ever saw, for the log scan. */
  readonly seen = new Set<string>();
  /** What every browser in this process saw. */
  static readonly everSeen = new Set<string>();
  readonly #core: () => TestCore;
  readonly #ip: string;

  constructor(core: () => TestCore, ip = '127.0.0.1') {
    this.#core = core;
    this.#ip = ip;
  }

  cookieHeader(only?: string[]): string {
    return [...this.cookies]
      .filter(([name]) => !only || only.includes(name))
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('; ');
  }

  absorb(res: LightMyRequestResponse): void {
    for (const c of parseSetCookies(res)) {
      const maxAge = c.attributes['max-age'];
      const expires = c.attributes.expires;
      const gone =
        maxAge === '0' ||
        (typeof expires === 'string' && Date.parse(expires) <= Date.now()) ||
        c.value === '';
      if (gone) this.cookies.delete(c.name);
      else {
        this.cookies.set(c.name, c.value);
        this.seen.add(c.value);
        Browser.everSeen.add(c.value);
      }
    }
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.#core().inject({
      method,
      url,
      remoteAddress: this.#ip,
      headers: { ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}), ...headers },
    });
    this.absorb(res);
    return res;
  }

  /** A state-changing request the panel's own pages would send. */
  post(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.request('POST', url, {
      'sec-fetch-site': 'same-origin',
      origin: 'http://localhost:3000',
      ...headers,
    });
  }
}
