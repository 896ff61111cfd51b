"""pika over TLS (amqps) with the test CA: PLAIN with the URL's user, or EXTERNAL with a client
certificate. Prints {"event": "roundtrip", "body": ...} or {"event": "refused", ...}.
usage: pika_tls.py AMQPS_URL CA_FILE [CERT_FILE KEY_FILE]"""
import ssl
import sys

import pika
from pika.credentials import ExternalCredentials
from pika_common import deadline, emit, params

deadline(20)
url, ca = sys.argv[1], sys.argv[2]
context = ssl.create_default_context(cafile=ca)
overrides = {}
if len(sys.argv) > 4:
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    overrides['credentials'] = ExternalCredentials()
overrides['ssl_options'] = pika.SSLOptions(context, '127.0.0.1')
try:
    conn = pika.BlockingConnection(params(url, **overrides))
except (pika.exceptions.ProbableAccessDeniedError, pika.exceptions.ProbableAuthenticationError) as e:
    emit(event='refused', kind='access', text=str(e))
    sys.exit(0)
except pika.exceptions.AMQPConnectionError as e:
    emit(event='refused', kind='connection', text=repr(e))
    sys.exit(0)
ch = conn.channel()
q = ch.queue_declare('', exclusive=True).method.queue
ch.basic_publish('', q, b'over tls')
_, _, body = ch.basic_get(q, auto_ack=True)
emit(event='roundtrip', body=body.decode())
conn.close()
