import type { ServerResponse } from 'node:http';
import type { Logger } from '../../src/log.js';
import type { RedlineService } from '../../src/service/service.js';
import type { HttpServer } from '../http/server.js';
import { AdminAuth } from './auth.js';
import { corpusSection, type CorpusState } from './corpus.js';
import { layout, signInPage } from './page.js';
import { questionsSection, type DayView, type GapView } from './questions.js';
import { trySection } from './try.js';

import { sourcesSection, type SourcesView } from './sources.js';
export type { CorpusState } from './corpus.js';
export type { SourcesView } from './sources.js';
export type { DayView, GapView } from './questions.js';

/** The path of the operator page. */
export const ADMIN_PATH = '/admin';

/** What the operator page shows, and where it reads it (the shell passes these in). */
export interface AdminOptions {
  /** `REDLINE_ADMIN_TOKEN`. */
  token: string;
  redline: RedlineService;
  /** The slash command's name. */
  command: string;
  /** Files skipped or partly read, and a change not applied. */
  corpus: () => CorpusState;
  /** When each corpus file arrived (ISO 8601), by the document's `file`. */
  arrivals: () => Promise<ReadonlyMap<string, string>>;
  /** Questions per day, the last `n` days, oldest first. */
  days: (n: number) => Promise<DayView[]>;
  /** The most frequent gaps; `note` says what was read (a Redis not answering, say). */
  gaps: (limit: number) => Promise<{ gaps: GapView[]; note?: string }>;
  /** The sources followed, with their last fetch, items and errors (absent: the section is left out). */
  sources?: () => Promise<SourcesView>;
  log: Logger;
}

const DAYS = 30;
const GAPS = 15;
const SIGN_IN_BODY_LIMIT = 4096;

/** Nothing on the page is cached or framed, no script runs, and forms post only here. */
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** Mounts `GET /admin` (the page) and `POST /admin` (sign in, sign out) on the HTTP server. */
export function mountAdmin(http: Pick<HttpServer, 'route'>, options: AdminOptions): void {
  const auth = new AdminAuth(options.token);
  http.route('GET', ADMIN_PATH, async (req, res) => {
    if (!auth.allows(req)) return refuse(res, false);
    const url = new URL(req.url ?? ADMIN_PATH, 'http://admin.invalid');
    send(
      res,
      200,
      await adminPage(options, { page: Number(url.searchParams.get('page') ?? 1) || 1, query: url.searchParams.get('q') ?? undefined }),
    );
  });
  http.route(
    'POST',
    ADMIN_PATH,
    (req, res) => {
      const form = new URLSearchParams(req.rawBody.toString('utf8'));
      if (form.get('action') === 'signout') return redirect(res, auth.signOut(req));
      const token = form.get('token');
      if (token !== null && auth.isToken(token)) return redirect(res, auth.signIn(req));
      options.log.warn({ path: ADMIN_PATH }, 'admin: a sign-in with a wrong token');
      refuse(res, true);
    },
    { bodyLimit: SIGN_IN_BODY_LIMIT, deadlineMs: 10_000 },
  );
}

/** The whole page: corpus (one page of its table), questions and gaps, and the try section with a query's result. */
export async function adminPage(options: AdminOptions, view: { page: number; query?: string }): Promise<string> {
  const index = options.redline.current();
  const [arrivals, days, gaps, sources] = await Promise.all([
    options.arrivals(),
    options.days(DAYS),
    options.gaps(GAPS),
    options.sources?.(),
  ]);
  return layout(
    [
      `<h1>Operator</h1>`,
      corpusSection(index.library, options.corpus(), arrivals, view.page, index.loadedAt),
      ...(sources ? [sourcesSection(sources)] : []),
      questionsSection(days, gaps.gaps, gaps.note),
      trySection(options.redline, options.command, view.query),
    ].join('\n'),
  );
}

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, 'content-length': String(Buffer.byteLength(html)), ...headers });
  res.end(html);
}

/** 401 and the sign-in form, nothing else. */
function refuse(res: ServerResponse, wrong: boolean): void {
  send(res, 401, signInPage(wrong), { 'www-authenticate': 'Bearer realm="redline"' });
}

function redirect(res: ServerResponse, cookie: string): void {
  res.writeHead(303, { location: ADMIN_PATH, 'set-cookie': cookie, 'cache-control': 'no-store', 'content-length': '0' });
  res.end();
}
