"""Tutorial 2 worker: prefetch 1, manual ack; a task "id:seconds" takes seconds*SLOWNESS of sleep.
Stops at the first END message (cancelling before acking it, so it never takes a second END).
tutorial_worker.py URL QUEUE NAME SLOWNESS"""
import sys
import time
from pika_common import connect, deadline, emit

url, queue, name, slowness = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
deadline(40)
conn = connect(url)
ch = conn.channel()
ch.queue_declare(queue=queue, durable=True)
ch.basic_qos(prefetch_count=1)


def on_message(channel, method, properties, body):
    text = body.decode()
    if text == 'END':
        channel.basic_cancel(method.consumer_tag)
        channel.basic_ack(delivery_tag=method.delivery_tag)
        channel.stop_consuming()
        return
    task_id, seconds = text.split(':')
    time.sleep(float(seconds) * slowness)  # the workload
    channel.basic_ack(delivery_tag=method.delivery_tag)
    emit(event='done', worker=name, task=task_id, redelivered=method.redelivered,
         persistent=properties.delivery_mode == 2)


ch.basic_consume(queue=queue, on_message_callback=on_message)
emit(event='ready', worker=name)
ch.start_consuming()
emit(event='finished', worker=name)
conn.close()
