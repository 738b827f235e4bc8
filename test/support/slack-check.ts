import {
  ACTION_ID_MAX,
  ACTIONS_ELEMENTS_MAX,
  BLOCKS_MAX,
  BUTTON_TEXT_MAX,
  BUTTON_VALUE_MAX,
  CONTEXT_ELEMENTS_MAX,
  FALLBACK_TEXT_MAX,
  SECTION_TEXT_MAX,
} from '../../adapters/slack/limits.js';

// Independent checks of a Slack message against Block Kit's limits and mrkdwn's escaping rules,
// written from Slack's documentation rather than from the renderer.

interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

interface Block {
  type: string;
  text?: TextObject;
  elements?: Array<TextObject | { type: 'button'; text: TextObject; action_id: string; value?: string }>;
}

export interface Message {
  text?: string;
  blocks?: unknown[];
}

// The only `<…>` redline writes on purpose: a link to a document's http(s) URL.
const LINK = /<https?:\/\/[^\s<>|]+\|[^<>]*>/g;

/** Every way `message` breaks a Block Kit limit or could ping someone; empty when it is fine. */
export function slackViolations(message: Message): string[] {
  const problems: string[] = [];
  const blocks = (message.blocks ?? []) as Block[];
  if (blocks.length > BLOCKS_MAX) problems.push(`${blocks.length} blocks`);
  if ((message.text ?? '').length > FALLBACK_TEXT_MAX) problems.push(`fallback text of ${message.text!.length}`);
  checkMrkdwn(message.text ?? '', 'fallback text', problems);
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => {
    const where = `block ${i} (${block.type})`;
    if (block.type === 'section') checkText(block.text, SECTION_TEXT_MAX, where, problems);
    if (block.type === 'context') {
      if (!block.elements?.length || block.elements.length > CONTEXT_ELEMENTS_MAX)
        problems.push(`${where}: ${block.elements?.length} elements`);
      for (const element of block.elements ?? []) checkText(element as TextObject, SECTION_TEXT_MAX, where, problems);
    }
    if (block.type === 'actions') {
      if (!block.elements?.length || block.elements.length > ACTIONS_ELEMENTS_MAX)
        problems.push(`${where}: ${block.elements?.length} elements`);
      for (const element of block.elements ?? []) {
        if (element.type !== 'button') continue;
        checkText(element.text, BUTTON_TEXT_MAX, `${where} button`, problems);
        if (!element.action_id || element.action_id.length > ACTION_ID_MAX) problems.push(`${where}: action_id "${element.action_id}"`);
        if (actionIds.has(element.action_id)) problems.push(`${where}: duplicate action_id ${element.action_id}`);
        actionIds.add(element.action_id);
        if ((element.value ?? '').length > BUTTON_VALUE_MAX) problems.push(`${where}: value of ${element.value!.length}`);
        if (/<[!@#]/.test(element.value ?? '')) problems.push(`${where}: value holds a mention`);
      }
    }
  });
  return problems;
}

function checkText(text: TextObject | undefined, max: number, where: string, problems: string[]): void {
  if (!text || typeof text.text !== 'string') return void problems.push(`${where}: no text`);
  if (text.text.length < 1 || text.text.length > max) problems.push(`${where}: text of ${text.text.length} (max ${max})`);
  if (/<[!@#]/.test(text.text)) problems.push(`${where}: unescaped mention in "${text.text.slice(0, 80)}"`);
  if (text.type === 'mrkdwn') checkMrkdwn(text.text, where, problems);
}

/**
 * In mrkdwn, apart from document links and a `>` that starts a quoted line, no raw `<` or `>`,
 * and every `&` starts one of the three entities.
 */
function checkMrkdwn(text: string, where: string, problems: string[]): void {
  const bare = text.replace(LINK, '').replace(/^> /gm, '');
  if (/[<>]/.test(bare)) problems.push(`${where}: raw < or > in "${bare.slice(0, 80)}"`);
  if (/&(?!amp;|lt;|gt;)/.test(bare)) problems.push(`${where}: bare & in "${bare.slice(0, 80)}"`);
}

/** What a person reads in a piece of mrkdwn: link labels, no bold marks, entities decoded. */
export function readMrkdwn(text: string): string {
  return text
    .replace(/<https?:\/\/[^\s<>|]+\|([^<>]*)>/g, '$1')
    .replace(/\*/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** All text of a message's blocks (mrkdwn read as a person would, plain text as is), one line per text. */
export function messageText(message: Message): string {
  const out: string[] = [];
  for (const block of (message.blocks ?? []) as Block[]) {
    if (block.text) out.push(block.text.type === 'mrkdwn' ? readMrkdwn(block.text.text) : block.text.text);
    for (const element of block.elements ?? []) {
      if ('action_id' in element) out.push(element.text.text);
      else out.push(element.type === 'mrkdwn' ? readMrkdwn(element.text) : element.text);
    }
  }
  return out.join('\n');
}

/** The buttons of a message, by action_id. */
export function buttonsOf(message: Message): Map<string, { text: string; value: string }> {
  const buttons = new Map<string, { text: string; value: string }>();
  for (const block of (message.blocks ?? []) as Block[]) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if ('action_id' in element) buttons.set(element.action_id, { text: element.text.text, value: element.value ?? '' });
    }
  }
  return buttons;
}
