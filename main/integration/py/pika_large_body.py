"""A 5 MiB body crosses intact (many frames at the negotiated frame_max).  pika_large_body.py URL SIZE"""
import hashlib
import os
import sys
from pika_common import connect, deadline, emit

url, size = sys.argv[1], int(sys.argv[2])
deadline(40)
payload = os.urandom(size)
conn = connect(url)
emit(event='frame_max', frame_max=conn._impl.params.frame_max)  # pylint: disable=protected-access
ch = conn.channel()
ch.confirm_delivery()
queue = ch.queue_declare(queue='', exclusive=True).method.queue
ch.basic_publish(exchange='', routing_key=queue, body=payload)
ch.basic_publish(exchange='', routing_key=queue, body=payload[::-1])
method, _, got = ch.basic_get(queue=queue, auto_ack=True)
emit(event='got', path='basic_get', length=len(got), intact=got == payload,
     sha256=hashlib.sha256(got).hexdigest(), sent_sha256=hashlib.sha256(payload).hexdigest())
for method, _, got in ch.consume(queue=queue, auto_ack=True, inactivity_timeout=20):
    emit(event='got', path='basic_consume', length=len(got) if got else None, intact=got == payload[::-1])
    break
ch.cancel()
conn.close()
