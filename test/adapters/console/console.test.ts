import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../../adapters/console/index.js';
import { renderConsoleAnswer } from '../../../adapters/console/render.js';
import { loadShippedRedline } from '../../support/helpers.js';

async function session(input: string): Promise<string> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (d) => (text += d));
  await runConsole({ redline: await loadShippedRedline(), input: Readable.from([input]), output, interactive: false, command: 'redline' });
  return text;
}

describe('console adapter', () => {
  describe('runConsole', () => {
    it('answers each line with the passage and its source line, and ends at end of input', async () => {
      const text = await session('nato\n/redline visa\n');
      expect(text).toContain("NATO's eastward expansion is currently one of the most serious issues");
      expect(text).toContain(
        "— 'Red line' challenges in Russia-US relations · NATO's expansion to the East · ¶ 1 · Nghe An Newspaper (vov.vn)",
      );
      expect(text).toContain('Negotiations on visas with the United States');
      expect(text.indexOf('NATO')).toBeLessThan(text.indexOf('Negotiations on visas'));
    });

    it('pages with "more", and handles help, topics and brief', async () => {
      const text = await session('nato\nmore\nhelp\ntopics\n/redline brief\n');
      expect(text).toMatch(/\[1\/\d+\]/);
      expect(text).toMatch(/\[2\/\d+\]/);
      expect(text).toContain('/redline topics');
      expect(text).toContain('  • Visa negotiations deadlock');
      expect(text).toContain('Briefing:');
    });

    it('restricts to a document with doc:<id>, and names the documents when the id is wrong', async () => {
      expect(await session('nato doc:red-line-russia-us\n')).toContain("NATO's eastward expansion");
      expect(await session('nato doc:nope\n')).toContain('There is no document "nope". Documents: red-line-russia-us.');
    });

    it('says plainly when nothing answers', async () => {
      expect(await session('bitcoin\n')).toContain('Nothing in the corpus answers "bitcoin".');
    });
  });

  describe('renderConsoleAnswer', () => {
    it('strips terminal control characters from echoed input', () => {
      const text = renderConsoleAnswer({ kind: 'results', query: 'x\u001b[31mred', hits: [], total: 0, offset: 0, suggestions: [] });
      expect(text).not.toContain('\u001b');
    });
  });
});
