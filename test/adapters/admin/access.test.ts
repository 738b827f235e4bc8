import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, HOSTILE_TITLE, startOperatorSite, type OperatorSite } from './operator-site.js';

const PUBLIC_KEY_HEX = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const METRICS_TOKEN = 'metrics-token-abcdef0123456789';

let site: OperatorSite;
beforeAll(async () => {
  site = await startOperatorSite({
    DISCORD_PUBLIC_KEY: PUBLIC_KEY_HEX,
    DISCORD_APPLICATION_ID: '123456789012345678',
    REDLINE_METRICS_TOKEN: METRICS_TOKEN,
  });
}, 30_000);
afterAll(async () => {
  await site?.close();
});

const get = (headers: Record<string, string> = {}, path = '/admin') => fetch(`${site.base}${path}`, { headers, redirect: 'manual' });
const signIn = (token: string) =>
  fetch(`${site.base}/admin`, {
    method: 'POST',
    body: new URLSearchParams({ token }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });

describe('GET /admin', () => {
  it('refuses (401) without the token, a wrong one, or a forged session: the sign-in form and nothing of the corpus', async () => {
    const refusals = [
      await get(),
      await get({ authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}x` }),
      await get({ authorization: `Bearer ${ADMIN_TOKEN}extra` }),
      await get({ authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` }),
      await get({ cookie: `redline_admin=${ADMIN_TOKEN}` }),
      await get({ cookie: 'redline_admin=' }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="redline"');
      const html = await res.text();
      expect(html).toContain('<label for="token">Admin token</label>');
      expect(html).not.toContain('Red line');
      expect(html).not.toContain('huge.txt');
    }
  });

  it('answers the bearer token with the page, never showing a secret, with headers that keep it private', async () => {
    const res = await get({ authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('&#39;Red line&#39; challenges in Russia-US relations');
    for (const secret of [ADMIN_TOKEN, METRICS_TOKEN, PUBLIC_KEY_HEX]) expect(html).not.toContain(secret);
    // Hostile metadata is text, never markup; a javascript: URL is no link.
    expect(html).toContain('&lt;img src=x onerror=&quot;document.title=1&quot;&gt; &amp; &quot;Q&quot;');
    expect(html).not.toContain(HOSTILE_TITLE);
    expect(html).not.toMatch(/<script|href="javascript/i);
  });

  it('signs in with the form: a session cookie (HttpOnly, SameSite=Strict) holding no token, then the page', async () => {
    const wrong = await signIn('not-the-token-0000000000');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('That is not the token.');

    const right = await signIn(ADMIN_TOKEN);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/admin');
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^redline_admin=[\w-]{43}; Path=\/admin; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    const session = cookie.split(';')[0]!;
    expect((await get({ cookie: session })).status).toBe(200);
    // One character changed is no session.
    const forged = session.slice(0, -1) + (session.endsWith('A') ? 'B' : 'A');
    expect((await get({ cookie: forged })).status).toBe(401);
  });

  it('marks the cookie Secure when the page is reached over https (a proxy says so)', async () => {
    const res = await fetch(`${site.base}/admin`, {
      method: 'POST',
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      redirect: 'manual',
    });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('signs out: the cookie is cleared', async () => {
    const res = await fetch(`${site.base}/admin`, {
      method: 'POST',
      body: 'action=signout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^redline_admin=; Path=\/admin; Max-Age=0/);
  });

  it('tries a question from the address (GET: nothing changes), and the metrics token is not the admin token', async () => {
    const html = await (await get({ authorization: `Bearer ${ADMIN_TOKEN}` }, '/admin?q=nato')).text();
    expect(html).toContain('data-platform="slack"');
    expect(html).toContain('data-platform="discord"');
    expect(html).toContain('Decision: answered');
    expect((await get({ authorization: `Bearer ${ADMIN_TOKEN}` }, '/metrics')).status).toBe(401);
    expect((await get({ authorization: `Bearer ${METRICS_TOKEN}` }, '/metrics')).status).toBe(200);
  });
});

describe('without REDLINE_ADMIN_TOKEN', () => {
  it('there is no page', async () => {
    const other = await startOperatorSite({
      REDLINE_ADMIN_TOKEN: '',
      DISCORD_PUBLIC_KEY: PUBLIC_KEY_HEX,
      DISCORD_APPLICATION_ID: '123456789012345678',
    });
    try {
      expect((await fetch(`${other.base}/admin`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(404);
      expect((await fetch(`${other.base}/healthz`)).status).toBe(200);
    } finally {
      await other.close();
    }
  }, 30_000);
});

describe('with REDLINE_ADMIN_TOKEN and no platform', () => {
  it('npm start runs the HTTP server for the page (healthz answers), not the console', async () => {
    const alone = await startOperatorSite();
    try {
      expect(alone.running.http).toBeDefined();
      expect(await (await fetch(`${alone.base}/healthz`)).json()).toMatchObject({ ok: true, platforms: { started: [], failed: [] } });
      expect((await fetch(`${alone.base}/admin`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
    } finally {
      await alone.close();
    }
  }, 30_000);
});
