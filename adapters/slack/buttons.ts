import type { types } from '@slack/bolt';
import { encodeButtonState } from '../../src/chat/button-state.js';
import type { ButtonState, FollowUp } from '../../src/chat/follow-ups.js';
import { cutAtWord } from '../../src/present/cut.js';
import { ACTION_ID_MAX, ACTION_IDS, ACTIONS_ELEMENTS_MAX, BUTTON_TEXT_MAX, BUTTON_VALUE_MAX } from './limits.js';

// The core's follow-ups as Block Kit buttons: one actions block for the answer (page, share,
// votes), one for suggested queries.

const LABELS = { previous: '◂ Previous', next: 'Next ▸', share: 'Share in channel', up: '👍', down: '👎' } as const;

/** The answer's own buttons: previous, next, share, 👍, 👎 (those the follow-ups hold). */
export function answerActions(followUps: readonly FollowUp[]): types.ActionsBlock | undefined {
  const elements: Array<types.Button | undefined> = [];
  for (const f of followUps) {
    if (f.kind === 'page') elements.push(button(LABELS[f.direction], ACTION_IDS[f.direction], f.state));
    if (f.kind === 'share') elements.push(button(LABELS.share, ACTION_IDS.share, f.state, 'primary'));
    if (f.kind === 'vote') elements.push(button(LABELS[f.vote], f.vote === 'up' ? ACTION_IDS.voteUp : ACTION_IDS.voteDown, f.state));
  }
  return actions(elements);
}

/** Suggested queries as buttons that run them. */
export function suggestionActions(followUps: readonly FollowUp[]): types.ActionsBlock | undefined {
  const suggestions = followUps.filter((f) => f.kind === 'suggestion').slice(0, ACTIONS_ELEMENTS_MAX);
  return actions(suggestions.map((f, i) => button(f.label, `${ACTION_IDS.suggest}_${i}`, f.state)));
}

function actions(elements: Array<types.Button | undefined>): types.ActionsBlock | undefined {
  const usable = elements.filter((e): e is types.Button => e !== undefined);
  return usable.length ? { type: 'actions', elements: usable } : undefined;
}

function button(label: string, actionId: string, state: ButtonState, style?: 'primary'): types.Button | undefined {
  const value = encodeButtonState(state, BUTTON_VALUE_MAX);
  if (value === undefined) return undefined;
  return {
    type: 'button',
    // A label is plain text, never parsed for mentions; angle brackets are swapped anyway so no reply holds "<!".
    text: { type: 'plain_text', text: cutAtWord(label.replace(/</g, '‹').replace(/>/g, '›'), BUTTON_TEXT_MAX), emoji: true },
    action_id: actionId.slice(0, ACTION_ID_MAX),
    value,
    ...(style ? { style } : {}),
  };
}
