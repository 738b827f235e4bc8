import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderConsoleAnswer } from '../../adapters/console/render.js';
import { renderAnswer as renderDiscordAnswer } from '../../adapters/discord/render.js';
import { renderSlackAnswer } from '../../adapters/slack/render.js';
import { loadCorpusDir } from '../../app/corpus/index.js';
import { parseRequest } from '../../src/request/parse.js';
import { slugify } from '../../src/corpus/convert.js';
import { createRedline } from '../../src/service/service.js';
import { expectNothingUnescaped, expectWithinLimits } from '../support/discord-check.js';
import { slackViolations } from '../support/slack-check.js';

// The whole path, document text → passages → index → query → answer → render, over words that
// break lookup tables (prototype member names), keywords, numbers, very long tokens and text that
// is hard to fold or render, in bodies, titles, headings, file names, sidecars and corpus settings.

const PROTOTYPE_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype)])];
// biome-ignore format: a word list reads best packed
const KEYWORDS = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this',
  'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'await', 'async', 'of', 'undefined', 'NaN', 'Infinity', 'prototype',
];
// biome-ignore format: a word list reads best packed
const ODD = [
  '0', '-1', '3.14', '1e21', '28,000', '0x1f', '9007199254740993',
  'e\u0301', 'n\u0303o\u0308', 'a\u0300\u0301\u0302\u0303\u0304', // combining marks
  'مرحبا', 'שָׁלוֹם', '\u202eevil\u202c', '\u200fright', // right to left
  '👋🏽', '👩‍👩‍👧', '🏳️‍🌈', '🇺🇦', // emoji, joined by ZWJ
  'zero\u200bwidth', 'join\u200dme', '\ufeffbom', 'soft\u00adhyphen', // zero-width characters
  'NATO', 'Moscow', 'treaty', 'expansion', 'Russia\'s', 'U.S.', 'United States',
];
const LONG = ['x'.repeat(10_000), 'constructor'.repeat(900), 'ا'.repeat(10_000)];

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }).map(String) },
  // Any text on one line (a line break would change the document's structure, not its words).
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map((w) => w.replace(/[\p{Cc}\u2028\u2029]/gu, ' ')),
  },
);
const some = (text: string) => text.trim().length > 0;
const phrase = (max: number) =>
  fc
    .array(word, { minLength: 1, maxLength: max })
    .map((w) => w.join(' '))
    .filter(some);
const long = fc.constantFrom(...LONG);

interface Doc {
  kind: 'md' | 'txt';
  name: string;
  title: string;
  sections: Array<{ heading: string; paragraphs: string[] }>;
  publisher?: string;
  longToken: boolean;
}

const doc: fc.Arbitrary<Doc> = fc.record(
  {
    kind: fc.constantFrom('md', 'txt'),
    name: word.filter(some),
    title: phrase(4),
    sections: fc.array(fc.record({ heading: phrase(4), paragraphs: fc.array(phrase(20), { minLength: 1, maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    publisher: word,
    longToken: fc.boolean(),
  },
  { requiredKeys: ['kind', 'name', 'title', 'sections', 'longToken'] },
);

/** A file name made of a generated word: what a file system takes, after a letter that gives the document an id. */
function fileName(i: number, name: string, kind: string): string {
  const safe = name.replace(/[/\0]/g, '-').replace(/\p{Cc}/gu, '');
  return `d${i}-${Buffer.from(safe).length > 100 ? safe.slice(0, 20) : safe}.${kind}`;
}

/** A YAML scalar that is always a string: a JSON string is a YAML double-quoted one. */
const quoted = (text: string): string => JSON.stringify(text);

async function writeCorpus(dir: string, docs: Doc[], channelWords: string[], synonyms: string[][]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, d] of docs.entries()) {
    const name = fileName(i, d.name, d.kind);
    ids.push(slugify(name.slice(0, -(d.kind.length + 1))));
    // A closing paragraph of plain words: a body of only emoji or markup is rightly refused as empty.
    const paragraphs = d.sections.map((s, k) => ({
      ...s,
      paragraphs: k === 0 ? [...s.paragraphs, ...(d.longToken ? [LONG[i % LONG.length]!] : []), `Closing note ${i}`] : s.paragraphs,
    }));
    const text =
      d.kind === 'md'
        ? [
            `---\ntitle: ${quoted(d.title)}\nsource: ${quoted(d.name)}\n---`,
            ...paragraphs.flatMap((s) => [`## ${s.heading}`, ...s.paragraphs]),
          ].join('\n\n')
        : [d.title, ...paragraphs.flatMap((s) => [s.heading, ...s.paragraphs.map((p) => `${p}.`)])].join('\n\n');
    await writeFile(join(dir, name), `${text}\n`);
    const sidecar = [
      ...(d.kind === 'txt' ? [`source: ${quoted(d.name)}`] : []),
      ...(d.publisher ? [`publisher: ${quoted(d.publisher)}`] : []),
    ];
    if (sidecar.length) await writeFile(join(dir, `${name}.yaml`), `${sidecar.join('\n')}\n`);
  }
  await writeFile(
    join(dir, 'channels.yaml'),
    `channels:\n${channelWords.map((c, i) => `  ${quoted(c)}: [${ids[i % ids.length]}]`).join('\n')}\n`,
  );
  await writeFile(
    join(dir, 'lexicon.yaml'),
    `synonyms:${synonyms.length ? '' : ' []'}\n${synonyms.map((g) => `  - [${g.map(quoted).join(', ')}]`).join('\n')}\n`,
  );
  return ids;
}

/** Lexicon groups: two words or more, each with something left once trimmed. */
const groups = fc.array(fc.uniqueArray(word.filter(some), { minLength: 2, maxLength: 4, selector: (w) => w.trim() }), { maxLength: 3 });
const channels = fc.uniqueArray(word.filter(some), { minLength: 1, maxLength: 4, selector: (w) => w.trim() });
const query = fc.oneof(
  phrase(6),
  fc.tuple(fc.constantFrom('brief', 'quote', 'topics', 'help', 'ask'), phrase(4)).map(([c, q]) => `${c} ${q}`),
  long,
);

describe('any corpus, any query: the whole path', () => {
  it('loads the corpus, and every query answers or declines, rendered within every limit, without an exception', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { minLength: 1, maxLength: 3 }),
        channels,
        groups,
        fc.array(query, { minLength: 1, maxLength: 6 }),
        async (docs, channelWords, synonyms, queries) => {
          const dir = await mkdtemp(join(tmpdir(), 'redline-whole-'));
          try {
            await writeCorpus(dir, docs, channelWords, synonyms);
            const { index } = await loadCorpusDir(dir);
            const { library } = index;
            expect(library.passages.length).toBeGreaterThan(0);
            for (const p of library.passages) expect(typeof p.text).toBe('string');
            const redline = createRedline(index, { now: Date.now, rateLimit: { count: 1_000_000, seconds: 1 } });
            // Each query in a listed channel (named by a generated word) and in one not listed.
            const where = [...channelWords.map((id) => ({ id })), { id: 'C-unlisted', name: channelWords[0]! }];
            const asked = [...queries, ...docs.map((d) => d.sections[0]!.paragraphs[0]!.split(' ').slice(0, 3).join(' '))];
            for (const [k, text] of asked.entries()) {
              const request = parseRequest(text);
              const { answer, followUps } = redline.respond(request, {
                platform: 'slack',
                userId: 'U1',
                channel: where[k % where.length]!,
              });
              expect(['results', 'topics', 'brief', 'quote', 'help', 'usage']).toContain(answer.kind);
              if (answer.kind === 'results')
                for (const hit of answer.hits) {
                  // An answer quotes the corpus: the passage as indexed.
                  expect(library.passage(hit.passage.id)?.text).toBe(hit.passage.text);
                  for (const [start, end] of hit.highlights) expect(0 <= start && start < end && end <= hit.passage.text.length).toBe(true);
                }
              expect(slackViolations(renderSlackAnswer(answer, { command: 'redline', asked: text, followUps }))).toEqual([]);
              const discord = renderDiscordAnswer(answer, { command: 'redline', followUps });
              expectWithinLimits(discord);
              expectNothingUnescaped(discord);
              expect(renderConsoleAnswer(answer)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
              expect(() => redline.autocomplete(text.slice(0, 100), 25, undefined, { platform: 'discord', userId: 'U2' })).not.toThrow();
            }
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 100 },
    );
    // A hundred corpora, each written, loaded and asked: seconds on a quiet machine, more on a busy one.
  }, 120_000);
});
