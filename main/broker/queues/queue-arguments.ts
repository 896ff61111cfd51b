// The x-arguments of a queue, read once at declaration into typed settings.
import type { FieldTable } from '../../../shared/model/amqp-values';
import { asBoolean, asNumber, asString, tableGet } from '../field-values';

export type Overflow = 'drop-head' | 'reject-publish' | 'reject-publish-dlx';
export type QueueType = 'classic' | 'quorum' | 'stream';

export interface QueueSettings {
  messageTtl: number | undefined;
  expires: number | undefined;
  deadLetterExchange: string | undefined;
  deadLetterRoutingKey: string | undefined;
  maxLength: number | undefined;
  maxLengthBytes: number | undefined;
  overflow: Overflow;
  maxPriority: number | undefined;
  singleActiveConsumer: boolean;
  type: QueueType;
  deliveryLimit: number | undefined;
}

export function readQueueSettings(args: FieldTable): QueueSettings {
  const num = (k: string): number | undefined => asNumber(tableGet(args, k));
  const str = (k: string): string | undefined => asString(tableGet(args, k));
  return {
    messageTtl: num('x-message-ttl'),
    expires: num('x-expires'),
    deadLetterExchange: str('x-dead-letter-exchange'),
    deadLetterRoutingKey: str('x-dead-letter-routing-key'),
    maxLength: num('x-max-length'),
    maxLengthBytes: num('x-max-length-bytes'),
    overflow: (str('x-overflow') as Overflow | undefined) ?? 'drop-head',
    maxPriority: num('x-max-priority'),
    singleActiveConsumer: asBoolean(tableGet(args, 'x-single-active-consumer')) ?? false,
    type: (str('x-queue-type') as QueueType | undefined) ?? 'classic',
    deliveryLimit: num('x-delivery-limit'),
  };
}
