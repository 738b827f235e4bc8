import { mkdtemp, cp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../../../app/corpus/index.js';
import { channelsWith, parseChannels, scopeOf, settingsOf } from '../../../src/channels/channels.js';
import { CorpusError } from '../../../src/corpus/load.js';
import { createRedline, type RedlineService } from '../../../src/service/service.js';
import { withChannels } from '../../../src/service/corpus-index.js';
import { FIXTURES_DIR, loadFixtureRedline, answerOf } from '../../support/helpers.js';

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

    it('reads what a channel does by itself: announce, digest and its time zone, answering, confidence', () => {
      const scopes = parseChannels(`channels:
  C0SALES: [arctic-council]
  C0BRIEF:
    documents: [grain-corridor]
    announce: true
    digest: "30 8 * * 1-5"
    timezone: Europe/Paris
  "#help":
    answer: questions
    confidence: 0.8
other: [arctic-council]
`)!;
      expect(settingsOf(scopes, { id: 'C0SALES' })).toEqual({ announce: false, timezone: 'UTC', answer: 'mentions' });
      expect(settingsOf(scopes, { id: 'C0BRIEF' })).toEqual({
        announce: true,
        digest: '30 8 * * 1-5',
        timezone: 'Europe/Paris',
        answer: 'mentions',
      });
      expect(scopeOf(scopes, { id: 'C0BRIEF' })).toEqual(['grain-corridor']);
      // Listed without documents: every document, not the "other" list.
      expect(scopeOf(scopes, { id: 'C9', name: 'help' })).toBeUndefined();
      expect(settingsOf(scopes, { id: 'C9', name: 'help' })).toEqual({
        announce: false,
        timezone: 'UTC',
        answer: 'questions',
        confidence: 0.8,
      });
      expect(settingsOf(scopes, { id: 'C0NOTLISTED' })).toBeUndefined();
      expect(scopeOf(scopes, { id: 'C0NOTLISTED' })).toEqual(['arctic-council']);
      expect(channelsWith(scopes, (settings) => settings.announce).map(({ key }) => key)).toEqual(['C0BRIEF']);
    });

    it('names the line of a wrong channel setting', () => {
      const wrong = (setting: string) => () => parseChannels(`channels:\n  C1: [x]\n  C2:\n    ${setting}\n`, 'channels.yaml');
      expect(wrong('answer: sometimes')).toThrow(new CorpusError('channels.yaml', 4, '"answer" must be one of mentions, questions, all'));
      expect(wrong('digest: "every morning"')).toThrow(/^channels\.yaml:4: "digest" must be a cron schedule of five fields/);
      expect(wrong('timezone: Mars/Olympus')).toThrow(/^channels\.yaml:4: "timezone" must be an IANA time zone/);
      expect(wrong('announce: "yes please"')).toThrow(/^channels\.yaml:4: "announce" must be true or false/);
      expect(wrong('confidence: 2')).toThrow(/^channels\.yaml:4: "confidence" must be a number from 0 to 1/);
      expect(wrong('anounce: true')).toThrow(/^channels\.yaml:4: unknown key "anounce"/);
    });

    it('reads channel names that are names of Object.prototype as channels, not as inherited fields', () => {
      const scopes = parseChannels('channels:\n  constructor: [x]\n  toString:\n    answer: all\n')!;
      expect(scopeOf(scopes, { id: 'constructor' })).toEqual(['x']);
      expect(settingsOf(scopes, { id: 'toString' })?.answer).toBe('all');
      expect(scopeOf(scopes, { id: 'hasOwnProperty' })).toBeUndefined();
    });
  });

  describe('a scoped channel', () => {
    let redline: RedlineService;
    beforeAll(async () => {
      const base = await loadFixtureRedline({ rateLimit: { count: 1000, seconds: 1 } });
      redline = createRedline(withChannels(base.current(), parseChannels(YAML)), { now: Date.now, rateLimit: { count: 1000, seconds: 1 } });
    });
    const arctic = { platform: 'slack' as const, userId: 'U1', channel: { id: 'C0ARCTIC' } };
    const shipping = { platform: 'discord' as const, userId: 'U2', channel: { id: '123', name: 'shipping' } };

    it('searches only its documents, lists only their topics, and refuses another document by name', () => {
      const found = answerOf(redline, { command: 'ask', text: 'russia', limit: 20 }, arctic);
      if (found.kind !== 'results') throw new Error('expected results');
      expect(found.hits.length).toBeGreaterThan(0);
      expect(new Set(found.hits.map((h) => h.document.id))).toEqual(new Set(['arctic-council']));
      const topics = answerOf(redline, { command: 'topics', text: '' }, arctic);
      expect(topics.kind === 'topics' && topics.documents.map((d) => d.document.id)).toEqual(['arctic-council']);
      expect(answerOf(redline, { command: 'ask', text: 'nato', doc: 'red-line-russia-us' }, arctic)).toMatchObject({ kind: 'usage' });
      const everywhere = answerOf(redline, { command: 'ask', text: 'nato' }, { platform: 'slack', channel: { id: 'C0ELSE' } });
      expect(everywhere.kind === 'results' && everywhere.hits[0]?.document.id).toBe('red-line-russia-us');
    });

    it('merges several documents best first, pages through them, and offers no choice outside them', () => {
      const all = answerOf(redline, { command: 'ask', text: 'ships route', limit: 20 }, shipping);
      if (all.kind !== 'results') throw new Error('expected results');
      expect(new Set(all.hits.map((h) => h.document.id))).toEqual(new Set(['arctic-council', 'grain-corridor']));
      expect(all.hits.map((h) => h.score)).toEqual([...all.hits.map((h) => h.score)].sort((a, b) => b - a));
      const second = answerOf(redline, { command: 'ask', text: 'ships route', limit: 1, offset: 1 }, shipping);
      expect(second.kind === 'results' && second.hits[0]!.passage.id).toBe(all.hits[1]!.passage.id);
      expect(second.kind === 'results' && second.total).toBe(all.total);
      const choices = redline.autocomplete('s', 25, undefined, shipping);
      expect(choices.length).toBeGreaterThan(0);
      const passages = choices.map((c) => redline.current().library.passage(c.value)).filter(Boolean);
      for (const p of passages) expect(['arctic-council', 'grain-corridor']).toContain(p!.documentId);
    });

    it('searches several documents as one scope: the corpus ranking within them, every count and suggestion from them alone', () => {
      const { library } = redline.current();
      const both = new Set(['arctic-council', 'grain-corridor']);
      for (const q of ['ships route', 'grain', 'russia', 'inspections vessel', 'council science', 'qwxzv plorb']) {
        const scoped = answerOf(redline, { command: 'ask', text: q, limit: 20 }, shipping);
        if (scoped.kind !== 'results') throw new Error('expected results');
        // One pass over the set, not each document searched and merged.
        expect(
          scoped.hits.map((h) => [h.passage.id, h.score]),
          q,
        ).toEqual(library.search(q, { doc: both, limit: 20 }).hits.map((h) => [h.passage.id, h.score]));
        // Every passage that answers within the scope is counted, and only those.
        const each = [...both].map((doc) => library.search(q, { doc, limit: 1 }).total);
        expect(scoped.total, q).toBe(each[0]! + each[1]!);
        for (const s of scoped.suggestions) expect(library.search(s, { doc: both }).total, `${q} → ${s}`).toBeGreaterThan(0);
        // A set of every document is the whole corpus; a set of one is that document.
        const all = new Set(library.documents.map((d) => d.id));
        expect(library.search(q, { doc: all, limit: 5 })).toEqual(library.search(q, { limit: 5 }));
        expect(library.search(q, { doc: new Set(['grain-corridor']), limit: 5 })).toEqual(
          library.search(q, { doc: 'grain-corridor', limit: 5 }),
        );
      }
      const none = answerOf(redline, { command: 'ask', text: 'qwxzv plorb' }, shipping);
      const titles = library.documents.filter((d) => both.has(d.id)).flatMap((d) => d.sections.map((s) => s.title));
      expect(none.kind === 'results' && none.suggestions.length).toBeGreaterThan(0);
      for (const s of none.kind === 'results' ? none.suggestions : []) expect(titles).toContain(s);
    });

    it('lists the documents of a scope in corpus order, whatever order channels.yaml gives them', async () => {
      const base = await loadFixtureRedline({ rateLimit: { count: 1000, seconds: 1 } });
      const reversed = createRedline(
        withChannels(base.current(), parseChannels('channels:\n  C0BOTH: [grain-corridor, arctic-council]\n')),
        { now: Date.now, rateLimit: { count: 1000, seconds: 1 } },
      );
      const corpusOrder = base
        .current()
        .library.documents.map((d) => d.id)
        .filter((id) => id === 'grain-corridor' || id === 'arctic-council');
      const here = { platform: 'slack' as const, userId: 'U3', channel: { id: 'C0BOTH' } };
      const topics = answerOf(reversed, { command: 'topics', text: '' }, here);
      expect(topics.kind === 'topics' && topics.documents.map((d) => d.document.id)).toEqual(corpusOrder);
      const brief = answerOf(reversed, { command: 'brief', text: '' }, here);
      expect(brief.kind === 'brief' && [...new Set(brief.items.map((i) => i.document.id))]).toEqual(corpusOrder);
      expect(brief.kind === 'brief' && brief.documents.map((d) => d.id)).toEqual(corpusOrder);
      const help = answerOf(reversed, { command: 'help', text: '' }, here);
      expect(help).toMatchObject({ kind: 'help', examples: [] });
      expect(help.kind === 'help' && help.documents.map((d) => d.id)).toEqual(corpusOrder);
      // Autocomplete ranks the two documents' passages together.
      expect(reversed.autocomplete('grain ship', 25, undefined, here)).toEqual(
        base.current().library.complete('grain ship', 25, new Set(corpusOrder)),
      );
      expect(reversed.autocomplete('grain', 25, 'red-line-russia-us', here)).toEqual([]);
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
