import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const env = { PATH: process.env.PATH ?? '', REDLINE_FEEDBACK_LOG: '/dev/null' };

describe('npm run eval (scripts/eval.ts)', () => {
  it('prints hit@1, MRR and no-answer accuracy for a query file', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', 'eval/queries.dev.jsonl'], { cwd: ROOT, env });
    expect(stdout).toMatch(/^hit@1 (0|1)\.\d{3}$/m);
    expect(stdout).toMatch(/^MRR (0|1)\.\d{3}$/m);
    expect(stdout).toMatch(/^no-answer accuracy 1\.000$/m);
  });

  it('names the file when it cannot read it, and fails', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', 'nope.jsonl'], { cwd: ROOT, env }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('nope.jsonl');
  });
});

describe('the installed redline command (bin/redline.js)', () => {
  it('runs the built tool: npm ci builds dist/ through the prepare script', async () => {
    expect(existsSync(`${ROOT}dist/app/cli.js`), 'dist/ is missing: run npm run build (npm ci does it)').toBe(true);
    const { stdout } = await run(process.execPath, ['bin/redline.js', 'ask', '--json', 'visa'], { cwd: ROOT, env });
    expect(JSON.parse(stdout).results[0].section).toBe('Visa negotiations deadlock');
  });
});
