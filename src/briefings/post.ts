import type { BriefItem, DocumentMeta, Hit, Request } from '../types.js';

// What redline posts in a channel by itself (announcements, digests, watch notifications), as
// plain data: each platform renders a `Post` with its own escaping and limits and sends it.

/** A document as announced: its citation fields, where it lives, and its briefing (as `brief --doc` gives it). */
export interface AnnouncedDocument {
  document: DocumentMeta;
  /** The document's own address, where it has one (never invented). */
  link?: string;
  /** The key passage of each section, in order. */
  items: readonly BriefItem[];
}

/** A button under a post: the request it runs, answered privately to whoever clicks. */
export interface PostButton {
  label: string;
  request: Request;
}

/** One document in a digest: what arrived of it, and when. */
export interface DigestDocument {
  document: DocumentMeta;
  link?: string;
  /** When it arrived (ISO 8601). */
  arrivedAt: string;
  /** Its sections' titles, for one line under the title. */
  sections: readonly string[];
  /** Passages it holds. */
  passages: number;
}

export type Post =
  | { kind: 'announcement'; documents: readonly AnnouncedDocument[]; buttons: readonly PostButton[] }
  | { kind: 'digest'; since: string; until: string; documents: readonly DigestDocument[]; more: number }
  | { kind: 'watch'; topic: string; hits: readonly Hit[] };

/** What a platform said to a post: sent, or refused (with how long to wait, for a rate limit). */
export type PostResult = { ok: true } | { ok: false; error: string; retryAfterSeconds?: number };

/** What each platform implements to post in a channel. Never throws: a refusal comes back as `{ ok: false }`. */
export interface ChannelPoster {
  readonly platform: 'slack' | 'discord' | 'console';
  post(channelId: string, post: Post): Promise<PostResult>;
}
