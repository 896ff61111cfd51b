// One dynamic shovel at work: connect the source and the destination, declare what they need,
// consume from the source and publish each message to the destination, acknowledging the source
// by the ack mode (on-confirm: once the destination confirms; on-publish: once published; no-ack:
// the source does not wait). States as rabbitmq_shovel reports them:
//   starting --(both ends up)--> running --(either end fails)--> terminated --(reconnect-delay)--> starting
// A src-delete-after count (a number, or the queue's length at start) ends the shovel once that
// many messages are through: `done` is told, which deletes its parameter.
import type { AMQPMessage } from '@cloudamqp/amqp-client';
import { parseShovel, type ShovelDefinition } from './definition';
import { propertiesFn, routeOf } from './forward';
import { closeLink, ensureQueue, openLink, type Link, type LocalBroker } from './links';

export type ShovelState = 'starting' | 'running' | 'terminated';

export interface WorkerEnv {
  local: LocalBroker;
  /** RabbitMQ's cluster name, for the x-shovelled header */
  clusterName(): string;
  /** the transfer is complete (src-delete-after): delete the shovel */
  done(vhost: string, name: string): void;
  warn(text: string): void;
}

/** What /api/shovels shows of a running shovel (RabbitMQ's keys, in its order). */
export type Endpoints = Record<string, string>;

export class ShovelWorker {
  state: ShovelState = 'starting';
  /** when the state last changed */
  since = new Date();
  reason: string | null = null;
  endpoints: Endpoints = {};
  private readonly def: ShovelDefinition;
  private src: Link | null = null;
  private dest: Link | null = null;
  /** bumped on each start and stop: callbacks of an older run do nothing */
  private run = 0;
  private retry: NodeJS.Timeout | null = null;
  /** messages still to be through (acked, published or taken) before a src-delete-after ends it */
  private remaining = Infinity;
  /** messages still to forward: none past the count, so none is both moved and left behind */
  private unforwarded = Infinity;
  private stopped = false;

  constructor(readonly vhost: string, readonly name: string, readonly value: Record<string, unknown>, private readonly env: WorkerEnv) {
    this.def = parseShovel(value);
  }

  start(): void {
    const run = ++this.run;
    this.enter('starting', null);
    this.connect(run).catch((err) => this.fail(run, describe(err)));
  }

  /** Close both ends; no restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.run++;
    if (this.retry) clearTimeout(this.retry);
    await this.closeLinks();
  }

  /** RabbitMQ's restart: the connections go and come back at once. */
  async restart(): Promise<void> {
    this.run++;
    if (this.retry) clearTimeout(this.retry);
    await this.closeLinks();
    if (!this.stopped) this.start();
  }

  private async connect(run: number): Promise<void> {
    const d = this.def;
    const src = await openLink(d.srcUris, this.name, this.env.local);
    if (run !== this.run) return void closeLink(src);
    this.src = src;
    const dest = await openLink(d.destUris, this.name, this.env.local);
    if (run !== this.run) return void closeLink(dest);
    this.dest = dest;
    for (const link of [src, dest]) {
      link.conn.onerror = (e) => this.fail(run, `${link === src ? 'source' : 'destination'}: ${describe(e)}`);
      link.conn.ondisconnect = (e) => this.fail(run, `${link === src ? 'source' : 'destination'} connection failed${e ? `: ${describe(e)}` : ''}`);
    }
    // the destination first, as rabbitmq_shovel: its queue exists before the first message
    if (d.destQueue !== null) await ensureQueue(dest, d.destQueue, tableOf(this.value['dest-queue-args']));
    if (d.ackMode === 'on-confirm') await dest.ch.confirmSelect();
    let queue = d.srcQueue;
    let length = 0;
    if (queue !== null) {
      length = await ensureQueue(src, queue, tableOf(this.value['src-queue-args']));
    } else {
      queue = (await src.ch.queueDeclare('', { exclusive: true, durable: false, autoDelete: true })).name;
      await src.ch.queueBind(queue, d.srcExchange ?? '', d.srcExchangeKey);
    }
    if (d.ackMode !== 'no-ack') await src.ch.basicQos(d.prefetch);
    this.remaining = d.deleteAfter === 'queue-length' ? length : d.deleteAfter === 'never' ? Infinity : d.deleteAfter;
    this.unforwarded = this.remaining;
    if (run !== this.run) return;
    if (this.remaining === 0) return this.complete(run);
    const forward = { vhost: this.vhost, name: this.name, node: this.env.clusterName(), srcUri: src.shown, destUri: dest.shown };
    const props = propertiesFn(d, forward);
    const consumer = await src.ch.basicConsume(queue, { noAck: d.ackMode === 'no-ack', args: tableOf(this.value['src-consumer-args']) }, (msg) => this.transfer(run, msg, props));
    consumer.wait().catch((e) => this.fail(run, `source: ${describe(e)}`));
    this.endpoints = endpointsOf(d, src.shown, dest.shown);
    this.enter('running', null);
  }

  private transfer(run: number, msg: AMQPMessage, props: ReturnType<typeof propertiesFn>): void {
    const { src, dest } = this;
    // after a failure: the source gives the message to the next run (unacked messages are requeued)
    if (run !== this.run || !src || !dest) return;
    // past a src-delete-after count: left unacked, the source keeps it when the shovel ends (a
    // no-ack delivery is the shovel's already: it goes on)
    if (this.unforwarded-- <= 0 && this.def.ackMode !== 'no-ack') return;
    const to = routeOf(this.def, msg.exchange, msg.routingKey);
    const published = dest.ch.basicPublish(to.exchange, to.routingKey, msg.body, props ? props(msg.properties) : msg.properties);
    const tag = msg.deliveryTag;
    switch (this.def.ackMode) {
      case 'no-ack':
        published.catch((e) => this.fail(run, `destination: ${describe(e)}`));
        this.through(run);
        break;
      case 'on-publish':
        published.then(() => src.ch.basicAck(tag)).then(() => this.through(run), (e) => this.fail(run, describe(e)));
        break;
      case 'on-confirm':
        published.then(
          () => (run === this.run ? src.ch.basicAck(tag).then(() => this.through(run)) : undefined),
          // a nack from the destination: the source keeps the message (basic.nack, requeued)
          () => (run === this.run && !src.ch.closed ? src.ch.basicNack(tag, true) : undefined),
        ).catch((e) => this.fail(run, `source: ${describe(e)}`));
        break;
    }
  }

  /** One more message is through; the last one of a src-delete-after ends the shovel. */
  private through(run: number): void {
    if (run !== this.run || --this.remaining > 0) return;
    this.complete(run);
  }

  private complete(run: number): void {
    if (run !== this.run) return;
    this.run++;
    this.stopped = true;
    this.closeLinks().finally(() => this.env.done(this.vhost, this.name));
  }

  private fail(run: number, reason: string): void {
    if (run !== this.run || this.stopped) return;
    this.run++;
    this.env.warn(`shovel '${this.name}' in vhost '${this.vhost}' terminated: ${reason}`);
    this.enter('terminated', reason);
    void this.closeLinks();
    const delay = this.def.reconnectDelay;
    if (delay > 0) this.retry = setTimeout(() => { this.retry = null; if (!this.stopped) this.start(); }, delay * 1000);
  }

  private enter(state: ShovelState, reason: string | null): void {
    this.state = state;
    this.reason = reason;
    this.since = new Date();
    if (state !== 'running') this.endpoints = {};
  }

  private async closeLinks(): Promise<void> {
    const links = [this.src, this.dest];
    this.src = null;
    this.dest = null;
    await Promise.all(links.map((l) => closeLink(l)));
  }
}

/** rabbit_shovel_worker:report_running's properties */
function endpointsOf(d: ShovelDefinition, srcUri: string, destUri: string): Endpoints {
  const e: Endpoints = { src_uri: srcUri, src_protocol: 'amqp091', dest_protocol: 'amqp091', dest_uri: destUri };
  if (d.srcQueue !== null) e.src_queue = d.srcQueue;
  else {
    e.src_exchange = d.srcExchange ?? '';
    e.src_exchange_key = d.srcExchangeKey;
  }
  if (d.destExchange !== null) e.dest_exchange = d.destExchange;
  if (d.destExchangeKey !== null) e.dest_exchange_key = d.destExchangeKey;
  if (d.destQueue !== null) e.dest_queue = d.destQueue;
  return e;
}

const tableOf = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** An error's first line; the connect helper's hints about the window's profiles do not apply here. */
const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0].replace(/ \([^)]*profile[^)]*\)/, '');
