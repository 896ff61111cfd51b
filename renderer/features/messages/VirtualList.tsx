// A small virtualised list: fixed-height rows, only the visible ones (plus a few) in the DOM.
// Past a few million pixels browsers stop growing an element, so very long lists map the scroll
// position proportionally onto the rows (a million rows still scroll end to end).
import { useEffect, useRef, useState, type ReactNode } from 'react';

const MAX_PX = 8_000_000;
const OVERSCAN = 6;

export interface VisibleRange { first: number; last: number }

/** which rows are visible for a scroll position (pure, for tests) */
export function visibleRange(scrollTop: number, viewHeight: number, total: number, rowHeight: number): VisibleRange & { offsetPx: number; height: number } {
  const full = total * rowHeight;
  const height = Math.min(full, MAX_PX);
  const scale = full > MAX_PX && height > viewHeight ? (full - viewHeight) / (height - viewHeight) : 1;
  const virtualTop = scrollTop * scale;
  const first = Math.max(0, Math.floor(virtualTop / rowHeight) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((virtualTop + viewHeight) / rowHeight) + OVERSCAN);
  // where row `first` is drawn inside the scrolled content
  const offsetPx = scrollTop + (first * rowHeight - virtualTop);
  return { first, last, offsetPx, height };
}

export function VirtualList({ total, rowHeight, renderRow, onRange, label, resetKey }: {
  total: number; rowHeight: number; label: string; resetKey?: unknown;
  renderRow(index: number): ReactNode;
  onRange?(r: VisibleRange): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(400);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => setViewHeight(el.clientHeight || 400);
    measure();
    const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);
  useEffect(() => { if (ref.current) ref.current.scrollTop = 0; setScrollTop(0); }, [resetKey]);
  const r = visibleRange(scrollTop, viewHeight, total, rowHeight);
  useEffect(() => { if (total > 0) onRange?.({ first: r.first, last: r.last }); }, [r.first, r.last, total, onRange]);
  const rows: ReactNode[] = [];
  for (let i = r.first; i <= r.last; i++) {
    rows.push(<div key={i} className="vrow" style={{ top: r.offsetPx + (i - r.first) * rowHeight, height: rowHeight }}>{renderRow(i)}</div>);
  }
  return (
    <div className="vlist" ref={ref} role="list" aria-label={label} data-total={total} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div className="vlist-space" style={{ height: r.height }}>{rows}</div>
    </div>
  );
}
