import type { APIEmbed } from 'discord.js';
import type { ChannelPoster, Post, PostButton, PostResult } from '../../src/briefings/post.js';
import type { BriefItem } from '../../src/types.js';
import type { Logger } from '../../src/log.js';
import { citationParts, highlightPieces, publisherOf } from '../../src/present/present.js';
import { rowsOfAsks } from './buttons.js';
import { embedFor, fitLines, oneLine, withinTotal } from './embeds.js';
import { API_VERSION, EMBED_DESCRIPTION_MAX, EMBED_FOOTER_MAX, EMBED_TITLE_MAX, EMBEDS_PER_MESSAGE, EMBEDS_TOTAL_MAX } from './limits.js';
import { escapeMarkdown, fitEscaped, fitMarkdown, fitPlain } from './markdown.js';
import { message, type DiscordMessage } from './render.js';

// Announcements, digests and watch notifications as channel messages (embeds), posted through
// Discord's REST API with the bot token.

/** Renders a post within Discord's limits (10 embeds, 6,000 characters in all); nothing in it pings anyone. */
export function renderDiscordPost(post: Post): DiscordMessage {
  switch (post.kind) {
    case 'announcement': {
      const count = post.documents.length;
      const shown = post.documents.slice(0, EMBEDS_PER_MESSAGE);
      // Each document's embed gets an equal share of the 6,000 characters all embeds may hold together.
      const share = Math.min(EMBED_DESCRIPTION_MAX, Math.floor((EMBEDS_TOTAL_MAX - shown.length * (EMBED_TITLE_MAX + 200)) / shown.length));
      const embeds = shown.map(({ document, link, items }) =>
        embedFor(document, {
          title: fitEscaped(oneLine(document.title), EMBED_TITLE_MAX),
          description: briefingLines(items, Math.max(100, share)),
          footer: fitPlain([publisherOf(document), document.date].filter(Boolean).join(' · '), 200),
          ...(link ? { link } : {}),
        }),
      );
      const more = count > shown.length ? ` (${count - shown.length} more not shown)` : '';
      const content = count === 1 ? 'New in the corpus:' : `New in the corpus: ${count} documents${more}`;
      return message(content, { embeds: withinTotal(embeds), components: rowsOfAsks(buttonsOf(post.buttons)) });
    }
    case 'digest': {
      const count = post.documents.length + post.more;
      const lines = post.documents.map(({ document, link, arrivedAt, sections, passages }) => {
        const title = escapeMarkdown(oneLine(document.title));
        const topics = sections.length ? ` · ${fitEscaped(oneLine(sections.join(' · ')), 300)}` : '';
        return `• ${link ? `[${title}](${linkTarget(link)})` : `**${title}**`} · ${escapeMarkdown(oneLine(publisherOf(document)))} · ${arrivedAt.slice(0, 10)} · ${passages} ¶${topics}`;
      });
      const embed: APIEmbed = embedFor(undefined, {
        title: `Digest: ${count} new ${count === 1 ? 'document' : 'documents'} since ${post.since.slice(0, 10)}`,
        description: fitLines(post.more ? [...lines, `…and ${post.more} more documents.`] : lines, EMBED_DESCRIPTION_MAX),
        footer: '',
      });
      return message('', { embeds: [embed] });
    }
    case 'watch': {
      const each = Math.floor(
        (EMBEDS_TOTAL_MAX - post.hits.length * (EMBED_TITLE_MAX + EMBED_FOOTER_MAX / 8)) / Math.max(1, post.hits.length),
      );
      const embeds = post.hits.map((hit) => {
        const parts = citationParts(hit.document, hit.passage);
        return embedFor(hit.document, {
          title: fitEscaped(oneLine(hit.passage.section), EMBED_TITLE_MAX),
          description: fitMarkdown(highlightPieces(oneLine(hit.passage.text), hit.highlights), Math.min(EMBED_DESCRIPTION_MAX, each)),
          footer: [parts.title, parts.location, hit.document.publisher].filter(Boolean).join(' · '),
          ...(parts.link ? { link: parts.link } : {}),
        });
      });
      return message(`New on “${escapeMarkdown(oneLine(post.topic))}”:`, { embeds: withinTotal(embeds) });
    }
  }
}

/** A briefing item's key text in an announcement: enough to read, short enough that several sections fit. */
const ITEM_TEXT_MAX = 300;

/** Each section's key passage, cited with its deep link, while they fit in `max`; then how many more. */
function briefingLines(items: readonly BriefItem[], max: number): string {
  const lines = items.map((item) => {
    const parts = citationParts(item.document, item.passage);
    const where = parts.link ? `[${parts.location}](${linkTarget(parts.link)})` : (parts.location ?? '');
    return `**${fitEscaped(oneLine(parts.section ?? 'Lead'), 200)}** · ${where}\n${fitMarkdown(highlightPieces(oneLine(item.text), item.highlights), ITEM_TEXT_MAX)}`;
  });
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const note = i < lines.length - 1 ? `\n\n… and ${lines.length - i - 1} more sections: Full briefing shows them all`.length : 0;
    if (used + line.length + 2 + note > max) {
      const more = `… and ${lines.length - i} more sections: Full briefing shows them all`;
      if (used + more.length + 2 <= max) out.push(more);
      break;
    }
    out.push(line);
    used += line.length + 2;
  }
  return out.join('\n\n');
}

function buttonsOf(buttons: readonly PostButton[]): Array<{ label: string; request: PostButton['request'] }> {
  return buttons.map(({ label, request }) => ({ label: oneLine(label), request }));
}

/** A URL inside a masked link: the characters that would end it percent-encoded. */
function linkTarget(url: string): string {
  return new URL(url).href.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
}

/** Discord's REST client, as much of it as posting needs (discord.js's `REST`). */
export interface RestClient {
  post(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
}

/** Posts channel messages through REST with the bot token; 403, 404 and 429 are a log line and a result, never a throw. */
export function discordPoster(rest: RestClient, log: Logger): ChannelPoster {
  return {
    platform: 'discord',
    async post(channelId: string, post: Post): Promise<PostResult> {
      try {
        await rest.post(`/channels/${channelId}/messages`, { body: renderDiscordPost(post) });
        return { ok: true };
      } catch (error) {
        const e = error as { status?: number; code?: number; message?: string; retryAfter?: number; name?: string };
        if (e.name?.startsWith('RateLimitError') || e.status === 429) {
          const retryAfterSeconds = Math.max(1, Math.round((e.retryAfter ?? 30_000) / 1000));
          log.warn(
            { channel: channelId, kind: post.kind, retryAfterSeconds },
            `discord: rate limited posting the ${post.kind} in ${channelId}; retrying in ${retryAfterSeconds} s`,
          );
          return { ok: false, error: 'rate limited', retryAfterSeconds };
        }
        const hint =
          e.status === 403
            ? ' (give the bot View Channel and Send Messages there)'
            : e.status === 404
              ? ' (check the channel id in channels.yaml)'
              : '';
        log.warn(
          { channel: channelId, kind: post.kind, status: e.status, code: e.code },
          `discord: could not post the ${post.kind} in ${channelId}: ${e.message ?? 'unknown error'}${hint}`,
        );
        return {
          ok: false,
          error: e.status === 403 ? 'missing access' : e.status === 404 ? 'unknown channel' : `failed: ${e.message ?? 'unknown error'}`,
        };
      }
    },
  };
}

/** discord.js's REST client against `DISCORD_API_URL`, rejecting rate limits so the caller decides when to try again. */
export async function createRest(token: string, api: string): Promise<RestClient> {
  const { REST } = await import('discord.js');
  return new REST({ api, version: API_VERSION.replace(/^v/, ''), rejectOnRateLimit: () => true, retries: 1 }).setToken(
    token,
  ) as unknown as RestClient;
}
