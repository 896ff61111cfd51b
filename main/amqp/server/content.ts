// Content assembly: a basic.publish is followed by a content header and as many body frames as
// the header's size needs (AMQP 0-9-1 §4.2.6). One per channel, reused for every publish (the hot
// path allocates nothing here); bodies are kept as received, never copied.
//
//   idle ──basic.publish──▶ header ──header frame──▶ body ──last body frame──▶ idle
//                            (size 0: complete at the header)
import { ConnectionError, Reply } from '../../broker/errors';
import type { Exchange } from '../../broker/exchanges/exchange';
import { EMPTY_PROPERTIES } from '../codec/properties';
import { CLASS_IDS } from '../spec';

type ContentState = 'idle' | 'header' | 'body';

const EMPTY_BODY = Buffer.alloc(0);

export class ContentAssembly {
  private state: ContentState = 'idle';
  private target: Exchange | null = null;
  private key = '';
  private isMandatory = false;
  private raw: Buffer = EMPTY_PROPERTIES;
  private size = 0;
  private received = 0;
  /** the body as received: one piece (the common case, no array), or all of them in order */
  private first: Buffer | null = null;
  private rest: Buffer[] | null = null;

  constructor(private readonly channelId: number) {}

  get expecting(): boolean { return this.state !== 'idle'; }
  get exchange(): Exchange { return this.target!; }
  get routingKey(): string { return this.key; }
  get mandatory(): boolean { return this.isMandatory; }
  get rawProperties(): Buffer { return this.raw; }
  get bodySize(): number { return this.size; }

  begin(exchange: Exchange, routingKey: string, mandatory: boolean): void {
    this.target = exchange;
    this.key = routingKey;
    this.isMandatory = mandatory;
    this.received = 0;
    this.state = 'header';
  }

  /** The content header; true when the message is complete (an empty body). */
  header(classId: number, bodySize: number, rawProperties: Buffer): boolean {
    if (this.state !== 'header') throw new ConnectionError(Reply.UNEXPECTED_FRAME, `unexpected content header on channel ${this.channelId}`);
    if (classId !== CLASS_IDS.basic) throw new ConnectionError(Reply.UNEXPECTED_FRAME, `content header for class ${classId}, expected ${CLASS_IDS.basic}`);
    this.raw = rawProperties;
    this.size = bodySize;
    if (bodySize === 0) return true;
    this.state = 'body';
    return false;
  }

  /** A body frame; true when the body is complete. */
  body(payload: Buffer): boolean {
    if (this.state !== 'body') throw new ConnectionError(Reply.UNEXPECTED_FRAME, `unexpected content body on channel ${this.channelId}`);
    this.received += payload.length;
    if (this.received > this.size) throw new ConnectionError(Reply.FRAME_ERROR, `content body exceeds the declared size ${this.size}`);
    if (this.first === null) this.first = payload;
    else if (this.rest === null) this.rest = [this.first, payload];
    else this.rest.push(payload);
    return this.received === this.size;
  }

  /** The complete body; back to idle, letting go of the pieces (the message holds them now).
   *  exchange, routingKey, mandatory and rawProperties stay readable until the next begin. */
  finish(): Buffer | readonly Buffer[] {
    const body = this.rest ?? this.first ?? EMPTY_BODY;
    this.reset();
    return body;
  }

  /** Drop a half-assembled message (the channel closed). */
  reset(): void {
    this.first = null;
    this.rest = null;
    this.state = 'idle';
  }
}
