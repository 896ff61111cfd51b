"""Tutorial 2 producer: persistent tasks "id:seconds" on a durable queue, then one END per worker.
tutorial_new_task.py URL QUEUE WORKERS TASK..."""
import sys
import pika
from pika_common import connect, deadline, emit

url, queue, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
tasks = sys.argv[4:]
deadline(20)
conn = connect(url)
ch = conn.channel()
ch.confirm_delivery()
ch.queue_declare(queue=queue, durable=True)
persistent = pika.BasicProperties(delivery_mode=pika.spec.PERSISTENT_DELIVERY_MODE)
for task in tasks + ['END'] * workers:
    ch.basic_publish(exchange='', routing_key=queue, body=task.encode(), properties=persistent)
emit(event='sent', count=len(tasks))
conn.close()
