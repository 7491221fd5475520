/**
 * For tests: a strict reader of the Prometheus text exposition format 0.0.4, which throws on any
 * line a Prometheus server would refuse, or a sample whose family has no TYPE line before it.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
/** The series a family of each type may have, as suffixes of its name. */
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Sample[] {
  if (!text.endsWith('\n')) throw new Error('The exposition must end with a line break.');
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [index, line] of text.slice(0, -1).split('\n').entries()) {
    const where = `line ${index + 1}: ${line}`;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const [, keyword, name, rest] = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line) ?? [];
      if (keyword === undefined || name === undefined) continue;
      if (!METRIC_NAME.test(name)) throw new Error(`Bad metric name at ${where}`);
      if (keyword === 'TYPE') {
        if (rest === undefined || !TYPES.has(rest)) throw new Error(`Bad type at ${where}`);
        if (types.has(name)) throw new Error(`Second TYPE for ${name} at ${where}`);
        types.set(name, rest);
      }
      continue;
    }
    const match = SAMPLE_LINE.exec(line);
    if (match === null) throw new Error(`Not a sample at ${where}`);
    const [, name = '', labelText = '', valueText = ''] = match;
    if (familyOf(name, types) === undefined) throw new Error(`No TYPE before ${where}`);
    samples.push({
      name,
      labels: parseLabels(labelText, where),
      value: parseValue(valueText, where),
    });
  }
  return samples;
}

function familyOf(name: string, types: ReadonlyMap<string, string>): string | undefined {
  for (const [family, type] of types) {
    const suffixes = SUFFIXES[type] ?? [''];
    if (suffixes.some((suffix) => name === `${family}${suffix}`)) return family;
  }
  return undefined;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL_PAIR.lastIndex = 0;
  while (LABEL_PAIR.lastIndex < text.length) {
    const pair = LABEL_PAIR.exec(text);
    if (pair === null) throw new Error(`Bad labels at ${where}`);
    const [, name = '', escaped = ''] = pair;
    if (name in labels) throw new Error(`Label ${name} twice at ${where}`);
    labels[name] = escaped.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
  }
  return labels;
}

function parseValue(text: string, where: string): number {
  if (/^[+-]?Inf$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`Bad value at ${where}`);
  return value;
}

/** The one sample of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match those labels.`);
  return found[0]?.value;
}
