import { describe, expect, it } from 'vitest';
import { announcement } from '../../../src/briefings/announce.js';
import { digest } from '../../../src/briefings/digest.js';
import { watchCommand, watchHits, type WatchChannel, type WatchStore } from '../../../src/briefings/watches.js';
import { createRedline } from '../../../src/service/service.js';
import { briefingIndex } from '../../support/briefings.js';
import { answerOf } from '../../support/helpers.js';

/** An in-memory store, as the shell's stores behave. */
function memoryStore(): WatchStore & { saved: Map<string, string[]> } {
  const saved = new Map<string, string[]>();
  const key = (c: WatchChannel) => `${c.platform}:${c.id}`;
  return {
    saved,
    topics: (c) => [...(saved.get(key(c)) ?? [])],
    add(c, topic) {
      const list = saved.get(key(c)) ?? [];
      if (list.includes(topic)) return false;
      saved.set(key(c), [...list, topic]);
      return true;
    },
    remove(c, topic) {
      const list = saved.get(key(c)) ?? [];
      if (!list.includes(topic)) return false;
      saved.set(
        key(c),
        list.filter((t) => t !== topic),
      );
      return true;
    },
  };
}

describe('announcement', () => {
  it('announces each new document in the scope with its briefing (the key passage of each section) and buttons to ask about it', async () => {
    const { library } = await briefingIndex({ withFixtures: true });
    const post = announcement(library, ['arctic-council'])!;
    expect(post.documents.map((d) => d.document.id)).toEqual(['arctic-council']);
    const [arctic] = post.documents;
    expect(arctic!.link).toBe('https://example.org/arctic-council');
    // The same items `brief --doc` gives: one per section, the section's first passage.
    const brief = answerOf(
      createRedline(await briefingIndex({ withFixtures: true }), { now: Date.now }),
      { command: 'brief', text: '', doc: 'arctic-council' },
      { platform: 'cli' },
    );
    expect(brief.kind === 'brief' && brief.items.map((i) => i.passage.id)).toEqual(arctic!.items.map((i) => i.passage.id));
    expect(arctic!.items.length).toBeGreaterThan(1);
    expect(post.buttons.map((b) => [b.request.command, b.request.doc])).toEqual([
      ['topics', 'arctic-council'],
      ['brief', 'arctic-council'],
    ]);
  });

  it('makes a burst of documents one announcement, in corpus order, leaving out documents outside the scope or no longer there', async () => {
    const { library } = await briefingIndex({ withFixtures: true });
    const ids = library.documents.map((d) => d.id);
    const post = announcement(library, ['grain-corridor', 'gone', 'arctic-council'])!;
    expect(post.documents.map((d) => d.document.id)).toEqual(ids.filter((id) => id === 'grain-corridor' || id === 'arctic-council'));
    expect(announcement(library, ['grain-corridor', 'arctic-council'], ['arctic-council'])!.documents.map((d) => d.document.id)).toEqual([
      'arctic-council',
    ]);
    expect(announcement(library, ['grain-corridor'], ['arctic-council'])).toBeUndefined();
  });
});

describe('digest', () => {
  it('lists what arrived in the window, grouped by document in arrival order; nothing new is no digest', async () => {
    const { library } = await briefingIndex({ withFixtures: true });
    const arrivals = [
      { documentId: 'grain-corridor', at: 2000 },
      { documentId: 'arctic-council', at: 1500 },
      { documentId: 'arctic-council', at: 2500 },
      { documentId: 'gone', at: 1600 },
    ];
    const post = digest(library, arrivals, { since: 1000, until: 3000 })!;
    expect(post.documents.map((d) => [d.document.id, d.arrivedAt])).toEqual([
      ['arctic-council', new Date(1500).toISOString()],
      ['grain-corridor', new Date(2000).toISOString()],
    ]);
    expect(post.documents[0]!.passages).toBe(library.passagesOf('arctic-council').length);
    expect(digest(library, arrivals, { since: 2600, until: 3000 })).toBeUndefined();
    expect(digest(library, arrivals, { since: 1000, until: 3000 }, ['grain-corridor'])!.documents).toHaveLength(1);
    const capped = digest(library, arrivals, { since: 0, until: 3000 }, undefined, 1)!;
    expect([capped.documents.length, capped.more]).toEqual([1, 1]);
  });
});

describe('watches', () => {
  const channel: WatchChannel = { platform: 'slack', id: 'C1' };

  it('saves, lists and removes a channel’s topics through the service, never from the kept replies', async () => {
    const store = memoryStore();
    const redline = createRedline(await briefingIndex(), { now: Date.now, watches: store });
    const ask = (text: string) =>
      redline.respond(
        { command: text.split(' ')[0] as 'watch', text: text.split(' ').slice(1).join(' ') },
        { platform: 'slack', userId: 'U1', channel: { id: 'C1' } },
      ).answer;
    expect(ask('watch  Shipping   Routes')).toMatchObject({ kind: 'watches', topics: ['shipping routes'] });
    expect(ask('watch shipping routes')).toMatchObject({ kind: 'watches', message: expect.stringContaining('already') });
    expect(ask('watches ')).toMatchObject({ kind: 'watches', message: expect.stringContaining('"shipping routes"') });
    expect(ask('unwatch shipping routes')).toMatchObject({ kind: 'watches', topics: [] });
    expect(ask('watches ')).toMatchObject({ kind: 'watches', topics: [], message: expect.stringContaining('no topic') });
    expect(ask('watch ')).toMatchObject({ kind: 'usage' });
    // Another channel, another platform: their own lists.
    expect(store.topics({ platform: 'discord', id: 'C1' })).toEqual([]);
  });

  it('needs a channel: a DM, the console and the CLI get a usage note, and nothing is saved', async () => {
    const store = memoryStore();
    const redline = createRedline(await briefingIndex(), { now: Date.now, watches: store });
    const request = { command: 'watch' as const, text: 'nato' };
    expect(answerOf(redline, request, { platform: 'slack', userId: 'U1', channel: { id: 'D1' }, direct: true })).toMatchObject({
      kind: 'usage',
      message: expect.stringContaining('channel'),
    });
    expect(answerOf(redline, request, { platform: 'console' }).kind).toBe('usage');
    expect(answerOf(redline, request, { platform: 'cli' }).kind).toBe('usage');
    expect(store.saved.size).toBe(0);
    expect(watchCommand(undefined, request, channel, 'redline')).toMatchObject({ kind: 'usage' });
  });

  it('finds the new passages that answer a topic, with the same gate as an answer: a weak match is none', async () => {
    const { library } = await briefingIndex({ withFixtures: true });
    const hits = watchHits(library, 'northern sea route cargo', ['arctic-council']);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.passage.documentId === 'arctic-council')).toBe(true);
    expect(hits[0]!.passage.text).toMatch(/Northern Sea Route/);
    // The topic is in the shipped article, not in the new document: nothing new answers it.
    expect(watchHits(library, 'visa negotiations', ['arctic-council'])).toEqual([]);
    expect(watchHits(library, 'cryptocurrency mining', ['arctic-council', 'grain-corridor'])).toEqual([]);
    expect(watchHits(library, 'northern sea route', ['arctic-council'], ['grain-corridor'])).toEqual([]);
  });
});
