import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse } from 'node:querystring';
import { checkTimestamp, header, type RouteOptions } from '../http/server.js';

/** The largest body `/slack/events` accepts: a button click or message shortcut carries its message (form-encoded JSON; a 40,000-character message fits). */
export const SLACK_BODY_LIMIT = 256 * 1024;

const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * What the HTTP server checks of a Slack request before Bolt sees it: the signature headers before the
 * body is read (Bolt checks only that a timestamp is not stale; a future one is refused here too), the
 * signature (Slack's v0 HMAC-SHA256, compared in constant time), and replays (an HMAC signature names one
 * request). Bolt's receiver then takes the request as verified: the signature is computed once.
 */
export function slackRouteGuard(signingSecret: string, now: () => number = Date.now): RouteOptions {
  return {
    bodyLimit: SLACK_BODY_LIMIT,
    precheck(req) {
      if (!SIGNATURE.test(header(req, 'x-slack-signature') ?? '')) return 'missing or malformed signature';
      return checkTimestamp(header(req, 'x-slack-request-timestamp'), Math.floor(now() / 1000));
    },
    verify(req, body) {
      // precheck has made sure both headers are there and well-formed.
      const expected = createHmac('sha256', signingSecret)
        .update(`v0:${header(req, 'x-slack-request-timestamp')}:`)
        .update(body)
        .digest();
      const given = Buffer.from(header(req, 'x-slack-signature')!.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'bad signature';
    },
    replayKey: (req) => `slack:${header(req, 'x-slack-signature')}`,
    // Whole seconds: the middle of that second is the best guess.
    sentAt: (req) => Number(header(req, 'x-slack-request-timestamp')) * 1000 + 500,
  };
}

/**
 * Why a signed body is not something Bolt can take (it throws outside its own error handling on, for
 * example, `payload=null`), or undefined. Parsed the way Bolt's receiver parses it.
 */
export function malformedSlackBody(req: IncomingMessage, body: Buffer): string | undefined {
  let parsed: unknown;
  try {
    const text = body.toString('utf8');
    if (req.headers['content-type'] === 'application/x-www-form-urlencoded') {
      // A form without a `payload` field (a slash command) is always an object: Bolt parses it, not this check.
      if (!mayHavePayload(text)) return undefined;
      const form = parse(text);
      parsed = typeof form.payload === 'string' ? JSON.parse(form.payload) : Array.isArray(form.payload) ? undefined : form;
    } else parsed = JSON.parse(text);
  } catch {
    return 'body is not JSON or a form';
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : 'body is not an object';
}

/** False only when no field of the form can be named `payload` once decoded (no such key, no key with an escape in it). */
function mayHavePayload(form: string): boolean {
  for (const field of form.split('&')) {
    const equals = field.indexOf('=');
    const key = equals === -1 ? field : field.slice(0, equals);
    if (key === 'payload' || key.includes('%')) return true;
  }
  return false;
}
