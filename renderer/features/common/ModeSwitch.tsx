// Two or more modes of one tool under a row of toggle buttons (publish as AMQP or MQTT; explain a
// routing key or an MQTT topic).
export function ModeSwitch<M extends string>({ label, modes, mode, onChange }: { label: string; modes: Array<[M, string]>; mode: M; onChange(m: M): void }) {
  return (
    <div className="mode-switch" role="group" aria-label={label}>
      {modes.map(([m, text]) => (
        <button key={m} type="button" className={mode === m ? 'primary' : ''} aria-pressed={mode === m} onClick={() => onChange(m)}>{text}</button>
      ))}
    </div>
  );
}
