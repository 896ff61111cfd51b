"""Heartbeat negotiation: the client asks for 2 s; the connection must stay alive while idle for
IDLE seconds (only heartbeats cross it), then still work.  pika_heartbeat.py URL QUEUE IDLE"""
import sys
import time
from pika_common import connect, deadline, emit

url, queue, idle = sys.argv[1], sys.argv[2], float(sys.argv[3])
deadline(int(idle) + 20)
proposed = []


def choose_heartbeat(_conn, server_value):
    """pika calls this with the heartbeat the server proposed in connection.tune."""
    proposed.append(server_value)
    return 2


conn = connect(url, heartbeat=choose_heartbeat)
impl = conn._impl  # pylint: disable=protected-access
# server_heartbeat: what the broker sent in connection.tune; heartbeat: what pika answered in tune-ok.
emit(event='negotiated', heartbeat=impl.params.heartbeat, server_heartbeat=proposed[0] if proposed else None)
ch = conn.channel()
start = time.monotonic()
while time.monotonic() - start < idle:
    conn.process_data_events(time_limit=0.5)  # services heartbeats both ways
checker = impl._heartbeat_checker  # pylint: disable=protected-access
emit(event='idle-done', open=conn.is_open,
     heartbeats_received=checker._heartbeat_frames_received,  # pylint: disable=protected-access
     heartbeats_sent=checker._heartbeat_frames_sent)  # pylint: disable=protected-access
# Still usable after the idle period.
ch.queue_declare(queue=queue, exclusive=True)
ch.basic_publish(exchange='', routing_key=queue, body=b'still alive')
_, _, body = ch.basic_get(queue=queue, auto_ack=True)
emit(event='after-idle', body=body.decode() if body else None)
conn.close()
