import { describe, expect, it } from 'vitest';
import { runCli, USAGE } from '../../../app/cli/cli.js';
import { SUBCOMMANDS } from '../../../app/cli/subcommands.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => ({ write: (chunk: string) => (into.push(chunk), true) }) as unknown as NodeJS.WritableStream;
  return { out, err, io: { stdin: process.stdin, stdout: sink(out), stderr: sink(err), env: {} } };
}

describe('the redline tool', () => {
  describe('SUBCOMMANDS', () => {
    it('is the one list: the usage text and the unknown-subcommand message name every subcommand, in the contract order', async () => {
      const names = SUBCOMMANDS.map((s) => s.name);
      expect(names).toEqual(
        expect.arrayContaining(['ask', 'topics', 'brief', 'quote', 'add', 'gaps', 'check', 'sources', 'digest', 'register']),
      );
      for (const name of names) expect(USAGE).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
      const { err, io: streams } = io();
      expect(await runCli(['frobnicate'], streams)).toBe(2);
      expect(err.join('')).toContain(`unknown subcommand "frobnicate" (${[...names, 'help'].join(', ')})`);
    });
  });
});
