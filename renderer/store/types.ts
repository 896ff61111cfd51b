// The store's shape: typed slices combined into one zustand store (see create-store.ts).
import type { StateCreator } from 'zustand';
import type { CommandName, FlowStats, Layout, NodePosition, Req, Res, Result, TopologySnapshot } from '../../shared/ipc/contract';
import type { BindingInfo, ConnectionInfo, ConsumerInfo, ExchangeInfo, QueueInfo } from '../../shared/model/topology';
import type { PublishRequest } from '../../shared/model/messages';
import type { TargetInfo } from '../../shared/model/remote';
import type { SimulatedClient } from '../../shared/model/simulate';
import type { ConnectionStatus, WarrenClient } from '../ipc/client';

export interface TopologySlice {
  vhost: string;
  vhosts: string[];
  /** the shown vhost's sandbox clock: 1 (real time), 10 or 60 */
  clockScale: number;
  loaded: boolean;
  /** collections are replaced, never mutated; a record keeps its identity while it is unchanged */
  exchanges: Map<string, ExchangeInfo>;
  queues: Map<string, QueueInfo>;
  bindings: BindingInfo[];
  connections: Map<string, ConnectionInfo>;
  consumers: ConsumerInfo[];
  /** "connectionId>exchange" pairs seen publishing */
  publishers: Array<{ connectionId: string; exchange: string }>;
  applySnapshot(s: TopologySnapshot): void;
  /** Look at another vhost: the picture, rates and layout are that vhost's from now on. */
  setVhost(vhost: string): void;
  /** setVhost even when it is the vhost shown (after a switch of broker everything is new) */
  showVhost(vhost: string): void;
}

export interface QueueHistory { ready: number[]; unacked: number[] }

export interface StatsSlice {
  /** flow key -> msg/s */
  rates: Record<string, number>;
  /** queue -> last minute of depths, one sample a second */
  history: Map<string, QueueHistory>;
  /** the last CHART_SECONDS of stats as they came (about one a second), for the charts */
  statsLog: FlowStats[];
  eventRate: number;
  sentRate: number;
  /** events per second main did not send (rate and size caps) */
  notShown: number;
  applyStats(s: FlowStats, notShownPerSecond: number): void;
}

export interface LayoutSlice {
  /** positions the user dragged (persisted per vhost) */
  manual: Layout;
  /** positions from the automatic layout */
  auto: Layout;
  filter: string;
  hideDefaults: boolean;
  /** bump to ask the canvas for a fresh automatic layout of every unpinned node */
  relayoutRequest: number;
  loadLayout(): Promise<void>;
  moveNode(id: string, pos: NodePosition): void;
  /** commit dragged positions to main (debounced by the caller: once per drag stop) */
  saveLayout(): Promise<void>;
  setAuto(positions: Layout, replace: boolean): void;
  setFilter(f: string): void;
  setHideDefaults(h: boolean): void;
  relayout(): void;
  unpinAll(): Promise<void>;
}

export type Selection = { kind: 'node'; id: string } | { kind: 'edge'; id: string } | null;

export type Dialog =
  | { kind: 'bind'; source: string; destination: string; destinationType: 'queue' | 'exchange' }
  | { kind: 'confirm-delete-node'; id: string }
  | { kind: 'confirm-delete-edge'; id: string }
  | { kind: 'confirm-purge'; queue: string }
  | { kind: 'profiles' }
  /** a profile that keeps no password: ask for it, then switch */
  | { kind: 'profile-password'; id: string; name: string }
  | null;

export interface UiSlice {
  selection: Selection;
  dialog: Dialog;
  /** target ("node:q:orders", "form:queue", "dialog") -> error text from the broker, in words */
  errors: Record<string, string>;
  notice: string | null;
  /** the welcome dialog (first run, or reopened from the toolbar) is shown */
  welcomeOpen: boolean;
  /** the lesson open in the Lessons tool (kept while another tool is open) */
  openLesson: string | null;
  paused: boolean;
  speed: number;
  status: ConnectionStatus;
  palette: 'exchange' | 'queue' | 'producer' | 'consumer' | null;
  select(s: Selection): void;
  openDialog(d: Dialog): void;
  setError(target: string, message: string | null): void;
  setNotice(n: string | null): void;
  setWelcomeOpen(open: boolean): void;
  setOpenLesson(id: string | null): void;
  setPaused(p: boolean): void;
  setSpeed(s: number): void;
  setStatus(s: ConnectionStatus): void;
  setPalette(p: UiSlice['palette']): void;
}

export interface CommandSlice {
  /** run a command; an error result is recorded under `target` (shown next to that thing) */
  run<K extends CommandName>(name: K, req: Req<K>, target: string): Promise<Result<Res<K>>>;
}

export type Tool = 'route' | 'messages' | 'publish' | 'trace' | 'connections' | 'retained' | 'nodes' | 'code' | 'charts' | 'lessons' | 'admin';

export interface ExplorerSlice {
  /** the open tool (a dock under the canvas), or none */
  tool: Tool | null;
  /** the routing debugger's matched path: node ids and edge ids to light up on the canvas */
  routeLit: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> } | null;
  /** the queue open in the message browser */
  browsing: string | null;
  /** the message (id, any copy) whose trace is shown */
  tracing: number | null;
  /** what the publish form should start from (a resend, or a re-publish from the browser) */
  publishDraft: PublishRequest | null;
  /** recent publishes, newest first */
  publishHistory: PublishRequest[];
  setTool(t: Tool | null): void;
  setRouteLit(lit: ExplorerSlice['routeLit']): void;
  browse(queue: string): void;
  trace(messageId: number): void;
  draftPublish(draft: PublishRequest | null): void;
  remember(req: PublishRequest): void;
}

/** A change to a remote broker waiting for the user's yes or no. */
export interface PendingChange { sentence: string; resolve(yes: boolean): void }

export interface TargetSlice {
  /** the broker the window is on; null until main says (the embedded broker) */
  target: TargetInfo | null;
  /** bumped on each switch of broker: the window's components start afresh */
  generation: number;
  /** changes asked about, the first one shown */
  pendingChanges: PendingChange[];
  loadTarget(): Promise<void>;
  /** switch to a profile's broker; the error in words, or null when the window moved */
  switchTarget(id: string, password?: string): Promise<string | null>;
  /** every command goes this way: confirmed first (or refused when read-only) on a remote broker */
  invoke<K extends CommandName>(name: K, req: Req<K>): Promise<Result<Res<K>>>;
  answerChange(yes: boolean): void;
}

export interface SimulatedSlice {
  /** the simulated clients of every vhost the user may see, as main last listed them */
  simulated: SimulatedClient[];
  loadSimulated(): Promise<void>;
  /** publish one, crash or stop; an error is shown on the client's node (errors['sim:<id>']) */
  simulatedAction(name: 'publishSimulated' | 'crashSimulated' | 'stopSimulated', id: string): Promise<boolean>;
}

export type WarrenState = TopologySlice & StatsSlice & LayoutSlice & UiSlice & CommandSlice & ExplorerSlice & TargetSlice & SimulatedSlice;

export interface SliceDeps { client: WarrenClient }
export type Slice<T> = (deps: SliceDeps) => StateCreator<WarrenState, [], [], T>;
