// A strict reader of Prometheus' text exposition format (version 0.0.4), as the Prometheus docs
// give it: HELP and TYPE lines, samples `name{labels} value [timestamp]`, escaped label values,
// each family's TYPE before its samples, no series twice, histograms' buckets cumulative with
// `+Inf` equal to `_count`. Any line it cannot read throws, naming the line.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** The value of one series, or undefined when it is absent. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created'];

export function parsePrometheus(text: string): Exposition {
  const types = new Map<string, string>();
  const helped = new Set<string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('prometheus: the exposition must end with a line feed');
  lines.pop();
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${JSON.stringify(line.slice(0, 120))}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // other comments are allowed
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`prometheus: bad metric name, ${where}`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`prometheus: bad type, ${where}`);
        if (types.has(name)) throw new Error(`prometheus: a second TYPE, ${where}`);
        if (samples.some((s) => familyOf(s.name, types) === name)) throw new Error(`prometheus: TYPE after samples, ${where}`);
        types.set(name, rest);
      } else {
        if (helped.has(name)) throw new Error(`prometheus: a second HELP, ${where}`);
        helped.add(name);
      }
      return;
    }
    const sample = parseSample(line, where);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new Error(`prometheus: a series twice, ${where}`);
    seen.add(key);
    samples.push(sample);
  });
  checkHistograms(types, samples);
  return {
    types,
    samples,
    value(name, labels = {}) {
      const found = samples.filter(
        (s) =>
          s.name === name &&
          Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
          Object.keys(s.labels).length === Object.keys(labels).length,
      );
      return found[0]?.value;
    },
  };
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
  if (!m) throw new Error(`prometheus: not a sample, ${where}`);
  const labels: Record<string, string> = {};
  const inside = m[2] ? m[2].slice(1, -1) : '';
  let i = 0;
  while (i < inside.length) {
    const eq = inside.indexOf('=', i);
    const name = inside.slice(i, eq);
    if (eq < 0 || !LABEL.test(name) || inside[eq + 1] !== '"') throw new Error(`prometheus: bad label, ${where}`);
    let value = '';
    let j = eq + 2;
    for (; j < inside.length && inside[j] !== '"'; j++) {
      if (inside[j] === '\\') {
        const next = inside[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`prometheus: bad escape in a label value, ${where}`);
      } else if (inside[j] === '\n') throw new Error(`prometheus: a line feed in a label value, ${where}`);
      else value += inside[j];
    }
    if (j >= inside.length) throw new Error(`prometheus: an unclosed label value, ${where}`);
    if (name in labels) throw new Error(`prometheus: a label twice, ${where}`);
    labels[name] = value;
    i = j + 1;
    if (inside[i] === ',') i++;
    else if (i < inside.length) throw new Error(`prometheus: labels not separated by commas, ${where}`);
  }
  // A value is what Go's strconv.ParseFloat reads: decimals, and Inf, Infinity and NaN in any case.
  const raw = m[3]!;
  const special = /^([-+]?)(inf|infinity|nan)$/i.exec(raw);
  if (!special && !/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(raw)) throw new Error(`prometheus: bad value, ${where}`);
  const value = special ? (special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity) : Number(raw);
  return { name: m[1]!, labels, value };
}

function familyOf(sample: string, types: Map<string, string>): string {
  if (types.has(sample)) return sample;
  for (const suffix of SUFFIXES)
    if (sample.endsWith(suffix) && types.has(sample.slice(0, -suffix.length))) return sample.slice(0, -suffix.length);
  return sample;
}

function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le, ...rest } = s.labels;
      if (le === undefined) throw new Error(`prometheus: ${family}_bucket without le`);
      const key = JSON.stringify(Object.entries(rest).sort());
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const bounds = buckets.map((b) => (b.labels.le === '+Inf' ? Infinity : Number(b.labels.le)));
      for (let i = 1; i < buckets.length; i++) {
        if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`prometheus: ${family} buckets out of order`);
        if (buckets[i]!.value < buckets[i - 1]!.value) throw new Error(`prometheus: ${family} buckets not cumulative`);
      }
      if (bounds.at(-1) !== Infinity) throw new Error(`prometheus: ${family} has no +Inf bucket`);
      const labels = Object.fromEntries(JSON.parse(key) as Array<[string, string]>);
      const count = samples.find(
        (s) =>
          s.name === `${family}_count` && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()),
      );
      if (!count || count.value !== buckets.at(-1)!.value) throw new Error(`prometheus: ${family} +Inf bucket differs from _count`);
    }
  }
}
