// tx.select mode: publishes and acknowledgements are held until tx.commit and dropped on
// tx.rollback (AMQP 0-9-1 tx class; RabbitMQ applies them atomically per channel).
import type { Exchange } from '../../broker/exchanges/exchange';
import type { Message } from '../../broker/message';

export interface HeldPublish { exchange: Exchange; message: Message; mandatory: boolean }
/** An ack/nack/reject, validated when received and applied at commit. */
export interface HeldSettle { deliveryTag: number; multiple: boolean; outcome: 'ack' | 'requeue' | 'reject'; method: 'ack' | 'reject' | 'nack' }

export class Transaction {
  private publishes: HeldPublish[] = [];
  private settles: HeldSettle[] = [];

  publish(exchange: Exchange, message: Message, mandatory: boolean): void {
    this.publishes.push({ exchange, message, mandatory });
  }

  settle(s: HeldSettle): void {
    this.settles.push(s);
  }

  /** Hand over what was held and start a new, empty transaction. */
  take(): { publishes: HeldPublish[]; settles: HeldSettle[] } {
    const held = { publishes: this.publishes, settles: this.settles };
    this.publishes = [];
    this.settles = [];
    return held;
  }
}
