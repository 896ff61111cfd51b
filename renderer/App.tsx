// The window: toolbar, canvas with its live overlay, palette, inspector, dialogs, notices.
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { nodeKind } from '../shared/ipc/ids';
import { Dialogs } from './features/dialogs/ConfirmDialogs';
import { Inspector } from './features/inspector/Inspector';
import { Palette } from './features/palette/Palette';
import { ChangeConfirm } from './features/target/ChangeConfirm';
import { RemoteBanner } from './features/target/RemoteBanner';
import { Canvas } from './features/topology/Canvas';
import { Toolbar } from './features/toolbar/Toolbar';
import { ToolDock } from './features/tools/ToolDock';
import { Welcome } from './features/welcome/Welcome';
import { useWarren, useWarrenStore } from './store/context';

function Notice() {
  const notice = useWarren((s) => s.notice);
  const setNotice = useWarren((s) => s.setNotice);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(t);
  }, [notice, setNotice]);
  return notice ? <div className="notice" role="status">{notice}</div> : null;
}

/** Delete/Backspace on a selected node or binding asks first, then deletes or unbinds. */
function useDeleteKey(): void {
  const store = useWarrenStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Delete' && e.key !== 'Backspace') return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      const st = store.getState();
      if (st.dialog || !st.selection) return;
      if (st.selection.kind === 'node') {
        const k = nodeKind(st.selection.id);
        if (k === 'exchange' || k === 'queue') st.openDialog({ kind: 'confirm-delete-node', id: st.selection.id });
      } else if (st.selection.id.startsWith('binding|')) {
        st.openDialog({ kind: 'confirm-delete-edge', id: st.selection.id });
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

export function App() {
  useDeleteKey();
  // a new broker (target) starts every component afresh: nothing of the last one's lingers
  const generation = useWarren((s) => s.generation);
  return (
    <ReactFlowProvider key={generation}>
      <div className="app">
        <RemoteBanner />
        <Toolbar />
        <main className="workspace">
          <Palette />
          <div className="center">
            <Canvas />
            <ToolDock />
          </div>
          <Inspector />
        </main>
        <Dialogs />
        <ChangeConfirm />
        <Welcome />
        <Notice />
      </div>
    </ReactFlowProvider>
  );
}
