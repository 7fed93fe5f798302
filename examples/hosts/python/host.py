#!/usr/bin/env python3
"""An example choreo host in Python (nats-py).

It answers the provide_message and select_branch requests of some roles of
a session over NATS (see docs/nats.md), so that a `choreo node --host nats`
takes its payloads and branch decisions from this process:

    python3 host.py --nats nats://127.0.0.1:4222 --session s1 \
        --role Seller --choose reject --payload 'Bid=amount=42'

Requests and replies are JSON:
    provide_message: {"session", "role", "to", "msg", "payload_type"}
                     -> {"payload": "..."} or {"error": "..."}
    select_branch:   {"session", "role", "labels": [...]}
                     -> {"label": "..."} or {"error": "..."}
"""

import argparse
import asyncio
import json
import sys

import nats  # nats-py


def subject(session, role, op):
    return f"choreo.{session}.host.{role}.{op}"


async def serve(args):
    payloads = dict(p.split("=", 1) for p in args.payload)
    nc = await nats.connect(args.nats, name=f"python host {args.session}")

    async def provide(msg):
        req = json.loads(msg.data)
        payload = payloads.get(req["msg"], 'from="python host"' if req["payload_type"] else "")
        print(f"python host: {req['role']} -> {req['to']} : {req['msg']}({payload})", file=sys.stderr, flush=True)
        await msg.respond(json.dumps({"payload": payload}).encode())

    async def select(msg):
        req = json.loads(msg.data)
        labels = req["labels"]
        label = next((c for c in args.choose if c in labels), labels[0])
        print(f"python host: {req['role']} chooses {label} of {labels}", file=sys.stderr, flush=True)
        await msg.respond(json.dumps({"label": label}).encode())

    for role in args.role:
        await nc.subscribe(subject(args.session, role, "provide_message"), cb=provide)
        await nc.subscribe(subject(args.session, role, "select_branch"), cb=select)
    await nc.flush()
    print(f"python host: serving {', '.join(args.role)} in session {args.session}", file=sys.stderr, flush=True)
    try:
        await asyncio.sleep(args.seconds)
    finally:
        await nc.drain()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nats", default="nats://127.0.0.1:4222")
    ap.add_argument("--session", required=True)
    ap.add_argument("--role", action="append", required=True)
    ap.add_argument("--choose", action="append", default=[])
    ap.add_argument("--payload", action="append", default=[])
    ap.add_argument("--seconds", type=float, default=60.0, help="serve this long at most")
    asyncio.run(serve(ap.parse_args()))


if __name__ == "__main__":
    main()
