// One table: each figure per node as `median (min–max)` over the runs, and Basalt's ratio to each
// other node (Basalt / other on medians; for figures where lower is better, below 1 means Basalt wins).
import type { BenchResults, Metric } from './bench.ts';
import type { NodeKind } from './nodes.ts';

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(xs: number[] | undefined): Summary | undefined {
  const v = (xs ?? []).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function cell(s: Summary | undefined): string {
  if (!s) return '';
  return s.n === 1 || s.min === s.max ? fmt(s.median) : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

function ratio(m: Metric, other: NodeKind): string {
  const b = summarize(m.samples.basalt);
  const o = summarize(m.samples[other]);
  if (!b || !o || m.better === 'none' || o.median === 0) return '';
  const r = b.median / o.median;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
}

export function renderTable(res: BenchResults): string {
  const others = res.config.nodes.filter((n) => n !== 'basalt');
  const cols: NodeKind[] = [...res.config.nodes];
  const head = ['figure', 'unit', ...cols, ...(cols.includes('basalt') ? others.map((o) => `basalt/${o}`) : [])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const m of res.metrics) {
    if (m.samples.null) {
      lines.push(
        `| ${m.label} (do-nothing server) | ${m.unit} | ${cell(summarize(m.samples.null))} |${cols
          .slice(1)
          .map(() => ' |')
          .join('')}${others.map(() => ' |').join('')}`,
      );
      continue;
    }
    const better = m.better === 'lower' ? ' ↓' : m.better === 'higher' ? ' ↑' : '';
    const row = [
      `${m.label}${better}`,
      m.unit,
      ...cols.map((c) => cell(summarize(m.samples[c]))),
      ...(cols.includes('basalt') ? others.map((o) => ratio(m, o)) : []),
    ];
    lines.push(`| ${row.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function renderMarkdown(res: BenchResults): string {
  const out = [
    '# Benchmark: Basalt against Anvil and Hardhat',
    '',
    `${res.startedAt} – ${res.finishedAt}; ${res.machine.cpus} × ${res.machine.cpuModel}; Node ${res.machine.node} (${res.machine.platform}); load average ${res.machine.loadAvgAtStart?.toFixed(1) ?? '?'} at the start, ${res.machine.loadAvgAtEnd?.toFixed(1) ?? '?'} at the end (anything above 0 is other work on the machine).`,
    `Runs: ${res.config.runs} (each cell: median (min–max)); ↑ higher is better, ↓ lower is better; ratios are Basalt's median over the other's.`,
    `Block gas limit ${res.config.gasLimit} on every node; reads run ${res.config.readMs} ms at ${res.config.readInFlight} in flight over keep-alive; writes are pre-signed EIP-1559 transactions from 10 senders, every receipt awaited.`,
    '',
    renderTable(res),
    '',
  ];
  if (res.longRun) {
    out.push(
      '## Long run (Basalt, --data-dir)',
      '',
      '| after txs | tx/s in that tenth | RSS MB |',
      '| ---: | ---: | ---: |',
    );
    for (const w of res.longRun) out.push(`| ${w.txs} | ${fmt(w.txPerSecond)} | ${fmt(w.rssMb)} |`);
    out.push('');
  }
  if (res.notes.length > 0) {
    out.push('## Notes', '', ...[...new Set(res.notes)].map((n) => `- ${n}`), '');
  }
  out.push('Config:', '', '```json', JSON.stringify(res.config, null, 2), '```', '');
  return out.join('\n');
}
