// The confirmation every change to a remote broker waits for (asked by the store's command path,
// target-slice.ts): what will change where; Cancel sends nothing.
import { useEffect } from 'react';
import { useWarren } from '../../store/context';

export function ChangeConfirm() {
  const change = useWarren((s) => s.pendingChanges[0]);
  const answer = useWarren((s) => s.answerChange);
  useEffect(() => {
    if (!change) return;
    const onKey = (e: KeyboardEvent): void => { if (e.key === 'Escape') answer(false); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [change, answer]);
  if (!change) return null;
  return (
    <div className="modal-backdrop confirm-change">
      <div className="modal" role="alertdialog" aria-label="confirm change on a remote broker">
        <h3>Change a remote broker?</h3>
        <p data-testid="change-sentence">{change.sentence}</p>
        <div className="actions">
          <button type="button" onClick={() => answer(false)}>Cancel</button>
          <button type="button" className="danger" onClick={() => answer(true)} autoFocus>Yes, do it</button>
        </div>
      </div>
    </div>
  );
}
