import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer } from '../../../adapters/discord/render.js';
import { renderSlackAnswer } from '../../../adapters/slack/render.js';
import { loadCorpusDir } from '../../../app/corpus/index.js';
import { dayOf } from '../../../app/metrics/daily.js';
import { parseRequest } from '../../../src/request/parse.js';
import { createRedline } from '../../../src/service/service.js';
import { launchBrowser } from '../../support/browser.js';
import {
  ADMIN_TOKEN,
  GAPS,
  HOSTILE_TITLE,
  SEEDED_DAYS,
  SKIPPED_FILE,
  SOURCE_TITLE,
  SOURCE_URL,
  startOperatorSite,
  type OperatorSite,
} from './operator-site.js';

// The operator page as a person uses it, in headless Chromium: sign in, read the corpus, the chart,
// try a question. Screenshots go to a temporary folder, or to docs/ with REDLINE_SCREENSHOTS=docs
// (the README shows those).

const DOCS = fileURLToPath(new URL('../../../docs', import.meta.url));

let site: OperatorSite;
let chromium: Awaited<ReturnType<typeof launchBrowser>>;
let browser: Browser;
let page: Page;
let shots: string;

beforeAll(async () => {
  [site, chromium] = await Promise.all([startOperatorSite(), launchBrowser()]);
  browser = chromium.browser;
  page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900, deviceScaleFactor: 1 });
  shots = process.env.REDLINE_SCREENSHOTS === 'docs' ? DOCS : await mkdtemp(join(tmpdir(), 'redline-shots-'));
  await mkdir(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await site?.close();
  if (shots && shots !== DOCS) await rm(shots, { recursive: true, force: true });
});

async function shoot(name: string, selector?: string): Promise<void> {
  const path = join(shots, `admin-${name}.png`) as `${string}.png`;
  if (selector) await (await page.$(selector))!.screenshot({ path });
  else await page.screenshot({ path });
  expect((await stat(path)).size).toBeGreaterThan(1000);
}

const text = (selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);

describe('the operator page in a browser', () => {
  it('asks for the token first; a wrong one is refused, the right one signs in', async () => {
    const first = await page.goto(`${site.base}/admin`);
    expect(first!.status()).toBe(401);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
    await page.keyboard.type('wrong-token-000000000000');
    const [refused] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(refused!.status()).toBe(401);
    expect(await text('[role=alert]')).toBe('That is not the token.');
    await shoot('sign-in');

    await page.type('#token', ADMIN_TOKEN);
    const [signedIn] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(signedIn!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/admin');
    const cookies = await browser.cookies();
    const session = cookies.find((c) => c.name === 'redline_admin')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(session.value).not.toContain(ADMIN_TOKEN);
    // The cookie is out of the page's reach.
    expect(await page.evaluate(() => document.cookie)).toBe('');
  }, 30_000);

  it('shows the corpus: each document, and the file skipped with its reason; hostile metadata stays text', async () => {
    const rows = await page.$$eval('#corpus table:last-of-type tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
    );
    const shipped = rows.find((r) => r[0]!.startsWith("'Red line' challenges"))!;
    expect(shipped.slice(1, 6)).toEqual(['md', '6', '22', '—', 'vov.vn']);
    expect(shipped[6]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    const hostile = rows.find((r) => r[0]!.startsWith(HOSTILE_TITLE))!;
    expect(hostile[5]).toBe('<script>alert(1)</script>');
    expect(await page.$$('#corpus img, script')).toHaveLength(0);
    expect(await page.title()).toBe('redline · operator');
    const leftOut = await text('#corpus [aria-label="Files left out"]');
    expect(leftOut).toContain(SKIPPED_FILE);
    expect(leftOut).toMatch(/skipped\s+.*over the size limit.*REDLINE_MAX_FILE_MB/);
    await shoot('corpus', '#corpus');
  });

  it('lists the sources followed, each with its last fetch, items and errors, its title as text', async () => {
    const rows = await page.$$eval('#sources tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(0, 2)).toEqual([SOURCE_TITLE, '1h']);
    expect(await page.$eval('#sources a', (a) => a.getAttribute('href'))).toBe(SOURCE_URL);
  });

  it('charts questions per day from the seeded counts, and lists the gaps, each a link to try it', async () => {
    const titles = await page.$$eval('#questions svg rect title, #questions svg line title', (ts) => ts.map((t) => t.textContent));
    for (const { ago, asked, answered, nothing, up, down } of SEEDED_DAYS) {
      const day = dayOf(Date.now() - ago * 86_400_000);
      expect(titles).toContain(`${day}: ${asked} asked`);
      expect(titles).toContain(`${day}: ${answered} answered`);
      if (nothing) expect(titles).toContain(`${day}: ${nothing} found nothing`);
      if (up) expect(titles).toContain(`${day}: ${up} 👍`);
      if (down) expect(titles).toContain(`${day}: ${down} 👎`);
    }
    // The bars stand in proportion: a day with twice the answers has a bar twice as tall.
    const heights = await page.$$eval('#questions svg rect', (rs) =>
      Object.fromEntries(rs.map((r) => [r.querySelector('title')!.textContent, Number(r.getAttribute('height'))])),
    );
    const today = dayOf(Date.now());
    const yesterday = dayOf(Date.now() - 86_400_000);
    expect(heights[`${yesterday}: 10 answered`]! / heights[`${yesterday}: 2 👍`]!).toBeCloseTo(5, 1);
    expect(heights[`${today}: 7 answered`]! / heights[`${today}: 1 👎`]!).toBeCloseTo(7, 1);
    const total = SEEDED_DAYS.reduce((n, d) => n + d.asked, 0);
    expect(await text('#questions p')).toContain(`${total} asked`);
    const gapLinks = await page.$$eval('#questions a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    for (const gap of GAPS) expect(gapLinks).toContainEqual([gap.query, `/admin?q=${encodeURIComponent(gap.query)}#try`]);
    await shoot('questions', '#questions');
  });

  it('tries a gap from its link: nothing found, in both previews, with why', async () => {
    await Promise.all([page.waitForNavigation(), page.click(`#questions a[href^="/admin?q=bitcoin"]`)]);
    expect(await page.$eval('#q', (e) => (e as HTMLInputElement).value)).toBe('bitcoin price');
    expect(await text('[data-platform=slack]')).toContain('Nothing in the corpus answers that.');
    expect(await text('#try .why')).toMatch(/Decision: nothing found/);
  });

  it('tries a question typed in the form: the Slack and Discord previews of its answer, and the explanation', async () => {
    await page.click('#q', { count: 3 });
    await page.keyboard.type('sanctions ukriane');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const slack = await text('[data-platform=slack]');
    expect(slack).toContain('threatened to impose unprecedented sanctions');
    expect(await page.$$eval('[data-platform=slack] strong', (s) => s.map((e) => e.textContent))).toContain('sanctions');
    expect(slack).toMatch(/Red line' challenges in Russia-US relations/);
    // The previews are the adapters' own messages: the same buttons, in the same order.
    const { index } = await loadCorpusDir(join(site.dir, 'corpus'), { maxFileBytes: 50_000 });
    const reply = createRedline(index, { now: Date.now }).respond(parseRequest('sanctions ukriane'), { platform: 'cli' });
    const slackButtons = renderSlackAnswer(reply.answer, { command: 'redline', followUps: reply.followUps }).blocks.flatMap((b) =>
      b.type === 'actions' ? b.elements.map((e) => (e as { text: { text: string } }).text.text) : [],
    );
    expect(slackButtons.length).toBeGreaterThan(2);
    expect(await page.$$eval('[data-platform=slack] .btn', (b) => b.map((e) => e.textContent))).toEqual(slackButtons);
    const discordButtons = renderAnswer(reply.answer, { command: 'redline', followUps: reply.followUps }).components.flatMap((row) =>
      row.components.map((c) =>
        [(c as { emoji?: { name?: string } }).emoji?.name, (c as { label?: string }).label].filter(Boolean).join(' '),
      ),
    );
    const discordTitle = await page.$eval('[data-platform=discord] .embed .title', (e) => e.textContent);
    expect(discordTitle).toBe('Defining the “red line”');
    const bar = await page.$eval('[data-platform=discord] .embed', (e) => getComputedStyle(e).borderLeftColor);
    expect(bar).toBe('rgb(179, 38, 30)');
    expect(await page.$$eval('[data-platform=discord] .btn', (b) => b.map((e) => e.textContent))).toEqual(discordButtons);
    const why = await text('#try .why');
    expect(why).toMatch(/ukriane\s+not in the corpus: read as a misspelling/);
    expect(why).toMatch(/also searched: Ukraine \(correction, ×0\.8\)/);
    expect(why).toMatch(/Decision: answered/);
    expect(await page.$$('#try .why table:nth-of-type(1) tbody tr')).not.toHaveLength(0);
    await shoot('try', '#try');
  });

  it('is used with the keyboard alone: a skip link first, every control reachable, focus always visible', async () => {
    await page.goto(`${site.base}/admin`);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({
      text: document.activeElement!.textContent,
      outline: getComputedStyle(document.activeElement!).outlineStyle,
    }));
    expect(first).toEqual({ text: 'Skip to content', outline: 'solid' });
    const reached: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const e = document.activeElement as HTMLElement;
          return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}:${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 30)}`;
        }),
      );
    }
    expect(reached.slice(0, 4)).toEqual(['a:Corpus', 'a:Questions', 'a:Try a question', 'button:Sign out']);
    expect(reached).toContain('div:Documents');
    expect(reached).toContain('input#q:');
    expect(reached).toContain('a:bitcoin price');
  });

  it('reads on a phone: nothing wider than the screen but the tables, which scroll in their own boxes', async () => {
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    await page.goto(`${site.base}/admin?q=nato#try`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const labels = await page.$$eval('input', (inputs) =>
      inputs.filter((i) => i.type !== 'hidden').map((i) => (i.labels?.[0]?.textContent ?? '').trim()),
    );
    expect(labels.every(Boolean)).toBe(true);
    await shoot('phone');
  });
});
