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
  let last: Request | undefined;
  for await (const raw of lines) {
    const line = raw.replace(new RegExp(`^\\s*/${command}(?=\\s|$)`, 'i'), '').trim();
    if (line || !interactive) {
      let request: Request = parseRequest(line);
      if (/^(more|next)$/i.test(line) && last?.command === 'ask') request = { ...last, offset: (last.offset ?? 0) + (last.limit ?? 1) };
      if (request.command === 'ask') request = { limit: 1, ...request };
      try {
        const answer = redline.handle(request, { platform: 'console' });
        if (line) write(`${renderConsoleAnswer(answer, { color: interactive })}\n`);
        last = request;
      } catch (error) {
        write(`Something went wrong answering that: ${(error as Error).message}`);
      }
    }
    if (interactive) lines.prompt();
  }
}
