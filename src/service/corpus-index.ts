import type { AnswerContext } from '../answer/answer.js';
import { findExamples, type Examples } from '../answer/examples.js';
import { findAttributions, type Attribution } from '../answer/quote.js';
import { CHANNELS_FILE, type ChannelScopes } from '../channels/channels.js';
import { CorpusError } from '../corpus/load.js';
import { Library, type LibraryOptions, type LibrarySnapshot } from '../search/library.js';
import type { Document } from '../types.js';

// A corpus version as the service serves it: the library, what the commands need beside it, and
// the channels' settings. Built once per corpus version, by the shell or its worker thread.

/** A library with what the commands need beside it (speaker attributions), built once per corpus version. */
export interface CorpusIndex {
  library: Library;
  context: Omit<AnswerContext, 'command'>;
  loadedAt: string;
  /** Which documents each chat channel may search (`channels.yaml`); every channel searches everything without it. */
  channels?: ChannelScopes;
}

/**
 * The index with the corpus's channel scopes; an id the corpus does not have is an error naming the
 * file, unless it is the id of a document skipped as unreadable (`skipped`): that document is left
 * out of the scope (its skip is reported already), so one bad file does not take the corpus down. Each scope is kept once per corpus version in corpus order, without repeats (a scope's topics
 * and briefing list its documents in that order), so no request sorts it.
 */
export function withChannels(
  index: CorpusIndex,
  channels: ChannelScopes | undefined,
  file = CHANNELS_FILE,
  skipped: ReadonlySet<string> = new Set(),
): CorpusIndex {
  if (!channels) return index;
  const { library } = index;
  const inCorpusOrder = (ids: string[]): string[] => {
    for (const id of ids)
      if (!library.documentMeta(id) && !skipped.has(id)) throw new CorpusError(file, undefined, `no document "${id}" in the corpus`);
    return [...new Set(ids.filter((id) => library.documentMeta(id)))].sort((a, b) => library.position(a) - library.position(b));
  };
  const ordered: ChannelScopes = {
    channels: new Map([...channels.channels].map(([channel, ids]) => [channel, inCorpusOrder(ids)])),
    ...(channels.settings ? { settings: channels.settings } : {}),
  };
  if (channels.other) ordered.other = inCorpusOrder(channels.other);
  return { ...index, channels: ordered };
}

/** Indexes loaded documents (or restores a snapshot of their index) for `createRedline`. */
export function buildCorpusIndex(
  documents: Document[],
  options: LibraryOptions,
  now: () => number,
  snapshot?: LibrarySnapshot,
): CorpusIndex {
  return corpusIndexOf(new Library(documents, options, snapshot), now);
}

/** The corpus index of a library already built (or restored by `Library.restore`). */
export function corpusIndexOf(library: Library, now: () => number): CorpusIndex {
  // Only `quote` needs who-said-what: worked out per document on first use, so start-up does not pay for it.
  const attributions = new Map<string, Attribution[]>();
  const byDocument = (documentId: string): Attribution[] => {
    let found = attributions.get(documentId);
    if (!found) {
      found = findAttributions(library.passagesOf(documentId));
      attributions.set(documentId, found);
    }
    return found;
  };
  let examples: Examples | undefined;
  const examplesOf = () => (examples ??= findExamples(library, byDocument));
  return { library, context: { library, attributions: byDocument, examples: examplesOf }, loadedAt: new Date(now()).toISOString() };
}
