"""An exclusive consumer locks out other consumers (403 ACCESS_REFUSED), and an exclusive consume is
refused while another consumer exists.  pika_exclusive_consumer.py URL SUFFIX"""
import sys
import pika
from pika_common import connect, deadline, emit

url, suffix = sys.argv[1], sys.argv[2]
deadline(20)
a = connect(url)
b = connect(url)
queue = f'pika-exclusive-consumer-{suffix}'
cha = a.channel()
cha.queue_declare(queue=queue, auto_delete=False)
tag = cha.basic_consume(queue=queue, on_message_callback=lambda *args: None, exclusive=True)
emit(event='exclusive-consumer', consumer_tag_ok=bool(tag))


def attempt(case, connection, exclusive):
    ch = connection.channel()
    try:
        ch.basic_consume(queue=queue, on_message_callback=lambda *args: None, exclusive=exclusive)
        emit(event='consumed', case=case)
        return ch
    except pika.exceptions.ChannelClosedByBroker as exc:
        emit(event='channel-closed', case=case, reply_code=exc.reply_code, reply_text=exc.reply_text)
        return None


attempt('other-connection', b, False)
attempt('same-connection-other-channel', a, False)
attempt('other-connection-exclusive', b, True)
cha.basic_cancel(tag)
# Once the exclusive consumer is gone, others may consume; then an exclusive consume is refused.
normal = attempt('after-cancel', b, False)
attempt('exclusive-while-other-consumer', a, True)
if normal is not None:
    normal.close()
cha.queue_delete(queue=queue)
b.close()
a.close()
