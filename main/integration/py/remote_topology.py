"""Declares a small topology for the remote-target tests and keeps traffic flowing through it.

Usage: remote_topology.py AMQP_URL PREFIX STOP_FILE
Declares (names start with PREFIX): exchanges .x (direct, alternate exchange .ae), .ae (fanout),
.dlx (fanout), .t (topic, bound to .x: an exchange-to-exchange binding); queues .q (classic,
dead-letter exchange .dlx by argument), .qq (quorum), .pq (its dead-letter exchange comes from a
policy the test sets), .dlq (bound to .dlx), .aeq (bound to .ae). A consumer on .q and a publisher
to .x run until STOP_FILE exists; prints {"event": "ready"} once everything is declared.
"""
import os
import sys
import time

from pika_common import connect, deadline, emit

url, prefix, stop_file = sys.argv[1], sys.argv[2], sys.argv[3]
deadline(120)


def n(suffix):
    return prefix + suffix


conn = connect(url, client_properties={'connection_name': n('-client')})
ch = conn.channel()
ch.exchange_declare(n('.ae'), 'fanout', durable=True)
ch.exchange_declare(n('.dlx'), 'fanout', durable=True)
ch.exchange_declare(n('.x'), 'direct', durable=True, arguments={'alternate-exchange': n('.ae')})
ch.exchange_declare(n('.t'), 'topic', durable=True)
ch.exchange_bind(destination=n('.t'), source=n('.x'), routing_key='k')
ch.queue_declare(n('.q'), durable=True, arguments={'x-dead-letter-exchange': n('.dlx')})
ch.queue_declare(n('.qq'), durable=True, arguments={'x-queue-type': 'quorum'})
ch.queue_declare(n('.pq'), durable=True)
ch.queue_declare(n('.dlq'), durable=True)
ch.queue_declare(n('.aeq'), durable=True)
ch.queue_bind(n('.q'), n('.x'), routing_key='k')
ch.queue_bind(n('.qq'), n('.t'), routing_key='#')
ch.queue_bind(n('.pq'), n('.x'), routing_key='p')
ch.queue_bind(n('.dlq'), n('.dlx'))
ch.queue_bind(n('.aeq'), n('.ae'))

consumer_ch = conn.channel()
consumer_ch.basic_qos(prefetch_count=10)
consumer_ch.basic_consume(n('.q'), lambda c, m, p, b: c.basic_ack(m.delivery_tag), consumer_tag=n('-ctag'))
emit(event='ready')

sent = 0
while not os.path.exists(stop_file):
    ch.basic_publish(n('.x'), 'k', b'tick %d' % sent)
    sent += 1
    conn.process_data_events(time_limit=0)
    time.sleep(0.05)
emit(event='done', sent=sent)
conn.close()
