import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A real `redis-server` on 127.0.0.1 (Debian package `redis-server`; `.ci/run` installs it), for the tests that share state. */
export interface RedisServer {
  port: number;
  url: string;
  /** Stops it (SIGKILL: as a crash would). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) clearTimeout(timer), resolve();
    });
    child.once(
      'error',
      (error) => (clearTimeout(timer), reject(new Error(`redis-server could not run (apt-get install redis-server): ${error.message}`))),
    );
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`redis-server exited ${code}: ${out}`))));
  });
  return child;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child = await launch(port);
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    async restart() {
      await kill();
      child = await launch(port);
    },
  };
}
