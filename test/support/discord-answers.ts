// Answers to render in the Discord renderer's tests: tiny inline passages, a document and results.

import { renderAnswer as renderBare, type RenderOptions } from '../../adapters/discord/render.js';
import type { Answer, DocumentMeta, Hit, Passage } from '../../src/types.js';
import { followUpsOf } from './helpers.js';

/** Tiny inline fixtures: a passage and its document, with whatever text a test needs. */
export function passage(text: string, fields: Partial<Passage> = {}): Passage {
  return {
    id: 'doc#section/2',
    documentId: 'doc',
    section: 'A section',
    sectionSlug: 'section',
    sectionIndex: 1,
    paragraph: 2,
    part: 1,
    order: 3,
    text,
    start: 0,
    end: text.length,
    sentences: [[0, text.length]],
    ...fields,
  };
}

export const DOCUMENT: DocumentMeta = { id: 'doc', title: 'A document', source: 'example.org', publisher: 'Example Press' };

export function results(hits: Hit[], fields: Partial<Extract<Answer, { kind: 'results' }>> = {}): Answer {
  return { kind: 'results', query: 'nato', hits, total: hits.length, offset: 0, suggestions: [], ...fields };
}

export const OPTIONS: RenderOptions = { command: 'redline' };

/** Renders with the follow-ups the core gives the answer. */
export function renderAnswer(answer: Answer, options: RenderOptions) {
  return renderBare(answer, { followUps: followUpsOf(answer, { shared: options.sharedBy !== undefined }), ...options });
}
