"""The plugins' own Python example, shaped as in rabbitmq-consistent-hash-exchange's README:
four queues bound to an x-consistent-hash exchange with weights 1, 1, 2, 2, then a
recent-history exchange.  pika_plugin_exchanges.py URL SUFFIX"""
import sys
from pika_common import connect, deadline, emit

url, suffix = sys.argv[1], sys.argv[2]
deadline(30)
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()

chx = f'chx-{suffix}'
ch.exchange_declare(exchange=chx, exchange_type='x-consistent-hash', auto_delete=True)
queues = [f'{chx}-q{i}' for i in range(1, 5)]
for q, weight in zip(queues, ['1', '1', '2', '2']):
    ch.queue_declare(queue=q, exclusive=True)
    ch.queue_bind(exchange=chx, queue=q, routing_key=weight)
for i in range(3000):
    ch.basic_publish(exchange=chx, routing_key=str(i), body=b'')
emit(event='hashed', counts=[ch.queue_declare(queue=q, passive=True).method.message_count for q in queues])

rh = f'rh-{suffix}'
ch.exchange_declare(exchange=rh, exchange_type='x-recent-history', auto_delete=True, arguments={'x-recent-history-length': 3})
for i in range(5):
    ch.basic_publish(exchange=rh, routing_key='', body=f'm{i}'.encode())
late = ch.queue_declare(queue='', exclusive=True).method.queue
ch.queue_bind(exchange=rh, queue=late)
bodies = []
while True:
    method, _, body = ch.basic_get(queue=late, auto_ack=True)
    if method is None:
        break
    bodies.append(body.decode())
emit(event='history', bodies=bodies)
conn.close()
