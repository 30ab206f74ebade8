/**
 * A loopback TCP proxy between Tabula and a PostgreSQL or MariaDB server that cuts a connection
 * at its COMMIT, when armed. Each way of cutting fixes what the server did with the transaction,
 * so a spec can assert what Tabula then reports:
 *
 * - `after`: the COMMIT is forwarded and the server's reply swallowed; the cut comes once the
 *   reply reached the proxy, so the server has committed.
 * - `before`: the COMMIT is never forwarded; the server sees its session close inside a
 *   transaction and rolls back.
 * - `{ holdMs }`: the client side is cut at once, the COMMIT reaches the server `holdMs` later
 *   (the transaction is "in progress" meanwhile), then the server side closes after its reply.
 * - `{ raceMs }`: the COMMIT is forwarded, both sides close `raceMs` later: the reply may or may not
 *   get through first, and the server may or may not have read the COMMIT.
 *
 * `down: true` keeps the server unreachable after the cut (open connections cut, new ones
 * refused) until `up()`. `on` cuts at another statement than COMMIT (its text, say `DELETE`): a
 * flush's only statement, sent without a transaction, is then what the modes above hold back.
 */
import { createServer, type Server, Socket } from 'node:net';

export type CutMode = 'after' | 'before' | { readonly holdMs: number } | { readonly raceMs: number };

export interface CommitCutter {
  /** The server URL with host and port replaced by the proxy's. */
  readonly url: string;
  /** Cut the next connection that sends a COMMIT (once), or the statement `on`. */
  arm(mode?: CutMode, options?: { down?: boolean; on?: string }): void;
  /** Disarms without cutting. */
  disarm(): void;
  /** Makes the server reachable again after `down`. */
  up(): void;
  /** How many connections were cut. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function commitCutter(serverUrl: string, defaultPort: number): Promise<CommitCutter> {
  const target = new URL(serverUrl);
  const host = target.hostname;
  const port = Number(target.port || defaultPort);
  const sockets = new Set<Socket>();
  const heldSockets = new Set<Socket>();
  let armed: { mode: CutMode; down: boolean; on: string } | undefined;
  let isDown = false;
  let cuts = 0;
  const goDown = () => {
    isDown = true;
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const server: Server = createServer((client) => {
    if (isDown) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    let swallowReply: (() => void) | undefined;
    let held = false;
    const drop = () => {
      client.destroy();
      sockets.delete(client);
      if (held) return;
      upstream.destroy();
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(port, host);
    upstream.on('data', (chunk: Buffer) => {
      if (swallowReply) swallowReply();
      else client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      // pg (simple and extended protocol) and mysql2 both send the statement text.
      if (!armed || !chunk.includes(armed.on)) {
        upstream.write(chunk);
        return;
      }
      const { mode, down } = armed;
      armed = undefined;
      cuts++;
      const after = () => {
        drop();
        if (down) goDown();
      };
      if (mode === 'before') return after();
      if (mode === 'after') {
        swallowReply = after;
        upstream.write(chunk);
        return;
      }
      if ('raceMs' in mode) {
        upstream.write(chunk);
        setTimeout(after, mode.raceMs);
        return;
      }
      // The server side lives on past a `down` (it is the session still holding the transaction).
      held = true;
      sockets.delete(upstream);
      heldSockets.add(upstream);
      client.destroy();
      if (down) goDown();
      const timer = setTimeout(() => {
        swallowReply = () => upstream.destroy();
        upstream.write(chunk);
      }, mode.holdMs);
      upstream.on('close', () => {
        clearTimeout(timer);
        heldSockets.delete(upstream);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy: no TCP address');
  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    arm: (mode = 'after', options = {}) => {
      armed = { mode, down: options.down ?? false, on: options.on ?? 'COMMIT' };
    },
    disarm: () => {
      armed = undefined;
    },
    up: () => {
      isDown = false;
    },
    get cuts() {
      return cuts;
    },
    close: async () => {
      for (const s of [...sockets, ...heldSockets]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
