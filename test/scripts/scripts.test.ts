import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const env = { PATH: process.env.PATH ?? '', REDLINE_FEEDBACK_LOG: '/dev/null' };

describe('npm run eval (scripts/eval.ts)', () => {
  it('prints hit@1, hit@3, MRR and no-answer accuracy for a query file, redline beside MiniSearch and Lunr', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', 'eval/queries.public.jsonl'], { cwd: ROOT, env });
    expect(stdout).toMatch(/^set\s+engine\s+hit@1\s+hit@3\s+MRR\s+no-answer right$/m);
    expect(stdout).toMatch(/^queries\.public\.jsonl \(30\+2\)\s+redline\s+1\.000\s+1\.000\s+1\.000\s+100\.0%$/m);
    expect(stdout).toMatch(/^\s+minisearch\s+[01]\.\d{3}/m);
    expect(stdout).toMatch(/^\s+lunr\s+[01]\.\d{3}/m);
  });

  it('scores a SQuAD file: answerable declined and off-topic declined beside the plain engines', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--squad', 'eval/squad2-dev-public.json'], {
      cwd: ROOT,
      env,
    });
    expect(stdout).toMatch(/answerable declined\s+off-topic declined$/m);
    expect(stdout).toMatch(/^squad2-dev-public\.json \(204\)\s+redline\s+0\.\d{3}\s+0\.\d{3}\s+0\.\d{3}\s+\d+\.\d%\s+\d+\.\d%$/m);
    expect(stdout).not.toMatch(/queries\.public/);
  });

  it('scores a wide set beside the plain engines, with the confidence table, and names an unknown set', async () => {
    const args = ['--import', 'tsx', 'scripts/eval.ts', '--set', 'doc2dial-dmv-studentaid', '--thin', '10'];
    const { stdout } = await run(process.execPath, args, { cwd: ROOT, env });
    expect(stdout).toMatch(/^set\s+engine\s+hit@1\s+hit@3\s+MRR\s+answerable declined\s+off-topic declined\s+time$/m);
    expect(stdout).toMatch(/^government pages, 101 \(29\)\s+redline\s+0\.\d{3}\s+0\.\d{3}\s+0\.\d{3}\s+\d+\.\d%\s+\d+\.\d%/m);
    expect(stdout).toMatch(/^\s+minisearch\s+0\.\d{3}/m);
    expect(stdout).toMatch(/^government pages, 101\s+0\.50\s+\d+\.\d%\s+\d+\.\d%\s+\d+\.\d%$/m);
    expect(stdout).not.toMatch(/queries\.public|squad2-dev-public/);
    const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--set', 'nope'], { cwd: ROOT, env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('unknown set or engine "nope"');
  }, 60_000);

  it('names the file when it cannot read it, and fails', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', 'nope.jsonl'], { cwd: ROOT, env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('nope.jsonl');
  });
});

describe('the installed redline command (bin/redline.js)', () => {
  it('runs the built tool: npm ci builds dist/ through the prepare script', async () => {
    expect(existsSync(`${ROOT}dist/app/cli/cli.js`), 'dist/ is missing: run npm run build (npm ci does it)').toBe(true);
    const { stdout } = await run(process.execPath, ['bin/redline.js', 'ask', '--json', 'visa'], { cwd: ROOT, env });
    expect(JSON.parse(stdout).results[0].section).toBe('Visa negotiations deadlock');
  });
});
