"""Tutorials 3-5 producer: publishes to EXCHANGE of TYPE, then an END marker with routing key __end__.
Each MESSAGE is "routing_key|text" (fanout ignores the key).
tutorial_emit_log.py URL EXCHANGE TYPE MESSAGE..."""
import sys
from pika_common import connect, deadline, emit

url, exchange, kind = sys.argv[1:4]
messages = sys.argv[4:]
deadline(20)
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()
ch.exchange_declare(exchange=exchange, exchange_type=kind)
for m in messages:
    key, text = m.split('|', 1)
    ch.basic_publish(exchange=exchange, routing_key=key, body=text.encode())
ch.basic_publish(exchange=exchange, routing_key='__end__', body=b'END')
ch.exchange_delete(exchange=exchange)  # after confirms: everything is routed already
emit(event='sent', count=len(messages))
conn.close()
