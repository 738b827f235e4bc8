import { describe, expect, it } from 'vitest';
import { QUERY_MAX_LENGTH } from '../../../src/request/commands.js';
import { findRequest, mentionRequest, plainWords } from '../../../src/chat/conversation.js';

describe('conversation requests', () => {
  describe('plainWords', () => {
    it("drops Slack's and Discord's mentions, channels, emoji and links, keeping a link's label", () => {
      expect(plainWords('<@U0BOT> what about <#C1|general> and <!here> <https://x.test/a|the deal>?')).toBe('what about and the deal?');
      expect(plainWords('<@123456> <@!99> <@&5> see <:smile:1> <t:0:R> https://x.test/y now')).toBe('see now');
    });
  });

  describe('mentionRequest', () => {
    it('reads the words after the mention with the slash command grammar', () => {
      expect(mentionRequest('<@U0BOT> brief shipping')).toEqual({ command: 'brief', text: 'shipping' });
      expect(mentionRequest('<@123> what did the minister say?')).toEqual({ command: 'ask', text: 'what did the minister say?' });
      expect(mentionRequest('<@U0BOT>')).toEqual({ command: 'help', text: '' });
    });
  });

  describe('findRequest', () => {
    it("asks with the message's words, cut to a query's length, and nothing for a message without words", () => {
      expect(findRequest('Any news on <https://x.test|grain> shipping? <@U1>')).toEqual({
        command: 'ask',
        text: 'Any news on grain shipping?',
      });
      expect(findRequest('word '.repeat(100))!.text.length).toBeLessThanOrEqual(QUERY_MAX_LENGTH);
      expect(findRequest('<@U1> https://x.test')).toBeUndefined();
    });
  });
});
