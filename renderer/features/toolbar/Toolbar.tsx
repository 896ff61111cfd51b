// The toolbar: the broker the window is on, add entities, filter, hide the amq.* defaults, layout, and the animation controls
// (pause freezes the picture, not the broker; speed slows markers down for learning).
import { useShallow } from 'zustand/react/shallow';
import { useClient, useWarren } from '../../store/context';
import { logout } from '../login/Login';
import { plural } from '../dialogs/ConfirmDialogs';
import { ToolTabs } from '../tools/ToolDock';
import { AdminButton } from '../admin/AdminPanel';
import { ChangeButton } from '../common/read-only';
import { TargetSwitcher } from '../target/TargetSwitcher';
import { WelcomeButton } from '../welcome/Welcome';
import { ClockBadge } from '../common/ClockBadge';

const SPEEDS = [0.25, 0.5, 1, 2];

export function Toolbar() {
  const client = useClient();
  const s = useWarren(useShallow((st) => ({
    vhost: st.vhost, vhosts: st.vhosts, clockScale: st.clockScale, setVhost: st.setVhost, palette: st.palette, setPalette: st.setPalette, filter: st.filter, setFilter: st.setFilter,
    hideDefaults: st.hideDefaults, setHideDefaults: st.setHideDefaults, relayout: st.relayout, unpinAll: st.unpinAll,
    paused: st.paused, setPaused: st.setPaused, speed: st.speed, setSpeed: st.setSpeed, status: st.status,
    eventRate: st.eventRate, notShown: st.notShown, tool: st.tool, setTool: st.setTool, remote: st.target?.kind === 'remote',
  })));
  return (
    <header className="toolbar">
      {/* three groups that wrap whole, so a narrow window never cuts the status off the right edge */}
      <div className="toolbar-group">
      <div className="brand">Warren</div>
      <TargetSwitcher />
      <label className="inline vhost" title="virtual host">vhost
        <select value={s.vhost} onChange={(e) => s.setVhost(e.target.value)} aria-label="virtual host">
          {(s.vhosts.includes(s.vhost) ? s.vhosts : [s.vhost, ...s.vhosts]).map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      </label>
      <ClockBadge scale={s.clockScale} />
      <ChangeButton className="primary" onClick={() => s.setPalette(s.palette === 'exchange' ? null : 'exchange')}>+ Exchange</ChangeButton>
      <ChangeButton className="primary" onClick={() => s.setPalette(s.palette === 'queue' ? null : 'queue')}>+ Queue</ChangeButton>
      {/* simulated clients run inside the embedded broker only */}
      {!s.remote && <ChangeButton onClick={() => s.setPalette(s.palette === 'producer' ? null : 'producer')} title="a simulated producer: a real connection the broker runs">+ Producer</ChangeButton>}
      {!s.remote && <ChangeButton onClick={() => s.setPalette(s.palette === 'consumer' ? null : 'consumer')} title="a simulated consumer: a real connection the broker runs">+ Consumer</ChangeButton>}
      <input className="filter" type="search" placeholder="Filter by name" aria-label="filter by name" value={s.filter} onChange={(e) => s.setFilter(e.target.value)} />
      <label className="inline"><input type="checkbox" checked={s.hideDefaults} onChange={(e) => s.setHideDefaults(e.target.checked)} /> hide amq.*</label>
      <button onClick={() => s.relayout()} title="lay out every node you have not dragged">Tidy</button>
      <button onClick={() => void s.unpinAll()} title="forget dragged positions">Unpin all</button>
      </div>
      <div className="toolbar-group">
      <ToolTabs />
      <AdminButton open={s.tool === 'admin'} onToggle={() => s.setTool(s.tool === 'admin' ? null : 'admin')} />
      <WelcomeButton />
      </div>
      <div className="toolbar-group toolbar-end">
      <button className={s.paused ? 'primary' : ''} onClick={() => s.setPaused(!s.paused)} aria-pressed={s.paused} title="Pause, then click a marker to trace its message">{s.paused ? '▶ Resume' : '❚❚ Pause'}</button>
      <label className="inline"><span className="speed-word">speed</span>
        <select value={s.speed} onChange={(e) => s.setSpeed(Number(e.target.value))} aria-label="animation speed">
          {SPEEDS.map((v) => <option key={v} value={v}>{v}×</option>)}
        </select>
      </label>
      <span className={`status status-${s.status}`} title="events per second seen by the broker / sent to this window">
        {s.status === 'open' ? `${s.eventRate.toLocaleString()} ev/s` : s.status === 'connecting' ? 'connecting…' : 'disconnected'}
        {s.notShown > 0 && <span className="muted" data-testid="not-shown"> · {plural(s.notShown, 'event')}/s not shown</span>}
      </span>
      {client.kind === 'websocket' && <button onClick={() => void logout().then(() => location.reload())} title="end this browser's session">Log out</button>}
      </div>
    </header>
  );
}
