import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isPnError } from '@pteronimbus/sdk';
import { isPublicAddress } from './address.ts';
import {
  TemplateImportTooLarge,
  TemplateUrlFailed,
  TemplateUrlForbidden,
  TemplateUrlTimeout,
} from './errors.ts';

/** One resolved address of a host. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Options of {@link fetchEggUrl}. */
export interface FetchEggOptions {
  /** Lets the fetch reach private, loopback and link-local addresses, and plain http. */
  allowPrivate: boolean;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Time for the whole fetch, redirects included. */
  timeoutMs: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Resolves a host name to every address it has (default: the system resolver). */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** Which addresses may be contacted (default: public ones, or all with `allowPrivate`). */
  isAllowedAddress?: (address: string) => boolean;
}

/** What a URL import fetched. */
export interface FetchedEgg {
  content: string;
  /** The URL the content finally came from, after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemResolve = (host: string) => dnsLookup(host, { all: true, verbatim: true });

function parseUrl(raw: string, base?: URL): URL {
  try {
    return new URL(raw, base);
  } catch {
    throw TemplateUrlForbidden('it is not an absolute URL', { url: raw });
  }
}

/**
 * Resolves the host and checks every address it has, so that a name with one public and one
 * private address cannot be used to reach the private one. Returns the address to connect to.
 */
async function checkTarget(url: URL, options: FetchEggOptions): Promise<ResolvedAddress> {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowPrivate)) {
    throw TemplateUrlForbidden('only https URLs may be imported', { url: url.href });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.resolve ?? systemResolve)(host);
  } catch {
    throw TemplateUrlFailed(`cannot resolve ${host}`, { url: url.href });
  }
  const first = addresses[0];
  if (!first) throw TemplateUrlFailed(`cannot resolve ${host}`, { url: url.href });
  const allowed = options.isAllowedAddress ?? (options.allowPrivate ? () => true : isPublicAddress);
  const refused = addresses.find((a) => !allowed(a.address));
  if (refused) {
    throw TemplateUrlForbidden(
      `${host} resolves to ${refused.address}, a private, loopback or link-local address`,
      { url: url.href, address: refused.address },
    );
  }
  return first;
}

/** Sends the GET to exactly the checked address: no second lookup a DNS answer could change. */
function get(url: URL, target: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const lookup = (
    _host: string,
    opts: { all?: boolean },
    cb: (err: Error | null, address: string | ResolvedAddress[], family?: number) => void,
  ) => {
    if (opts.all) cb(null, [target]);
    else cb(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'GET',
        signal,
        lookup: lookup as never,
        headers: {
          accept: 'application/json, application/yaml, text/yaml, text/plain;q=0.9, */*;q=0.1',
          'user-agent': 'Pteronimbus egg import',
        },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

async function readBody(res: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw TemplateImportTooLarge(maxBytes, { limit: maxBytes });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      res.destroy();
      throw TemplateImportTooLarge(maxBytes, { limit: maxBytes });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches an egg from a URL for import: https only, every address of the host (and of every
 * redirect's host) checked, the body capped at `maxBytes`, the whole exchange at `timeoutMs`.
 */
export async function fetchEggUrl(raw: string, options: FetchEggOptions): Promise<FetchedEgg> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const maxRedirects = options.maxRedirects ?? 5;
  try {
    let url = parseUrl(raw);
    for (let hop = 0; ; hop++) {
      const target = await checkTarget(url, options);
      const res = await get(url, target, controller.signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.resume();
        if (hop >= maxRedirects) {
          throw TemplateUrlFailed(`more than ${maxRedirects} redirects`, { url: raw });
        }
        url = parseUrl(res.headers.location, url);
        continue;
      }
      if (status < 200 || status > 299) {
        res.resume();
        throw TemplateUrlFailed(`the server answered ${status}`, { url: url.href, status });
      }
      return { content: await readBody(res, options.maxBytes), url: url.href };
    }
  } catch (err) {
    if (isPnError(err)) throw err;
    if (controller.signal.aborted) throw TemplateUrlTimeout(options.timeoutMs);
    throw TemplateUrlFailed((err as Error).message ?? 'connection failed', { url: raw });
  } finally {
    clearTimeout(timer);
  }
}
