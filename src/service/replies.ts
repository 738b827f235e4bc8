// Answers are pure functions of the corpus and the request (and the channel's scope): the same
// request against the same corpus version gets the same reply. The service keeps the replies it gave
// lately, so a question many people ask is answered once per corpus version; the adapters render a
// reply once per form it is shown in. Who asked still counts: rate limits and the gaps log are applied
// to every request, cached or not.

/** Replies kept per corpus version (the least recently asked go first). */
export const REPLIES_KEPT = 512;
/** Renderings kept per reply: a few spellings of one request ("NATO", "nato") or who shared it. */
const RENDERINGS_PER_REPLY = 8;

/** A bounded map that forgets its least recently used entry once it holds `max`. */
export class RecentValues<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max = REPLIES_KEPT) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined && this.entries.size > 1) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The value for `key`, made by `make` when there is none yet. */
  getOrSet(key: string, make: () => V): V {
    let value = this.get(key);
    if (value === undefined) this.set(key, (value = make()));
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
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
