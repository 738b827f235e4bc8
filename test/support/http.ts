import { connect, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import { HttpServer, type HttpServerOptions } from '../../adapters/http/server.js';
import { silentLogger } from '../../src/log.js';

/** A raw client: what it has been sent so far, and when the server closed it. */
export interface RawClient {
  socket: Socket;
  received(): string;
  closed: Promise<void>;
}

/**
 * A real HttpServer on 127.0.0.1 for the server's tests (`start`), and raw clients that see exactly
 * what they are sent (`rawClient`); both are closed after each test of the file that calls this.
 */
export function useHttpServers() {
  let server: HttpServer | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await server?.close(100);
    server = undefined;
  });
  const start = async (options: HttpServerOptions = {}): Promise<{ server: HttpServer; url: string; port: number }> => {
    server = new HttpServer(silentLogger, options);
    const { port } = await server.listen(0, '127.0.0.1');
    return { server, url: `http://127.0.0.1:${port}`, port };
  };
  const rawClient = async (port: number): Promise<RawClient> => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return { socket, received: () => text, closed };
  };
  return { start, rawClient };
}
