import { describe, expect, it } from 'vitest';
import { LRUCache } from 'lru-cache';
import { keptOrMade, Renderings } from '../../../src/service/replies.js';

describe('keptOrMade', () => {
  it('makes a missing value once and keeps it, the least recently used going first once full', () => {
    const cache = new LRUCache<string, object>({ max: 2 });
    let made = 0;
    const make = () => ({ n: ++made });
    expect(keptOrMade(cache, 'k', make)).toBe(keptOrMade(cache, 'k', make));
    expect(made).toBe(1);
    keptOrMade(cache, 'a', make);
    keptOrMade(cache, 'k', make);
    keptOrMade(cache, 'b', make);
    expect([cache.has('k'), cache.has('a'), cache.has('b'), made]).toEqual([true, false, true, 3]);
  });
});

describe('Renderings', () => {
  it('renders a reply once per form, and another reply anew', () => {
    const renderings = new Renderings<object, string>();
    const calls: string[] = [];
    const render = (reply: object, form: string) => renderings.of(reply, form, () => (calls.push(form), `${form}!`));
    const reply = {};
    expect([render(reply, 'a'), render(reply, 'a'), render(reply, 'b'), render({}, 'a')]).toEqual(['a!', 'a!', 'b!', 'a!']);
    expect(calls).toEqual(['a', 'b', 'a']);
  });
});
