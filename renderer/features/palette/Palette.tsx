// The palette: forms that declare exchanges and queues on the broker.
import { useWarren } from '../../store/context';
import { ExchangeForm } from './ExchangeForm';
import { QueueForm } from './QueueForm';

export function Palette() {
  const palette = useWarren((s) => s.palette);
  const setPalette = useWarren((s) => s.setPalette);
  const setError = useWarren((s) => s.setError);
  if (!palette) return null;
  const done = () => { setError('form:exchange', null); setError('form:queue', null); setPalette(null); };
  return <aside className="side-panel left">{palette === 'exchange' ? <ExchangeForm onDone={done} /> : <QueueForm onDone={done} />}</aside>;
}
