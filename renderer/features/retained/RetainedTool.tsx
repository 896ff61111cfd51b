// The Retained tool: a vhost's retained MQTT messages as a topic tree (levels split on '/', counts
// per branch, like MQTT Explorer), refreshed every few seconds; the chosen topic's value (JSON,
// text or hex, QoS, MQTT 5 properties, when it was set) and its earlier values, asked for when a
// topic is chosen; and Delete, which clears the topic as an MQTT client's empty retained PUBLISH does.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RetainedListing, RetainedValue } from '../../../shared/model/mqtt';
import { describeError } from '../../store/command-slice';
import { useClient, useWarren } from '../../store/context';
import { formatBytes } from '../messages/MessageDetail';
import { topicTree, type TopicNode } from './topic-tree';
import { ChangeButton } from '../common/read-only';

function Branch({ node, selected, onSelect }: { node: TopicNode; selected: string | null; onSelect(topic: string): void }) {
  const [open, setOpen] = useState(true);
  return (
    <li>
      <div className={`topic-row ${node.topic && selected === node.path ? 'selected' : ''}`}>
        {node.children.length > 0
          ? <button className="link twisty" aria-label={`${open ? 'collapse' : 'expand'} ${node.path}`} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'}</button>
          : <span className="twisty" />}
        {node.topic
          ? <button className="link" data-testid={`topic-${node.path}`} onClick={() => onSelect(node.path)}>{node.name || '(empty)'}</button>
          : <span>{node.name || '(empty)'}</span>}
        {node.children.length > 0 && <span className="muted"> ({node.count})</span>}
        {node.topic && <span className="topic-value muted"> = {node.topic.last.body.text.slice(0, 40)}</span>}
      </div>
      {open && node.children.length > 0 && (
        <ul className="plain topic-tree">{node.children.map((c) => <Branch key={c.name} node={c} selected={selected} onSelect={onSelect} />)}</ul>
      )}
    </li>
  );
}

function Value({ v, title }: { v: RetainedValue; title: string }) {
  const props = Object.entries(v.properties);
  return (
    <div className="retained-value">
      <h5>{title} <span className="muted">QoS {v.qos} · {formatBytes(v.size)} · {v.body.encoding}{v.at ? ` · ${new Date(v.at).toLocaleString()}` : ''}</span></h5>
      <pre className={`body body-${v.body.encoding}`} data-testid="retained-body">{v.body.text}</pre>
      {props.length > 0 && (
        <table className="kv"><tbody>{props.map(([k, x]) => <tr key={k}><th>{k}</th><td>{typeof x === 'string' ? x : JSON.stringify(x)}</td></tr>)}</tbody></table>
      )}
    </div>
  );
}

/** how often the open tool asks again, so new retained values show up without a click */
const REFRESH_MS = 3000;

export function RetainedTool() {
  const client = useClient();
  const vhost = useWarren((s) => s.vhost);
  const [listing, setListing] = useState<RetainedListing>({ topics: [], total: 0 });
  const [selected, setSelected] = useState<string | null>(null);
  const [values, setValues] = useState<RetainedValue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await client.invoke('listRetained', { vhost });
    if (!r.ok) { setError(describeError(r.error)); return; }
    setError(null);
    setListing(r.value);
  }, [client, vhost]);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(t);
  }, [load]);
  // the chosen topic's value and history, again whenever the listing changes
  useEffect(() => {
    if (selected === null) { setValues([]); return; }
    let live = true;
    void client.invoke('getRetained', { vhost, topic: selected }).then((r) => {
      if (!live) return;
      if (r.ok) setValues(r.value); else setError(describeError(r.error));
    });
    return () => { live = false; };
  }, [client, vhost, selected, listing]);
  const tree = useMemo(() => topicTree(listing.topics), [listing]);
  const [last, ...earlier] = values;

  async function remove(topic: string): Promise<void> {
    const r = await client.invoke('deleteRetained', { vhost, topic });
    if (!r.ok) { setError(describeError(r.error)); return; }
    setSelected(null);
    await load();
  }

  return (
    <div className="tool retained-tool">
      <div className="panel-form retained-tree" aria-label="retained topics">
        <div className="actions">
          <button onClick={() => void load()}>Refresh</button>
          <span className="muted">{listing.total > listing.topics.length ? `first ${listing.topics.length} of ${listing.total}` : listing.total} retained in {vhost}</span>
        </div>
        {listing.total === 0 && !error && <p className="muted">No retained messages in this vhost.</p>}
        <ul className="plain topic-tree">{tree.map((n) => <Branch key={n.name} node={n} selected={selected} onSelect={setSelected} />)}</ul>
      </div>
      <div className="tool-output" aria-label="retained message">
        {error && <p className="form-error" role="alert">{error}</p>}
        {selected === null && listing.total > 0 && <p className="muted">Pick a topic to see its value and history.</p>}
        {selected !== null && last && (<>
          <h4><code>{selected}</code> <ChangeButton className="danger" onClick={() => void remove(selected)}>Delete</ChangeButton></h4>
          <Value v={last} title="Retained value" />
          {earlier.length > 0 && <h5>History (newest first)</h5>}
          {earlier.map((h, i) => <Value key={i} v={h} title={`Earlier #${i + 1}`} />)}
        </>)}
      </div>
    </div>
  );
}
