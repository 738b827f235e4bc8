import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, FIXTURES_DIR, runRedline } from '../../support/helpers.js';

// `redline digest [--json] [--channel ID] [--since DATE]`, over the state the bot keeps without Redis.

describe('redline digest', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'redline-digest-'));
    const corpus = join(dir, 'corpus');
    await cp(CORPUS_DIR, corpus, { recursive: true });
    await cp(join(FIXTURES_DIR, 'arctic-council.md'), join(corpus, 'arctic-council.md'));
    await cp(join(FIXTURES_DIR, 'grain-corridor.txt'), join(corpus, 'grain-corridor.txt'));
    await writeFile(join(corpus, 'channels.yaml'), 'channels:\n  C0ARCTIC:\n    documents: [arctic-council]\n    digest: "0 9 * * *"\n');
    // As the bot left it: the shipped article seen first, the arctic document arrived on 1 Dec, the grain one not seen yet; C0ARCTIC's last digest on 2 Dec.
    const state = {
      version: 1,
      watches: [],
      known: ['red-line-russia-us', 'arctic-council'],
      arrivals: { 'arctic-council': Date.parse('2026-12-01T10:00:00Z') },
      lastDigest: { C0ARCTIC: Date.parse('2026-12-02T09:00:00Z') },
      done: {},
    };
    await writeFile(join(dir, 'redline-briefings.json'), JSON.stringify(state));
    env = { CORPUS_DIR: corpus, REDLINE_FEEDBACK_LOG: join(dir, 'feedback.jsonl') };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists what arrived since a date, grouped by document, counting documents the bot has not seen yet as arriving now', async () => {
    const { code, out } = await runRedline(['digest', '--json', '--since', '2026-11-30'], { env });
    expect(code).toBe(0);
    const digest = JSON.parse(out) as {
      since: string;
      documents: Array<{ id: string; arrivedAt: string; sections: string[]; passages: number }>;
    };
    expect(digest.since).toBe('2026-11-30T00:00:00.000Z');
    expect(digest.documents.map((d) => [d.id, d.arrivedAt.slice(0, 10)])).toEqual([
      ['arctic-council', '2026-12-01'],
      ['grain-corridor', new Date().toISOString().slice(0, 10)],
    ]);
    expect(digest.documents[0]).toMatchObject({ sections: ['Lead', 'Shipping routes', 'Science cooperation'], passages: 3 });
  });

  it('gives a channel’s digest within its documents, since its last digest', async () => {
    const json = JSON.parse((await runRedline(['digest', '--json', '--channel', 'C0ARCTIC'], { env })).out) as {
      since: string;
      documents: unknown[];
    };
    // The arctic document arrived before C0ARCTIC's last digest; the grain one is outside its documents.
    expect(json).toMatchObject({ channel: 'C0ARCTIC', since: '2026-12-02T09:00:00.000Z', documents: [] });
    const text = await runRedline(['digest', '--channel', 'C0ARCTIC', '--since', '2026-11-01'], { env });
    expect(text.out).toMatch(
      /^\[C0ARCTIC\] Digest: 1 new document since 2026-11-01 00:00 UTC\n {2}• The Arctic Council after 2022 · Fixture Press \(example\.org\) · 2026-12-01 10:00 · 3 ¶ · Lead · Shipping routes · Science cooperation <https:\/\/example\.org\/arctic-council>/,
    );
    expect((await runRedline(['digest', '--channel', 'C0ARCTIC'], { env })).out).toBe(
      'Nothing arrived since 2026-12-02 09:00 UTC for C0ARCTIC.\n',
    );
  });

  it('refuses a date it cannot read, and words, with exit status 2', async () => {
    const bad = await runRedline(['digest', '--since', 'last tuesday'], { env });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--since must be a date, e.g. 2026-12-01');
    expect((await runRedline(['digest', 'now'], { env })).code).toBe(2);
  });
});
