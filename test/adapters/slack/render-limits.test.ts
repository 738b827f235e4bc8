import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECTION_TEXT_MAX } from '../../../adapters/slack/limits.js';
import { NOT_FOUND_DOCUMENTS } from '../../../src/chat/follow-ups.js';
import type { Answer, DocumentMeta, Span } from '../../../src/types.js';
import { followUpsOf } from '../../support/helpers.js';
import { messageText, readMrkdwn, slackViolations } from '../../support/slack-check.js';
import { HOSTILE, passageOf, hitOf, results, render } from '../../support/slack-answers.js';

describe('renderSlackAnswer', () => {
  describe('properties', () => {
    const piece = fc.oneof(
      fc.constantFrom(...HOSTILE, ' ', '\n', '&', '<', '>', '|', '🇷🇺', 'ש'),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    );
    const text = (maxLength: number) => fc.array(piece, { maxLength }).map((parts) => parts.join(''));
    const document = fc.record({
      id: text(3),
      title: text(4),
      source: text(3),
      publisher: fc.option(text(3), { nil: undefined }),
      url: fc.option(fc.oneof(fc.webUrl(), text(3)), { nil: undefined }),
    });
    const hit = fc
      .tuple(
        fc.oneof(text(20), text(400)),
        document,
        text(3),
        fc.array(fc.tuple(fc.nat(6000), fc.nat(60)), { maxLength: 8 }),
        fc.string({ maxLength: 60 }),
      )
      .map(([body, doc, section, spans, id]) =>
        hitOf(
          body,
          spans.map(([s, n]) => [s, s + n] as Span),
          doc as DocumentMeta,
          { section, id },
        ),
      );
    const answer: fc.Arbitrary<Answer> = fc.oneof(
      fc
        .tuple(
          fc.array(hit, { maxLength: 4 }),
          text(30),
          fc.nat(100),
          fc.array(text(4), { maxLength: 30 }),
          fc.option(text(2), { nil: undefined }),
        )
        .map(([hits, query, offset, suggestions, doc]) => ({
          kind: 'results' as const,
          query,
          hits,
          total: offset + hits.length + 1,
          offset,
          suggestions,
          doc,
        })),
      fc.tuple(fc.array(hit, { maxLength: 60 }), text(10)).map(([hits, topic]) => ({
        kind: 'brief' as const,
        topic,
        items: hits.map((h) => ({ passage: h.passage, document: h.document, text: h.passage.text, highlights: h.highlights })),
        documents: hits.map((h) => h.document),
        suggestions: [],
      })),
      fc.tuple(fc.array(hit, { maxLength: 30 }), text(10), text(3), text(3)).map(([hits, query, speaker, role]) => ({
        kind: 'quote' as const,
        query,
        quotes: hits.map((h) => ({
          text: h.passage.text,
          speaker,
          role,
          passage: h.passage,
          document: h.document,
          highlights: h.highlights,
        })),
        suggestions: [],
      })),
      fc.array(fc.tuple(document, fc.array(text(3), { maxLength: 80 })), { maxLength: 60 }).map((docs) => ({
        kind: 'topics' as const,
        documents: docs.map(([d, titles]) => ({
          document: d as DocumentMeta,
          sections: titles.map((title, i) => ({ title, slug: `s${i}`, passages: i })),
        })),
      })),
      fc
        .tuple(text(4), fc.array(document, { maxLength: 5 }), fc.array(text(8), { maxLength: 3 }))
        .map(([command, documents, examples]) => ({ kind: 'help' as const, command, documents: documents as DocumentMeta[], examples })),
      text(100).map((message) => ({ kind: 'usage' as const, message })),
    );

    it('no reply exceeds a Block Kit limit, and none holds an unescaped mention', () => {
      fc.assert(
        fc.property(answer, fc.option(text(300), { nil: undefined }), fc.option(text(3), { nil: undefined }), (a, asked, sharedBy) => {
          expect(slackViolations(render(a, { command: 'redline', asked, sharedBy }))).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });

    it('a passage reads back as the corpus has it (escaping loses nothing)', () => {
      fc.assert(
        fc.property(text(60), fc.array(fc.tuple(fc.nat(800), fc.nat(20)), { maxLength: 5 }), (body, spans) => {
          const message = render(
            results([
              hitOf(
                body,
                spans.map(([s, n]) => [s, s + n] as Span),
              ),
            ]),
            { command: 'redline' },
          );
          const shown = readMrkdwn((message.blocks[0] as { text: { text: string } }).text.text);
          const expected = body.length <= SECTION_TEXT_MAX / 5 ? body : shown.replace(/…$/, '');
          expect(shown.replace(/\*/g, '')).toBe((expected || '…').replace(/\*/g, ''));
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('renderSlackAnswer on a corpus of thousands of documents', () => {
  const documents: DocumentMeta[] = Array.from({ length: 5000 }, (_, i) => ({
    id: `doc-${i}`,
    title: `Document ${i}`,
    source: 'example.org',
  }));
  it('shows the topics a message holds and counts the rest', () => {
    const answer: Answer = {
      kind: 'topics',
      documents: documents.map((document) => ({ document, sections: [{ title: 'Part', slug: 'part', passages: 2 }] })),
    };
    const message = render(answer, { command: 'redline' });
    expect(slackViolations(message)).toEqual([]);
    expect(messageText(message)).toMatch(/more documents not shown/);
    expect(message.text!.length).toBeLessThanOrEqual(3000);
  });
  it('lists the first few documents when nothing answers, and points to topics for the rest', () => {
    const topics: Answer = {
      kind: 'topics',
      documents: documents.map((document) => ({ document, sections: [{ title: 'Part', slug: 'part', passages: 2 }] })),
    };
    const nothing: Answer = { kind: 'results', query: 'qwxzv', hits: [], total: 0, offset: 0, suggestions: [] };
    const message = render(nothing, { command: 'redline', asked: 'qwxzv', followUps: followUpsOf(nothing, { topics }) });
    expect(slackViolations(message)).toEqual([]);
    const text = messageText(message);
    expect(text).toContain(`Document ${NOT_FOUND_DOCUMENTS - 1}`);
    expect(text).not.toContain(`Document ${NOT_FOUND_DOCUMENTS} `);
    expect(text).toContain(`…and ${documents.length - NOT_FOUND_DOCUMENTS} more documents: \`/redline topics\` lists them.`);
    // A hint, not the corpus: far smaller than the topics listing itself.
    expect(JSON.stringify(message).length).toBeLessThan(JSON.stringify(render(topics, { command: 'redline' })).length / 4);
  });
  it('briefs the sections a message holds and counts the rest', () => {
    const items = documents.map((document) => ({
      passage: passageOf('Key text.', { documentId: document.id }),
      document,
      text: 'Key text.',
      highlights: [] as Span[],
    }));
    const message = render({ kind: 'brief', topic: '', items, documents, suggestions: [] }, { command: 'redline' });
    expect(slackViolations(message)).toEqual([]);
    expect(messageText(message)).toMatch(/and 4977 more sections not shown/);
  });
});
