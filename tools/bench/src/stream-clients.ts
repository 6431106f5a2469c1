// The bench's WebSocket clients, in a worker thread of their own so that reading 2,000 sockets
// does not compete with the server for the same event loop.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';

interface Setup {
  url: string;
  clients: number;
  /** Subscribe to this topic first (core), or listen as is (bare). */
  topic: string | null;
}

const { url, clients, topic } = workerData as Setup;
const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();
const latencies: number[] = [];
let received = 0;
let expected = 0;

const sockets: WebSocket[] = [];
for (let i = 0; i < clients; i += 100) {
  const batch = Array.from(
    { length: Math.min(100, clients - i) },
    (_, j) => new WebSocket(url, { headers: { 'x-bench-user': `viewer-${i + j}` } }),
  );
  await Promise.all(
    batch.map(
      (ws) =>
        new Promise<void>((resolve, reject) => {
          ws.once('open', () => {
            if (!topic) return resolve();
            ws.once('message', (data: Buffer) => {
              if ((JSON.parse(data.toString()) as { type: string }).type === 'subscribed')
                resolve();
              else reject(new Error(`subscribe refused: ${data.toString()}`));
            });
            ws.send(JSON.stringify({ id: 1, type: 'subscribe', topic }));
          });
          ws.once('error', reject);
        }),
    ),
  );
  sockets.push(...batch);
}
for (const ws of sockets)
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as { type: string; payload?: { sentAt: number } };
    if (m.type !== 'event') return;
    latencies.push(now() - m.payload!.sentAt);
    if (++received === expected) port.postMessage({ type: 'round' });
  });

port.on('message', (m: { type: 'expect'; total: number } | { type: 'done' }) => {
  if (m.type === 'expect') {
    expected = m.total;
    if (received >= expected) port.postMessage({ type: 'round' });
    return;
  }
  for (const ws of sockets) ws.terminate();
  port.postMessage({ type: 'latencies', latencies, received });
  port.close();
});
port.postMessage({ type: 'ready' });
