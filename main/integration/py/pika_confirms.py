"""Publisher confirms with mandatory publishing.  pika_confirms.py URL SUFFIX"""
import sys
import pika
from pika_common import connect, deadline, emit

url, suffix = sys.argv[1], sys.argv[2]
deadline(20)
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()
queue = ch.queue_declare(queue='', exclusive=True).method.queue
ch.basic_publish(exchange='', routing_key=queue, body=b'routable', mandatory=True)
emit(event='confirmed', case='routable-mandatory')
try:
    ch.basic_publish(exchange='', routing_key=f'pika-nowhere-{suffix}', body=b'unroutable', mandatory=True)
    emit(event='confirmed', case='unroutable-mandatory')
except pika.exceptions.UnroutableError as exc:
    returned = exc.messages[0]
    emit(event='returned', case='unroutable-mandatory', exception=type(exc).__name__, count=len(exc.messages),
         reply_code=returned.method.reply_code, reply_text=returned.method.reply_text,
         routing_key=returned.method.routing_key, body=returned.body.decode())
# Not mandatory: silently dropped but still confirmed (acked).
ch.basic_publish(exchange='', routing_key=f'pika-nowhere-{suffix}', body=b'dropped')
emit(event='confirmed', case='unroutable-not-mandatory')
method, _, body = ch.basic_get(queue=queue, auto_ack=True)
emit(event='queue-content', body=body.decode(), message_count=method.message_count)
conn.close()
