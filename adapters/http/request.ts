import type { IncomingMessage } from 'node:http';

/** The default body limit of a route (Slack and Discord payloads are far smaller). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Why a signed request's timestamp header is refused (missing, not seconds, more than `maxSkewSeconds`
 * from now either way), or undefined. A request dated in the future is as suspect as a stale one.
 */
export function checkTimestamp(value: string | undefined, nowSeconds: number, maxSkewSeconds = 5 * 60): string | undefined {
  if (!value) return 'missing timestamp';
  if (!/^\d{1,12}$/.test(value)) return 'malformed timestamp';
  return Math.abs(nowSeconds - Number(value)) > maxSkewSeconds ? 'timestamp too far from now' : undefined;
}

/** One header's value (the first, when a client repeated it). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Why a body could not be read: a status to answer with, or 0 when the client has gone. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Reads a request body, refusing more than `limit` bytes or a body that takes longer than `timeoutMs`. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES, timeoutMs = 5000): Promise<Buffer> {
  // The server has read it already (for its checks): the same bytes, not a wait for a stream that has ended.
  const read = (req as IncomingMessage & { rawBody?: Buffer }).rawBody;
  if (read) return Promise.resolve(read);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: BodyError) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish(new BodyError(413, 'request body too large'));
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onClose = () => finish(new BodyError(0, 'client closed the connection'));
    const timer = setTimeout(() => finish(new BodyError(408, 'request body too slow')), timeoutMs);
    req.on('data', onData).on('end', onEnd).on('close', onClose);
  });
}
