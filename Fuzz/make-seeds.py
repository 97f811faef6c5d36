#!/usr/bin/env python3
"""Writes the seed corpus of till-wire-fuzz (Fuzz/corpus/wire/), one small file per input class.

An input is: a flags byte, a chunking byte, then the bytes the peer sends (see
Sources/WireFuzz/FuzzInput.swift). Re-run after changing the harness's keys or flags:
    python3 Fuzz/make-seeds.py
"""
import hashlib
import hmac
import os
import struct

AUTH, LIMITED, AUTOFRAME, QUIESCE, HALFCLOSE, ADVANCE = 1, 2, 4, 8, 16, 32
CLUSTER = b"fuzz-cluster-key-0123456789abcdef"  # FuzzKeys.cluster
NOW = 1764000000  # FuzzKeys.now
NONCE = "0123456789abcdef0123456789abcdef"
MAX_FRAME = 4096  # FuzzServer.maxFrame


def frame(body):
    body = body.encode() if isinstance(body, str) else body
    return struct.pack(">I", len(body)) + body


def hello(client="fuzz-client", key=CLUSTER, ts=NOW, nonce=NONCE, version=1):
    mac = hmac.new(key, f"till-v1|{client}|{ts}|{nonce}".encode(), hashlib.sha256).hexdigest()
    return (f'{{"type":"hello","version":{version},"client":"{client}","ts":{ts},'
            f'"nonce":"{nonce}","mac":"{mac}"}}')


def request(id, method, params="{}", extra=""):
    return f'{{"id":{id},"method":"{method}","params":{params}{extra}}}'


def nested(depth):
    return "[" * depth + "1" + "]" * depth


TYPED = ('{"order_id":"o-1","amount_minor":1999,"currency":"EUR",'
         '"items":[{"sku":"sku-1","quantity":2}],"note":"n","ratio":0.5,"tags":{"a":"b"}}')

SEEDS = {
    # The handshake, sent by the fuzzer itself (valid against the harness's key and clock).
    "hello-valid-then-request": (0, 0, frame(hello()) + frame(request(1, "fuzz.echo", '{"a":1}'))),
    "hello-wrong-mac": (0, 0, frame(hello(key=b"not-the-cluster-key-0123456789ab"))),
    "hello-stale-ts": (0, 0, frame(hello(ts=NOW - 31))),
    "hello-version-2": (0, 0, frame(hello(version=2))),
    "hello-wrong-types": (0, 0, frame('{"type":"hello","version":"1","client":7,"ts":1.5,"nonce":null,"mac":[]}')),
    "hello-short-nonce": (0, 0, frame(hello(nonce="abc"))),
    "request-before-hello": (0, 0, frame(request(1, "fuzz.echo"))),
    "no-hello-timeout": (ADVANCE, 0, b""),
    # Framing.
    "oversize-length-max": (AUTH, 0, b"\x7f\xff\xff\xff" + b"{}" * 8),
    "oversize-length-limit-plus-one": (AUTH, 0, struct.pack(">I", MAX_FRAME + 1) + b"{}"),
    "zero-length": (AUTH, 0, b"\x00\x00\x00\x00"),
    "truncated-frame": (AUTH | HALFCLOSE, 0, struct.pack(">I", 100) + b'{"id":1,'),
    "frame-at-limit": (AUTH, 0, frame('{"id":1,"method":"fuzz.echo","params":{"s":"'
                                      + "x" * (MAX_FRAME - 47) + '"}}')),
    "chunked-byte-by-byte": (AUTH, 1, frame(request(1, "fuzz.echo", '{"a":[1,2,3]}')) * 2),
    "chunked-across-headers": (AUTH, 3, frame(request(1, "fuzz.empty")) + b"\x00\x00\x00\x00"),
    # JSON.
    "not-json": (AUTH | AUTOFRAME, 0, b"hello"),
    "json-array": (AUTH | AUTOFRAME, 0, b"[1,2,3]"),
    "trailing-bytes": (AUTH | AUTOFRAME, 0, b'{"id":1,"method":"fuzz.empty"} x'),
    "invalid-utf8": (AUTH | AUTOFRAME, 0, b'{"id":1,"method":"fuzz.\xc3\x28","params":{"s":"\xed\xa0\x80\xc0\xaf"}}'),
    "escapes-and-surrogates": (AUTH | AUTOFRAME, 0,
                               rb'{"id":1,"method":"fuzz.echo","params":{"s":"\ud83d\ude00\ud800x\udc00\u0000\"\\\/\b\f\n\r\t"}}'),
    "nested-127": (AUTH | AUTOFRAME, 0, request(1, "fuzz.echo", '{"a":' + nested(126) + "}").encode()),
    "nested-128": (AUTH | AUTOFRAME, 0, request(1, "fuzz.echo", '{"a":' + nested(127) + "}").encode()),
    "nested-129": (AUTH | AUTOFRAME, 0, request(1, "fuzz.echo", '{"a":' + nested(128) + "}").encode()),
    "nested-deep": (AUTH | AUTOFRAME, 0, request(1, "fuzz.echo", '{"a":' + nested(1000) + "}").encode()),
    "numbers": (AUTH | AUTOFRAME, 0, request(1, "fuzz.echo",
                '{"a":[0,-0,1e3,1E-7,-1.5e+300,9223372036854775807,-9223372036854775808,'
                '9223372036854775808,1e400,0.1]}').encode()),
    "duplicate-keys": (AUTH | AUTOFRAME, 0, b'{"id":1,"id":2,"method":"fuzz.echo","params":{"a":1,"a":2}}'),
    # The envelope.
    "ids": (AUTH | AUTOFRAME, 0, b"\xff".join(x.encode() for x in [
        request(18446744073709551615, "fuzz.empty"), request(18446744073709551616, "fuzz.empty"),
        '{"id":-1,"method":"fuzz.empty"}', '{"id":"1","method":"fuzz.empty"}', '{"id":1.0,"method":"fuzz.empty"}',
        '{"method":"fuzz.empty"}'])),
    "envelope-fields": (AUTH | AUTOFRAME, 0, b"\xff".join(x.encode() for x in [
        request(1, "fuzz.context", extra=',"deadline_ms":9223372036854775807,"trace_id":"t-1","idempotency_key":"k"'),
        request(2, "fuzz.context", extra=',"deadline_ms":0'),
        request(3, "fuzz.context", extra=',"deadline_ms":-1'),
        request(4, "fuzz.context", extra=',"trace_id":"has space","idempotency_key":""'),
        request(5, "fuzz.context", extra=',"idempotency_key":"' + "k" * 256 + '"'),
        request(6, "", params="[]"), request(7, "fuzz.nope"), '{"id":8,"method":"fuzz.echo","params":"x"}'])),
    "typed-params": (AUTH | AUTOFRAME, 0, b"\xff".join(x.encode() for x in [
        request(1, "fuzz.typed", TYPED),
        request(2, "fuzz.typed", '{"order_id":1,"amount_minor":"1","currency":"EUR","items":[{"sku":1}]}'),
        request(3, "fuzz.typed", '{"order_id":"o","amount_minor":99999999999999999999,"currency":"EUR","items":[]}'),
        request(4, "fuzz.typed", '{"order_id":"o","amount_minor":1,"currency":"EUR","items":[{"sku":"s","quantity":1.5}]}')])),
    "handler-errors": (AUTH | AUTOFRAME, 0, b"\xff".join(x.encode() for x in [
        request(1, "fuzz.fail", '{"why":["x",{"y":null}]}'), request(2, "fuzz.crash"), request(3, "fuzz.empty")])),
    "limited-client-forbidden": (AUTH | LIMITED | AUTOFRAME, 0, b"\xff".join(x.encode() for x in [
        request(1, "fuzz.fail"), request(2, "fuzz.echo"), request(3, "fuzz.typed", TYPED)])),
    # In-flight requests and the connection's life.
    "in-flight-limit-and-duplicate-id": (AUTH | AUTOFRAME, 0, b"\xff".join(x.encode() for x in [
        request(1, "fuzz.block"), request(1, "fuzz.block"), request(2, "fuzz.block"), request(3, "fuzz.block"),
        request(4, "fuzz.block"), request(5, "fuzz.block")])),
    "quiesce-while-in-flight": (AUTH | AUTOFRAME | QUIESCE | ADVANCE, 0, b"\xff".join(x.encode() for x in [
        request(1, "fuzz.block"), request(2, "fuzz.empty"), request(3, "fuzz.echo")])),
    "half-close-while-in-flight": (AUTH | AUTOFRAME | HALFCLOSE, 0, b"\xff".join(x.encode() for x in [
        request(1, "fuzz.block"), request(2, "fuzz.empty")])),
    "idle-timeout": (AUTH | ADVANCE, 0, b""),
    "quiesce-before-hello": (QUIESCE, 0, frame(hello())),
}

directory = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "wire")
os.makedirs(directory, exist_ok=True)
for name, (flags, chunk, stream) in SEEDS.items():
    with open(os.path.join(directory, name), "wb") as file:
        file.write(bytes([flags, chunk]) + stream)
print(f"{len(SEEDS)} seeds in {directory}")
