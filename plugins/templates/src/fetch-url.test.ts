import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchEggUrl, type FetchEggOptions } from './fetch-url.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    switch (url.pathname) {
      case '/egg.json':
        res.setHeader('content-type', 'application/json');
        res.end('{"hello":"egg"}');
        return;
      case '/hop':
        res.statusCode = 302;
        res.setHeader('location', '/egg.json');
        res.end();
        return;
      case '/loop':
        res.statusCode = 301;
        res.setHeader('location', '/loop');
        res.end();
        return;
      case '/to-private':
        res.statusCode = 307;
        res.setHeader('location', 'http://10.0.0.1/egg.json');
        res.end();
        return;
      case '/to-name':
        res.statusCode = 308;
        res.setHeader('location', 'http://eggs.internal/egg.json');
        res.end();
        return;
      case '/big':
        res.setHeader('content-length', '5000');
        res.end('x'.repeat(5000));
        return;
      case '/big-chunked':
        res.write('x'.repeat(600));
        res.end('x'.repeat(600));
        return;
      case '/slow':
        // never answers: the fetch must give up on its own
        return;
      default:
        res.statusCode = 404;
        res.end('no');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const open: FetchEggOptions = { allowPrivate: true, maxBytes: 1024, timeoutMs: 2000 };
// Treats the test server's own address as if it were public, to test what happens after it.
const onlyLoopbackServer: FetchEggOptions = {
  ...open,
  isAllowedAddress: (a) => a === '127.0.0.1',
  resolve: async (host) =>
    host === 'eggs.internal'
      ? [{ address: '192.168.1.5', family: 4 }]
      : [{ address: host, family: host.includes(':') ? 6 : 4 }],
};
const closed: FetchEggOptions = { allowPrivate: false, maxBytes: 1024, timeoutMs: 2000 };

describe('fetchEggUrl', () => {
  it('fetches a document and follows redirects', async () => {
    expect(await fetchEggUrl(`${base}/egg.json`, open)).toEqual({
      content: '{"hello":"egg"}',
      url: `${base}/egg.json`,
    });
    expect((await fetchEggUrl(`${base}/hop`, open)).url).toBe(`${base}/egg.json`);
  });

  it.each([
    ['http://example.com/egg.json', /only https/],
    ['ftp://example.com/egg.json', /only https/],
    ['https://127.0.0.1/egg.json', /127\.0\.0\.1.*loopback/],
    ['https://localhost/egg.json', /loopback/],
    ['https://10.1.2.3/egg.json', /10\.1\.2\.3/],
    ['https://192.168.0.10/egg.json', /192\.168\.0\.10/],
    ['https://169.254.169.254/latest/meta-data', /169\.254\.169\.254/],
    ['https://[::1]/egg.json', /::1/],
    ['https://[fe80::1]/egg.json', /fe80::1/],
    ['not a url', /absolute URL/],
  ])('refuses %s without private URLs', async (url, message) => {
    await expect(fetchEggUrl(url, closed)).rejects.toMatchObject({
      code: 'PN_TEMPLATE_URL_FORBIDDEN',
      message: expect.stringMatching(message),
    });
  });

  it('checks every address of a host', async () => {
    await expect(
      fetchEggUrl('https://eggs.example/egg.json', {
        ...closed,
        resolve: async () => [
          { address: '93.184.215.14', family: 4 },
          { address: '10.0.0.7', family: 4 },
        ],
      }),
    ).rejects.toMatchObject({
      code: 'PN_TEMPLATE_URL_FORBIDDEN',
      details: { address: '10.0.0.7' },
    });
  });

  it('re-checks the target of every redirect', async () => {
    await expect(fetchEggUrl(`${base}/to-private`, onlyLoopbackServer)).rejects.toMatchObject({
      code: 'PN_TEMPLATE_URL_FORBIDDEN',
      details: { address: '10.0.0.1' },
    });
    await expect(fetchEggUrl(`${base}/to-name`, onlyLoopbackServer)).rejects.toMatchObject({
      code: 'PN_TEMPLATE_URL_FORBIDDEN',
      details: { address: '192.168.1.5' },
    });
    expect((await fetchEggUrl(`${base}/hop`, onlyLoopbackServer)).content).toBe('{"hello":"egg"}');
  });

  it('gives up on redirect loops, error statuses and unknown hosts', async () => {
    await expect(fetchEggUrl(`${base}/loop`, open)).rejects.toMatchObject({
      code: 'PN_TEMPLATE_URL_FAILED',
      message: expect.stringMatching(/redirects/),
    });
    await expect(fetchEggUrl(`${base}/missing`, open)).rejects.toMatchObject({
      code: 'PN_TEMPLATE_URL_FAILED',
      details: { status: 404 },
    });
    await expect(
      fetchEggUrl('https://nowhere.invalid/egg.json', {
        ...closed,
        resolve: async () => {
          throw new Error('ENOTFOUND');
        },
      }),
    ).rejects.toMatchObject({ code: 'PN_TEMPLATE_URL_FAILED' });
    await expect(
      fetchEggUrl('https://nowhere.invalid/egg.json', { ...closed, resolve: async () => [] }),
    ).rejects.toMatchObject({ code: 'PN_TEMPLATE_URL_FAILED' });
  });

  it('refuses bodies over the limit, announced or not', async () => {
    await expect(fetchEggUrl(`${base}/big`, open)).rejects.toMatchObject({
      code: 'PN_TEMPLATE_IMPORT_TOO_LARGE',
    });
    await expect(fetchEggUrl(`${base}/big-chunked`, open)).rejects.toMatchObject({
      code: 'PN_TEMPLATE_IMPORT_TOO_LARGE',
    });
  });

  it('times out', async () => {
    await expect(fetchEggUrl(`${base}/slow`, { ...open, timeoutMs: 200 })).rejects.toMatchObject({
      code: 'PN_TEMPLATE_URL_TIMEOUT',
    });
  });

  it('reports a refused connection as a failed fetch', async () => {
    const port = (server.address() as AddressInfo).port;
    await expect(fetchEggUrl(`http://127.0.0.1:1/x${port}`, open)).rejects.toMatchObject({
      code: 'PN_TEMPLATE_URL_FAILED',
    });
  });
});
