import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../app/log.js';

/** A logger writing into memory, and the JSON lines it wrote so far (pino writes synchronously to a stream). */
function capture(level: string) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const log = createLogger(level, stream);
  const lines = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  return { log, lines };
}

describe('createLogger', () => {
  it('writes JSON lines from the level up, with a child’s bindings', async () => {
    const { log, lines } = capture('warn');
    log.info('not shown');
    log.debug({ a: 1 }, 'not shown');
    log.warn({ file: 'a.md' }, 'corpus changed');
    log.child({ platform: 'slack' }).child({ part: 'http' }).error('failed');
    const written = await lines();
    expect(written.map((l) => [l.level, l.msg])).toEqual([
      [40, 'corpus changed'],
      [50, 'failed'],
    ]);
    expect(written[0]).toMatchObject({ file: 'a.md' });
    expect(written[1]).toMatchObject({ platform: 'slack', part: 'http' });
  });

  it('never writes a secret, however it is nested', async () => {
    const { log, lines } = capture('debug');
    log.debug(
      { token: 'xoxb-secret-1', config: { slackSigningSecret: 'abc123secret' }, headers: { authorization: 'Bot secret-2' } },
      'starting',
    );
    const [line] = await lines();
    expect(JSON.stringify(line)).not.toMatch(/secret-1|abc123secret|secret-2/);
    expect(line).toMatchObject({ token: '[secret]', msg: 'starting' });
  });

  it('writes nothing at silent', async () => {
    const { log, lines } = capture('silent');
    log.error('no');
    expect(await lines()).toEqual([]);
  });
});
