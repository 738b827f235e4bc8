// The cold-start runs of the benchmark: which commands are timed, and how often.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildDist, consoleEnv, repeat, timePlatformStarts, timeToFirstByte, type ProcessCommand } from './coldstart.js';
import type { ColdStart, ColdStartMeasure } from './result.js';
import { round } from './stats.js';

/** Console and CLI to first answer (compiled and through tsx, and `npm start`), then each platform to `/healthz` 200. */
export async function measureColdStart(
  ROOT: string,
  settings: { quick: boolean; build: boolean },
  cold: ColdStart,
  log: (line: string) => void,
): Promise<void> {
  const runs = settings.quick ? 3 : 5;
  let dist = existsSync(join(ROOT, 'dist', 'app', 'main.js')) && existsSync(join(ROOT, 'dist', 'app', 'cli', 'cli.js'));
  if (settings.build) {
    log('cold start: building dist/ (tsc -p tsconfig.build.json)…');
    const built = buildDist(ROOT);
    cold.build_note = built.note;
    dist = built.ok;
    log(`cold start: ${built.note}`);
  }
  const env = consoleEnv();
  const node = process.execPath;
  const tsx = ['--import', 'tsx'];
  const variants: Array<{ key: keyof ColdStart; cmd: ProcessCommand; input: string; check: (out: string) => boolean }> = [];
  const consoleCheck = (out: string) => /nato/i.test(out);
  const cliCheck = (out: string) => {
    try {
      return (JSON.parse(out.split('\n')[0]!) as { results?: unknown[] }).results!.length > 0;
    } catch {
      return false;
    }
  };
  if (dist) {
    variants.push({
      key: 'console',
      cmd: { command: node, args: ['dist/app/main.js'], env, cwd: ROOT },
      input: 'nato\n',
      check: consoleCheck,
    });
    variants.push({
      key: 'cli_ask_json',
      cmd: { command: node, args: ['dist/app/cli/cli.js', 'ask', 'nato', '--json'], env, cwd: ROOT },
      input: '',
      check: cliCheck,
    });
  } else log('cold start: dist/ is missing; measuring through tsx (node --import tsx) instead');
  variants.push({
    key: dist ? 'console_tsx' : 'console',
    cmd: { command: node, args: [...tsx, 'app/main.ts'], env, cwd: ROOT },
    input: 'nato\n',
    check: consoleCheck,
  });
  variants.push({
    key: dist ? 'cli_ask_json_tsx' : 'cli_ask_json',
    cmd: { command: node, args: [...tsx, 'app/cli/cli.ts', 'ask', 'nato', '--json'], env, cwd: ROOT },
    input: '',
    check: cliCheck,
  });
  // What a person types: `npm start` runs whatever package.json says (today tsx; npm adds its own start-up).
  variants.push({
    key: 'npm_start',
    cmd: { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: ['start', '--silent'], env, cwd: ROOT },
    input: 'nato\n',
    check: consoleCheck,
  });
  // What any Node process costs on this machine in the same run: the floor the figures above stand on.
  variants.push({
    key: 'bare_node',
    cmd: { command: node, args: ['-e', "process.stdout.write('ok\\n')"], env, cwd: ROOT },
    input: '',
    check: (out) => out === 'ok\n',
  });
  cold.runner = dist ? 'dist' : 'tsx';
  for (const { key, cmd, input, check } of variants) {
    const label = `${cmd.command === node ? 'node' : cmd.command} ${cmd.args.join(' ')}${input ? ` <<< ${JSON.stringify(input.trim())}` : ''}`;
    try {
      let answered = true;
      await timeToFirstByte(cmd, input); // one untimed run warms the file cache
      const { median, runs: times } = await repeat(
        key === 'console' || key === 'cli_ask_json' || key === 'bare_node' ? runs : Math.min(runs, 3),
        async () => {
          const r = await timeToFirstByte(cmd, input);
          if (!check(r.stdout)) answered = false;
          return r.ms;
        },
      );
      if (!answered) log(`cold start: ${label} did not print the expected answer`);
      (cold as unknown as Record<string, ColdStartMeasure>)[key] = {
        command: label,
        median_ms: round(median, 1),
        runs_ms: times.map((t) => round(t, 1)),
      };
      log(`cold start: ${label}: median ${round(median, 0)} ms`);
    } catch (error) {
      log(`cold start: ${label} failed: ${(error as Error).message}`);
    }
  }
  if (dist) {
    log('cold start: node dist/app/main.js with platforms configured against local fakes…');
    cold.platforms = await timePlatformStarts(ROOT, 3, log);
  } else log('cold start: dist/ is missing; no platform start-up runs');
}
