"""All 14 basic properties, and a headers table of every field type pika encodes, round-trip exactly
through the broker (via basic_get and via a consumer).  pika_properties.py URL"""
import datetime
import decimal
import sys
import pika
from pika_common import connect, deadline, emit

url = sys.argv[1]
deadline(20)
NAMES = ['content_type', 'content_encoding', 'headers', 'delivery_mode', 'priority', 'correlation_id',
         'reply_to', 'expiration', 'message_id', 'timestamp', 'type', 'user_id', 'app_id', 'cluster_id']
headers = {
    'int': 42,
    'negative': -7,
    'big': 2 ** 40,
    'str': 'héllo wörld',
    'true': True,
    'false': False,
    'nested': {'a': 1, 'b': 'two', 'deeper': {'list': [1, 'x', False]}},
    'list': [1, 'two', True, None, {'k': 'v'}, [3, 4]],
    'decimal': decimal.Decimal('3.14'),
    'decimal-int': decimal.Decimal('12'),
    'datetime': datetime.datetime(2024, 5, 17, 12, 34, 56),
    'none': None,
    'bytes': b'\x00\x01\xfe\xff',
    'empty-str': '',
    'empty-table': {},
    'empty-list': [],
}
sent = pika.BasicProperties(
    content_type='application/json', content_encoding='gzip', headers=headers, delivery_mode=2, priority=7,
    correlation_id='corr-123', reply_to='reply.queue', expiration='60000', message_id='msg-456',
    timestamp=1700000000, type='order.created', user_id='guest', app_id='warren-tests', cluster_id='cluster-1')
if sorted(k for k in vars(sent) if getattr(sent, k) is not None) != sorted(NAMES):
    emit(event='bad-test', set=sorted(vars(sent)))
    sys.exit(4)

emit(event='sent', sent=repr(sent))
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()
queue = ch.queue_declare(queue='', exclusive=True).method.queue
body = b'{"properties": true}'
ch.basic_publish(exchange='', routing_key=queue, body=body, properties=sent)
ch.basic_publish(exchange='', routing_key=queue, body=body, properties=sent)
ch.basic_publish(exchange='', routing_key=queue, body=b'bare')


def same(a, b):
    """Equality that also requires the same kind of value (== alone has True == 1, b'' vs '' etc.).
    Integers compare as integers: pika decodes 64-bit ints as its `long` (an int subclass)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def report(path, props, got_body):
    diffs = {n: [repr(getattr(sent, n)), repr(getattr(props, n))] for n in NAMES
             if not same(getattr(sent, n), getattr(props, n))}
    emit(event='properties', path=path, match=not diffs, body_match=got_body == body, diffs=diffs,
         received=repr(props))


_, props, got = ch.basic_get(queue=queue, auto_ack=True)
report('basic_get', props, got)
for method, props, got in ch.consume(queue=queue, auto_ack=True, inactivity_timeout=10):
    if method is None:
        emit(event='consume-timeout')
        break
    if got == b'bare':
        emit(event='bare', **{n: getattr(props, n) for n in NAMES})
        break
    report('basic_consume', props, got)
ch.cancel()
conn.close()
