// Definitions: RabbitMQ's JSON of users, vhosts, permissions, policies, queues, exchanges and
// bindings. Export downloads warren-definitions.json (the whole broker, or the current vhost's
// part); import takes a file or pasted JSON and says what came in, or why not. Below, the same
// across profiles (ProfileDefinitions.tsx).
import { useState } from 'react';
import { download } from '../common/download';
import type { ImportSummary } from '../../../shared/model/admin';
import { useWarren } from '../../store/context';
import { ProfileDefinitions } from './ProfileDefinitions';
import { useAdminAction } from './use-admin';
import { ChangeButton } from '../common/read-only';

export const EXPORT_FILE = 'warren-definitions.json';

type Scope = 'all' | 'vhost';

export function summaryText(s: ImportSummary): string {
  const parts = Object.entries(s).map(([k, n]) => `${k.replace('_', ' ')}: ${n}`);
  return parts.length ? `Imported ${parts.join(', ')}` : 'Imported (the file had nothing to import)';
}

export function DefinitionsTab() {
  const vhost = useWarren((s) => s.vhost);
  const exporting = useAdminAction();
  const importing = useAdminAction();
  const [scope, setScope] = useState<Scope>('all');
  const [text, setText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const target = scope === 'vhost' ? { vhost } : {};
  async function exportNow(): Promise<void> {
    const defs = await exporting.run('exportDefinitions', target);
    if (defs !== null) download(EXPORT_FILE, JSON.stringify(defs.value, null, 2));
  }
  async function importNow(): Promise<void> {
    setDone(null);
    const r = await importing.run('importDefinitions', { text, ...target });
    if (r !== null) setDone(summaryText(r.value));
  }
  return (
    <div className="tool admin-tab definitions-tab">
      <div className="panel-form">
        <fieldset>
          <legend>Scope</legend>
          <label className="inline"><input type="radio" name="defs-scope" checked={scope === 'all'} onChange={() => setScope('all')} /> the whole broker</label>
          <label className="inline"><input type="radio" name="defs-scope" checked={scope === 'vhost'} onChange={() => setScope('vhost')} /> vhost <code>{vhost}</code> only</label>
        </fieldset>
        <button className="primary" disabled={exporting.busy} onClick={() => void exportNow()}>Export</button>
        {exporting.error && <p className="form-error" role="alert">{exporting.error}</p>}
      </div>
      <div className="panel-form tool-output" aria-label="import definitions">
        <label>Definitions file<input type="file" accept=".json,application/json" onChange={(e) => void e.target.files?.[0]?.text().then(setText)} /></label>
        <label>or paste the JSON<textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} aria-label="definitions JSON" /></label>
        <div className="actions"><ChangeButton className="primary" disabled={importing.busy || text.trim() === ''} onClick={() => void importNow()}>Import</ChangeButton></div>
        {importing.error && <p className="form-error" role="alert">{importing.error}</p>}
        {done && <p role="status" data-testid="import-result">{done}</p>}
      </div>
      <ProfileDefinitions />
    </div>
  );
}
