// The admin panel in the tool dock: tabs for virtual hosts, users, permissions, policies, shovels
// and definitions, each shown to who may use it (RabbitMQ's management rules, from whoAmI; main
// checks every command again).
import { useState } from 'react';
import type { AdminRights } from '../../../shared/model/admin';
import { DefinitionsTab } from './DefinitionsTab';
import { PermissionsTab } from './PermissionsTab';
import { PoliciesTab } from './PoliciesTab';
import { ShovelsTab } from './ShovelsTab';
import { UsersTab } from './UsersTab';
import { useWhoAmI } from './use-admin';
import { VhostsTab } from './VhostsTab';

type Tab = 'vhosts' | 'users' | 'permissions' | 'policies' | 'shovels' | 'definitions';

/** Each tab with the right that shows it. */
const TABS: Array<{ id: Tab; label: string; shown(may: AdminRights): boolean }> = [
  { id: 'vhosts', label: 'Virtual hosts', shown: (m) => m.view },
  { id: 'users', label: 'Users', shown: (m) => m.users },
  { id: 'permissions', label: 'Permissions', shown: (m) => m.permissions },
  { id: 'policies', label: 'Policies', shown: (m) => m.view },
  { id: 'shovels', label: 'Shovels', shown: (m) => m.view },
  { id: 'definitions', label: 'Definitions', shown: (m) => m.definitions },
];

export function AdminPanel() {
  const who = useWhoAmI();
  const [tab, setTab] = useState<Tab>('vhosts');
  if (!who) return null;
  const tabs = TABS.filter((t) => t.shown(who.may));
  if (tabs.length === 0) return <p className="muted">User <b>{who.user}</b> may not administer this broker.</p>;
  const open = tabs.some((t) => t.id === tab) ? tab : tabs[0].id;
  return (
    <div className="admin-panel">
      <nav className="tool-tabs admin-tabs" role="tablist" aria-label="admin">
        {tabs.map((t) => <button key={t.id} role="tab" aria-selected={open === t.id} className={open === t.id ? 'primary' : ''} onClick={() => setTab(t.id)}>{t.label}</button>)}
        <span className="muted">as <b>{who.user}</b>{who.tags.length > 0 && ` (${who.tags.join(', ')})`}</span>
      </nav>
      {open === 'vhosts' && <VhostsTab canChange={who.may.vhosts} />}
      {open === 'users' && <UsersTab />}
      {open === 'permissions' && <PermissionsTab />}
      {open === 'policies' && <PoliciesTab canChange={who.may.policies} canChangeOperator={who.may.operatorPolicies} />}
      {open === 'shovels' && <ShovelsTab canChange={who.may.policies} />}
      {open === 'definitions' && <DefinitionsTab />}
    </div>
  );
}

/** The toolbar's Admin button: only for who may open the panel. */
export function AdminButton({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const who = useWhoAmI();
  if (!who?.may.view) return null;
  return <button className={open ? 'primary' : ''} aria-pressed={open} onClick={onToggle}>Admin</button>;
}
