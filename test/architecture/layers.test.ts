import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** What the core may not reach for by itself: the process, a clock, a timer. The shell passes them in. */
const AMBIENT = [
  { what: 'process', pattern: /(?<![.\w])process\s*\./ },
  { what: 'a clock (Date.now)', pattern: /\bDate\.now\b/ },
  { what: 'a clock (new Date())', pattern: /\bnew Date\(\s*\)/ },
  { what: 'a clock (performance.now)', pattern: /\bperformance\.now\b/ },
  { what: 'a timer', pattern: /(?<![.\w])(setTimeout|setInterval|setImmediate)\s*\(/ },
];

describe('the layers', () => {
  it('hold: core <- adapters <- shell, and the core imports no node:*, platform or process library (dependency-cruiser)', async () => {
    const run = promisify(execFile);
    const cli = join(ROOT, 'node_modules/.bin/depcruise');
    const { stdout } = await run(cli, ['src', 'app', 'adapters', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: ROOT,
      maxBuffer: 64 << 20,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const result = JSON.parse(stdout) as {
      summary: { violations: Array<{ from: string; to: string; rule: { name: string } }>; totalCruised: number };
    };
    expect(result.summary.totalCruised).toBeGreaterThan(100);
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 60_000);

  it('keep the core free of the process, clocks and timers', async () => {
    const found: string[] = [];
    for (const file of await sources('src')) {
      const lines = (await readFile(join(ROOT, file), 'utf8')).split('\n');
      lines.forEach((line, i) => {
        const code = line
          .replace(/\/\*.*?\*\//g, '')
          .replace(/\/\/.*$/, '')
          .replace(/^\s*\*.*$/, '');
        for (const { what, pattern } of AMBIENT) if (pattern.test(code)) found.push(`${file}:${i + 1}: ${what}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('the scan would see a clock, the process and a timer', () => {
    const seen = (code: string) => AMBIENT.filter(({ pattern }) => pattern.test(code)).map(({ what }) => what);
    expect(seen('const t = Date.now();')).toEqual(['a clock (Date.now)']);
    expect(seen('if (process.env.X) {}')).toEqual(['process']);
    expect(seen('setTimeout(done, 5)')).toEqual(['a timer']);
    expect(seen('const at = new Date(now()).toISOString(); options.process.x; clock.setTimeout')).toEqual([]);
  });
});
