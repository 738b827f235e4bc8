import type { APIActionRowComponent, APIButtonComponentWithCustomId } from 'discord.js';
import { encodeButtonState, type LongQueries } from '../../src/chat/button-state.js';
import type { ButtonState, FollowUp } from '../../src/chat/follow-ups.js';
import { BUTTON_LABEL_MAX, BUTTONS_PER_ROW, CUSTOM_ID_MAX, ROWS_PER_MESSAGE } from './limits.js';
import { fitPlain } from './markdown.js';

// The core's follow-ups as Discord buttons: ◂ ▸ Share 👍 👎 for an answer, one button per suggestion.

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;
type Button = APIButtonComponentWithCustomId;
/** Where a query longer than a custom_id holds is kept (see `LongQueries`). */
type Queries = Pick<LongQueries, 'keep'>;

const BUTTON = 2;
const PRIMARY = 1;
const SECONDARY = 2;
const ACTION_ROW = 1;

/** The answer's buttons: both arrows when there is more than one page (the one that goes nowhere disabled), share, votes. */
export function answerButtons(followUps: readonly FollowUp[], queries?: Queries): Button[] {
  const pages = followUps.filter((f) => f.kind === 'page');
  const out: Array<Button | undefined> = [];
  if (pages.length) {
    for (const direction of ['previous', 'next'] as const) {
      const page = pages.find((f) => f.direction === direction);
      // A disabled arrow still needs an id of its own; it never gets clicked.
      const state = page?.state ?? { ...pages[0]!.state, action: direction };
      out.push(button(direction === 'previous' ? '◂' : '▸', state, { disabled: !page }, queries));
    }
  }
  for (const f of followUps) {
    if (f.kind === 'share') out.push(button('Share', f.state, { style: PRIMARY }, queries));
    if (f.kind === 'vote') out.push(button('', f.state, { emoji: f.vote === 'up' ? '👍' : '👎' }, queries));
  }
  return out.filter((b): b is Button => b !== undefined);
}

/** One button per suggested query. */
export function suggestionButtons(followUps: readonly FollowUp[], queries?: Queries): Button[] {
  return followUps
    .flatMap((f) => (f.kind === 'suggestion' ? [button(f.label.replace(/[\r\n\u2028\u2029]/g, ' '), f.state, {}, queries)] : []))
    .filter((b): b is Button => b !== undefined);
}

/** Buttons in action rows of five; a repeated custom id (Discord refuses the message) is left out. */
export function rows(buttons: readonly Button[]): ButtonRow[] {
  const usable = [...new Map(buttons.map((b) => [b.custom_id, b])).values()];
  const out: ButtonRow[] = [];
  for (let i = 0; i < usable.length && out.length < ROWS_PER_MESSAGE; i += BUTTONS_PER_ROW)
    out.push({ type: ACTION_ROW, components: usable.slice(i, i + BUTTONS_PER_ROW) });
  return out;
}

/** A button; undefined when its state does not fit a custom id. */
function button(
  label: string,
  state: ButtonState,
  options: { style?: number; disabled?: boolean; emoji?: string },
  queries: Queries | undefined,
): Button | undefined {
  const customId = encodeButtonState(state, CUSTOM_ID_MAX, queries);
  if (customId === undefined) return undefined;
  return {
    type: BUTTON,
    style: options.style ?? SECONDARY,
    custom_id: customId,
    ...(label ? { label: fitPlain(label, BUTTON_LABEL_MAX) } : {}),
    ...(options.emoji ? { emoji: { name: options.emoji } } : {}),
    ...(options.disabled ? { disabled: true } : {}),
  } as Button;
}

/** Buttons under a post in a channel: each answers its request privately to whoever clicks. */
export function rowsOfAsks(buttons: ReadonlyArray<{ label: string; request: ButtonState['request'] }>): ButtonRow[] {
  return rows(
    buttons
      .map(({ label, request }) => button(label, { action: 'ask', request }, {}, undefined))
      .filter((b): b is Button => b !== undefined),
  );
}
