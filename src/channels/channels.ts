import { CorpusError, parseCorpusYaml } from '../corpus/load.js';

// Channel settings: the optional `channels.yaml` of a corpus says which documents a chat channel
// may search, and what redline does there by itself (announce new documents, post a digest, answer
// questions without a mention). The shell hands its text over with the corpus; requests carry their channel.

/** The file's name in the corpus folder (`channels.yml` is read too). */
export const CHANNELS_FILE = 'channels.yaml';

/** How a channel is answered without a slash command: only when mentioned (default), any question, or any message. */
export type AnswerMode = 'mentions' | 'questions' | 'all';
export const ANSWER_MODES: readonly AnswerMode[] = ['mentions', 'questions', 'all'];

/** What a listed channel does by itself, beside what it may search. */
export interface ChannelSettings {
  /** Post each new document's briefing here. Default `false`. */
  announce: boolean;
  /** A five-field cron schedule for a digest of what arrived since the last one; none when absent. */
  digest?: string;
  /** The digest's time zone (IANA name). Default `UTC`. */
  timezone: string;
  /** Answer messages without a mention. Default `mentions`. */
  answer: AnswerMode;
  /** The confidence (0–1) an answer needs to be posted unasked; the default is the core's when absent. */
  confidence?: number;
}

/** Which documents each listed channel may search; `other` for channels not listed (all when absent). */
export interface ChannelScopes {
  /** By channel id (`C0123SALES`, `123456789012345678`) or by name with its `#` (`#sales`). */
  channels: Map<string, string[]>;
  other?: string[];
  /** The settings of every listed channel, by the key it is listed under (a channel listed with a list alone has the defaults). */
  settings?: Map<string, ChannelSettings>;
}

/** A chat channel as a platform names it. */
export interface Channel {
  id: string;
  name?: string;
}

const CHANNEL_KEYS = ['documents', 'announce', 'digest', 'timezone', 'answer', 'confidence'];

/**
 * Reads `channels.yaml`:
 * ```yaml
 * channels:
 *   C0123SALES: [cloud-migration, pricing-2026]   # a channel id: its documents
 *   "#support": [handbook]                        # or a name
 *   C0456BRIEF:
 *     documents: [cloud-migration]                # optional; absent = every document
 *     announce: true                              # post each new document's briefing here
 *     digest: "30 8 * * 1-5"                      # cron (5 fields): a digest of what arrived since the last
 *     timezone: Europe/Paris                      # for the digest (default UTC)
 *     answer: questions                           # mentions (default) | questions | all
 * other: [handbook]                               # optional: channels not listed (default: every document)
 * ```
 * Undefined when there is no file. Throws a `CorpusError` naming the file (and line) when it is wrong.
 */
export function parseChannels(text: string | undefined, file = CHANNELS_FILE): ChannelScopes | undefined {
  if (text === undefined) return undefined;
  const value = parseCorpusYaml(text, file);
  if (value === null || value === undefined) return { channels: new Map(), settings: new Map() };
  if (!isMapping(value)) throw new CorpusError(file, 1, 'must be a mapping with a "channels:" key');
  for (const key of Object.keys(value))
    if (key !== 'channels' && key !== 'other') throw new CorpusError(file, lineOf(text, key), `unknown key "${key}" (channels, other)`);
  const listed = Object.hasOwn(value, 'channels') ? (value.channels ?? {}) : {};
  if (!isMapping(listed))
    throw new CorpusError(file, lineOf(text, 'channels'), '"channels" must map channel ids or #names to lists of document ids');
  const channels = new Map<string, string[]>();
  const settings = new Map<string, ChannelSettings>();
  for (const [channel, entry] of Object.entries(listed)) {
    const key = channel.trim();
    const line = lineOf(text, channel);
    if (isMapping(entry)) {
      const parsed = channelSettings(entry, file, text, line ?? 0);
      if (parsed.documents) channels.set(key, parsed.documents);
      settings.set(key, parsed.settings);
    } else {
      channels.set(key, documentIds(entry, file, line));
      settings.set(key, { announce: false, timezone: 'UTC', answer: 'mentions' });
    }
  }
  const other = Object.hasOwn(value, 'other') ? value.other : undefined;
  return { channels, settings, ...(other !== undefined ? { other: documentIds(other, file, lineOf(text, 'other')) } : {}) };
}

/** The documents a channel may search, or undefined for every document. */
export function scopeOf(scopes: ChannelScopes | undefined, channel: Channel | undefined): string[] | undefined {
  if (!scopes) return undefined;
  const key = channel && listedKey(scopes, channel);
  if (key === undefined) return scopes.other;
  return scopes.channels.get(key);
}

/** What a channel does by itself: its settings when listed, else undefined (a channel not listed does nothing by itself). */
export function settingsOf(scopes: ChannelScopes | undefined, channel: Channel | undefined): ChannelSettings | undefined {
  if (!scopes?.settings || !channel) return undefined;
  const key = listedKey(scopes, channel);
  return key === undefined ? undefined : scopes.settings.get(key);
}

/** The listed channels whose settings pass `wanted` (announce, digest…), by the key they are listed under. */
export function channelsWith(
  scopes: ChannelScopes | undefined,
  wanted: (settings: ChannelSettings) => boolean,
): Array<{ key: string; settings: ChannelSettings }> {
  return [...(scopes?.settings ?? new Map<string, ChannelSettings>())]
    .filter(([, settings]) => wanted(settings))
    .map(([key, settings]) => ({ key, settings }));
}

/** The key a channel is listed under: its id, else its `#name`. */
function listedKey(scopes: ChannelScopes, channel: Channel): string | undefined {
  const listed = (key: string) => scopes.channels.has(key) || scopes.settings?.has(key) === true;
  if (listed(channel.id)) return channel.id;
  const name = channel.name ? `#${channel.name.replace(/^#/, '')}` : undefined;
  return name !== undefined && listed(name) ? name : undefined;
}

function channelSettings(
  entry: Record<string, unknown>,
  file: string,
  text: string,
  from: number,
): { documents?: string[]; settings: ChannelSettings } {
  const lineOf = (key: string) => lineAfter(text, key, from);
  for (const key of Object.keys(entry))
    if (!CHANNEL_KEYS.includes(key)) throw new CorpusError(file, lineOf(key), `unknown key "${key}" (${CHANNEL_KEYS.join(', ')})`);
  const field = (key: string): unknown => (Object.hasOwn(entry, key) ? entry[key] : undefined);
  const documents =
    field('documents') === undefined || field('documents') === null
      ? undefined
      : documentIds(field('documents'), file, lineOf('documents'));
  const announce = field('announce') ?? false;
  if (typeof announce !== 'boolean') throw new CorpusError(file, lineOf('announce'), '"announce" must be true or false');
  const digest = field('digest');
  if (digest !== undefined && digest !== null && !isCron(digest))
    throw new CorpusError(file, lineOf('digest'), '"digest" must be a cron schedule of five fields, e.g. "30 8 * * 1-5"');
  const timezone = field('timezone') ?? 'UTC';
  if (typeof timezone !== 'string' || !isTimeZone(timezone))
    throw new CorpusError(file, lineOf('timezone'), '"timezone" must be an IANA time zone, e.g. Europe/Paris');
  const answer = field('answer') ?? 'mentions';
  if (typeof answer !== 'string' || !(ANSWER_MODES as readonly string[]).includes(answer))
    throw new CorpusError(file, lineOf('answer'), `"answer" must be one of ${ANSWER_MODES.join(', ')}`);
  const confidence = field('confidence');
  if (confidence !== undefined && (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)))
    throw new CorpusError(file, lineOf('confidence'), '"confidence" must be a number from 0 to 1');
  return {
    ...(documents ? { documents } : {}),
    settings: {
      announce,
      timezone,
      answer: answer as AnswerMode,
      ...(typeof digest === 'string' ? { digest: digest.trim() } : {}),
      ...(typeof confidence === 'number' ? { confidence } : {}),
    },
  };
}

/** Five cron fields of digits, `*`, ranges, lists and steps (names of days and months too). */
function isCron(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const fields = value.trim().split(/\s+/);
  return (
    fields.length === 5 &&
    fields.every((field) => /^(\*|[0-9a-z]+(-[0-9a-z]+)?)(\/\d+)?(,(\*|[0-9a-z]+(-[0-9a-z]+)?)(\/\d+)?)*$/i.test(field))
  );
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
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
  return lineAfter(text, key, 0);
}

/** The 1-based line where a key is first written after line `from` (a channel's own keys follow its line). */
function lineAfter(text: string, key: string, from: number): number | undefined {
  const at = text.split('\n').findIndex((line, index) => index >= from && line.replace(/["']/g, '').trimStart().startsWith(`${key}:`));
  return at === -1 ? undefined : at + 1;
}
