import { cleanInput } from '../request/parse.js';
import { QUERY_MAX_LENGTH } from '../request/commands.js';
import type { Library } from '../search/library.js';
import type { Answer, Hit, Request } from '../types.js';

// Watches: a topic a channel saved with `/redline watch <topic>`. When documents enter the corpus,
// each topic is searched among their passages with the same gate as an answer (a weak match is
// no match), and the channel hears of each passage that answers it once.

/** Topics one channel may watch. */
export const WATCHES_PER_CHANNEL = 25;
/** Passages one notification holds. */
export const WATCH_HITS_MAX = 3;

/** The channel a watch belongs to (channel ids are per platform). */
export interface WatchChannel {
  platform: 'slack' | 'discord';
  id: string;
}

export interface Watch extends WatchChannel {
  topic: string;
}

/**
 * Where the service keeps watches: read at once (the shell keeps every watch in memory and writes
 * each change through to a file or Redis, where other replicas hear of it).
 */
export interface WatchStore {
  topics(channel: WatchChannel): string[];
  /** False when the channel already watches it. */
  add(channel: WatchChannel, topic: string): boolean;
  /** False when the channel did not watch it. */
  remove(channel: WatchChannel, topic: string): boolean;
}

/** A topic as it is saved and compared: cleaned, lower-cased, at most a query's length. */
export function watchTopic(text: string): string {
  return cleanInput(text).toLowerCase().slice(0, QUERY_MAX_LENGTH).trim();
}

export function isWatchCommand(command: Request['command']): command is 'watch' | 'unwatch' | 'watches' {
  return command === 'watch' || command === 'unwatch' || command === 'watches';
}

/**
 * `watch <topic>`, `unwatch <topic>`, `watches` in a channel. Without a channel (a DM, the console,
 * the CLI) or without a store, a usage note says where watches work.
 */
export function watchCommand(store: WatchStore | undefined, request: Request, channel: WatchChannel | undefined, command: string): Answer {
  if (!store) return { kind: 'usage', message: 'Watches are not available here.' };
  if (!channel)
    return {
      kind: 'usage',
      message: `Watches belong to a channel: type \`/${command} ${request.command}${request.command === 'watches' ? '' : ' <topic>'}\` in the channel that should hear of new passages.`,
    };
  const topic = watchTopic(request.text);
  const topics = () => store.topics(channel);
  switch (request.command) {
    case 'watch': {
      if (!topic)
        return {
          kind: 'usage',
          message: `Say which topic: \`/${command} watch <topic>\`. New passages that answer it will be posted here.`,
        };
      if (topics().length >= WATCHES_PER_CHANNEL && !topics().includes(topic))
        return {
          kind: 'usage',
          message: `This channel watches ${WATCHES_PER_CHANNEL} topics already; \`/${command} unwatch <topic>\` one first.`,
        };
      const added = store.add(channel, topic);
      return {
        kind: 'watches',
        topics: topics(),
        message: added
          ? `Watching "${topic}": new passages that answer it will be posted in this channel.`
          : `This channel already watches "${topic}".`,
      };
    }
    case 'unwatch': {
      if (!topic) return { kind: 'usage', message: `Say which topic: \`/${command} unwatch <topic>\`.` };
      const removed = store.remove(channel, topic);
      return {
        kind: 'watches',
        topics: topics(),
        message: removed ? `No longer watching "${topic}".` : `This channel does not watch "${topic}".`,
      };
    }
    default: {
      const list = topics();
      return {
        kind: 'watches',
        topics: list,
        message: list.length
          ? `This channel watches: ${list.map((t) => `"${t}"`).join(', ')}.`
          : `This channel watches no topic. \`/${command} watch <topic>\` to hear of new passages on it.`,
      };
    }
  }
}

/**
 * The passages of `documents` (those that just arrived, within the channel's scope) that answer a
 * topic, best first: the search's own no-answer gate decides, as for a question. Each document is
 * searched on its own, so a new document's passages are not crowded out by an earlier one's.
 */
export function watchHits(library: Library, topic: string, documents: readonly string[], scope?: readonly string[]): Hit[] {
  const allowed = scope ? new Set(scope) : undefined;
  const within = [...new Set(documents)].filter((id) => (!allowed || allowed.has(id)) && library.documentMeta(id));
  if (!topic) return [];
  return within.flatMap((id) => library.search(topic, { doc: id, limit: WATCH_HITS_MAX }).hits).sort((a, b) => b.score - a.score);
}
