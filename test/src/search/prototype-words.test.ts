import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../../../app/corpus/index.js';
import { CorpusError, parseDocument } from '../../../src/corpus/load.js';
import { coverageOf } from '../../../src/search/rank.js';
import { termOf, termsOf } from '../../../src/search/text.js';
import { createRedline, type RedlineService } from '../../../src/service/service.js';
import type { CorpusIndex } from '../../../src/service/corpus-index.js';
import type { Answer } from '../../../src/types.js';
import { loadShippedIndex, answerOf } from '../../support/helpers.js';

// Words that name a member of Object.prototype or Function.prototype are words like any other:
// a table keyed by text that falls through to the prototype (a plain object) answers them with a
// function. Each case here failed before the tables were Maps (or read through Object.hasOwn).

const NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  'prototype',
  'call',
  'apply',
  'bind',
  'caller',
  'arguments',
  'length',
  'name',
];

const dirs: string[] = [];
async function corpus(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redline-proto-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function topPassage(answer: Answer): string | undefined {
  return answer.kind === 'results' ? answer.hits[0]?.passage.text : undefined;
}

describe('text pipeline', () => {
  it('turns every prototype name into a string term (or none), never a function', () => {
    for (const name of NAMES) {
      const term = termOf(name);
      expect(term === null || typeof term === 'string', name).toBe(true);
    }
    expect(termOf('constructor')).toBe('constructor');
  });

  it('a coverage over a plain match object counts only its own keys', () => {
    const terms = [
      { term: 'constructor', word: 'constructor', alternatives: new Map([['constructor', 1]]), weight: 1, reading: 'corpus' as const },
    ];
    expect(coverageOf(terms, {}).coverage).toBe(0);
    expect(coverageOf(terms, { constructor: ['text'] }).coverage).toBe(1);
  });
});

describe('a corpus holding prototype names', () => {
  let redline: RedlineService;
  let dir: string;
  beforeAll(async () => {
    dir = await corpus({
      'one-line.md': '---\ntitle: One line\nsource: example.org\n---\nA paragraph with the word constructor in it.\n',
      'words.md': [
        '---',
        'title: The constructor and toString guide',
        'source: example.org',
        '---',
        '',
        'Lead paragraph about the prototype chain.',
        '',
        '## valueOf and hasOwnProperty',
        '',
        ...NAMES.map((name) => `The ${name} entry says the ${name} member matters for zebrafinch.`),
      ].join('\n\n'),
      'notes.txt': 'Field notes on __proto__\n\nThe __proto__ slot and isPrototypeOf checks are rare in field notes.\n',
      'notes.txt.yaml': 'title: constructor\nsource: toString\npublisher: valueOf\n',
      'lexicon.yaml': 'synonyms:\n  - [constructor, builder]\n  - [toString, hasOwnProperty, valueOf]\n  - [__proto__, prototype]\n',
      'channels.yaml': 'channels:\n  constructor: [words]\n  __proto__: [notes]\n  "#toString": [one-line]\nother: [words, notes]\n',
    });
    const loaded = await loadCorpusDir(dir);
    redline = createRedline(loaded.index, { now: Date.now, rateLimit: { count: 1_000_000, seconds: 1 } });
  });

  it("loads, with the sidecar's prototype-named values as its citation", () => {
    const notes = answerOf(redline, { command: 'topics', text: '' }, { platform: 'cli' });
    expect(notes.kind).toBe('topics');
    const doc = notes.kind === 'topics' ? notes.documents.find((d) => d.document.id === 'notes')?.document : undefined;
    expect(doc).toMatchObject({ title: 'constructor', source: 'toString', publisher: 'valueOf' });
  });

  it('answers each prototype name with a passage that holds it', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__proto__']) {
      const answer = answerOf(redline, { command: 'ask', text: name }, { platform: 'cli' });
      const text = topPassage(answer);
      expect(text, name).toBeDefined();
      expect(termsOf(text!), name).toEqual(expect.arrayContaining(termsOf(name)));
    }
  });

  it('finds a passage through a lexicon group of prototype names', () => {
    // "builder" is in no document: only the lexicon's [constructor, builder] group finds it.
    const text = topPassage(answerOf(redline, { command: 'ask', text: 'builder zebrafinch' }, { platform: 'cli' }));
    expect(text).toMatch(/constructor/);
  });

  it('scopes channels named after prototype members by channels.yaml, and others by "other"', () => {
    const docsFor = (id: string): string[] => {
      const answer = answerOf(redline, { command: 'topics', text: '' }, { platform: 'slack', channel: { id } });
      return answer.kind === 'topics' ? answer.documents.map((d) => d.document.id) : [];
    };
    expect(docsFor('constructor')).toEqual(['words']);
    expect(docsFor('__proto__')).toEqual(['notes']);
    expect(
      answerOf(redline, { command: 'topics', text: '' }, { platform: 'slack', channel: { id: 'C1', name: 'toString' } }),
    ).toMatchObject({ documents: [{ document: { id: 'one-line' } }] });
    expect(docsFor('hasOwnProperty').sort()).toEqual(['notes', 'words']);
  });
});

describe('front matter and sidecars', () => {
  it('a front matter key named after a prototype member is never read as a field', () => {
    const doc = parseDocument({ file: 'x.md', content: '---\ntitle: T\nsource: s\nconstructor: c\ntoString: t\n---\n\nText.\n' });
    expect(doc).toMatchObject({ id: 'x', title: 'T', source: 's' });
  });

  it('a sidecar key named after a prototype member is refused by name', () => {
    for (const key of ['constructor', '__proto__', 'toString']) {
      expect(() => parseDocument({ file: 'a.txt', content: 'Title\n\nSome text here.\n', sidecar: `source: s\n${key}: x\n` }), key).toThrow(
        CorpusError,
      );
      expect(() => parseDocument({ file: 'a.txt', content: 'Title\n\nSome text here.\n', sidecar: `source: s\n${key}: x\n` }), key).toThrow(
        `unknown field "${key}"`,
      );
    }
  });
});

describe('the shipped corpus', () => {
  let redline: RedlineService;
  let index: CorpusIndex;
  beforeAll(async () => {
    index = await loadShippedIndex();
    redline = createRedline(index, { now: Date.now, rateLimit: { count: 1_000_000, seconds: 1 } });
  });

  it('reads a prototype name in a query as a word, with string terms only', () => {
    for (const name of NAMES) {
      const read = index.library.read(`${name} nato`);
      for (const t of read.terms) {
        expect(typeof t.term, name).toBe('string');
        for (const alt of t.alternatives.keys()) expect(typeof alt, name).toBe('string');
      }
      expect(read.terms.map((t) => t.term)).toContain('nato');
    }
    expect(index.library.read('constructor').terms.map((t) => t.term)).toEqual(['constructor']);
  });

  it('answers or declines a query with a prototype name, as it would with a word of the same reading', () => {
    expect(topPassage(answerOf(redline, { command: 'ask', text: 'nato' }, { platform: 'cli' }))).toMatch(/NATO/);
    for (const name of NAMES) {
      const answer = answerOf(redline, { command: 'ask', text: `${name} nato` }, { platform: 'cli' });
      expect(answer.kind, name).toBe('results');
      if (answer.kind === 'results')
        for (const hit of answer.hits) expect(hit.passage.text).toBe(index.library.passage(hit.passage.id)!.text);
    }
    // "valueof" and "valuexf" are both words the corpus and English lack: they read, and answer, alike.
    const same = (a: string, b: string) => {
      const [x, y] = [a, b].map((text) => answerOf(redline, { command: 'ask', text }, { platform: 'cli' }));
      expect(x!.kind === 'results' && x!.hits.map((h) => h.passage.id)).toEqual(y!.kind === 'results' && y!.hits.map((h) => h.passage.id));
    };
    same('valueOf nato', 'valuexf nato');
    same('hasOwnProperty nato', 'hasownpropertx nato');
    same('constructor moscow', 'constructors moscow');
  });
});
