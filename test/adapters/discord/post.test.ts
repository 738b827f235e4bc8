import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcement } from '../../../src/briefings/announce.js';
import { digest } from '../../../src/briefings/digest.js';
import type { Post } from '../../../src/briefings/post.js';
import { watchHits } from '../../../src/briefings/watches.js';
import { decodeButtonState } from '../../../src/chat/button-state.js';
import { createRest, discordPoster, renderDiscordPost } from '../../../adapters/discord/post.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fakes/discord.js';
import { messageViolations } from '../../support/fakes/discord-rules.js';
import { expectWithinLimits, unescapedSyntax } from '../../support/discord-check.js';
import { MemoryLogger } from '../../support/log.js';
import { briefingIndex, longDocument } from '../../support/briefings.js';

const CHANNEL = '400000000000000001';
const FORBIDDEN = '400000000000000002';
const UNKNOWN = '400000000000000003';

describe('Discord posts', () => {
  let posts: Record<'announcement' | 'burst' | 'digest' | 'watch', Post>;

  beforeAll(async () => {
    const extra = Array.from({ length: 12 }, (_, i) => longDocument(3, `filler-${i}`));
    const { library } = await briefingIndex({ withFixtures: true, extra: [longDocument(200), ...extra] });
    const ids = library.documents.map((d) => d.id);
    posts = {
      announcement: announcement(library, ['long-report'])!,
      burst: announcement(library, ids)!,
      digest: digest(
        library,
        ids.map((documentId, i) => ({ documentId, at: 1000 + i })),
        { since: 0, until: 5000 },
      )!,
      watch: { kind: 'watch', topic: 'Northern @everyone route', hits: watchHits(library, 'northern sea route', ['arctic-council']) },
    };
  });

  it('keeps a 200-section announcement, a burst of 16 documents, a digest and a watch within 10 embeds and 6,000 characters, pinging nobody', () => {
    for (const [name, post] of Object.entries(posts)) {
      const message = renderDiscordPost(post);
      expectWithinLimits(message);
      expect(messageViolations(message), name).toEqual([]);
      for (const embed of message.embeds) {
        // Masked links are redline's own (the deep links); everything else is escaped.
        const description = (embed.description ?? '').replace(/\[[^\]\n]*\]\(https:[^)\s]*\)/g, '');
        expect(unescapedSyntax(description), name).toEqual([]);
      }
      expect(unescapedSyntax(message.content), name).toEqual([]);
    }
    const big = renderDiscordPost(posts.announcement);
    const chars = big.embeds.reduce(
      (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0),
      0,
    );
    console.log(
      `discord: 200-section announcement = ${big.embeds.length} embed(s), ${chars} of 6000 characters; burst of 16 = ${renderDiscordPost(posts.burst).embeds.length} embeds`,
    );
    expect(big.embeds[0]!.url).toBe('https://example.org/long-report');
    expect(big.embeds[0]!.description).toMatch(
      /\*\*Section 1: harbour \\<@U123> dredging\*\* · \[¶ 1\]\(https:\/\/example\.org\/long-report#:~:text=/,
    );
    expect(big.embeds[0]!.description).toMatch(/… and \d+ more sections: Full briefing shows them all$/);
    expect(renderDiscordPost(posts.burst).embeds).toHaveLength(10);
    expect(renderDiscordPost(posts.burst).content).toMatch(/New in the corpus: 16 documents \(6 more not shown\)/);
  });

  it('carries buttons that answer privately about each document', () => {
    const rows = renderDiscordPost(posts.announcement).components;
    expect(rows.flatMap((r) => r.components.map((b) => decodeButtonState(b.custom_id)))).toMatchObject([
      { action: 'ask', request: { command: 'topics', doc: 'long-report' } },
      { action: 'ask', request: { command: 'brief', doc: 'long-report' } },
    ]);
  });

  describe('discordPoster (discord.js REST against the fake Discord)', () => {
    let discord: FakeDiscord;
    beforeAll(async () => {
      discord = await startFakeDiscord();
      discord.channels = new Map([
        [CHANNEL, 'ok'],
        [FORBIDDEN, 'forbidden'],
      ]);
    });
    afterAll(() => discord.close());

    it('posts a channel message with the bot token, mentions off', async () => {
      const poster = discordPoster(await createRest(discord.token, discord.apiUrl), new MemoryLogger());
      expect(await poster.post(CHANNEL, posts.announcement)).toEqual({ ok: true });
      const sent = await discord.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`);
      expect(sent.headers.authorization).toBe(`Bot ${discord.token}`);
      expect(sent.body).toMatchObject({ allowed_mentions: { parse: [] } });
    });

    it('answers 403 Missing Access and 404 Unknown Channel with a clear log line, not a throw', async () => {
      const log = new MemoryLogger();
      const poster = discordPoster(await createRest(discord.token, discord.apiUrl), log);
      expect(await poster.post(FORBIDDEN, posts.digest)).toEqual({ ok: false, error: 'missing access' });
      expect(await poster.post(UNKNOWN, posts.digest)).toEqual({ ok: false, error: 'unknown channel' });
      const lines = log.lines.map((l) => l.msg);
      expect(lines).toContain(
        `discord: could not post the digest in ${FORBIDDEN}: Missing Access (give the bot View Channel and Send Messages there)`,
      );
      expect(lines).toContain(`discord: could not post the digest in ${UNKNOWN}: Unknown Channel (check the channel id in channels.yaml)`);
    });

    it('gives a 429 back with its retry_after, logged, so the post is tried again later', async () => {
      const log = new MemoryLogger();
      const poster = discordPoster(await createRest(discord.token, discord.apiUrl), log);
      discord.rateLimitNext(new RegExp(`^/channels/${CHANNEL}/messages$`), 7, 'POST');
      expect(await poster.post(CHANNEL, posts.watch)).toEqual({ ok: false, error: 'rate limited', retryAfterSeconds: 7 });
      expect(log.lines.map((l) => l.msg)).toContain(`discord: rate limited posting the watch in ${CHANNEL}; retrying in 7 s`);
    });
  });
});
