#!/usr/bin/env python3
"""Send QMP commands to a QEMU monitor socket, one per argument, in order.

  qmp.py SOCKET 'device_add virtio-rng-pci,bus=dp2,id=hp1' 'device_del hp1'

"device_add ARGS" takes -device syntax (driver first, then key=value);
"device_del ID" removes a device. Exit 1 with QEMU's message if a command
fails.
"""
import json
import socket
import sys


def command(line):
    verb, _, rest = line.partition(" ")
    if verb == "device_add":
        driver, *props = rest.split(",")
        args = {"driver": driver}
        for p in props:
            key, _, value = p.partition("=")
            args[key] = value
        return {"execute": "device_add", "arguments": args}
    if verb == "device_del":
        return {"execute": "device_del", "arguments": {"id": rest}}
    sys.exit(f"qmp.py: unknown command {line!r}")


def main():
    sock = socket.socket(socket.AF_UNIX)
    sock.settimeout(60)
    sock.connect(sys.argv[1])
    stream = sock.makefile("rw")

    def call(msg):
        stream.write(json.dumps(msg) + "\n")
        stream.flush()
        while True:  # events may come before the answer
            reply = json.loads(stream.readline())
            if "return" in reply:
                return
            if "error" in reply:
                sys.exit(f"qmp.py: {msg}: {reply['error'].get('desc')}")

    json.loads(stream.readline())  # greeting
    call({"execute": "qmp_capabilities"})
    for line in sys.argv[2:]:
        call(command(line))


if __name__ == "__main__":
    main()
