// Watching a remote vhost: poll its management API every few seconds while someone watches, send
// 'topology' when the picture changed and 'stats' every poll. One poll in flight per vhost (the
// next is timed from the end of the last, so a slow broker is never asked twice at once); a
// failed poll keeps the last picture, and each kind of failure is logged once until a poll works.
import type { Logger } from '../server/log';
import type { EventSink } from '../bridge/sampler';
import type { TopologySnapshot } from '../../shared/ipc/contract';
import { RemoteError, type ManagementClient } from './management-client';
import { fetchVhostData } from './remote-fetch';
import { snapshotFromApi, statsFromApi, topologyKey } from './remote-topology';

export const DEFAULT_POLL_MS = 3000;
export const MIN_POLL_MS = 1000;

interface VhostPoll {
  readonly sinks: Set<EventSink>;
  last: TopologySnapshot | null;
  lastKey: string;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
}

export class RemotePoller {
  private readonly polls = new Map<string, VhostPoll>();
  /** failure kinds logged since the last poll that worked */
  private readonly logged = new Set<string>();
  readonly pollMs: number;

  constructor(private readonly client: ManagementClient, pollMs: number | undefined, private readonly log: Pick<Logger, 'warn' | 'info'>, private readonly now: () => number = Date.now) {
    this.pollMs = Math.max(MIN_POLL_MS, pollMs ?? DEFAULT_POLL_MS);
  }

  /** the last picture of a watched vhost (null: not watched, or not polled yet) */
  snapshot(vhost: string): TopologySnapshot | null { return this.polls.get(vhost)?.last ?? null; }

  /** how many vhosts are being polled (tests) */
  get active(): number { return this.polls.size; }

  watch(vhost: string, sink: EventSink): () => void {
    let p = this.polls.get(vhost);
    if (!p) {
      p = { sinks: new Set(), last: null, lastKey: '', timer: null, stopped: false };
      this.polls.set(vhost, p);
      p.sinks.add(sink);
      void this.poll(vhost, p);
    } else {
      p.sinks.add(sink);
      if (p.last) sink.send('topology', p.last);
    }
    const poll = p;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      poll.sinks.delete(sink);
      if (poll.sinks.size === 0) this.stop(vhost, poll);
    };
  }

  close(): void {
    for (const [vhost, p] of this.polls) this.stop(vhost, p);
  }

  private stop(vhost: string, p: VhostPoll): void {
    p.stopped = true;
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    if (this.polls.get(vhost) === p) this.polls.delete(vhost);
  }

  private async poll(vhost: string, p: VhostPoll): Promise<void> {
    try {
      const data = await fetchVhostData(this.client, vhost);
      if (p.stopped) return;
      const snap = snapshotFromApi(data);
      const key = topologyKey(snap);
      if (key !== p.lastKey) {
        p.last = snap;
        p.lastKey = key;
        for (const s of p.sinks) s.send('topology', snap);
      }
      const stats = statsFromApi(data, snap.publishers, this.now());
      for (const s of p.sinks) s.send('stats', stats);
      if (this.logged.size > 0) {
        this.logged.clear();
        this.log.info(`the management API at ${this.client.where} answers again`);
      }
    } catch (e) {
      const kind = e instanceof RemoteError ? e.kind : 'internal';
      if (!this.logged.has(kind)) {
        this.logged.add(kind);
        this.log.warn(`polling vhost '${vhost}' at ${this.client.where} failed (kept the last picture; retrying every ${this.pollMs / 1000} s): ${(e as Error).message}`);
      }
    }
    if (!p.stopped) {
      p.timer = setTimeout(() => { p.timer = null; void this.poll(vhost, p); }, this.pollMs);
      p.timer.unref?.();
    }
  }
}
