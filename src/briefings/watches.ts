import { cleanInput } from '../request/parse.js';
import { messages } from '../present/messages.js';
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
  if (!store) return { kind: 'usage', message: messages.watchesUnavailable };
  if (!channel)
    return {
      kind: 'usage',
      message: messages.watchesNeedAChannel(`/${command} ${request.command}${request.command === 'watches' ? '' : ' <topic>'}`),
    };
  const topic = watchTopic(request.text);
  const topics = () => store.topics(channel);
  switch (request.command) {
    case 'watch': {
      if (!topic)
        return {
          kind: 'usage',
          message: messages.watchWhich(`/${command} watch <topic>`),
        };
      if (topics().length >= WATCHES_PER_CHANNEL && !topics().includes(topic))
        return {
          kind: 'usage',
          message: messages.watchesFull(WATCHES_PER_CHANNEL, `/${command} unwatch <topic>`),
        };
      const added = store.add(channel, topic);
      return {
        kind: 'watches',
        topics: topics(),
        message: added ? messages.watching(topic) : messages.watchingAlready(topic),
      };
    }
    case 'unwatch': {
      if (!topic) return { kind: 'usage', message: messages.unwatchWhich(`/${command} unwatch <topic>`) };
      const removed = store.remove(channel, topic);
      return {
        kind: 'watches',
        topics: topics(),
        message: removed ? messages.unwatched(topic) : messages.notWatching(topic),
      };
    }
    default: {
      const list = topics();
      return {
        kind: 'watches',
        topics: list,
        message: list.length ? messages.watchList(list) : messages.watchNone(`/${command} watch <topic>`),
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
