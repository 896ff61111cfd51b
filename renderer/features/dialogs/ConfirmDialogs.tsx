// Confirmations for destructive operations, saying what would be lost.
import type { ReactNode } from 'react';
import { nodeKind, nodeName } from '../../../shared/ipc/ids';
import { useWarren, useWarrenStore } from '../../store/context';
import type { Dialog } from '../../store/types';
import { BindDialog } from './BindDialog';
import { PasswordDialog } from '../target/PasswordDialog';
import { ProfilesDialog } from '../target/ProfilesDialog';
import { bindingLabel, displayName } from '../topology/graph';

function Confirm({ title, children, action, danger = true, onConfirm }: { title: string; children: ReactNode; action: string; danger?: boolean; onConfirm: () => void }) {
  const openDialog = useWarren((s) => s.openDialog);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label={title}>
        <h3>{title}</h3>
        {children}
        <div className="actions">
          <button type="button" onClick={() => openDialog(null)}>Cancel</button>
          <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm} autoFocus>{action}</button>
        </div>
      </div>
    </div>
  );
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function DeleteNodeDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'confirm-delete-node' }> }) {
  const store = useWarrenStore();
  const kind = nodeKind(dialog.id);
  const name = nodeName(dialog.id);
  const q = useWarren((s) => (kind === 'queue' ? s.queues.get(name) : undefined));
  const x = useWarren((s) => (kind === 'exchange' ? s.exchanges.get(name) : undefined));
  const bindings = useWarren((s) => s.bindings.filter((b) => (kind === 'exchange' ? b.source === name || (b.destinationType === 'exchange' && b.destination === name) : b.destinationType === 'queue' && b.destination === name)).length);
  const st = () => store.getState();
  const target = `node:${dialog.id}`;
  if (kind === 'queue' && q) {
    const lost = q.ready + q.unacked;
    return (
      <Confirm title={`Delete queue '${q.name}'?`} action="Delete queue" onConfirm={async () => {
        st().openDialog(null);
        const r = await st().run('deleteQueue', { vhost: st().vhost, name: q.name }, target);
        if (r.ok) { st().select(null); st().setNotice(`Queue '${q.name}' deleted: ${plural(r.value.messages, 'message')} lost`); }
      }}>
        <p className={lost > 0 ? 'warn-text' : ''}>
          {lost > 0 ? `${plural(lost, 'message')} would be lost (${q.ready} ready, ${q.unacked} unacknowledged).` : 'The queue is empty: no messages would be lost.'}
        </p>
        <p>{plural(bindings, 'binding')} and {plural(q.consumers, 'consumer')} go with it.</p>
      </Confirm>
    );
  }
  if (kind === 'exchange' && x) {
    return (
      <Confirm title={`Delete exchange '${displayName(x.name)}'?`} action="Delete exchange" onConfirm={async () => {
        st().openDialog(null);
        const r = await st().run('deleteExchange', { vhost: st().vhost, name: x.name }, target);
        if (r.ok) { st().select(null); st().setNotice(`Exchange '${x.name}' deleted`); }
      }}>
        <p>{plural(bindings, 'binding')} go with it. No messages are stored in an exchange, so none are lost, but messages published to it afterwards will fail.</p>
      </Confirm>
    );
  }
  return null;
}

export function DeleteEdgeDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'confirm-delete-edge' }> }) {
  const store = useWarrenStore();
  const [src, dst] = dialog.id.slice(dialog.id.indexOf('|') + 1).split('>');
  const list = useWarren((s) => s.bindings.filter((b) => `x:${b.source}` === src && (b.destinationType === 'queue' ? `q:${b.destination}` : `x:${b.destination}`) === dst));
  const st = () => store.getState();
  if (list.length === 0) return null;
  return (
    <Confirm title="Remove binding?" action={list.length > 1 ? `Unbind all ${list.length}` : 'Unbind'} onConfirm={async () => {
      st().openDialog(null);
      for (const b of list) {
        const r = await st().run('unbind', { vhost: b.vhost, source: b.source, destination: b.destination, destinationType: b.destinationType, routingKey: b.routingKey, arguments: b.arguments }, `node:${dst}`);
        if (!r.ok) return;
      }
      st().select(null);
      st().setNotice(`Removed ${plural(list.length, 'binding')}`);
    }}>
      <ul className="plain">{list.map((b, i) => <li key={i}><code>{displayName(b.source)}</code> → <code>{b.destination}</code> with <code>{bindingLabel(b)}</code></li>)}</ul>
      <p>Messages already in the queue stay; new ones will no longer be routed along it.</p>
    </Confirm>
  );
}

export function PurgeDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'confirm-purge' }> }) {
  const store = useWarrenStore();
  const q = useWarren((s) => s.queues.get(dialog.queue));
  const st = () => store.getState();
  if (!q) return null;
  return (
    <Confirm title={`Purge queue '${q.name}'?`} action="Purge" onConfirm={async () => {
      st().openDialog(null);
      const r = await st().run('purgeQueue', { vhost: st().vhost, name: q.name }, `node:q:${q.name}`);
      if (r.ok) st().setNotice(`Purged ${plural(r.value.messages, 'message')} from '${q.name}'`);
    }}>
      <p className={q.ready > 0 ? 'warn-text' : ''}>{plural(q.ready, 'ready message')} would be deleted. Unacknowledged messages ({q.unacked}) stay with their consumers.</p>
    </Confirm>
  );
}

export function Dialogs() {
  const dialog = useWarren((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'bind': return <BindDialog dialog={dialog} />;
    case 'confirm-delete-node': return <DeleteNodeDialog dialog={dialog} />;
    case 'confirm-delete-edge': return <DeleteEdgeDialog dialog={dialog} />;
    case 'confirm-purge': return <PurgeDialog dialog={dialog} />;
    case 'profiles': return <ProfilesDialog />;
    case 'profile-password': return <PasswordDialog dialog={dialog} />;
  }
}
