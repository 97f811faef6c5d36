#!/usr/bin/env python3
"""Call Till over its wire protocol (WIRE.md) with Python's standard library only.

  TILL_CLUSTER_KEY=<key> python3 examples/checkout.py [host:port] [method]

Defaults: the first address of $TILL_ORCHESTRATOR_ADDR (else 127.0.0.1:7000), checkout.start.
"""
import hashlib, hmac, json, os, socket, struct, sys, time

def send(sock, message):  # a frame: 4-byte big-endian length, then that much UTF-8 JSON
    body = json.dumps(message).encode()
    sock.sendall(struct.pack(">I", len(body)) + body)

def receive(sock):
    def exactly(count):
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            data += chunk
        return data
    return json.loads(exactly(struct.unpack(">I", exactly(4))[0]))

address = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TILL_ORCHESTRATOR_ADDR", "127.0.0.1:7000").split(",")[0]
method = sys.argv[2] if len(sys.argv) > 2 else "checkout.start"
key = os.environ["TILL_CLUSTER_KEY"].split(",")[0].encode()  # during a rotation the first key signs
host, port = address.rsplit(":", 1)
sock = socket.create_connection((host, int(port)), timeout=30)
client, ts, nonce = "python-example", int(time.time()), os.urandom(16).hex()
mac = hmac.new(key, f"till-v1|{client}|{ts}|{nonce}".encode(), hashlib.sha256).hexdigest()
send(sock, {"type": "hello", "version": 1, "client": client, "ts": ts, "nonce": nonce, "mac": mac})
welcome = receive(sock)
if welcome.get("type") != "welcome":
    sys.exit(f"handshake refused: {welcome.get('error')}")
params = {} if method != "checkout.start" else {
    "order_id": f"ord_py_{nonce[:12]}", "currency": "USD", "card_token": "tok_visa", "billing_country": "US",
    "customer": {"id": "cus_python", "email": "ada@example.com"},
    "items": [{"sku": "sku-1", "quantity": 1}],
    "shipping_address": {"name": "Ada Lovelace", "line1": "1 Main St", "city": "Springfield", "postal_code": "12345", "country": "US"},
}
send(sock, {"id": 1, "method": method, "params": params, "deadline_ms": 30000})
response = receive(sock)
print(json.dumps(response, indent=2))
sys.exit(1 if "error" in response else 0)
