// Formatting: one line per run as it finishes, then a markdown table of medians (and A/B ratios), plus JSON.
import { writeFileSync } from 'node:fs';
import type { Metric, RunOutput } from './scenarios/types';
import type { CeilingRun } from './ceiling';

export interface RunRecord {
  scenario: number;
  scenarioName: string;
  title: string;
  target: string;
  round: number;
  startedAt: string;
  /** other processes' CPU (cores) just before the run / during the measured window */
  otherBefore: number;
  otherDuring: number | null;
  busy: boolean;
  output?: RunOutput;
  error?: string;
}

export function fmt(v: number, unit: string): string {
  if (!Number.isFinite(v)) return 'n/a';
  let s: string;
  if (unit === 'msg/s' || unit === 'conn/s' || unit === 'ev/s' || unit === 'B/msg') s = Math.round(v).toLocaleString('en-US');
  else if (unit === 'cores') s = v.toFixed(2);
  else if (unit === 'ms') s = v < 10 ? v.toFixed(3) : v.toFixed(1);
  else s = v < 100 ? v.toFixed(2) : v.toFixed(0);
  return `${s} ${unit}`;
}

export function runLine(r: RunRecord): string {
  const head = `[${r.target}] #${r.scenario} ${r.scenarioName} r${r.round}:`;
  if (r.error) return `${head} ERROR ${r.error}${r.busy ? ' *busy*' : ''}`;
  const o = r.output!;
  const shown = o.metrics.filter((m) => m.key !== 'mean').slice(0, 8).map((m) => `${shortLabel(m)} ${fmt(m.value, m.unit)}`);
  const other = r.otherDuring === null ? '' : ` | others ${r.otherDuring.toFixed(2)} cores`;
  const busy = r.busy ? ` *busy* (others used ${Math.max(r.otherBefore, r.otherDuring ?? 0).toFixed(2)} cores)` : '';
  return `${head} ${shown.join(' | ')}${other} | ${o.verified ? 'verified' : 'VERIFY FAILED'}${busy}` +
    (o.verified ? '' : `\n    ${o.verify}`) + o.notes.map((n) => `\n    note: ${n}`).join('');
}

function shortLabel(m: Metric): string {
  const map: Record<string, string> = {
    deliver: 'cons', publish: 'pub', confirm: 'conf', gen_cores: 'gen', broker_cores: 'broker', rss: 'RSS', mbps: 'MB/s:',
  };
  return map[m.key] ?? m.label;
}

export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Row { scenario: string; metric: string; unit: string; better: Metric['better']; values: Map<string, number[]>; busy: Map<string, number>; failed: Map<string, number> }

function collect(records: RunRecord[]): Row[] {
  const rows = new Map<string, Row>();
  for (const r of records) {
    const sc = `${r.scenario} ${r.scenarioName}`;
    for (const m of r.output?.metrics ?? []) {
      const key = `${sc}\u0000${m.key}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { scenario: sc, metric: m.label, unit: m.unit, better: m.better, values: new Map(), busy: new Map(), failed: new Map() }));
      const v = row.values.get(r.target) ?? [];
      v.push(m.value);
      row.values.set(r.target, v);
      if (r.busy) row.busy.set(r.target, (row.busy.get(r.target) ?? 0) + 1);
      if (!r.output?.verified) row.failed.set(r.target, (row.failed.get(r.target) ?? 0) + 1);
    }
  }
  return [...rows.values()];
}

const arrow = (b: Metric['better']) => (b === 'higher' ? '↑' : b === 'lower' ? '↓' : '');

function cell(row: Row, target: string): string {
  const v = row.values.get(target);
  if (!v) return '–';
  let s = fmt(median(v), row.unit);
  const busy = row.busy.get(target) ?? 0;
  const failed = row.failed.get(target) ?? 0;
  if (busy) s += ` *busy*${v.length > 1 ? `(${busy}/${v.length})` : ''}`;
  if (failed) s += ` (unverified ${failed}/${v.length})`;
  return s;
}

function errorsBlock(records: RunRecord[]): string {
  const errs = records.filter((r) => r.error);
  return errs.length ? '\n\nErrors:\n' + errs.map((r) => `- [${r.target}] #${r.scenario} r${r.round}: ${r.error}`).join('\n') : '';
}

export function singleTable(records: RunRecord[], target: string): string {
  const rows = collect(records);
  const rounds = Math.max(1, ...records.map((r) => r.round));
  const lines = [
    `| scenario | metric | ${target}${rounds > 1 ? ` (median of ${rounds})` : ''} |`,
    '|---|---|---:|',
    ...rows.map((r) => `| ${r.scenario} | ${r.metric} ${arrow(r.better)} | ${cell(r, target)} |`),
  ];
  return lines.join('\n') + errorsBlock(records);
}

/** One column per target, then the first target's ratio to each of the others. */
export function compareTable(records: RunRecord[], names: string[]): string {
  const rows = collect(records);
  const rounds = Math.max(1, ...records.map((r) => r.round));
  const [a, ...others] = names;
  const lines = [
    `Medians of ${rounds} round(s), runs alternating ${names.join(', ')}. ↑ higher is better, ↓ lower is better.`,
    '',
    `| scenario | metric | ${names.join(' | ')} | ${others.map((b) => `${a}/${b}`).join(' | ')} |`,
    `|---|---|${names.map(() => '---:|').join('')}${others.map(() => '---:|').join('')}`,
  ];
  for (const r of rows) {
    const ma = median(r.values.get(a) ?? []);
    const ratios = others.map((b) => {
      const mb = median(r.values.get(b) ?? []);
      return Number.isFinite(ma) && Number.isFinite(mb) && mb !== 0 ? `${(ma / mb).toFixed(2)}×` : 'n/a';
    });
    lines.push(`| ${r.scenario} | ${r.metric} ${arrow(r.better)} | ${names.map((n) => cell(r, n)).join(' | ')} | ${ratios.join(' | ')} |`);
  }
  return lines.join('\n') + errorsBlock(records);
}

export function writeJson(file: string, data: unknown): void {
  writeFileSync(file, JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
}

/** Scenario 9's brokers beside the relay ceilings, and whether twice the second target fits under them. */
export function ceilingTable(ceilings: CeilingRun[], records: RunRecord[], names: string[]): string {
  const lines = ['| scenario 9, 1 MiB bodies | MB/s (median) | middle process CPU |', '|---|---:|---:|'];
  const mbps = new Map<string, number>();
  for (const n of names) {
    const runs = records.filter((r) => r.scenario === 9 && r.target === n && r.output?.verified).map((r) => r.output!);
    if (!runs.length) continue;
    mbps.set(n, median(runs.map((o) => o.metrics.find((m) => m.key === 'mbps')!.value)));
    lines.push(`| ${n} | ${mbps.get(n)!.toFixed(0)} | ${median(runs.map((o) => o.cpu?.broker ?? NaN)).toFixed(2)} cores |`);
  }
  let top = 0;
  for (const kind of new Set(ceilings.map((c) => c.relay))) {
    const ok = ceilings.filter((c) => c.relay === kind && c.result).map((c) => c.result!);
    if (!ok.length) continue;
    const m = median(ok.map((r) => r.mbps));
    top = Math.max(top, m);
    lines.push(`| relay ceiling: ${kind}, no protocol | ${m.toFixed(0)} | ${median(ok.map((r) => r.relayCores)).toFixed(2)} cores |`);
  }
  const second = mbps.get(names[1]);
  if (names.length === 2 && top > 0 && second !== undefined) {
    const twice = 2 * second;
    lines.push('', `2× ${names[1]} would be ${twice.toFixed(0)} MB/s: ${twice > top
      ? `above every relay ceiling (best ${top.toFixed(0)} MB/s), so out of reach for any broker on this machine`
      : `within the relay ceiling (best ${top.toFixed(0)} MB/s)`}.`);
  }
  return lines.join('\n');
}
