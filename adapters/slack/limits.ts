// Block Kit's limits (https://docs.slack.dev/reference/block-kit): a message over any of them is refused.

/** Characters in a section's text (and in any text object). */
export const SECTION_TEXT_MAX = 3000;
/** Blocks in one message. */
export const BLOCKS_MAX = 50;
/** Characters in a button's value. */
export const BUTTON_VALUE_MAX = 2000;
/** Characters in an action_id. */
export const ACTION_ID_MAX = 255;
/** Characters in a button's label. */
export const BUTTON_TEXT_MAX = 75;
/** Elements in a context block. */
export const CONTEXT_ELEMENTS_MAX = 10;
/** Elements in an actions block. */
export const ACTIONS_ELEMENTS_MAX = 25;
/**
 * Characters of text in all the blocks of one message together: not in Slack's documentation, but
 * chat.postMessage answers `msg_blocks_too_long` from about 13,000 (slackapi/bolt-js#2509).
 */
export const BLOCKS_TEXT_MAX = 12_000;
/** Characters of the top-level fallback text (notifications); Slack truncates far later, we keep it short. */
export const FALLBACK_TEXT_MAX = 3000;

/** The action_id of every button redline puts in a message (suggestions add `_<n>`). */
export const ACTION_IDS = {
  previous: 'redline_previous',
  next: 'redline_next',
  share: 'redline_share',
  suggest: 'redline_suggest',
  /** Buttons under a post (announcement): answered privately; `_<n>` added. */
  ask: 'redline_ask',
  voteUp: 'redline_vote_up',
  voteDown: 'redline_vote_down',
} as const;
