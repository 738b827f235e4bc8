import { describe, expect, it } from 'vitest';
import { runRedline } from '../../support/helpers.js';

describe('redline ask --explain', () => {
  it('prints the answer and why: the query as read, the top passages with their scores, the decision', async () => {
    const plain = await runRedline(['ask', 'sanctions ukraine']);
    const { code, out } = await runRedline(['ask', '--explain', 'sanctions', 'ukriane']);
    expect(code).toBe(0);
    expect(out).toContain(plain.out.split('\n')[0]!.slice(0, 60));
    expect(out).toMatch(/The query as read:\n {2}sanctions {2}\(in the corpus, weight [\d.]+\)/);
    expect(out).toMatch(
      /ukriane {2}\(not in the corpus; read as a misspelling, weight [\d.]+\)\n {4}also searched: Ukraine \(correction, ×[\d.]+\)/,
    );
    expect(out).toMatch(/Top passages:\n {2}1\. [\d.]+ {2}'Red line' challenges/);
    expect(out).toMatch(/Decision: answered\n {2}\d+ of \d+ passages holding its words match at least 45% of its information/);
  });

  it('with --json, adds the explanation to the answer’s JSON, and it agrees with the results', async () => {
    const { code, out } = await runRedline(['ask', '--explain', '--json', '--limit', '3', 'visa negotiations']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.results.length).toBeGreaterThan(0);
    expect(json.explanation.passages.slice(0, json.results.length).map((p: { id: string }) => p.id)).toEqual(
      json.results.map((r: { id: string }) => r.id),
    );
    expect(json.explanation.decision).toMatchObject({ answered: true, answering: json.total, minCoverage: 0.45 });
    expect(json.explanation.words.map((w: { word: string }) => w.word)).toEqual(['visa', 'negotiations']);
  });

  it('explains nothing found with its figures', async () => {
    const { out } = await runRedline(['ask', '--explain', '--json', 'xylophone quokka']);
    const json = JSON.parse(out);
    expect(json.results).toEqual([]);
    expect(json.explanation.decision).toMatchObject({ answered: false, candidates: 0, answering: 0 });
  });

  it('goes with ask and a query only', async () => {
    expect(await runRedline(['topics', '--explain'])).toMatchObject({ code: 2, err: expect.stringContaining('--explain goes with ask') });
    expect(await runRedline(['ask', '--explain'])).toMatchObject({ code: 2, err: expect.stringContaining('ask --explain needs a query') });
  });
});
