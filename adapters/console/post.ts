import type { ChannelPoster, Post, PostResult } from '../../src/briefings/post.js';
import { publisherOf } from '../../src/present/present.js';
import { sourceLine } from './render.js';

// The console shows what would be posted in a channel as it happens, so announcements, digests and
// watches can be tried with no platform tokens.

/** A post as terminal text: a heading naming the channel, then each document or passage with its source. */
export function renderConsolePost(channel: string, post: Post): string {
  switch (post.kind) {
    case 'announcement': {
      const head = `[${channel}] New in the corpus: ${post.documents.length === 1 ? '1 document' : `${post.documents.length} documents`}`;
      const documents = post.documents.map(({ document, link, items }) => {
        const title = [document.title, publisherOf(document), document.date].filter(Boolean).join(' · ') + (link ? ` <${link}>` : '');
        return [
          title,
          ...items.map((item) => `  ${item.passage.section}\n  ${item.text}\n  — ${sourceLine(item.document, item.passage)}`),
        ].join('\n\n');
      });
      const buttons = post.buttons.length ? [`(ask: ${post.buttons.map((b) => b.label).join(' · ')})`] : [];
      return [head, ...documents, ...buttons].join('\n\n');
    }
    case 'digest': {
      const count = post.documents.length + post.more;
      const lines = post.documents.map(
        ({ document, link, arrivedAt, sections, passages }) =>
          `  • ${document.title} · ${publisherOf(document)} · ${arrivedAt.slice(0, 16).replace('T', ' ')} · ${passages} ¶${sections.length ? ` · ${sections.join(' · ')}` : ''}${link ? ` <${link}>` : ''}`,
      );
      return [
        `[${channel}] Digest: ${count} new ${count === 1 ? 'document' : 'documents'} since ${post.since.slice(0, 16).replace('T', ' ')} UTC`,
        ...lines,
        ...(post.more ? [`  …and ${post.more} more`] : []),
      ].join('\n');
    }
    case 'watch':
      return [
        `[${channel}] New on "${post.topic}":`,
        ...post.hits.map((hit) => `${hit.passage.text}\n— ${sourceLine(hit.document, hit.passage)}`),
      ].join('\n\n');
  }
}

/** Prints each post to `output` as it happens. */
export function consolePoster(output: NodeJS.WritableStream): ChannelPoster {
  return {
    platform: 'console',
    async post(channel: string, post: Post): Promise<PostResult> {
      output.write(`${renderConsolePost(channel, post)}\n\n`);
      return { ok: true };
    },
  };
}
