"""basic_reject / basic_nack with and without requeue; the redelivered flag.  pika_reject_nack.py URL"""
import sys
from pika_common import connect, deadline, emit

url = sys.argv[1]
deadline(20)
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()
queue = ch.queue_declare(queue='', exclusive=True).method.queue


def get(label):
    method, _, body = ch.basic_get(queue=queue)
    emit(event='got', step=label, body=body.decode() if body else None,
         redelivered=method.redelivered if method else None)
    return method


ch.basic_publish(exchange='', routing_key=queue, body=b'a')
m = get('first')
ch.basic_reject(delivery_tag=m.delivery_tag, requeue=True)
m = get('after-reject-requeue')
ch.basic_reject(delivery_tag=m.delivery_tag, requeue=False)
get('after-reject-discard')

for body in (b'b', b'c', b'd'):
    ch.basic_publish(exchange='', routing_key=queue, body=body)
m1 = get('b-first')
m2 = get('c-first')
m3 = get('d-first')
ch.basic_nack(delivery_tag=m2.delivery_tag, multiple=True, requeue=True)  # b and c back, in order
m4 = get('after-nack-multiple-1')
m5 = get('after-nack-multiple-2')
ch.basic_nack(delivery_tag=m3.delivery_tag, multiple=False, requeue=False)  # d discarded
ch.basic_nack(delivery_tag=0, multiple=True, requeue=False)  # everything outstanding discarded
get('after-nack-all-discard')
emit(event='queue', message_count=ch.queue_declare(queue=queue, passive=True).method.message_count)

# Consumer path: a rejected-with-requeue message comes back to the consumer marked redelivered.
ch.basic_publish(exchange='', routing_key=queue, body=b'e')
seen = []


def on_message(channel, method, properties, body):
    seen.append(method.redelivered)
    emit(event='delivered', body=body.decode(), redelivered=method.redelivered)
    if len(seen) == 1:
        channel.basic_reject(delivery_tag=method.delivery_tag, requeue=True)
    else:
        channel.basic_ack(delivery_tag=method.delivery_tag)
        channel.stop_consuming()


ch.basic_consume(queue=queue, on_message_callback=on_message)
ch.start_consuming()
conn.close()
