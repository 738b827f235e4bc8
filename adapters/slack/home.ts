import type { types } from '@slack/bolt';
import { helpLines } from '../../src/present/present.js';
import type { ListenerDeps } from './listeners.js';
import { context, cutMrkdwn, escapeMrkdwn, escapeUserText, section } from './mrkdwn.js';
import { topicBlocks } from './render.js';
import { SECTION_TEXT_MAX } from './limits.js';

/** Blocks in a Home tab view (Block Kit: 100 for modals and Home tabs). */
export const HOME_BLOCKS_MAX = 100;

/** The Home tab: how to ask (the one command definition, examples from the corpus), the documents and their sections, the last corpus load. */
export function homeView({ redline, command }: Pick<ListenerDeps, 'redline' | 'command'>): types.HomeView {
  const help = redline.respond({ command: 'help', text: '' }, { platform: 'slack' }).answer;
  const topics = redline.respond({ command: 'topics', text: '' }, { platform: 'slack' }).answer;
  const lines = helpLines(command).map(({ call, summary }) => `\`${escapeMrkdwn(call)}\` ${escapeMrkdwn(summary)}`);
  const examples = help.kind === 'help' ? help.examples.map((e) => `\`/${escapeUserText(`${command} ${e}`)}\``) : [];
  const ask = [
    '*How to ask*',
    ...lines,
    `Or mention @redline with a question in a channel (the answer comes in the thread), send it a direct message, or use *Find in briefings* on any message.`,
  ].join('\n');
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'redline', emoji: false } },
    section(cutMrkdwn(ask, SECTION_TEXT_MAX)),
    ...(examples.length ? [context(`Try: ${examples.join(' · ')}`, SECTION_TEXT_MAX)] : []),
    { type: 'divider' },
    section('*The documents*'),
    ...(topics.kind === 'topics' ? topicBlocks(topics) : []),
  ];
  const loaded = context(`Corpus loaded ${escapeMrkdwn(redline.loadedAt())}`, SECTION_TEXT_MAX);
  const kept =
    blocks.length + 1 > HOME_BLOCKS_MAX
      ? [...blocks.slice(0, HOME_BLOCKS_MAX - 2), context('…and more documents: `/redline topics` lists them all.', SECTION_TEXT_MAX)]
      : blocks;
  return { type: 'home', blocks: [...kept, loaded] };
}
