/** A tiny router over node:http: `METHOD /path/:param` patterns, first match wins. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Params = Readonly<Record<string, string>>;
export type Endpoint = (req: IncomingMessage & { params: Params }, res: ServerResponse) => Promise<void>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly endpoint: Endpoint;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, endpoint: Endpoint): this {
    const names: string[] = [];
    const source = path.replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, endpoint });
    return this;
  }

  /** The request listener for `http.createServer`. */
  listener(): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      for (const route of this.routes) {
        const match = route.method === req.method ? route.pattern.exec(path) : null;
        if (!match) continue;
        const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]));
        void route.endpoint(Object.assign(req, { params }), res);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"NotFound"}');
    };
  }
}
