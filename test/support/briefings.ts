import { readCorpusFiles } from '../../app/corpus/files.js';
import type { ChannelPoster, Post, PostResult } from '../../src/briefings/post.js';
import { parseChannels } from '../../src/channels/channels.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { buildCorpusIndex, withChannels, type CorpusIndex } from '../../src/service/corpus-index.js';
import type { Document } from '../../src/types.js';
import { CORPUS_DIR, FIXTURES_DIR, shippedLibraryOptions } from './helpers.js';

/** The shipped article, then (when `withFixtures`) the fixture documents "arriving"; `channels` as channels.yaml text. */
export async function briefingIndex(options: { withFixtures?: boolean; channels?: string; extra?: Document[] } = {}): Promise<CorpusIndex> {
  const files = [...(await readCorpusFiles(CORPUS_DIR)), ...(options.withFixtures ? await readCorpusFiles(FIXTURES_DIR) : [])];
  const index = buildCorpusIndex([...loadCorpus(files), ...(options.extra ?? [])], await shippedLibraryOptions(), Date.now);
  return withChannels(index, parseChannels(options.channels));
}

/** A document of `sections` sections, each with two paragraphs of ordinary sentences (and syntax that must not render or ping). */
export function longDocument(sections: number, id = 'long-report'): Document {
  return {
    id,
    title: `Quarterly <!channel> report *${sections} sections*`,
    source: 'example.org',
    publisher: 'Example Press',
    url: `https://example.org/${id}`,
    format: 'html',
    date: '2026-12-01',
    file: `${id}.html`,
    sections: Array.from({ length: sections }, (_, i) => ({
      title: `Section ${i + 1}: harbour <@U123> dredging`,
      slug: `section-${i + 1}`,
      paragraphs: [
        `The harbour authority said on Monday that dredging of berth ${i + 1} would take eleven weeks and cost more than planned. Work starts after the winter storms, @everyone was told, and the channel stays open to small vessels throughout the works.`,
        `A second paragraph of section ${i + 1} explains the budget, the contractors and the schedule in some detail so that passages are of realistic length.`,
      ],
      captions: [],
    })),
  };
}

/** A poster that records what it is asked to post, answering with `answer` (ok by default). */
export function recordingPoster(
  platform: ChannelPoster['platform'] = 'slack',
  answer: (channel: string, post: Post) => Promise<PostResult> | PostResult = () => ({ ok: true }),
) {
  const posts: Array<{ channel: string; post: Post }> = [];
  const poster: ChannelPoster = {
    platform,
    async post(channel, post) {
      posts.push({ channel, post });
      return answer(channel, post);
    },
  };
  return { poster, posts };
}
