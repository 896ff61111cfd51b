// The window's targets: the embedded broker ("This computer") or a RabbitMQ reached through its
// management HTTP API (and optionally AMQP). Profiles name them; the window runs on one at a time.

/** The embedded broker's profile id. */
export const LOCAL_PROFILE_ID = 'local';

/** A saved way into a broker, as the window sees it: never the password itself. */
export interface ProfileInfo {
  id: string;
  name: string;
  kind: 'local' | 'remote';
  /** http(s)://host:port of the management API, without credentials (null for the embedded broker) */
  managementUrl: string | null;
  user: string | null;
  /** a password is kept for this profile (Electron's safeStorage in the desktop app; in the
   *  headless UI, for this login session only) */
  hasPassword: boolean;
  /** amqp(s)://host:port for AMQP work (moving dead letters, the firehose), without credentials;
   *  null: the AMQP listener the broker lists in /api/overview, on the management URL's host */
  amqpUrl: string | null;
  defaultVhost: string;
  /** every change is refused, in main, before it reaches the broker */
  readOnly: boolean;
  /** a CA (PEM) trusted for this profile's TLS besides the system's; null: the system's only */
  caPem: string | null;
}

/** What the profile form sends. No id: a new profile. No password: keep the one kept (if any). */
export interface ProfileInput {
  id?: string;
  name: string;
  managementUrl: string;
  user: string;
  password?: string;
  amqpUrl?: string | null;
  defaultVhost: string;
  readOnly: boolean;
  caPem?: string | null;
}

/** The broker the window is on now. */
export interface TargetInfo {
  profileId: string;
  name: string;
  kind: 'local' | 'remote';
  readOnly: boolean;
  /** 'Warren' or 'RabbitMQ' (from /api/overview's product_name) */
  product: string;
  version: string;
  clusterName: string;
  managementUrl: string | null;
  /** who the window acts as on that broker */
  user: string;
  defaultVhost: string;
}

/** A cluster node with its resource alarms (/api/nodes). */
export interface ClusterNode {
  name: string;
  running: boolean;
  /** 'disc' or 'ram' on RabbitMQ; absent when the API does not say */
  type?: string;
  memUsed: number;
  memLimit: number;
  memAlarm: boolean;
  diskFree: number;
  diskFreeLimit: number;
  diskAlarm: boolean;
  /** ms; null when not running */
  uptime: number | null;
}

/** RabbitMQ's firehose (amq.rabbitmq.trace) for one vhost, as the window uses it. */
export interface FirehoseStatus {
  vhost: string;
  /** tracing is on in the broker for this vhost */
  on: boolean;
  /** this window turned it on, and turns it off again when it closes */
  ours: boolean;
  /** whether the window can use it here (it needs an AMQP connection); why not when not */
  available: boolean;
  reason?: string;
}

/** One kind of definition (exchanges, queues, ...) compared between two profiles. Keys name an
 *  object within the kind ("vhost / name", a binding's "vhost / source -> destination (key)"). */
export interface DefinitionsDiffSection {
  kind: string;
  onlyLeft: string[];
  onlyRight: string[];
  changed: Array<{ key: string; left: unknown; right: unknown }>;
  same: number;
}

export interface DefinitionsDiff {
  left: string;
  right: string;
  /** null: every vhost */
  vhost: string | null;
  sections: DefinitionsDiffSection[];
}

/** Moving dead letters back to where they were first published (each message's first x-death
 *  record, else its exchange and routing key), one at a time with publisher confirms. */
export interface DeadLetterReturn {
  /** republished and confirmed, then removed from the queue */
  moved: number;
  /** left in the queue: no x-death to say where it came from, or its exchange is gone */
  skipped: number;
  /** left in the queue because the move stopped (the reason is in `error`) */
  failed: number;
  error?: string;
}

/** What switching RabbitMQ's firehose on costs, said plainly where the user switches it. */
export const FIREHOSE_COST = 'The firehose makes RabbitMQ publish a copy of every message published and every message '
  + 'delivered in this vhost to amq.rabbitmq.trace, which Warren reads over AMQP: on a busy broker that roughly doubles '
  + 'its message work, and the copies cost memory and network. Warren switches it off again when the window closes '
  + '(only if Warren switched it on).';
