import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSimpleMapping, parseYaml, YAMLParseError } from '../../../src/corpus/yaml.js';

describe('yaml', () => {
  describe('parseSimpleMapping', () => {
    it('reads key: value lines, quoted or plain, and leaves the rest to the library', () => {
      expect(
        parseSimpleMapping(
          `id: red-line\ntitle: "'Red line' challenges"\nsource: vov.vn\n\n# a note\npublisher: 'Nghe An''s paper'\nurl: https://example.org/a?b=c#d\nlanguage:`,
        ),
      ).toEqual({
        id: 'red-line',
        title: "'Red line' challenges",
        source: 'vov.vn',
        publisher: "Nghe An's paper",
        url: 'https://example.org/a?b=c#d',
        language: null,
      });
      expect(
        parseSimpleMapping('# words\nsynonyms:\n  - [kremlin, moscow]\n  - [white house, "the white house"]\n\n  - talks\nother:'),
      ).toEqual({
        synonyms: [['kremlin', 'moscow'], ['white house', 'the white house'], 'talks'],
        other: null,
      });
      expect(parseSimpleMapping('a: no later than\nb: nullable\nc: trueness')).toEqual({
        a: 'no later than',
        b: 'nullable',
        c: 'trueness',
      });
      for (const text of [
        'a:\n  - x\n    - y',
        'a:\n  - [x, [y]]',
        'a:\n  - [x: y]',
        'a: b\n  - x',
        '- x',
        'a:\n  - [x,\n  y]',
        'a:\n  -',
        'id: x # comment',
        'date: 2021-12-01',
        'n: 12',
        'flag: true',
        'list: [a, b]',
        'a: b: c',
        '  indented: x',
        'title: "esc\\"aped"',
        'a: x\na: y',
        'a: |',
        '',
      ])
        expect(parseSimpleMapping(text)).toBeUndefined();
    });

    it('agrees with the yaml library on every mapping it reads', () => {
      const key = fc.constantFrom('id', 'title', 'source', 'url', 'x_y', 'a-b', 'null', 'On', 'k');
      const char = fc.constantFrom(
        'a',
        'Z',
        'No',
        'null',
        'off',
        'TRUE',
        'inf',
        '.inf',
        '+',
        '0x',
        'e5',
        ' ',
        '  ',
        ':',
        '#',
        "'",
        '"',
        '-',
        '?',
        ',',
        '[',
        '{',
        '&',
        '*',
        '!',
        '|',
        '>',
        '%',
        '@',
        '`',
        '1',
        '.',
        '\\',
        '/',
        'é',
        '\t',
        'no',
        'true',
        '~',
      );
      const value = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
      const indent = fc.constantFrom('', ' ', '  ', '    ');
      const flow = fc.array(value, { maxLength: 4 }).map((vs) => `[${vs.join(', ')}]`);
      const item = fc.tuple(indent, fc.oneof(value, flow)).map(([i, v]) => `${i}- ${v}`);
      const line = fc.oneof(
        fc.tuple(key, value).map(([k, v]) => `${k}:${v}`),
        fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
        fc.constant('# note'),
        fc.constant(''),
        key.map((k) => `${k}:`),
        item,
        item,
      );
      fc.assert(
        fc.property(fc.array(line, { minLength: 1, maxLength: 7 }), (lines) => {
          const text = lines.join('\n');
          const fast = parseSimpleMapping(text);
          if (fast === undefined) return;
          expect(fast).toEqual(parse(text));
        }),
        { numRuns: 5000 },
      );
    });
  });

  describe('parseYaml', () => {
    it('falls back to the library for anything else, with its error position', () => {
      expect(parseYaml('tags:\n  - a\n  - b')).toEqual({ tags: ['a', 'b'] });
      expect(parseYaml('')).toBeNull();
      try {
        parseYaml('title: "open\nsource: x');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(YAMLParseError);
        expect((error as YAMLParseError).linePos?.[0].line).toBeGreaterThanOrEqual(1);
      }
    });
  });
});
