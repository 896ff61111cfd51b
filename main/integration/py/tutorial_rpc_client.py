"""Tutorial 6 client: sends all requests at once, each with reply_to = an exclusive server-named
callback queue and its own correlation_id; matches responses by correlation_id.
tutorial_rpc_client.py URL QUEUE N..."""
import sys
import uuid
import pika
from pika_common import connect, deadline, emit

url, queue = sys.argv[1], sys.argv[2]
ns = [int(x) for x in sys.argv[3:]]
deadline(25)
conn = connect(url)
ch = conn.channel()
callback_queue = ch.queue_declare(queue='', exclusive=True).method.queue
pending = {}
results = {}


def on_response(channel, method, props, body):
    n = pending.pop(props.correlation_id, None)
    if n is None:
        emit(event='unexpected', correlation_id=props.correlation_id, body=body.decode())
        return
    results[props.correlation_id] = (n, int(body))


ch.basic_consume(queue=callback_queue, on_message_callback=on_response, auto_ack=True)
for n in ns:
    corr = str(uuid.uuid4())
    pending[corr] = n
    ch.basic_publish(exchange='', routing_key=queue,
                     properties=pika.BasicProperties(reply_to=callback_queue, correlation_id=corr),
                     body=str(n).encode())
while pending:
    conn.process_data_events(time_limit=1)
for corr, (n, value) in results.items():
    emit(event='result', n=n, value=value, correlation_id=corr)
emit(event='callback-queue', queue=callback_queue)
conn.close()
