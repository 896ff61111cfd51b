"""Tutorial 1 consumer: receives one message from QUEUE, prints it, deletes the queue.
tutorial_hello_recv.py URL QUEUE"""
import sys
from pika_common import connect, deadline, emit

url, queue = sys.argv[1:3]
deadline(25)
conn = connect(url)
ch = conn.channel()
ch.queue_declare(queue=queue)
state = {'got': None}


def on_message(channel, method, properties, body):
    state['got'] = body.decode()
    emit(event='received', body=state['got'], routing_key=method.routing_key, redelivered=method.redelivered)
    channel.stop_consuming()


def give_up():
    emit(event='gave-up')
    ch.stop_consuming()


conn.call_later(15, give_up)
ch.basic_consume(queue=queue, on_message_callback=on_message, auto_ack=True)
emit(event='ready')
ch.start_consuming()
ch.queue_delete(queue=queue)
conn.close()
sys.exit(0 if state['got'] is not None else 2)
