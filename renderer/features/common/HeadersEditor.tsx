// Headers with typed values (string, int, float, bool, null): one row per header. Used by the
// routing debugger and the publish form; the typed values go to main as they are.
import type { TypedHeader, TypedValue } from '../../../shared/model/messages';

export interface HeaderRow { name: string; type: TypedValue['type']; value: string }

export const TYPES: Array<TypedValue['type']> = ['string', 'int', 'float', 'bool', 'null'];

/** rows -> typed headers, or the first problem in words */
export function parseHeaderRows(rows: HeaderRow[]): TypedHeader[] | string {
  const out: TypedHeader[] = [];
  for (const r of rows) {
    const name = r.name.trim();
    if (!name) { if (r.value.trim()) return 'a header needs a name'; continue; }
    const v = r.value.trim();
    switch (r.type) {
      case 'string': out.push({ name, value: { type: 'string', value: r.value } }); break;
      case 'int':
        if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) return `header '${name}': '${r.value}' is not a whole number`;
        out.push({ name, value: { type: 'int', value: Number(v) } });
        break;
      case 'float':
        if (v === '' || !Number.isFinite(Number(v))) return `header '${name}': '${r.value}' is not a number`;
        out.push({ name, value: { type: 'float', value: Number(v) } });
        break;
      case 'bool':
        if (v !== 'true' && v !== 'false') return `header '${name}': write true or false`;
        out.push({ name, value: { type: 'bool', value: v === 'true' } });
        break;
      case 'null': out.push({ name, value: { type: 'null', value: null } }); break;
    }
  }
  return out;
}

export const rowsFromHeaders = (hs: TypedHeader[]): HeaderRow[] =>
  hs.map((h) => ({ name: h.name, type: h.value.type, value: h.value.value === null ? '' : String(h.value.value) }));

export function HeadersEditor({ rows, onChange, label = 'Headers' }: { rows: HeaderRow[]; onChange(rows: HeaderRow[]): void; label?: string }) {
  const set = (i: number, patch: Partial<HeaderRow>): void => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="headers-editor">
      <legend>{label}</legend>
      {rows.map((r, i) => (
        <div className="header-row" key={i}>
          <input aria-label={`header ${i + 1} name`} placeholder="name" value={r.name} onChange={(e) => set(i, { name: e.target.value })} />
          <select aria-label={`header ${i + 1} type`} value={r.type} onChange={(e) => set(i, { type: e.target.value as HeaderRow['type'] })}>
            {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
          <input aria-label={`header ${i + 1} value`} placeholder={r.type === 'null' ? '(void)' : 'value'} disabled={r.type === 'null'} value={r.value} onChange={(e) => set(i, { value: e.target.value })} />
          <button type="button" aria-label={`remove header ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { name: '', type: 'string', value: '' }])}>+ header</button>
    </fieldset>
  );
}
