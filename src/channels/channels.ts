import { CorpusError, parseCorpusYaml } from '../corpus/load.js';

// Channel scoping: the optional `channels.yaml` of a corpus says which documents a chat channel
// may search. The shell hands its text over with the corpus; requests carry their channel.

/** The file's name in the corpus folder (`channels.yml` is read too). */
export const CHANNELS_FILE = 'channels.yaml';

/** Which documents each listed channel may search; `other` for channels not listed (all when absent). */
export interface ChannelScopes {
  /** By channel id (`C0123SALES`, `123456789012345678`) or by name with its `#` (`#sales`). */
  channels: Map<string, string[]>;
  other?: string[];
}

/** A chat channel as a platform names it. */
export interface Channel {
  id: string;
  name?: string;
}

/**
 * Reads `channels.yaml`:
 * ```yaml
 * channels:
 *   C0123SALES: [cloud-migration, pricing-2026]   # a channel id
 *   "#support": [handbook]                        # or a name
 * other: [handbook]                               # optional: channels not listed (default: every document)
 * ```
 * Undefined when there is no file. Throws a `CorpusError` naming the file (and line) when it is wrong.
 */
export function parseChannels(text: string | undefined, file = CHANNELS_FILE): ChannelScopes | undefined {
  if (text === undefined) return undefined;
  const value = parseCorpusYaml(text, file);
  if (value === null || value === undefined) return { channels: new Map() };
  if (!isMapping(value)) throw new CorpusError(file, 1, 'must be a mapping with a "channels:" key');
  for (const key of Object.keys(value)) if (key !== 'channels' && key !== 'other') throw new CorpusError(file, lineOf(text, key), `unknown key "${key}" (channels, other)`);
  const listed = value.channels ?? {};
  if (!isMapping(listed)) throw new CorpusError(file, lineOf(text, 'channels'), '"channels" must map channel ids or #names to lists of document ids');
  const channels = new Map<string, string[]>();
  for (const [channel, documents] of Object.entries(listed)) channels.set(channel.trim(), documentIds(documents, file, lineOf(text, channel)));
  return { channels, ...(value.other !== undefined ? { other: documentIds(value.other, file, lineOf(text, 'other')) } : {}) };
}

/** The documents a channel may search, or undefined for every document. */
export function scopeOf(scopes: ChannelScopes | undefined, channel: Channel | undefined): string[] | undefined {
  if (!scopes) return undefined;
  const listed = channel && (scopes.channels.get(channel.id) ?? (channel.name ? scopes.channels.get(`#${channel.name.replace(/^#/, '')}`) : undefined));
  return listed ?? scopes.other;
}

function documentIds(value: unknown, file: string, line: number | undefined): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((id) => typeof id !== 'string' || !id.trim()))
    throw new CorpusError(file, line, 'a channel maps to a list of document ids, e.g. [handbook, pricing-2026]');
  return list.map((id: string) => id.trim());
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The 1-based line where a key is written, for messages; undefined when it cannot be found. */
function lineOf(text: string, key: string): number | undefined {
  const at = text.split('\n').findIndex((line) => line.replace(/["']/g, '').trimStart().startsWith(`${key}:`));
  return at === -1 ? undefined : at + 1;
}
