// Definitions across profiles: bring a profile's definitions into the embedded broker ("staging's
// topology on my laptop"), and compare two profiles' definitions section by section.
import { useState } from 'react';
import type { DefinitionsDiff, DefinitionsDiffSection, ProfileInfo } from '../../../shared/model/remote';
import { summaryText } from './DefinitionsTab';
import { useAdminAction, useAdminList } from './use-admin';

const profileName = (p: ProfileInfo): string => (p.kind === 'local' ? 'This computer' : p.name);
const show = (v: unknown): string => JSON.stringify(v);

function ProfileSelect({ label, profiles, value, onChange }: { label: string; profiles: ProfileInfo[]; value: string; onChange(id: string): void }) {
  return (
    <label>{label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(pick a profile)</option>
        {profiles.map((p) => <option key={p.id} value={p.id}>{profileName(p)}</option>)}
      </select>
    </label>
  );
}

function DiffSection({ s, left, right }: { s: DefinitionsDiffSection; left: string; right: string }) {
  const differs = s.onlyLeft.length + s.onlyRight.length + s.changed.length;
  return (
    <section className="diff-section" aria-label={`${s.kind} differences`}>
      <h4>{s.kind} <span className="muted">· {differs === 0 ? `all ${s.same} the same` : `${differs} differ, ${s.same} the same`}</span></h4>
      {differs > 0 && (
        <table className="grid-table"><thead><tr><th>{s.kind}</th><th>{left}</th><th>{right}</th></tr></thead>
          <tbody>
            {s.onlyLeft.map((k) => <tr key={`l${k}`}><td><code>{k}</code></td><td>present</td><td className="muted">missing</td></tr>)}
            {s.onlyRight.map((k) => <tr key={`r${k}`}><td><code>{k}</code></td><td className="muted">missing</td><td>present</td></tr>)}
            {s.changed.map((c) => <tr key={`c${c.key}`}><td><code>{c.key}</code></td><td><code>{show(c.left)}</code></td><td><code>{show(c.right)}</code></td></tr>)}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function DiffTable({ diff, names }: { diff: DefinitionsDiff; names: (id: string) => string }) {
  const left = names(diff.left);
  const right = names(diff.right);
  return (
    <div data-testid="definitions-diff">
      <p>{left} compared with {right}{diff.vhost === null ? ', every vhost' : `, vhost ${diff.vhost}`}</p>
      {diff.sections.map((s) => <DiffSection key={s.kind} s={s} left={left} right={right} />)}
    </div>
  );
}

export function ProfileDefinitions() {
  const list = useAdminList('listProfiles', {});
  const profiles = list.rows ?? [];
  const remote = profiles.filter((p) => p.kind === 'remote');
  const importing = useAdminAction();
  const comparing = useAdminAction();
  const [from, setFrom] = useState('');
  const [fromVhost, setFromVhost] = useState('');
  const [imported, setImported] = useState<string | null>(null);
  const [left, setLeft] = useState('');
  const [right, setRight] = useState('');
  const [vhost, setVhost] = useState('');
  const [diff, setDiff] = useState<DefinitionsDiff | null>(null);
  const names = (id: string): string => { const p = profiles.find((x) => x.id === id); return p ? profileName(p) : id; };

  async function importNow(): Promise<void> {
    setImported(null);
    const r = await importing.run('importFromProfile', { id: from, ...(fromVhost.trim() ? { vhost: fromVhost.trim() } : {}) });
    if (r !== null) setImported(`${summaryText(r.value)} from ${names(from)} into This computer`);
  }
  async function compare(): Promise<void> {
    setDiff(null);
    const r = await comparing.run('diffDefinitions', { left, right, ...(vhost.trim() ? { vhost: vhost.trim() } : {}) });
    if (r !== null) setDiff(r.value);
  }
  // under `warren connect` there is no This computer to import into
  const hasLocal = profiles.some((p) => p.kind === 'local');
  return (
    <>
      {hasLocal && <section className="panel-form" aria-label="import from a profile">
        <h4>Import a profile's definitions into This computer</h4>
        <ProfileSelect label="Profile" profiles={remote} value={from} onChange={setFrom} />
        <label>Vhost (empty: every vhost)<input aria-label="vhost to import" value={fromVhost} onChange={(e) => setFromVhost(e.target.value)} /></label>
        <div className="actions"><button className="primary" disabled={!from || importing.busy} onClick={() => void importNow()}>Import into This computer</button></div>
        {importing.error && <p className="form-error" role="alert">{importing.error}</p>}
        {imported && <p role="status" data-testid="profile-import-result">{imported}</p>}
      </section>}
      <section className="panel-form tool-output" aria-label="compare two profiles">
        <h4>Compare two profiles</h4>
        <div className="grid3">
          <ProfileSelect label="Left" profiles={profiles} value={left} onChange={setLeft} />
          <ProfileSelect label="Right" profiles={profiles} value={right} onChange={setRight} />
          <label>Vhost (optional)<input aria-label="vhost to compare" value={vhost} onChange={(e) => setVhost(e.target.value)} /></label>
        </div>
        <div className="actions"><button className="primary" disabled={!left || !right || comparing.busy} onClick={() => void compare()}>Compare</button></div>
        {comparing.error && <p className="form-error" role="alert">{comparing.error}</p>}
        {list.error && <p className="form-error" role="alert">{list.error}</p>}
        {diff && <DiffTable diff={diff} names={names} />}
      </section>
    </>
  );
}
