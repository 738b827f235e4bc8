// Answers to render in the Slack renderer's tests: tiny inline passages, hits and results, and text that tries Slack's syntax.

import { renderSlackAnswer, type SlackRenderOptions } from '../../adapters/slack/render.js';
import type { Answer, DocumentMeta, Hit, Passage, Span } from '../../src/types.js';
import { followUpsOf } from './helpers.js';

export const HOSTILE = [
  '<!channel>',
  '<!here>',
  '@here',
  '<@U123>',
  '<!subteam^S0TEAM|@team>',
  '*bold*',
  '_it_',
  '~s~',
  '`code`',
  '&amp;',
  '&lt;!channel&gt;',
  '<https://evil.test|click>',
  '> quote',
];

export function passageOf(text: string, fields: Partial<Passage> = {}): Passage {
  return {
    id: 'doc#section/1',
    documentId: 'doc',
    section: 'A section',
    sectionSlug: 'a-section',
    sectionIndex: 1,
    paragraph: 1,
    part: 1,
    order: 0,
    text,
    start: 0,
    end: text.length,
    sentences: [[0, text.length]],
    ...fields,
  };
}

export const plainDocument: DocumentMeta = { id: 'doc', title: 'A title', source: 'example.org' };

export function hitOf(text: string, highlights: Span[] = [], document: DocumentMeta = plainDocument, passage: Partial<Passage> = {}): Hit {
  return { passage: passageOf(text, passage), document, score: 1, highlights };
}

export function results(hits: Hit[], fields: Partial<Extract<Answer, { kind: 'results' }>> = {}): Answer {
  return { kind: 'results', query: 'q', hits, total: hits.length, offset: 0, suggestions: [], ...fields };
}

/** Renders with the follow-ups the core gives the answer. */
export function render(answer: Answer, options: SlackRenderOptions) {
  return renderSlackAnswer(answer, { followUps: followUpsOf(answer, { shared: options.sharedBy !== undefined }), ...options });
}
