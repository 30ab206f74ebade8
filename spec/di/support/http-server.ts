/** A real node:http server for the DI specs, with a tiny hand-made router (no Express). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Runs `routes` in order for requests whose path starts with their prefix, Express-style. */
export function router(
  routes: ReadonlyArray<readonly [string, Route]>,
  onError: (e: unknown, res: ServerResponse) => void,
) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const matching = routes.filter(([prefix]) => (req.url ?? '').startsWith(prefix)).map(([, r]) => r);
    const next = (error?: unknown): void => {
      if (error !== undefined) {
        onError(error, res);
        return;
      }
      const route = matching.shift();
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      route(req, res, next);
    };
    next();
  };
}

export interface Running {
  readonly server: Server;
  readonly base: string;
  close(): Promise<void>;
}

export async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void): Promise<Running> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
