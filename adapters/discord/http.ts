import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIInteraction } from 'discord.js';
import { BodyTooLargeError, readBody, sendJson, type HttpServer } from '../http.js';
import { respondToInteraction, type InteractionDeps } from './interactions.js';
import { SIGNATURE_MAX_SKEW_SECONDS } from './limits.js';

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

/** Why a request was refused, or undefined when its signature and timestamp are good. */
export function checkSignature(
  key: KeyObject,
  headers: { signature?: string; timestamp?: string },
  body: Buffer,
  nowSeconds: number,
): string | undefined {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return 'missing signature headers';
  if (!/^\d{1,12}$/.test(timestamp)) return 'malformed timestamp';
  // Discord signs timestamp + body; an old (replayed) or future request is refused even when signed.
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_MAX_SKEW_SECONDS) return 'timestamp too far from now';
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return 'malformed signature';
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
  const { log } = options.deps;

  server.route('POST', INTERACTIONS_PATH, async function answerDiscordInteraction(req: IncomingMessage, res: ServerResponse) {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'request body too large' });
      throw error;
    }
    const refused = checkSignature(key, { signature: header(req, 'x-signature-ed25519'), timestamp: header(req, 'x-signature-timestamp') }, body, Math.floor(now() / 1000));
    if (refused) {
      // Discord itself sends badly signed requests to check that the endpoint refuses them: not an error.
      log.debug({ reason: refused }, 'discord: refused an interaction request');
      return sendJson(res, 401, { error: 'invalid request signature' });
    }
    let interaction: APIInteraction;
    try {
      interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    if (typeof interaction !== 'object' || interaction === null || typeof interaction.type !== 'number')
      return sendJson(res, 400, { error: 'not an interaction' });
    sendJson(res, 200, respondToInteraction(interaction, options.deps));
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
