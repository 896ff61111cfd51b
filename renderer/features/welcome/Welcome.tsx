// The first minute: the first time the window opens on a broker with a data directory, main says
// to welcome (getWelcome), and this dialog offers the lessons, a demo app, or an empty broker.
// Any answer, or closing it, is remembered (dismissWelcome); the toolbar's Welcome reopens it.
import { useEffect, useState } from 'react';
import type { Req } from '../../../shared/ipc/contract';
import { useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';

type Choice = Req<'dismissWelcome'>['choice'];

export function Welcome() {
  const open = useWarren((s) => s.welcomeOpen);
  const setOpen = useWarren((s) => s.setWelcomeOpen);
  const invoke = useWarren((s) => s.invoke);
  const setTool = useWarren((s) => s.setTool);
  const showVhost = useWarren((s) => s.showVhost);
  const [error, setError] = useState<string | null>(null);

  const status = useWarren((s) => s.status);
  const [asked, setAsked] = useState(false);
  // asked once the connection is open (a command sent before fails DISCONNECTED)
  useEffect(() => {
    if (status !== 'open' || asked) return;
    setAsked(true);
    void invoke('getWelcome', {}).then((r) => { if (r.ok && r.value.show) setOpen(true); });
  }, [status, asked, invoke, setOpen]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => { if (e.key === 'Escape') void choose('empty'); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const choose = async (choice: Choice): Promise<void> => {
    setError(null);
    if (choice === 'demo') {
      const r = await invoke('loadDemo', {});
      if (!r.ok) { setError(describeError(r.error)); return; }
      showVhost(r.value.vhost);
    }
    if (choice === 'lessons') setTool('lessons');
    await invoke('dismissWelcome', { choice });
    setOpen(false);
  };

  if (!open) return null;
  return (
    <div className="modal-backdrop welcome">
      <div className="modal" role="dialog" aria-label="welcome">
        <header className="row"><h3>Welcome to Warren</h3><button className="close" aria-label="close welcome" onClick={() => void choose('empty')}>×</button></header>
        <p>Warren is a message broker that speaks RabbitMQ&apos;s protocols, and shows what happens inside. How would you like to start?</p>
        <button className="primary" onClick={() => void choose('lessons')}>Learn with lessons</button>
        <p className="hint">RabbitMQ&apos;s tutorials and more, step by step; the broker checks each step.</p>
        <button onClick={() => void choose('demo')}>Demo</button>
        <p className="hint">A small shop app in the vhost demo: a topic exchange, three queues, a dead-letter exchange and its queue, with simulated producers and consumers already at work.</p>
        <button onClick={() => void choose('empty')}>Empty broker</button>
        <p className="hint">Start from nothing. This welcome stays under the toolbar&apos;s Welcome button.</p>
        {error && <p className="form-error" role="alert">{error}</p>}
      </div>
    </div>
  );
}

/** The toolbar's way back to the welcome. */
export function WelcomeButton() {
  const setOpen = useWarren((s) => s.setWelcomeOpen);
  return <button onClick={() => setOpen(true)} title="the welcome: lessons, a demo, or an empty broker">Welcome</button>;
}
