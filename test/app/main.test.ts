import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CORPUS_DIR, until } from '../support/helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Runs `npm start`'s entry point from source, with a clean environment plus `env`. */
function startMain(env: Record<string, string>, stdin?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', CORPUS_DIR, REDLINE_FEEDBACK_LOG: '/dev/null', REDLINE_WATCH: 'false', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  if (stdin !== undefined) child.stdin!.end(stdin);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('npm start (app/main.ts)', () => {
  it('with no platform configured, answers lines from standard input and exits 0 at its end', async () => {
    const run = startMain({}, 'nato\n/redline visa\n');
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain("NATO's eastward expansion is currently one of the most serious issues");
    expect(run.out()).toContain('Negotiations on visas');
    expect(run.out()).not.toMatch(/dotenv|injecting env/i);
  });

  it('stops with exit 1 and the variable’s name when a variable is unusable', async () => {
    const run = startMain({ PORT: 'eighty' }, '');
    expect(await run.exited).toBe(1);
    expect(run.err()).toContain('PORT: must be a port number');
  });

  it('serves /healthz once started, and exits 0 on SIGTERM within 5 s', async () => {
    const run = startMain({ DISCORD_PUBLIC_KEY: 'ab'.repeat(32), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    const port = await until(() => /"port":(\d+)/.exec(run.err())?.[1], 15_000);
    const health = await until(() => (/platform started/.test(run.err()) ? true : undefined), 15_000);
    expect(health).toBe(true);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, documents: 1, passages: 22 });
    const started = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('picks up a corpus change while serving, and /healthz reports what is loaded', async () => {
    const { cp, mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'redline-main-'));
    try {
      await cp(CORPUS_DIR, dir, { recursive: true });
      const run = startMain({ CORPUS_DIR: dir, REDLINE_WATCH: 'true', DISCORD_PUBLIC_KEY: 'ab'.repeat(32), PORT: '0', HOST: '127.0.0.1' });
      const port = await until(() => /"port":(\d+)/.exec(run.err())?.[1], 15_000);
      await until(() => (/platform started/.test(run.err()) ? true : undefined), 15_000);
      const health = async () =>
        (await fetch(`http://127.0.0.1:${port}/healthz`)).json() as Promise<{ documents: number; passages: number; loadedAt: string }>;
      const before = await health();
      await writeFile(join(dir, 'extra.md'), '---\ntitle: Extra\nsource: example.org\n---\n\nOne more paragraph.\n\nAnd another.\n');
      let after = before;
      const end = Date.now() + 10_000;
      while (after.documents === before.documents && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
        after = await health();
      }
      expect(after).toMatchObject({ documents: 2, passages: before.passages + 2 });
      expect(after.loadedAt > before.loadedAt).toBe(true);

      // A broken document and a FIFO are skipped and named; the document written beside them is served.
      const { execFileSync } = await import('node:child_process');
      execFileSync('mkfifo', [join(dir, 'pipe.md')]);
      await writeFile(join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\n\nText.\n');
      await writeFile(join(dir, 'more.md'), '---\ntitle: More\nsource: example.org\n---\n\nA third document.\n');
      type Corpus = { broken?: { file: string }; skipped: Array<{ file: string; line?: number; reason: string }> };
      const skipping = await until(
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          const body = (await res.json()) as { documents: number; corpus: Corpus };
          return body.documents === 3 && body.corpus.skipped.length === 2 ? { status: res.status, body } : undefined;
        },
        15_000,
        100,
      );
      expect(skipping.status).toBe(200);
      expect(skipping.body.corpus.broken).toBeUndefined();
      expect(skipping.body.corpus.skipped).toEqual([
        { file: join(dir, 'pipe.md'), reason: 'not a regular file (a named pipe)' },
        { file: join(dir, 'broken.md'), line: 2, reason: expect.stringMatching(/^unreadable front matter/) },
      ]);
      expect(run.err()).toMatch(/corpus file skipped: [^"]*broken\.md:2: unreadable front matter/);

      // A broken settings file: still 200 on the last good corpus, and it is named.
      await writeFile(join(dir, 'channels.yaml'), 'channels: [unclosed\n');
      const reported = await until(
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          const body = (await res.json()) as { documents: number; corpus: Corpus };
          return body.corpus.broken ? { status: res.status, body } : undefined;
        },
        15_000,
        100,
      );
      expect(reported.status).toBe(200);
      expect(reported.body).toMatchObject({ documents: 3, corpus: { broken: { file: join(dir, 'channels.yaml') } } });
      await rm(join(dir, 'channels.yaml'));
      await rm(join(dir, 'broken.md'));
      const fixed = await until(
        async () => {
          const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { corpus: Corpus };
          return body.corpus.broken || body.corpus.skipped.length !== 1 ? undefined : body;
        },
        15_000,
        100,
      );
      expect(fixed.corpus.skipped).toEqual([{ file: join(dir, 'pipe.md'), reason: 'not a regular file (a named pipe)' }]);
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reloads the corpus in the console too, while it reads its input', async () => {
    const { cp, mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'redline-console-'));
    try {
      await cp(CORPUS_DIR, dir, { recursive: true });
      const run = startMain({ CORPUS_DIR: dir, REDLINE_WATCH: 'true' });
      run.child.stdin!.write('fjords\n');
      await until(() => /Nothing in the briefings|nothing/i.test(run.out()), 15_000);
      await writeFile(join(dir, 'fjords.md'), '---\ntitle: Fjords\nsource: example.org\n---\n\nThe fjords froze late this winter.\n');
      await until(
        async () => {
          run.child.stdin!.write('fjords\n');
          await new Promise((r) => setTimeout(r, 200));
          return run.out().includes('The fjords froze late this winter.');
        },
        15_000,
        50,
      );
      run.child.stdin!.end();
      expect(await run.exited).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never logs a secret', async () => {
    const secret = 'cd'.repeat(32);
    const run = startMain({ DISCORD_PUBLIC_KEY: secret, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'trace' });
    await until(() => (/platform started/.test(run.err()) ? true : undefined), 15_000);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.err() + run.out()).not.toContain(secret);
  });
});
