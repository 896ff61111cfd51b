"""Channel errors and their reply codes.  pika_channel_errors.py URL SUFFIX"""
import sys
import pika
from pika_common import connect, deadline, emit

url, suffix = sys.argv[1], sys.argv[2]
deadline(20)
conn = connect(url)
other = connect(url)


def expect_channel_error(case, action, connection=conn):
    ch = connection.channel()
    try:
        action(ch)
    except pika.exceptions.ChannelClosedByBroker as exc:
        emit(event='channel-closed', case=case, exception=type(exc).__name__,
             reply_code=exc.reply_code, reply_text=exc.reply_text, connection_open=connection.is_open)
        return
    emit(event='no-error', case=case)
    ch.close()


missing = f'pika-missing-{suffix}'
expect_channel_error('passive-declare-missing-queue', lambda ch: ch.queue_declare(queue=missing, passive=True))
expect_channel_error('passive-declare-missing-exchange',
                     lambda ch: ch.exchange_declare(exchange=missing, passive=True))

exchange = f'pika-ex-{suffix}'
setup = conn.channel()
setup.exchange_declare(exchange=exchange, exchange_type='direct')
expect_channel_error('exchange-redeclare-type-mismatch',
                     lambda ch: ch.exchange_declare(exchange=exchange, exchange_type='fanout'))
expect_channel_error('exchange-redeclare-durable-mismatch',
                     lambda ch: ch.exchange_declare(exchange=exchange, exchange_type='direct', durable=True))

queue = f'pika-q-{suffix}'
setup.queue_declare(queue=queue, auto_delete=True, durable=False)
expect_channel_error('queue-redeclare-durable-mismatch', lambda ch: ch.queue_declare(queue=queue, durable=True))

exclusive = f'pika-excl-{suffix}'
setup.queue_declare(queue=exclusive, exclusive=True)
expect_channel_error('exclusive-queue-declare-from-other-connection',
                     lambda ch: ch.queue_declare(queue=exclusive), connection=other)
expect_channel_error('exclusive-queue-consume-from-other-connection',
                     lambda ch: ch.basic_consume(queue=exclusive, on_message_callback=lambda *a: None),
                     connection=other)
expect_channel_error('publish-to-missing-exchange',
                     lambda ch: (ch.confirm_delivery(), ch.basic_publish(exchange=missing, routing_key='x', body=b'x')))
expect_channel_error('publish-with-foreign-user-id',
                     lambda ch: (ch.confirm_delivery(),
                                 ch.basic_publish(exchange='', routing_key=queue, body=b'x',
                                                  properties=pika.BasicProperties(user_id='not-guest'))))
# A channel error leaves the connection and its other channels usable.
setup.queue_declare(queue=exclusive, passive=True)
emit(event='setup-channel-still-open', open=setup.is_open)
setup.exchange_delete(exchange=exchange)
setup.queue_delete(queue=queue)
other.close()
conn.close()
