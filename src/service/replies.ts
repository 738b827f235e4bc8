import type { LRUCache } from 'lru-cache';

// Answers are pure functions of the corpus and the request (and the channel's scope): the same
// request against the same corpus version gets the same reply. The service keeps the replies it gave
// lately, so a question many people ask is answered once per corpus version; the adapters render a
// reply once per form it is shown in. Who asked still counts: rate limits and the gaps log are applied
// to every request, cached or not.

/** Replies kept per corpus version (the least recently asked go first). */
export const REPLIES_KEPT = 512;
/** Renderings kept per reply: a few spellings of one request ("NATO", "nato") or who shared it. */
const RENDERINGS_PER_REPLY = 8;

/** The value kept under `key` in a least-recently-used cache, made by `make` (and kept) when there is none yet. */
export function keptOrMade<V extends {}>(cache: LRUCache<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

/**
 * An adapter's renderings of the replies the service hands out: one per reply and `form` (what else
 * the rendering depends on: the words as typed, who shared it), made on first use and dropped with
 * the reply. A reply the service did not keep (a "slow down") is rendered each time, as it should be.
 */
export class Renderings<R extends object, T> {
  private readonly byReply = new WeakMap<R, Map<string, T>>();

  of(reply: R, form: string, render: () => T): T {
    let forms = this.byReply.get(reply);
    if (!forms) this.byReply.set(reply, (forms = new Map()));
    let rendered = forms.get(form);
    if (rendered === undefined) {
      rendered = render();
      if (forms.size < RENDERINGS_PER_REPLY) forms.set(form, rendered);
    }
    return rendered;
  }
}
