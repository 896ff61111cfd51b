// The message browser: a queue's messages read in place (main never consumes them or sets their
// redelivered flag), paged from main as the user scrolls a virtualised list, searched in main
// with a bounded scan, and acted on one by one or as a selection.
import { download } from '../common/download';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BrowsedMessage, BrowsePage, MessageFilter, MoveTarget } from '../../../shared/model/messages';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { MessageDetail, formatAge, formatBytes } from './MessageDetail';
import { MoveForm, republishTarget, type MovePreset } from './MoveForm';
import { VirtualList, type VisibleRange } from './VirtualList';
import { ChangeButton } from '../common/read-only';

export const PAGE = 100;
const MAX_PAGES = 30;
const ROW_HEIGHT = 28;

interface Filters { text: string; header: string; headerValue: string; property: string; propertyValue: string }
const NO_FILTERS: Filters = { text: '', header: '', headerValue: '', property: 'correlationId', propertyValue: '' };

export function toFilter(f: Filters): MessageFilter | undefined {
  const out: MessageFilter = {};
  if (f.text.trim()) out.text = f.text.trim();
  if (f.header.trim()) out.header = { name: f.header.trim(), ...(f.headerValue.trim() ? { value: f.headerValue.trim() } : {}) };
  if (f.propertyValue.trim()) out.property = { name: f.property, value: f.propertyValue.trim() };
  return Object.keys(out).length ? out : undefined;
}

export function MessageBrowser() {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const queues = useWarren((s) => s.queues);
  const browsing = useWarren((s) => s.browsing);
  const browse = useWarren((s) => s.browse);
  const trace = useWarren((s) => s.trace);
  const setNotice = useWarren((s) => s.setNotice);
  const queue = browsing ?? [...queues.keys()][0] ?? null;
  const q = queue ? queues.get(queue) : undefined;

  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<MessageFilter | undefined>(undefined);
  const [manual, setManual] = useState(0);
  const [meta, setMeta] = useState<Omit<BrowsePage, 'messages' | 'offset'> | null>(null);
  const [, setTick] = useState(0);
  const [selected, setSelected] = useState<Map<number, BrowsedMessage>>(new Map());
  const [focus, setFocus] = useState<BrowsedMessage | null>(null);
  const [move, setMove] = useState<MovePreset | null>(null);
  const [error, setError] = useState<string | null>(null);
  const range = useRef<VisibleRange>({ first: 0, last: PAGE - 1 });

  // Pages are cached per "view": the queue, the search, the queue's depth (which the stats update
  // about once a second) and the ↻ button. A new view reads the visible pages again; until they
  // arrive the previous view's rows stay on screen, so a busy queue does not flicker.
  const depth = q ? q.ready + q.unacked : 0;
  const view = `${queue}|${JSON.stringify(applied ?? null)}|${depth}|${manual}`;
  const cache = useRef({ view: '', pages: new Map<number, BrowsedMessage[]>(), stale: new Map<number, BrowsedMessage[]>(), loading: new Set<number>() });
  if (cache.current.view !== view) {
    const sameList = cache.current.view.split('|').slice(0, 2).join('|') === view.split('|').slice(0, 2).join('|');
    cache.current = { view, pages: new Map(), stale: sameList ? (cache.current.pages.size > 0 ? cache.current.pages : cache.current.stale) : new Map(), loading: new Set() };
  }

  const load = useCallback((page: number) => {
    const c = cache.current;
    if (!queue || c.pages.has(page) || c.loading.has(page)) return;
    c.loading.add(page);
    void client.invoke('browseQueue', { vhost, queue, offset: page * PAGE, limit: PAGE, ...(applied ? { filter: applied } : {}) }).then((r) => {
      c.loading.delete(page);
      if (cache.current !== c) return; // the view changed meanwhile
      if (!r.ok) { setError(describeError(r.error)); return; }
      const { messages, offset: _o, ...m } = r.value;
      c.pages.set(page, messages);
      // keep memory bounded while scrolling a long queue: forget the pages farthest from view
      if (c.pages.size > MAX_PAGES) {
        const here = Math.floor(range.current.first / PAGE);
        const far = [...c.pages.keys()].sort((a, b) => Math.abs(b - here) - Math.abs(a - here));
        for (const k of far.slice(0, c.pages.size - MAX_PAGES)) c.pages.delete(k);
      }
      setMeta(m);
      setError(null);
      setTick((t) => t + 1);
    });
  }, [client, vhost, queue, applied]);
  const loadRange = useCallback((r: VisibleRange) => {
    range.current = r;
    for (let p = Math.floor(r.first / PAGE); p <= Math.floor(Math.max(r.first, r.last) / PAGE); p++) load(p);
  }, [load]);
  useEffect(() => { loadRange(range.current); }, [view, loadRange]);
  useEffect(() => { setSelected(new Map()); setFocus(null); setMeta(null); }, [queue, applied]);
  const refresh = useCallback(() => setManual((n) => n + 1), []);
  const onRange = loadRange;

  const rowAt = (i: number): BrowsedMessage | undefined => (cache.current.pages.get(Math.floor(i / PAGE)) ?? cache.current.stale.get(Math.floor(i / PAGE)))?.[i % PAGE];
  const total = applied ? meta?.matched ?? 0 : meta?.total ?? depth;
  const now = Date.now();
  const toggle = (m: BrowsedMessage): void => setSelected((s) => {
    const n = new Map(s);
    if (n.has(m.seq)) n.delete(m.seq); else n.set(m.seq, m);
    return n;
  });
  const chosen = useMemo(() => [...selected.values()], [selected]);
  const targets = chosen.length ? chosen : focus ? [focus] : [];

  async function remove(): Promise<void> {
    if (!queue || targets.length === 0) return;
    const r = await client.invoke('deleteMessages', { vhost, queue, seqs: targets.map((m) => m.seq) });
    if (!r.ok) { setError(describeError(r.error)); return; }
    setNotice(`Deleted ${r.value.deleted} ${r.value.deleted === 1 ? 'message' : 'messages'}${r.value.skipped ? ` (${r.value.skipped} unacknowledged ones are held by consumers and were left)` : ''}`);
    setSelected(new Map()); setFocus(null); refresh();
  }
  async function doMove(target: MoveTarget, copy: boolean): Promise<void> {
    if (!queue) return;
    const r = await client.invoke('moveMessages', { vhost, queue, seqs: targets.map((m) => m.seq), target, copy });
    if (!r.ok) { setError(describeError(r.error)); return; }
    setNotice(`${copy ? 'Copied' : 'Moved'} ${r.value.moved} to ${target.kind} '${target.name}'${r.value.unroutable ? `, ${r.value.unroutable} unroutable` : ''}${r.value.skipped ? `, ${r.value.skipped} skipped (unacknowledged)` : ''}`);
    setMove(null); setSelected(new Map()); setFocus(null); refresh();
  }
  async function exportSelection(): Promise<void> {
    if (!queue || targets.length === 0) return;
    const r = await client.invoke('exportMessages', { vhost, queue, seqs: targets.map((m) => m.seq) });
    if (!r.ok) { setError(describeError(r.error)); return; }
    download(`${queue}-messages.json`, JSON.stringify({ vhost, queue, exportedAt: new Date().toISOString(), messages: r.value }, null, 2));
  }

  if (!queue) return <div className="tool"><p className="muted">No queues in this vhost yet.</p></div>;
  return (
    <div className="tool browser-tool">
      <div className="browser-main">
        <form className="browser-bar" aria-label="message search" onSubmit={(e) => { e.preventDefault(); setApplied(toFilter(filters)); }}>
          <select aria-label="queue" value={queue} onChange={(e) => browse(e.target.value)}>{[...queues.keys()].map((n) => <option key={n} value={n}>{n}</option>)}</select>
          <input aria-label="body contains" placeholder="body contains…" value={filters.text} onChange={(e) => setFilters({ ...filters, text: e.target.value })} />
          <input aria-label="header name" placeholder="header" value={filters.header} onChange={(e) => setFilters({ ...filters, header: e.target.value })} />
          <input aria-label="header value" placeholder="= value" value={filters.headerValue} onChange={(e) => setFilters({ ...filters, headerValue: e.target.value })} />
          <select aria-label="property" value={filters.property} onChange={(e) => setFilters({ ...filters, property: e.target.value })}>
            {['correlationId', 'messageId', 'routingKey', 'exchange', 'contentType', 'type', 'appId', 'replyTo'].map((p) => <option key={p}>{p}</option>)}
          </select>
          <input aria-label="property value" placeholder="contains" value={filters.propertyValue} onChange={(e) => setFilters({ ...filters, propertyValue: e.target.value })} />
          <button type="submit">Search</button>
          {applied && <button type="button" onClick={() => { setFilters(NO_FILTERS); setApplied(undefined); }}>Clear</button>}
          <button type="button" onClick={refresh} title="read the queue again">↻</button>
        </form>
        {meta?.notice && <p className="notice-warn" role="note" data-testid="browse-notice">{meta.notice}</p>}
        <div className="browser-summary" data-testid="browse-summary">
          {meta ? <>{meta.ready.toLocaleString()} ready · {meta.unacked.toLocaleString()} unacked{applied && <> · <b>{meta.matched.toLocaleString()}</b> matched in {meta.scanned.toLocaleString()} examined{!meta.complete && ' (search stops there: narrow it)'}</>}</> : 'reading…'}
          {!meta?.notice && <span className="muted"> · read in place: nothing is consumed or marked redelivered</span>}
        </div>
        <div className="browser-actions">
          <span>{selected.size > 0 ? `${selected.size} selected` : focus ? '1 shown' : 'select messages to act on them'}</span>
          <ChangeButton disabled={targets.length === 0} onClick={() => void remove()}>Delete</ChangeButton>
          <ChangeButton disabled={targets.length === 0} onClick={() => setMove({ kind: 'exchange', name: targets[0]?.exchange ?? '', routingKey: '', copy: false })}>Move / copy…</ChangeButton>
          <ChangeButton disabled={targets.length === 0} onClick={() => { const t = republishTarget(targets[0]); setMove({ kind: 'exchange', name: t.exchange, routingKey: t.routingKey, copy: false }); }} title="back to the exchange it was first published to (from x-death)">Re-publish to origin…</ChangeButton>
          <button disabled={targets.length === 0} onClick={() => void exportSelection()}>Export JSON</button>
        </div>
        {move && <MoveForm preset={move} count={targets.length} error={error} onSubmit={(t, c) => void doMove(t, c)} onCancel={() => setMove(null)} />}
        {error && !move && <p className="form-error" role="alert">{error}</p>}
        <div className="vhead"><span /><span>#</span><span>routing key</span><span>body</span><span>size</span><span>age</span><span>state</span></div>
        <VirtualList total={total} rowHeight={ROW_HEIGHT} label={`messages in ${queue}`} onRange={onRange} resetKey={`${queue}|${JSON.stringify(applied)}`}
          renderRow={(i) => {
            const m = rowAt(i);
            if (!m) return <div className="msg-row loading">#{i + 1} …</div>;
            return (
              <div className={`msg-row ${focus?.seq === m.seq ? 'focused' : ''}`} role="listitem" data-testid={`msg-${m.index}`} onClick={() => setFocus(m)}>
                <input type="checkbox" aria-label={`select message ${m.index + 1}`} checked={selected.has(m.seq)} onChange={() => toggle(m)} onClick={(e) => e.stopPropagation()} />
                <span className="muted">{m.index + 1}</span>
                <code>{m.routingKey}</code>
                <span className="preview">{m.body.text.slice(0, 120)}</span>
                <span>{formatBytes(m.size)}</span>
                <span>{formatAge(now - m.publishedAt)}</span>
                <span>{m.state === 'unacked' ? <span className="badge warn" title={m.holder ? `held by ${m.holder.connectionName}` : ''}>unacked</span> : 'ready'}{m.xDeath.length > 0 && <span className="badge dlx">{m.xDeath[0].reason}</span>}</span>
              </div>
            );
          }} />
      </div>
      {focus && <MessageDetail m={focus} now={now} onTrace={() => trace(focus.messageId)} />}
    </div>
  );
}
