// AMQP value types shared by the codec, the broker core and the UI (pure types).

/** AMQP field values keep their wire type tag so that tables round-trip byte-exact
 *  (RabbitMQ's own tagged {Name, Type, Value} triples work the same way).
 *  Type letters are RabbitMQ's (errata): 's' is a signed 16-bit int, not a short string. */
export type FieldValue =
  | { type: 't'; value: boolean }
  | { type: 'b' | 'B' | 's' | 'u' | 'I' | 'i' | 'f' | 'd'; value: number }
  | { type: 'l'; value: bigint }
  | { type: 'T'; value: bigint } // timestamp, seconds since the epoch (u64)
  | { type: 'D'; value: { scale: number; value: number } } // decimal: scale octet + signed 32-bit
  | { type: 'S'; value: Buffer } // long string: bytes, not necessarily UTF-8
  | { type: 'x'; value: Buffer } // byte array
  | { type: 'F'; value: FieldTable }
  | { type: 'A'; value: FieldValue[] }
  | { type: 'V'; value: null };

/** A field table in wire order; duplicate names are kept as received. */
export type FieldTable = Array<[name: string, value: FieldValue]>;

export type { BasicProperties } from './properties';
