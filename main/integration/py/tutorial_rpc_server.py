"""Tutorial 6 server: answers COUNT fib(n) requests from QUEUE, then exits.
tutorial_rpc_server.py URL QUEUE COUNT"""
import sys
import pika
from pika_common import connect, deadline, emit

url, queue, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
deadline(25)


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


conn = connect(url)
ch = conn.channel()
ch.queue_declare(queue=queue)
ch.basic_qos(prefetch_count=1)
state = {'handled': 0}


def on_request(channel, method, props, body):
    n = int(body)
    channel.basic_publish(exchange='', routing_key=props.reply_to,
                          properties=pika.BasicProperties(correlation_id=props.correlation_id),
                          body=str(fib(n)).encode())
    channel.basic_ack(delivery_tag=method.delivery_tag)
    state['handled'] += 1
    emit(event='served', n=n, correlation_id=props.correlation_id)
    if state['handled'] == count:
        channel.stop_consuming()


ch.basic_consume(queue=queue, on_message_callback=on_request)
emit(event='ready')
ch.start_consuming()
ch.queue_delete(queue=queue)
conn.close()
