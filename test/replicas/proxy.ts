/**
 * A tiny round-robin HTTP load balancer on loopback, as nginx's `upstream` would be: each request goes to the
 * next backend; when a backend refuses or drops the connection it is marked down and the request is sent to
 * the next one (the body is buffered, so it can be sent again). Records which backend answered each request.
 */
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  /** `update_id` of a Telegram update body, when there is one. */
  updateId?: number | undefined;
  backend: number;
  status: number;
}

export interface RoundRobinProxy {
  url: string;
  served: Served[];
  /** Requests sent again to another backend after a connection failure. */
  retried(): number;
  down(): number[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const down = new Set<number>();
  const served: Served[] = [];
  let next = 0;
  let retried = 0;

  const forward = (backend: number, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const target = new URL(path, backends[backend]);
      const req = request(target, { method, headers: { ...headers, host: target.host }, agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('upstream timeout')));
      req.on('error', reject);
      req.end(body);
    });

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    let updateId: number | undefined;
    try {
      const id = (JSON.parse(body.toString('utf8')) as { update_id?: unknown }).update_id;
      if (typeof id === 'number') updateId = id;
    } catch {
      // not JSON: forwarded as it is
    }
    for (let tries = 0; tries < backends.length; tries++) {
      const alive = backends.map((_, i) => i).filter((i) => !down.has(i));
      if (alive.length === 0) break;
      const backend = alive[next++ % alive.length]!;
      try {
        const answer = await forward(backend, req.method ?? 'GET', req.url ?? '/', req.headers, body);
        served.push({ updateId, backend, status: answer.status });
        res.writeHead(answer.status, { 'content-type': answer.headers['content-type'] ?? 'text/plain', 'x-backend': String(backend) });
        res.end(answer.body);
        return;
      } catch {
        // Refused or dropped: the backend is gone; try the next one.
        down.add(backend);
        retried += 1;
      }
    }
    res.writeHead(502).end('no backend');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    retried: () => retried,
    down: () => [...down],
    close: () =>
      new Promise<void>((r) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
