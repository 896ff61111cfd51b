"""basic_get: message_count, delivery tags, auto_ack, and get-empty.  pika_basic_get.py URL"""
import sys
from pika_common import connect, deadline, emit

url = sys.argv[1]
deadline(20)
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()
queue = ch.queue_declare(queue='', exclusive=True).method.queue
for i in range(3):
    ch.basic_publish(exchange='', routing_key=queue, body=f'm{i}'.encode())
for ack_mode in (False, True, False):
    method, props, body = ch.basic_get(queue=queue, auto_ack=ack_mode)
    emit(event='got', body=body.decode(), message_count=method.message_count, delivery_tag=method.delivery_tag,
         redelivered=method.redelivered, exchange=method.exchange, routing_key=method.routing_key)
ch.basic_ack(delivery_tag=3)
ch.basic_ack(delivery_tag=1)
method, props, body = ch.basic_get(queue=queue)
emit(event='empty', method=method, props=props, body=body)
emit(event='queue', message_count=ch.queue_declare(queue=queue, passive=True).method.message_count)
conn.close()
