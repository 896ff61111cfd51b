// What the window runs on: the embedded broker (the bridge) or a remote RabbitMQ (main/remote).
// Both answer the contract's commands and feed the same event streams, so the renderer does not
// know which it has, beyond what getTarget says.
import type { TargetInfo } from '../../shared/model/remote';
import type { Bridge } from './bridge';
import type { Dispatch } from './handlers';
import type { EventSink } from './sampler';

export interface WindowTarget {
  readonly info: TargetInfo;
  /** the contract's commands (a remote target passes no principal on: the remote authorizes) */
  readonly dispatch: Dispatch;
  /** stream topology, stats and flow events of a vhost to `sink` until the returned stop is called */
  watch(vhost: string, sink: EventSink): () => void;
  /** stop polling, close connections, turn off what this target turned on (the firehose) */
  close(): Promise<void>;
}

/** The embedded broker as a target. */
export function localTarget(bridge: Bridge, info: TargetInfo): WindowTarget {
  return {
    info,
    dispatch: bridge.dispatch,
    watch: (vhost, sink) => bridge.sampler.watch(vhost, sink),
    close: async () => {},
  };
}
