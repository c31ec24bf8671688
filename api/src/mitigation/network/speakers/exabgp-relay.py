#!/usr/bin/env python3
"""Levee's ExaBGP process helper: relays command lines from a FIFO to ExaBGP and ExaBGP's answers to a file.

ExaBGP config:  process levee { run /usr/bin/python3 /path/exabgp-relay.py CMD_FIFO ACK_FILE; encoder text; }
Each start writes "levee-relay started <pid> <time>" to ACK_FILE, so Levee sees ExaBGP restarted and announces again.
"""
import os, sys, threading, time

fifo, ack = sys.argv[1], sys.argv[2]
if not os.path.exists(fifo):
    os.mkfifo(fifo, 0o600)

def answers():
    with open(ack, "a", buffering=1) as out:
        out.write("levee-relay started %d %f\n" % (os.getpid(), time.time()))
        for line in sys.stdin:
            out.write(line)
    os._exit(0)  # stdin closed: ExaBGP is gone (also after kill -9); never outlive it holding the FIFO

threading.Thread(target=answers, daemon=True).start()
# O_RDWR: the FIFO never reads EOF between writers.
for line in os.fdopen(os.open(fifo, os.O_RDWR), "r", buffering=1):
    sys.stdout.write(line)
    sys.stdout.flush()
