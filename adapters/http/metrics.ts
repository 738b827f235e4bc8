import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpServer } from './server.js';

/** The path Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

export interface MetricsRouteOptions {
  /** `REDLINE_METRICS_TOKEN`: required as a bearer token when set. */
  token?: string;
  /** The address the server is bound to (`HOST`): without a token, metrics are served only on a loopback one. */
  host: string;
  scrape: () => Promise<{ contentType: string; text: string }>;
}

/** Whether a bind address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
  );
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Mounts `GET /metrics`: with a token, only a request bearing it (401 otherwise, compared in
 * constant time); without one, only on a server bound to loopback (403 otherwise: the metrics
 * would be open to the network).
 */
export function mountMetrics(http: Pick<HttpServer, 'route'>, options: MetricsRouteOptions): void {
  const digest = options.token === undefined ? undefined : sha256(options.token);
  const open = isLoopback(options.host);
  http.route('GET', METRICS_PATH, async (req, res) => {
    const refuse = (status: number, error: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(`${error}\n`);
    };
    if (digest) {
      const bearer = /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? '').trim());
      if (!bearer || !timingSafeEqual(sha256(bearer[1]!.trim()), digest))
        return refuse(401, 'unauthorized', { 'www-authenticate': 'Bearer realm="metrics"' });
    } else if (!open) {
      return refuse(403, 'metrics are served without REDLINE_METRICS_TOKEN only on a server bound to a loopback address');
    }
    const { contentType, text } = await options.scrape();
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  });
}
