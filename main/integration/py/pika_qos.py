"""basic_qos prefetch_count limits unacked deliveries to a consumer.  pika_qos.py URL PREFETCH TOTAL"""
import sys
import time
from pika_common import connect, deadline, emit

url, prefetch, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
deadline(20)
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()
queue = ch.queue_declare(queue='', exclusive=True).method.queue
for i in range(total):
    ch.basic_publish(exchange='', routing_key=queue, body=str(i).encode())
ch.basic_qos(prefetch_count=prefetch)
received = []
ch.basic_consume(queue=queue, on_message_callback=lambda c, m, p, b: received.append((m.delivery_tag, b.decode())))


def pump_until(predicate, seconds=10):
    end = time.monotonic() + seconds
    while not predicate() and time.monotonic() < end:
        conn.process_data_events(time_limit=0.05)
    return predicate()


def snapshot(step):
    # The declare-ok arrives after any delivery the broker sent before it on this channel.
    ready = ch.queue_declare(queue=queue, passive=True).method.message_count
    conn.process_data_events(time_limit=0)
    emit(event='snapshot', step=step, delivered=len(received), ready=ready,
         bodies=[b for _, b in received])


pump_until(lambda: len(received) >= prefetch)
snapshot('initial')
ch.basic_ack(delivery_tag=received[0][0])
pump_until(lambda: len(received) >= prefetch + 1)
snapshot('after-one-ack')
ch.basic_ack(delivery_tag=received[-1][0], multiple=True)
pump_until(lambda: len(received) >= min(total, 2 * prefetch + 1))
snapshot('after-ack-all')
while len(received) < total:
    ch.basic_ack(delivery_tag=received[-1][0], multiple=True)
    if not pump_until(lambda n=len(received): len(received) > n):
        break
ch.basic_ack(delivery_tag=received[-1][0], multiple=True)
snapshot('final')
conn.close()
