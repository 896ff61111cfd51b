// The lesson format: plain data shared by main (which checks steps against the live broker) and
// the renderer (which shows them). A step's check is declarative: the broker answers it from its
// own state (queues, bindings, routing, counters), never from the drawing.
import type { ExchangeType, JsonTable, JsonValue } from './topology';

/** The vhost every lesson runs in; it is deleted and created afresh when a lesson starts. */
export const LESSONS_VHOST = 'lessons';
/** The address step code connects to when AMQP_URL is not set. */
export const LESSONS_URL = 'amqp://guest:guest@localhost:5672/lessons';

// ---- starting topology and step actions -------------------------------------------------------

export interface LessonExchange { name: string; type: ExchangeType; durable?: boolean; autoDelete?: boolean; arguments?: JsonTable }
export interface LessonQueue { name: string; durable?: boolean; exclusive?: boolean; autoDelete?: boolean; arguments?: JsonTable }
export interface LessonBinding { exchange: string; queue: string; routingKey: string; arguments?: JsonTable }

/** What a lesson starts from (definitions-like; the default exchange and amq.* always exist). */
export interface LessonTopology {
  exchanges?: LessonExchange[];
  queues?: LessonQueue[];
  bindings?: LessonBinding[];
}

/** What a step's code does, in order; the pika and amqplib code is generated from it
 *  (shared/codegen/lesson-code.ts). */
export type StepAction =
  | ({ do: 'exchange' } & LessonExchange)
  | ({ do: 'queue' } & LessonQueue & { passive?: boolean })
  | ({ do: 'bind' } & LessonBinding)
  | {
    do: 'publish'; exchange: string; routingKey: string; body: string;
    /** publish this many (numbered " 1", " 2", ... after the body when more than one) */
    count?: number; persistent?: boolean; headers?: Record<string, string | number>; priority?: number;
    /** per-message TTL in milliseconds */
    expiration?: number; mandatory?: boolean;
    /** publisher confirms: wait until the broker confirms every message */
    confirm?: boolean;
  }
  | {
    do: 'consume'; queue: string; ack: boolean; prefetch?: number;
    /** stop after this many messages; absent: consume until interrupted */
    stopAfter?: number;
    /** reject each message without requeueing instead of acking it */
    reject?: boolean;
    /** never ack: hold the messages (unacked) until interrupted */
    hold?: boolean;
  }
  /** the RPC tutorial's server: answer each request on reply_to with its correlation id; until interrupted */
  | { do: 'rpc-server'; queue: string }
  /** the RPC tutorial's client: one call through an exclusive reply queue, print the answer */
  | { do: 'rpc-call'; queue: string; body: string };

// ---- checks -----------------------------------------------------------------------------------

export type StepCheck =
  | { kind: 'queue'; name: string; durable?: boolean; exclusive?: boolean; autoDelete?: boolean; arguments?: JsonTable; declaredPassively?: boolean }
  | { kind: 'exchange'; name: string; type?: ExchangeType; durable?: boolean; autoDelete?: boolean; arguments?: JsonTable }
  | { kind: 'binding'; exchange: string; queue: string; routingKey?: string; arguments?: JsonTable }
  /** routed with the core's route explanation (the routing debugger's) */
  | {
    kind: 'routes'; exchange: string; routingKey: string; headers?: Record<string, JsonValue>; reaches?: string[]; avoids?: string[];
    /** reaches at least this many queues (server-named ones count: a subscriber's queue) */
    minQueues?: number;
  }
  | {
    kind: 'queue-stats'; queue: string; minReady?: number; maxReady?: number; minUnacked?: number; minConsumers?: number;
    minDelivered?: number; minAcked?: number; minRedelivered?: number; minPublished?: number;
  }
  | { kind: 'consumers'; queue: string; min: number; prefetch?: number; ack?: boolean }
  /** messages in `queue` that were dead-lettered (their x-death), for `reason` when given */
  | { kind: 'dead-lettered'; queue: string; reason?: 'rejected' | 'expired' | 'maxlen' | 'delivery_limit'; min: number }
  /** the vhost's counters: publisher confirms sent, unroutable messages returned or dropped */
  | { kind: 'vhost-stats'; minPublished?: number; minConfirmed?: number; minReturned?: number; minDropped?: number }
  | { kind: 'all'; checks: StepCheck[] };

export type CheckKind = StepCheck['kind'];

export interface LessonStep {
  title: string;
  text: string;
  hint: string;
  check: StepCheck;
  actions: StepAction[];
}

export type ClockScale = 1 | 10 | 60;

export interface Lesson {
  id: string;
  title: string;
  text: string;
  start: LessonTopology;
  /** how fast the sandbox vhost's clock runs for this lesson (TTL, x-expires: main/broker/vhost-clock.ts),
   *  set when the lesson starts; absent: 1 */
  clockScale?: ClockScale;
  steps: LessonStep[];
}

// ---- what the broker answers ------------------------------------------------------------------

export interface StepVerdict {
  passed: boolean;
  /** what is missing, in words ("queue errors does not receive kern.error"); '' when passed */
  missing: string;
}

export interface LessonCheck {
  lesson: string;
  steps: StepVerdict[];
  /** the steps completed so far (remembered), including any passing now */
  completed: number[];
}

/** lesson id -> the indexes of its completed steps */
export type LessonProgress = Record<string, number[]>;

export interface LessonSummary {
  id: string;
  title: string;
  text: string;
  steps: number;
  clockScale: ClockScale;
}
