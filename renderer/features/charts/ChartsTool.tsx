// The charts: rates (published, delivered, acked, dead-lettered) and depths over the last five
// minutes, for the selected queue or exchange or the whole vhost, so a learner sees prefetch, TTL
// and dead-lettering change the curves. Drawn with uPlot from the store's stats log.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { nodeKind, nodeName } from '../../../shared/ipc/ids';
import { useWarren } from '../../store/context';
import { chartSeries, type ChartSubject } from './chart-series';

const COLORS = ['#6cb6ff', '#3ddc97', '#c9a0ff', '#ff6bd6'];

function subjectOf(selected: string | null): ChartSubject {
  if (selected) {
    const kind = nodeKind(selected);
    if (kind === 'queue' || kind === 'exchange') return { kind, name: nodeName(selected) };
  }
  return { kind: 'vhost' };
}

/** One uPlot chart, sized to its box, fed new data as it comes. */
function Chart({ title, t, lines }: { title: string; t: number[]; lines: Array<{ label: string; values: Array<number | null> }> }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labels = lines.map((l) => l.label).join('|');
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      title, width: Math.max(200, el.clientWidth), height: 160,
      series: [{}, ...lines.map((l, i) => ({ label: l.label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: true }))],
      axes: [{ stroke: '#8b95a3', grid: { stroke: '#222a35' } }, { stroke: '#8b95a3', grid: { stroke: '#222a35' } }],
      scales: { x: { time: true } },
    };
    const p = new uPlot(opts, [t, ...lines.map((l) => l.values)] as uPlot.AlignedData, el);
    plot.current = p;
    const ro = new ResizeObserver(() => p.setSize({ width: Math.max(200, el.clientWidth), height: 160 }));
    ro.observe(el);
    return () => { ro.disconnect(); p.destroy(); plot.current = null; };
    // new data goes through setData below; the chart is made again only when its lines change
  }, [title, labels]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { plot.current?.setData([t, ...lines.map((l) => l.values)] as uPlot.AlignedData); }, [t, lines]);
  return <div className="chart" ref={box} role="img" aria-label={title} data-points={t.length} />;
}

export function ChartsTool() {
  const log = useWarren((s) => s.statsLog);
  const selected = useWarren((s) => (s.selection?.kind === 'node' ? s.selection.id : null));
  const vhost = useWarren((s) => s.vhost);
  const subject = subjectOf(selected);
  const series = chartSeries(log, subject);
  const what = subject.kind === 'vhost' ? `vhost ${vhost}` : `${subject.kind} ${subject.name}`;
  const last = (label: string): string => {
    const v = series.rates.find((r) => r.label === label)?.values.at(-1);
    return v === null || v === undefined ? '—' : `${v}/s`;
  };
  return (
    <div className="tool charts-tool">
      <p className="hint">
        {subject.kind === 'vhost' ? 'The whole vhost; select a queue or an exchange on the canvas to chart it alone.' : `Charting the selected ${subject.kind}.`}
        {' '}Last {Math.round(log.length)} s.
      </p>
      <dl className="chart-now" aria-label="rates now">
        {series.rates.map((r) => <div key={r.label}><dt>{r.label}</dt><dd data-testid={`rate-${r.label}`}>{last(r.label)}</dd></div>)}
      </dl>
      <Chart title={`rates, ${what} (msg/s)`} t={series.t} lines={series.rates} />
      {series.depths && <Chart title={`depth, ${what} (messages)`} t={series.t} lines={series.depths} />}
    </div>
  );
}
