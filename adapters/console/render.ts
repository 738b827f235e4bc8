import { messages } from '../../src/present/messages.js';
import { citationParts, helpLines, highlightPieces, publisherOf } from '../../src/present/present.js';
import type { Answer, DocumentMeta, Passage, Span } from '../../src/types.js';

export interface ConsoleStyle {
  /** Bold matched words and dim the source line with ANSI codes (terminals only). */
  color: boolean;
}

const BOLD = ['\u001b[1m', '\u001b[22m'] as const;
const DIM = ['\u001b[2m', '\u001b[22m'] as const;

/** Renders an answer as terminal text: each passage, then its source line. */
export function renderConsoleAnswer(answer: Answer, style: ConsoleStyle = { color: false }): string {
  const bold = (s: string) => (style.color ? `${BOLD[0]}${s}${BOLD[1]}` : s);
  const dim = (s: string) => (style.color ? `${DIM[0]}${s}${DIM[1]}` : s);
  switch (answer.kind) {
    case 'results': {
      if (!answer.hits.length) {
        const lines = [answer.offset ? messages.noMoreResults() : messages.nothingAnswers(`"${plain(answer.query)}"`)];
        if (answer.suggestions.length) lines.push(`Try: ${answer.suggestions.join(' · ')}`);
        return lines.join('\n');
      }
      const blocks = answer.hits.map((hit, i) => {
        const n = answer.offset + i + 1;
        const head = answer.total > 1 ? `${dim(`[${n}/${answer.total}]`)} ` : '';
        return `${head}${emphasise(hit.passage.text, hit.highlights, bold)}\n${dim(`— ${sourceLine(hit.document, hit.passage)}`)}`;
      });
      const shown = answer.offset + answer.hits.length;
      if (shown < answer.total) blocks.push(dim(`(${answer.total - shown} more: type "more")`));
      return blocks.join('\n\n');
    }
    case 'topics':
      return answer.documents
        .map(({ document, sections }) =>
          [
            `${document.title} · ${publisherOf(document)} [${document.id}]`,
            ...sections.map((s) => `  • ${s.title} (${s.passages} ¶)`),
          ].join('\n'),
        )
        .join('\n\n');
    case 'brief': {
      if (!answer.items.length) {
        const lines = [messages.nothingToBrief(`"${plain(answer.topic)}"`)];
        if (answer.suggestions.length) lines.push(`Try: ${answer.suggestions.join(' · ')}`);
        return lines.join('\n');
      }
      const head = answer.topic
        ? `Briefing: ${answer.topic}`
        : answer.documents.map((d) => `Briefing: ${d.title} · ${publisherOf(d)}`).join('\n');
      const items = answer.items.map(
        (item) =>
          `${bold(item.passage.section)}\n${emphasise(item.text, item.highlights, bold)}\n${dim(`— ${sourceLine(item.document, item.passage)}`)}`,
      );
      return [head, ...items].join('\n\n');
    }
    case 'quote': {
      if (!answer.quotes.length) {
        const lines = [`No sentence in the corpus matches "${plain(answer.query)}".`];
        if (answer.suggestions.length) lines.push(`Try: ${answer.suggestions.join(' · ')}`);
        return lines.join('\n');
      }
      return answer.quotes
        .map((q) => {
          const who = q.speaker ? `${q.speaker}${q.role ? `, ${q.role}` : ''}` : '';
          return `> ${emphasise(q.text, q.highlights, bold)}\n${dim(`— ${who ? `${who} · ` : ''}${sourceLine(q.document, q.passage)}`)}`;
        })
        .join('\n\n');
    }
    case 'help':
      return helpText(answer);
    case 'usage':
    case 'watches':
      return answer.message;
    case 'rate-limited':
      return messages.slowDown(answer.retryAfterSeconds);
  }
}

/** title · section · ¶ n (or p. n) · publisher (source) <url> */
export function sourceLine(document: DocumentMeta, passage: Passage): string {
  const parts = citationParts(document, passage);
  const line = [parts.title, parts.section, parts.location, parts.publisher].filter(Boolean).join(' · ');
  return parts.link ? `${line} <${parts.link}>` : line;
}

export function helpText({ command, documents, examples }: Extract<Answer, { kind: 'help' }>): string {
  const lines = helpLines(command).map(({ call, summary }) => `  ${call.padEnd(36)} ${summary}`);
  const tries = examples.length ? [`Try: ${examples.map((e) => `/${command} ${plain(e)}`).join(' · ')}`] : [];
  const docs = documents.map((d) => `${d.title} · ${publisherOf(d)}`).join('; ');
  return [`redline quotes the passage of the corpus that answers a question, with its source.`, ...lines, ...tries, `Corpus: ${docs}`].join(
    '\n',
  );
}

function emphasise(text: string, spans: Span[], bold: (s: string) => string): string {
  return highlightPieces(text, spans)
    .map((piece) => (piece.bold ? bold(plain(piece.text)) : plain(piece.text)))
    .join('');
}

/** Terminal control characters from a query or a document never reach the terminal. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
