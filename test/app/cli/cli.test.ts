import { describe, expect, it } from 'vitest';
import { runRedline } from '../../support/helpers.js';

const run = runRedline;

describe('redline CLI', () => {
  describe('ask', () => {
    it('--json prints the contract shape', async () => {
      const { code, out } = await run(['ask', '--json', 'nato']);
      expect(code).toBe(0);
      const json = JSON.parse(out);
      expect(json.query).toBe('nato');
      expect(json.suggestions).toEqual([]);
      const [first] = json.results;
      expect(first).toMatchObject({
        id: 'red-line-russia-us#nato-s-expansion-to-the-east/1',
        section: "NATO's expansion to the East",
        paragraph: 1,
        document: {
          id: 'red-line-russia-us',
          title: "'Red line' challenges in Russia-US relations",
          source: 'vov.vn',
          publisher: 'Nghe An Newspaper',
        },
      });
      expect(first.text).toMatch(/^NATO's eastward expansion is currently one of the most serious issues/);
      expect(first.text.length).toBeLessThanOrEqual(800);
      expect(typeof first.score).toBe('number');
      expect(first.confidence).toBeGreaterThan(0);
      expect(first.confidence).toBeLessThanOrEqual(1);
      for (const r of json.results.slice(1)) expect(r.confidence).toBeLessThanOrEqual(first.confidence);
      expect(first.document).not.toHaveProperty('url');
    });

    it('--limit and --doc', async () => {
      const { out } = await run(['ask', '--json', '--limit', '5', '--doc', 'red-line-russia-us', 'russia']);
      expect(JSON.parse(out).results).toHaveLength(5);
    });

    it('nothing found: exit 0, empty results, suggestions', async () => {
      const { code, out } = await run(['ask', '--json', 'bitcoin']);
      expect(code).toBe(0);
      const json = JSON.parse(out);
      expect(json.results).toEqual([]);
      expect(json.suggestions.length).toBeGreaterThan(0);
    });

    it('batch: one JSON object per input line, same order', async () => {
      const { code, out } = await run(['ask', '--json'], { stdin: 'nato\nbitcoin\n\nvisa\n' });
      expect(code).toBe(0);
      const lines = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.query)).toEqual(['nato', 'bitcoin', '', 'visa']);
      expect(lines[0].results[0].section).toBe("NATO's expansion to the East");
      expect(lines[1].results).toEqual([]);
      expect(lines[3].results[0].section).toBe('Visa negotiations deadlock');
    });

    it('prints readable text with the source line', async () => {
      const { out } = await run(['ask', 'visa']);
      expect(out).toContain('Negotiations on visas with the United States');
      expect(out).toContain(
        "— 'Red line' challenges in Russia-US relations · Visa negotiations deadlock · ¶ 1 · Nghe An Newspaper (vov.vn)",
      );
    });
  });

  describe('usage errors exit 2 with a message saying what is wrong', () => {
    it.each([
      [['ask'], 'ask needs a query'],
      [['ask', '--limit', 'ten', 'nato'], '--limit must be a whole number from 1 to 20 (got "ten")'],
      [['ask', '--limit', '0', 'nato'], '--limit must be a whole number'],
      [['ask', '--frobnicate', 'nato'], "Unknown option '--frobnicate'"],
      [['ask', '--doc', 'nope', 'nato'], 'There is no document "nope"'],
      [['frob'], 'unknown subcommand "frob"'],
      [['quote'], 'quote needs a speaker or a phrase'],
      [['topics', 'extra'], 'topics takes no words'],
      [[], 'usage: redline'],
    ])('%j', async (argv, message) => {
      const { code, err, out } = await run(argv as string[]);
      expect(code).toBe(2);
      expect(err + out).toContain(message);
    });
  });

  describe('corpus and configuration errors exit 1, naming the file or variable', () => {
    it('a corpus folder that does not exist', async () => {
      const { code, err } = await run(['ask', 'nato'], { env: { CORPUS_DIR: '/nonexistent/corpus' } });
      expect(code).toBe(1);
      expect(err).toContain('/nonexistent/corpus');
    });

    it('a bad variable, without printing a secret', async () => {
      const { code, err } = await run(['ask', 'nato'], { env: { SLACK_BOT_TOKEN: 'xoxb-secret-value' } });
      expect(code).toBe(1);
      expect(err).toContain('SLACK_BOT_TOKEN');
      expect(err).not.toContain('secret-value');
    });
  });

  describe('topics, brief, quote', () => {
    it('topics --json lists each document’s sections', async () => {
      const { out } = await run(['topics', '--json']);
      const json = JSON.parse(out);
      expect(json.documents[0]).toMatchObject({ id: 'red-line-russia-us', source: 'vov.vn' });
      expect(json.documents[0].sections.map((s: { title: string }) => s.title)).toContain("NATO's expansion to the East");
    });

    it('brief --json gives one item per section', async () => {
      const json = JSON.parse((await run(['brief', '--json'])).out);
      expect(json.items).toHaveLength(6);
      expect(json.items[0].document.source).toBe('vov.vn');
    });

    it('quote --json gives speaker, role and exact text', async () => {
      const json = JSON.parse((await run(['quote', '--json', 'antonov'])).out);
      expect(json.quotes[0]).toMatchObject({ speaker: 'Anatoly Antonov', role: 'Russian Ambassador to the US' });
      expect(json.quotes[0].passage).toContain(json.quotes[0].text);
    });
  });
});
