import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, escapeUserText } from '../../../adapters/slack/mrkdwn.js';

describe('escapeMrkdwn', () => {
  it('escapes the three control characters and nothing else', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> *b*')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; *b*');
  });
});

describe('escapeUserText', () => {
  it('also disarms the formatting marks', () => {
    expect(escapeUserText('*bold* _it_ ~s~ `c` <!here>')).not.toMatch(/[*_~`<>]/);
  });
});
