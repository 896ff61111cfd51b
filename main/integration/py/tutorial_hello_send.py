"""Tutorial 1 producer: tutorial_hello_send.py URL QUEUE MESSAGE"""
import sys
from pika_common import connect, deadline, emit

url, queue, message = sys.argv[1:4]
deadline(20)
conn = connect(url)
ch = conn.channel()
ch.queue_declare(queue=queue)
ch.basic_publish(exchange='', routing_key=queue, body=message.encode())
emit(event='sent', body=message)
conn.close()
