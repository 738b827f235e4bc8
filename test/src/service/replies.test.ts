import { describe, expect, it } from 'vitest';
import { RecentValues, Renderings } from '../../../src/service/replies.js';

describe('RecentValues', () => {
  it('forgets the least recently used entry once full', () => {
    const recent = new RecentValues<number>(2);
    recent.set('a', 1);
    recent.set('b', 2);
    expect(recent.get('a')).toBe(1);
    recent.set('c', 3);
    expect([recent.get('a'), recent.get('b'), recent.get('c'), recent.size]).toEqual([1, undefined, 3, 2]);
  });

  it('makes a missing value once', () => {
    const recent = new RecentValues<object>();
    let made = 0;
    const make = () => ({ n: ++made });
    expect(recent.getOrSet('k', make)).toBe(recent.getOrSet('k', make));
    expect(made).toBe(1);
  });

  it('keeps nothing at a size of 0: each value is made anew', () => {
    const recent = new RecentValues<object>(0);
    let made = 0;
    const make = () => ({ n: ++made });
    expect(recent.getOrSet('k', make)).not.toBe(recent.getOrSet('k', make));
    expect([made, recent.size]).toEqual([2, 0]);
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
