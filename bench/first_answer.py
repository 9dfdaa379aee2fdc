#!/usr/bin/env python3
"""Start-up to the first right answer, for bench/startup.sh.

    first_answer.py PORT NAME ADDRESS -- COMMAND...

Starts COMMAND, asks 127.0.0.1:PORT for NAME (type A) over UDP every 2 ms until an answer holds
ADDRESS, prints the milliseconds from the start to that answer, and stops COMMAND. One process
asking in a loop costs the machine almost nothing; a `dig` every few milliseconds (the first way
this was measured) took a good part of a core from the process being timed.
"""
import socket
import struct
import subprocess
import sys
import time


def query(name):
    labels = b"".join(bytes([len(p)]) + p.encode("ascii") for p in name.split("."))
    return struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + labels + b"\0" + struct.pack(">HH", 1, 1)


def main():
    port, name, address = int(sys.argv[1]), sys.argv[2], socket.inet_aton(sys.argv[3])
    command = sys.argv[sys.argv.index("--") + 1:]
    packet = query(name)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(0.002)
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if process.poll() is not None:
                sys.exit(f"{command[0]} exited with {process.returncode} before answering")
            sock.sendto(packet, ("127.0.0.1", port))
            try:
                reply = sock.recv(1500)
            except (socket.timeout, ConnectionRefusedError):
                time.sleep(0.002)
                continue
            # an answer for our name holds the address's four bytes right after its RDLENGTH of 4
            if reply[3] & 0x0F == 0 and b"\x00\x04" + address in reply:
                print(round((time.monotonic() - start) * 1000))
                return
            time.sleep(0.002)
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
