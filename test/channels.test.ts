import { mkdtemp, cp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../app/start.js';
import { parseChannels, scopeOf } from '../src/channels.js';
import { CorpusError } from '../src/corpus/load.js';
import { createRedline, withChannels, type RedlineService } from '../src/service.js';
import { FIXTURES_DIR, loadFixtureRedline } from './helpers.js';

const YAML = `# which documents a channel may search
channels:
  C0ARCTIC: [arctic-council]
  "#shipping": [arctic-council, grain-corridor]
`;

describe('channels.yaml', () => {
  describe('parseChannels', () => {
    it('maps channel ids and #names to document ids, with an optional default for the rest', () => {
      const scopes = parseChannels(`${YAML}other: [grain-corridor]\n`)!;
      expect(scopeOf(scopes, { id: 'C0ARCTIC' })).toEqual(['arctic-council']);
      expect(scopeOf(scopes, { id: 'C0OTHER', name: 'shipping' })).toEqual(['arctic-council', 'grain-corridor']);
      expect(scopeOf(scopes, { id: 'C0OTHER', name: 'random' })).toEqual(['grain-corridor']);
      expect(scopeOf(parseChannels(YAML), { id: 'C0OTHER' })).toBeUndefined();
      expect(parseChannels(undefined)).toBeUndefined();
    });

    it('names the file and line of a mistake', () => {
      expect(() => parseChannels('channels:\n  C1: 12\n', 'corpus/channels.yaml')).toThrow(
        new CorpusError('corpus/channels.yaml', 2, 'a channel maps to a list of document ids, e.g. [handbook, pricing-2026]'),
      );
      expect(() => parseChannels('chanels:\n  C1: [x]\n')).toThrow(/^channels\.yaml:1: unknown key "chanels"/);
      expect(() => parseChannels('channels: [\n')).toThrow(CorpusError);
    });
  });

  describe('a scoped channel', () => {
    let redline: RedlineService;
    beforeAll(async () => {
      const base = await loadFixtureRedline({ rateLimit: { count: 1000, seconds: 1 } });
      redline = createRedline(withChannels(base.current(), parseChannels(YAML)), { rateLimit: { count: 1000, seconds: 1 } });
    });
    const arctic = { platform: 'slack' as const, userId: 'U1', channel: { id: 'C0ARCTIC' } };
    const shipping = { platform: 'discord' as const, userId: 'U2', channel: { id: '123', name: 'shipping' } };

    it('searches only its documents, lists only their topics, and refuses another document by name', () => {
      const found = redline.handle({ command: 'ask', text: 'russia', limit: 20 }, arctic);
      if (found.kind !== 'results') throw new Error('expected results');
      expect(found.hits.length).toBeGreaterThan(0);
      expect(new Set(found.hits.map((h) => h.document.id))).toEqual(new Set(['arctic-council']));
      const topics = redline.handle({ command: 'topics', text: '' }, arctic);
      expect(topics.kind === 'topics' && topics.documents.map((d) => d.document.id)).toEqual(['arctic-council']);
      expect(redline.handle({ command: 'ask', text: 'nato', doc: 'red-line-russia-us' }, arctic)).toMatchObject({ kind: 'usage' });
      const everywhere = redline.handle({ command: 'ask', text: 'nato' }, { platform: 'slack', channel: { id: 'C0ELSE' } });
      expect(everywhere.kind === 'results' && everywhere.hits[0]?.document.id).toBe('red-line-russia-us');
    });

    it('merges several documents best first, pages through them, and offers no choice outside them', () => {
      const all = redline.handle({ command: 'ask', text: 'ships route', limit: 20 }, shipping);
      if (all.kind !== 'results') throw new Error('expected results');
      expect(new Set(all.hits.map((h) => h.document.id))).toEqual(new Set(['arctic-council', 'grain-corridor']));
      expect(all.hits.map((h) => h.score)).toEqual([...all.hits.map((h) => h.score)].sort((a, b) => b - a));
      const second = redline.handle({ command: 'ask', text: 'ships route', limit: 1, offset: 1 }, shipping);
      expect(second.kind === 'results' && second.hits[0]!.passage.id).toBe(all.hits[1]!.passage.id);
      expect(second.kind === 'results' && second.total).toBe(all.total);
      const choices = redline.autocomplete('s', 25, undefined, shipping);
      expect(choices.length).toBeGreaterThan(0);
      const passages = choices.map((c) => redline.current().library.passage(c.value)).filter(Boolean);
      for (const p of passages) expect(['arctic-council', 'grain-corridor']).toContain(p!.documentId);
    });

    it('shows the topics of its documents only when nothing is found', () => {
      const { followUps } = redline.respond({ command: 'ask', text: 'qwxzv plorb' }, arctic);
      const topics = followUps.find((f) => f.kind === 'topics');
      expect(topics?.kind === 'topics' && topics.topics.documents.map((d) => d.document.id)).toEqual(['arctic-council']);
    });
  });

  describe('read with the corpus', () => {
    it('is read from the corpus folder, and a document it names that the corpus lacks is an error naming the file', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'redline-channels-'));
      try {
        await cp(FIXTURES_DIR, dir, { recursive: true });
        await writeFile(join(dir, 'channels.yaml'), YAML);
        const loaded = await loadCorpusDir(dir);
        expect(scopeOf(loaded.index.channels, { id: 'C0ARCTIC' })).toEqual(['arctic-council']);
        await writeFile(join(dir, 'channels.yaml'), 'channels:\n  C1: [no-such-document]\n');
        await expect(loadCorpusDir(dir)).rejects.toThrow(`${join(dir, 'channels.yaml')}: no document "no-such-document" in the corpus`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});
