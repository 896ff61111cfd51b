"""Watches amq.rabbitmq.event as the plugin's users do: an exclusive queue bound with the given
keys, each event printed (routing key, properties, headers as pika decodes them) until the queue
named STOP is reported deleted.  pika_event_exchange.py URL STOP KEY..."""
import sys
from pika_common import connect, deadline, emit

url, stop, keys = sys.argv[1], sys.argv[2], sys.argv[3:]
deadline(30)
conn = connect(url)
ch = conn.channel()
q = ch.queue_declare(queue='', exclusive=True).method.queue
for key in keys:
    ch.queue_bind(exchange='amq.rabbitmq.event', queue=q, routing_key=key)
emit(event='ready')


def on_event(_ch, method, props, body):
    emit(event='event', key=method.routing_key, exchange=method.exchange, headers=props.headers,
         delivery_mode=props.delivery_mode, timestamp=props.timestamp, body=len(body))
    if method.routing_key == 'queue.deleted' and props.headers.get('name') == stop:
        ch.stop_consuming()


ch.basic_consume(queue=q, on_message_callback=on_event, auto_ack=True)
ch.start_consuming()
conn.close()
