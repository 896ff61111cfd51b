"""x-death as pika decodes it, plus the AMQP wire type tag of every header field.
  lifecycle_xdeath.py URL PREFIX
Queue A (bound to amq.direct with k1 and k2) dead-letters to the default exchange with routing key B;
queue B (x-message-ttl 50) dead-letters to a fanout DLX bound to a dead queue. A message published to
amq.direct 'k1' with CC ['k2'] and expiration 60000 is rejected from A, expires in B and lands in the
dead queue; the script prints its headers (python types) and the raw header table (wire tags)."""
import struct
import sys
import time

import pika
import pika.spec
from pika_common import connect, deadline, emit

url, prefix = sys.argv[1], sys.argv[2]
deadline(20)

# Keep the raw content-header payload of every BasicProperties pika decodes.
raw_props = []
_orig_decode = pika.spec.BasicProperties.decode


def _recording_decode(self, encoded, offset=0):
    raw_props.append(bytes(encoded[offset:]))
    return _orig_decode(self, encoded, offset)


pika.spec.BasicProperties.decode = _recording_decode


def tagged_value(buf, off):
    """Decodes one field value as [tag, value]; nested tables/arrays keep tags all the way down."""
    tag = chr(buf[off])
    off += 1
    fixed = {'t': ('>B', 1), 'b': ('>b', 1), 'B': ('>B', 1), 's': ('>h', 2), 'u': ('>H', 2), 'I': ('>i', 4),
             'i': ('>I', 4), 'l': ('>q', 8), 'L': ('>Q', 8), 'f': ('>f', 4), 'd': ('>d', 8), 'T': ('>Q', 8)}
    if tag in fixed:
        fmt, size = fixed[tag]
        v = struct.unpack_from(fmt, buf, off)[0]
        if tag == 't':
            v = bool(v)
        return [tag, v], off + size
    if tag == 'D':
        places = buf[off]
        digits = struct.unpack_from('>i', buf, off + 1)[0]
        return [tag, [places, digits]], off + 5
    if tag in ('S', 'x'):
        n = struct.unpack_from('>I', buf, off)[0]
        raw = bytes(buf[off + 4:off + 4 + n])
        return [tag, raw.decode('utf8') if tag == 'S' else raw.hex()], off + 4 + n
    if tag == 'V':
        return [tag, None], off
    if tag == 'F':
        n = struct.unpack_from('>I', buf, off)[0]
        table, _keys = tagged_table(buf[off + 4:off + 4 + n])
        return [tag, table], off + 4 + n
    if tag == 'A':
        n = struct.unpack_from('>I', buf, off)[0]
        end = off + 4 + n
        off += 4
        items = []
        while off < end:
            item, off = tagged_value(buf, off)
            items.append(item)
        return [tag, items], end
    raise ValueError('unknown field tag %r' % tag)


def tagged_table(buf):
    """Returns ({key: [tag, value]}, [keys in wire order]) for a table payload (without its length)."""
    off, out, keys = 0, {}, []
    while off < len(buf):
        klen = buf[off]
        key = bytes(buf[off + 1:off + 1 + klen]).decode('utf8')
        off += 1 + klen
        value, off = tagged_value(buf, off)
        out[key] = value
        keys.append(key)
    return out, keys


def header_table(raw):
    """The headers table of a content-header property list (flags, then content-type, content-encoding, headers)."""
    flags = struct.unpack_from('>H', raw, 0)[0]
    off = 2
    if flags & 0x8000:
        off += 1 + raw[off]
    if flags & 0x4000:
        off += 1 + raw[off]
    if not flags & 0x2000:
        return {}, []
    n = struct.unpack_from('>I', raw, off)[0]
    return tagged_table(raw[off + 4:off + 4 + n])


def py_typed(v):
    """[python type name, value] recursively, as pika decoded it."""
    if isinstance(v, dict):
        return ['dict', {k: py_typed(x) for k, x in v.items()}]
    if isinstance(v, list):
        return ['list', [py_typed(x) for x in v]]
    return [type(v).__name__, v]


conn = connect(url)
ch = conn.channel()
a, b = prefix + '-a', prefix + '-b'
dlx = prefix + '-dlx'
ch.exchange_declare(dlx, 'fanout', auto_delete=True)
dead = ch.queue_declare('', exclusive=True).method.queue
ch.queue_bind(dead, dlx)
ch.queue_declare(b, exclusive=True, arguments={'x-dead-letter-exchange': dlx, 'x-message-ttl': 50})
ch.queue_declare(a, exclusive=True, arguments={'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': b})
ch.queue_bind(a, 'amq.direct', 'k1')
ch.queue_bind(a, 'amq.direct', 'k2')
ch.confirm_delivery()
ch.basic_publish('amq.direct', 'k1', b'pika-dead',
                 pika.BasicProperties(headers={'mine': 'kept', 'CC': ['k2']}, expiration='60000', message_id='pika-mid'))

method = None
for _ in range(500):
    method, props, body = ch.basic_get(a, auto_ack=False)
    if method:
        break
    time.sleep(0.01)
ch.basic_reject(method.delivery_tag, requeue=False)

raw_props.clear()
for _ in range(500):
    method, props, body = ch.basic_get(dead, auto_ack=True)
    if method:
        break
    time.sleep(0.01)
if not method:
    emit(event='nothing-dead-lettered')
    sys.exit(5)

wire, wire_keys = header_table(raw_props[-1])
xdeath = props.headers['x-death']
emit(event='dead',
     body=body.decode(),
     routing_key=method.routing_key,
     exchange=method.exchange,
     expiration=props.expiration,
     message_id=props.message_id,
     xdeath_py=[{k: py_typed(v) for k, v in entry.items()} for entry in xdeath],
     times=[entry[1]['time'][1] for entry in wire['x-death'][1]],
     wire=wire,
     wire_key_order=wire_keys,
     entry_key_order=[list(e.keys()) for e in xdeath])
conn.close()
