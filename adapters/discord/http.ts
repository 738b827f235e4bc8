import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIInteraction } from 'discord.js';
import {
  checkTimestamp,
  header,
  sendJson,
  sendJsonText,
  type BufferedRequest,
  type HttpServer,
  type RouteOptions,
} from '../http/server.js';
import { prepareInteraction, respondToInteraction, type InteractionDeps, type InteractionReply } from './interactions.js';
import { INTERACTION_BODY_LIMIT, SIGNATURE_MAX_SKEW_SECONDS } from './limits.js';

/** Where Discord posts interactions (set as the application's Interactions Endpoint URL). */
export const INTERACTIONS_PATH = '/discord/interactions';

/** DER prefix that turns a raw 32-byte Ed25519 public key into an SPKI key Node can load. */
export const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Loads the application's public key (64 hex characters, as the developer portal shows it). */
export function publicKeyFromHex(hex: string): KeyObject {
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 32) throw new Error('discord: the public key must be 32 bytes (64 hex characters)');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Why a request's signature headers are refused before its body is read (missing, malformed, too old or too new). */
export function checkSignatureHeaders(headers: { signature?: string; timestamp?: string }, nowSeconds: number): string | undefined {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return 'missing signature headers';
  // Discord signs timestamp + body; an old (replayed) or future request is refused even when signed.
  const skew = checkTimestamp(timestamp, nowSeconds, SIGNATURE_MAX_SKEW_SECONDS);
  if (skew) return skew;
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return 'malformed signature';
  return undefined;
}

/** Why a request was refused, or undefined when its signature and timestamp are good. */
export function checkSignature(
  key: KeyObject,
  headers: { signature?: string; timestamp?: string },
  body: Buffer,
  nowSeconds: number,
): string | undefined {
  const early = checkSignatureHeaders(headers, nowSeconds);
  if (early) return early;
  const { signature, timestamp } = headers as { signature: string; timestamp: string };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
  return verify(null, signed, key, Buffer.from(signature, 'hex')) ? undefined : 'bad signature';
}

export interface InteractionsEndpointOptions {
  /** The application's public key, 64 hex characters (`DISCORD_PUBLIC_KEY`). */
  publicKey: string;
  deps: InteractionDeps;
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Mounts `POST /discord/interactions` on the project's HTTP server: verified, then answered by the shared handlers. */
export function mountInteractionsEndpoint(server: HttpServer, options: InteractionsEndpointOptions): void {
  const key = publicKeyFromHex(options.publicKey);
  const now = options.now ?? Date.now;

  const signatureHeaders = (req: IncomingMessage) => ({
    signature: header(req, 'x-signature-ed25519'),
    timestamp: header(req, 'x-signature-timestamp'),
  });
  const nowSeconds = () => Math.floor(now() / 1000);
  // The HTTP server checks the headers before reading the body, then the signature, then that it is not a replay
  // (Ed25519 signatures are deterministic: the same signature is the same request). Discord's own check sends
  // badly signed requests to see them refused (401): not an error.
  const guard: RouteOptions = {
    bodyLimit: INTERACTION_BODY_LIMIT,
    precheck: (req) => checkSignatureHeaders(signatureHeaders(req), nowSeconds()),
    verify: (req, body) => checkSignature(key, signatureHeaders(req), body, nowSeconds()),
    replayKey: (req) => `discord:${signatureHeaders(req).signature?.toLowerCase()}`,
    sentAt: (req) => Number(signatureHeaders(req).timestamp) * 1000 + 500,
  };
  server.route(
    'POST',
    INTERACTIONS_PATH,
    async function answerDiscordInteraction(req: BufferedRequest, res: ServerResponse) {
      let interaction: APIInteraction;
      try {
        interaction = JSON.parse(req.rawBody.toString('utf8')) as APIInteraction;
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' });
      }
      if (typeof interaction !== 'object' || interaction === null || typeof interaction.type !== 'number')
        return sendJson(res, 400, { error: 'not an interaction' });
      await prepareInteraction(interaction, options.deps);
      sendJsonText(res, 200, serialised(respondToInteraction(interaction, options.deps)));
    },
    guard,
  );
}

// A kept reply is handed out as the same object each time (see interactions.ts): it is serialised once.
const bodies = new WeakMap<InteractionReply, string>();

function serialised(reply: InteractionReply): string {
  let text = bodies.get(reply);
  if (text === undefined) bodies.set(reply, (text = JSON.stringify(reply)));
  return text;
}
