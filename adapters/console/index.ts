import { messages } from '../../src/present/messages.js';
import { createInterface } from 'node:readline';
import { parseRequest } from '../../src/request/parse.js';
import type { Redline } from '../../src/service/service.js';
import type { Request } from '../../src/types.js';
import { renderConsoleAnswer } from './render.js';

export interface ConsoleOptions {
  redline: Redline;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a prompt and use color (a terminal). */
  interactive: boolean;
  /** The slash command's name: `/redline <words>` is read as `<words>`. */
  command: string;
}

/** The local console: reads a line, prints the answer, until end of input. */
export async function runConsole({ redline, input, output, interactive, command }: ConsoleOptions): Promise<void> {
  const lines = createInterface({ input, ...(interactive ? { output, prompt: 'redline> ' } : {}), terminal: interactive });
  const write = (text: string) => output.write(`${text}\n`);
  if (interactive) {
    write(`redline: type a question, "help" for how to ask (with examples from the corpus), or Ctrl-D to quit.`);
    lines.prompt();
  }
  // "more" follows the answer's next page, as a click on ▸ does in a chat.
  let next: Request | undefined;
  for await (const raw of lines) {
    const line = raw.replace(new RegExp(`^\\s*/${command}(?=\\s|$)`, 'i'), '').trim();
    if (line || !interactive) {
      const request: Request = /^(more|next)$/i.test(line) && next ? next : parseRequest(line);
      try {
        const { answer, followUps } = redline.respond(request, { platform: 'console' });
        if (line) write(`${renderConsoleAnswer(answer, { color: interactive })}\n`);
        const page = followUps.find((f) => f.kind === 'page' && f.direction === 'next');
        next = page?.kind === 'page' ? page.state.request : undefined;
      } catch {
        write(messages.somethingWentWrong);
      }
    }
    if (interactive) lines.prompt();
  }
}
