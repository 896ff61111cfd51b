// From drawing to code: the vhost's topology (or the selected node with what it is bound to) as
// pika, amqplib, Spring AMQP, definitions JSON or rabbitmqadmin, copied in one click. The text is
// what `warren codegen` writes (shared/codegen), from the broker's own definitions export.
import { useEffect, useState } from 'react';
import { CODE_LANGUAGES, generateCode, LANGUAGE_FILES, LANGUAGE_LABELS, type CodeLanguage } from '../../../shared/codegen/codegen';
import type { Selection, VhostDefinitions } from '../../../shared/codegen/topology';
import { nodeKind, nodeName } from '../../../shared/ipc/ids';
import type { BindingInfo } from '../../../shared/model/topology';
import { useClient, useWarren } from '../../store/context';
import { describeError } from '../../store/command-slice';
import { copyText } from '../common/copy-text';
import { download } from '../common/download';

/** The selected exchange or queue and everything bound directly to or from it. */
export function neighbourhood(selected: string, bindings: BindingInfo[]): Selection | null {
  const kind = nodeKind(selected);
  const name = nodeName(selected);
  if (kind !== 'exchange' && kind !== 'queue') return null;
  const exchanges = new Set<string>(kind === 'exchange' ? [name] : []);
  const queues = new Set<string>(kind === 'queue' ? [name] : []);
  for (const b of bindings) {
    const from = kind === 'exchange' && b.source === name;
    const to = b.destination === name && b.destinationType === kind;
    if (from) (b.destinationType === 'queue' ? queues : exchanges).add(b.destination);
    if (to) exchanges.add(b.source);
  }
  return { exchanges: [...exchanges], queues: [...queues] };
}

export function CodeTool() {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const selection = useWarren((s) => s.selection);
  const bindings = useWarren((s) => s.bindings);
  const [lang, setLang] = useState<CodeLanguage>('pika');
  const [onlySelected, setOnlySelected] = useState(false);
  const [defs, setDefs] = useState<VhostDefinitions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [area, setArea] = useState<HTMLTextAreaElement | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    void client.invoke('exportDefinitions', { vhost }).then((r) => {
      if (!live) return;
      if (r.ok) setDefs(r.value as VhostDefinitions); else setError(describeError(r.error));
    });
    return () => { live = false; };
  }, [client, vhost, reload]);

  const picked = selection?.kind === 'node' ? neighbourhood(selection.id, bindings) : null;
  // cheap enough to write again on every render
  const code = defs ? generateCode(lang, defs, { vhost, selection: onlySelected && picked ? picked : undefined }) : '';
  useEffect(() => setCopied(false), [code]);

  return (
    <div className="tool code-tool">
      <div className="row">
        <label>Language{' '}
          <select aria-label="language" value={lang} onChange={(e) => setLang(e.target.value as CodeLanguage)}>
            {CODE_LANGUAGES.map((l) => <option key={l} value={l}>{LANGUAGE_LABELS[l]}</option>)}
          </select>
        </label>
        <label className="inline" title={picked ? '' : 'select an exchange or queue on the canvas'}>
          <input type="checkbox" checked={onlySelected && !!picked} disabled={!picked} onChange={(e) => setOnlySelected(e.target.checked)} />
          {' '}only the selected node and what is bound to it
        </label>
        <button onClick={() => setReload((n) => n + 1)}>Refresh</button>
        <button className="primary" disabled={!code} onClick={() => void copyText(code, area).then(() => setCopied(true))}>Copy</button>
        <button disabled={!code} onClick={() => download(LANGUAGE_FILES[lang], code)}>Download {LANGUAGE_FILES[lang]}</button>
        {copied && <span role="status">Copied</span>}
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!defs && !error && <p className="muted">reading the vhost's definitions…</p>}
      {defs && <textarea ref={setArea} readOnly aria-label="generated code" value={code} spellCheck={false} />}
      <p className="hint">
        {lang === 'pika' || lang === 'amqplib'
          ? 'Connects to the broker in AMQP_URL (default amqp://guest:guest@localhost:5672/); the URL\'s path picks the vhost.'
          : lang === 'rabbitmqadmin' ? 'Set RABBITMQADMIN to the command with its connection options, and VHOST to the vhost to declare into.'
            : lang === 'definitions' ? 'Import it with the Admin panel\'s Definitions tab, POST /api/definitions/{vhost}, or `warren definitions import`.'
              : 'A Spring @Configuration: RabbitAdmin declares the Declarables at startup.'}
      </p>
    </div>
  );
}
