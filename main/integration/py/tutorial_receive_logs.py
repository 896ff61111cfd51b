"""Tutorials 3-5 consumer: an exclusive server-named queue bound to EXCHANGE with each BINDING_KEY
(plus __end__, the end marker's key); prints every message until END.
tutorial_receive_logs.py URL EXCHANGE TYPE NAME [BINDING_KEY...]"""
import sys
from pika_common import connect, deadline, emit

url, exchange, kind, name = sys.argv[1:5]
keys = sys.argv[5:]
deadline(25)
conn = connect(url)
ch = conn.channel()
ch.exchange_declare(exchange=exchange, exchange_type=kind)
result = ch.queue_declare(queue='', exclusive=True)
queue = result.method.queue
for key in (keys + ['__end__'] if kind != 'fanout' else ['']):
    ch.queue_bind(exchange=exchange, queue=queue, routing_key=key)
state = {'ended': False}


def on_message(channel, method, properties, body):
    text = body.decode()
    if text == 'END':
        state['ended'] = True
        channel.stop_consuming()
        return
    emit(event='received', consumer=name, routing_key=method.routing_key, body=text)


ch.basic_consume(queue=queue, on_message_callback=on_message, auto_ack=True)
emit(event='ready', consumer=name, queue=queue)
ch.start_consuming()
conn.close()
sys.exit(0 if state['ended'] else 2)
