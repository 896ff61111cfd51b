"""Connection-level refusals: a wrong password and an unknown vhost.  pika_connection_errors.py URL"""
import re
import sys
import urllib.parse
import pika
from pika_common import deadline, emit, params

url = sys.argv[1]
deadline(20)
u = urllib.parse.urlsplit(url)


def attempt(case, target):
    try:
        conn = pika.BlockingConnection(params(target))
    except pika.exceptions.AMQPConnectionError as exc:
        text = str(exc)
        code = getattr(exc, 'reply_code', None)
        if code is None:
            m = re.search(r'\((\d{3})\)', text)
            code = int(m.group(1)) if m else None
        emit(event='refused', case=case, exception=type(exc).__name__, reply_code=code, text=text)
        return
    emit(event='connected', case=case)
    conn.close()


host = f'{u.hostname}:{u.port or 5672}'
attempt('wrong-password', f'amqp://guest:not-the-password@{host}/%2F')
attempt('unknown-vhost', f'amqp://{u.username}:{u.password}@{host}/no-such-vhost-{sys.argv[2]}')
