// The explorer tools, in a dock under the canvas (so the routing debugger's lit path stays in
// view): tabs for the routing debugger, message browser, publish form, trace, connections, the
// cluster's nodes, charts of rates and depths, the topology as code, the lessons and, when MQTT runs, the retained messages;
// the admin panel opens here too, from its own toolbar button.
import { lazy, Suspense } from 'react';
import { useWarren } from '../../store/context';
import { AdminPanel } from '../admin/AdminPanel';
import type { Tool } from '../../store/types';
import { ConnectionsView } from '../connections/ConnectionsView';
import { MessageBrowser } from '../messages/MessageBrowser';
import { NodesTool } from '../nodes/NodesTool';
import { PublishForm } from '../publish/PublishForm';
import { RetainedTool } from '../retained/RetainedTool';
import { useMqtt } from '../common/use-mqtt';
import { RouteDebugger } from '../route/RouteDebugger';
import { TracePanel } from '../trace/TracePanel';
import { CodeTool } from '../code/CodeTool';
import { LessonsTool } from '../lessons/LessonsTool';

// uPlot is loaded with the Charts tool, not with the window (it reads the display at import)
const ChartsTool = lazy(() => import('../charts/ChartsTool').then((m) => ({ default: m.ChartsTool })));

export const TOOLS: Array<{ id: Exclude<Tool, 'admin'>; label: string }> = [
  { id: 'route', label: 'Route' },
  { id: 'messages', label: 'Messages' },
  { id: 'publish', label: 'Publish' },
  { id: 'trace', label: 'Trace' },
  { id: 'connections', label: 'Connections' },
  { id: 'charts', label: 'Charts' },
  { id: 'nodes', label: 'Nodes' },
  { id: 'retained', label: 'Retained' },
  { id: 'code', label: 'Code' },
  { id: 'lessons', label: 'Lessons' },
];

export function ToolTabs() {
  const tool = useWarren((s) => s.tool);
  const setTool = useWarren((s) => s.setTool);
  const mqtt = useMqtt();
  return (
    <nav className="tool-tabs" aria-label="tools">
      {TOOLS.filter((t) => t.id !== 'retained' || mqtt.enabled).map((t) => (
        <button key={t.id} className={tool === t.id ? 'primary' : ''} aria-pressed={tool === t.id} onClick={() => setTool(tool === t.id ? null : t.id)}>{t.label}</button>
      ))}
    </nav>
  );
}

export function ToolDock() {
  const tool = useWarren((s) => s.tool);
  const setTool = useWarren((s) => s.setTool);
  if (!tool) return null;
  const label = tool === 'admin' ? 'Admin' : TOOLS.find((t) => t.id === tool)!.label;
  return (
    <section className="tool-dock" aria-label={`${label.toLowerCase()} tool`}>
      <header className="dock-head"><b>{label}</b><button className="close" aria-label="close tool" onClick={() => setTool(null)}>×</button></header>
      <div className="dock-body">
        {tool === 'route' && <RouteDebugger />}
        {tool === 'messages' && <MessageBrowser />}
        {tool === 'publish' && <PublishForm />}
        {tool === 'trace' && <TracePanel />}
        {tool === 'connections' && <ConnectionsView />}
        {tool === 'retained' && <RetainedTool />}
        {tool === 'nodes' && <NodesTool />}
        {tool === 'code' && <CodeTool />}
        {tool === 'lessons' && <LessonsTool />}
        {tool === 'charts' && <Suspense fallback={<p className="muted">loading the charts…</p>}><ChartsTool /></Suspense>}
        {tool === 'admin' && <AdminPanel />}
      </div>
    </section>
  );
}
