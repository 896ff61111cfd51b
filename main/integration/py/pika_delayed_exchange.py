"""The delayed-message plugin's README example with pika: an x-delayed-message exchange routing as
direct, a 5,000 ms message then a 1,000 ms one; prints when each arrives (seconds after the
publishes).  pika_delayed_exchange.py URL SUFFIX"""
import sys
import time

import pika
from pika_common import connect, deadline, emit

url, suffix = sys.argv[1], sys.argv[2]
deadline(25)
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()

x = f'my-exchange-{suffix}'
ch.exchange_declare(exchange=x, exchange_type='x-delayed-message', auto_delete=True, arguments={'x-delayed-type': 'direct'})
q = ch.queue_declare(queue='', exclusive=True).method.queue
ch.queue_bind(exchange=x, queue=q, routing_key='')

start = time.monotonic()
ch.basic_publish(exchange=x, routing_key='', body=b'delayed payload', properties=pika.BasicProperties(headers={'x-delay': 5000}))
ch.basic_publish(exchange=x, routing_key='', body=b'more delayed payload', properties=pika.BasicProperties(headers={'x-delay': 1000}))

got = 0
for method, props, body in ch.consume(q, auto_ack=True):
    emit(event='got', body=body.decode(), after=round(time.monotonic() - start, 3), delay=props.headers.get('x-delay'))
    got += 1
    if got == 2:
        break
conn.close()
