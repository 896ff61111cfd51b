"""Helpers shared by the pika_* and tutorial_* scripts (run with Debian's /usr/bin/python3)."""
import json
import os
import signal
import sys

import pika


def emit(**fields):
    """One JSON object per line on stdout; the vitest side parses these."""
    print(json.dumps(fields, sort_keys=True, default=str), flush=True)


def deadline(seconds):
    """Hard timeout for the whole script, so a hung broker never hangs the test."""
    def on_alarm(_signum, _frame):
        emit(event='timeout', seconds=seconds)
        sys.stdout.flush()
        os._exit(3)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)


def params(url, **overrides):
    p = pika.URLParameters(url)
    p.connection_attempts = 1
    p.socket_timeout = 5
    p.blocked_connection_timeout = 10
    for key, value in overrides.items():
        setattr(p, key, value)
    return p


def connect(url, **overrides):
    return pika.BlockingConnection(params(url, **overrides))
