// The palette: forms that declare exchanges and queues on the broker, and start simulated
// producers and consumers.
import { useWarren } from '../../store/context';
import { ConsumerForm } from './ConsumerForm';
import { ExchangeForm } from './ExchangeForm';
import { ProducerForm } from './ProducerForm';
import { QueueForm } from './QueueForm';

const FORMS = { exchange: ExchangeForm, queue: QueueForm, producer: ProducerForm, consumer: ConsumerForm } as const;

export function Palette() {
  const palette = useWarren((s) => s.palette);
  const setPalette = useWarren((s) => s.setPalette);
  const setError = useWarren((s) => s.setError);
  if (!palette) return null;
  const done = () => { for (const f of Object.keys(FORMS)) setError(`form:${f}`, null); setPalette(null); };
  const Form = FORMS[palette];
  return <aside className="side-panel left"><Form key={palette} onDone={done} /></aside>;
}
