#!/usr/bin/env python3
"""Bootstrap init benchmark (not a test).

Runs the same `bootstrap` program as Native AOT (./bootstrap) and under JIT (dotnet bootstrap.dll), and the minimal
Native AOT program (the floor: an HttpClient GET to /next, nothing else), alternating, against a minimal fake Lambda
Runtime API, and measures for each run:
  init_ms   process start (just before exec) -> first GET /2018-06-01/runtime/invocation/next received by the fake API
  init_cpu  CPU time the process used by then (user + system, all its threads: /proc/<pid>/task/*/schedstat), which a
            loaded machine distorts far less than wall time
  first_ms  first event handed out -> its /response received (the `ping` handler: JSON in, JSON out; the minimal
            program answers a constant)
  peak_rss  VmHWM of the process after that first invocation (peak resident set size)
Prints one line per run and a median summary as Markdown.

Usage: bootstrap_init.py --aot <dir with bootstrap> --jit <dir with bootstrap.dll> --minimal <dir with bootstrap>
                         [--runs N] [--zoneinfo DIR] [--handler NAME]
"""
import argparse
import glob
import http.server
import json
import os
import platform
import queue
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import zipfile

API = "/2018-06-01"


class FakeRuntimeApi(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.events = queue.Queue()
        self.first_next = None
        self.first_next_at = None
        self.first_next_cpu_ms = None
        self.pid = None
        self.pid_known = threading.Event()
        self.responses = {}

    def handle_error(self, request, client_address):
        pass  # the benchmark kills each bootstrap while its next /next is pending

    def reset(self):
        self.events = queue.Queue()
        self.first_next = threading.Event()
        self.first_next_at = None
        self.first_next_cpu_ms = None
        self.pid = None
        self.pid_known = threading.Event()
        self.responses = {}

    def started(self, pid):
        self.pid = pid
        self.pid_known.set()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        if self.path != API + "/runtime/invocation/next":
            return self._answer(404, b"{}")
        if server.first_next_at is None:
            server.first_next_at = time.perf_counter()
            server.pid_known.wait(10)
            server.first_next_cpu_ms = process_cpu_ms(server.pid)
            server.first_next.set()
        request_id, payload, done = server.events.get()
        server.responses[request_id] = (time.perf_counter(), done)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int((time.time() + 60) * 1000)))
        self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-central-1:123456789012:function:bench")
        self.send_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        parts = self.path.split("/")
        if len(parts) >= 6 and parts[-1] in ("response", "error"):
            handed_out, done = self.server.responses[parts[-2]]
            done.put((parts[-1], time.perf_counter() - handed_out, body))
        self._answer(202, b'{"status":"OK"}')

    def _answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def process_cpu_ms(pid):
    """CPU time of every live thread of the process (schedstat: nanoseconds on a CPU)."""
    total = 0
    for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            with open(path) as schedstat:
                total += int(schedstat.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass  # a thread that ended meanwhile
    return total / 1e6


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("VmHWM not found")


def run_once(server, command, env):
    server.reset()
    done = queue.Queue()
    server.events.put(("bench-1", b'{"message":"bench","timeZone":"Europe/Berlin"}', done))
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server.started(process.pid)
    try:
        if not server.first_next.wait(60):
            raise RuntimeError(f"{command} never called /next")
        init_ms = (server.first_next_at - started) * 1000
        kind, first_s, body = done.get(timeout=60)
        if kind != "response":
            raise RuntimeError(f"{command} answered {kind}: {body!r}")
        result = json.loads(body)
        return init_ms, first_s * 1000, peak_rss_kib(process.pid) / 1024, server.first_next_cpu_ms, result["nativeAot"]
    finally:
        process.kill()
        process.wait()


def zipped_bytes(directory):
    """Size of the function zip as sam packages it: everything in the artifacts directory, deflated."""
    with tempfile.TemporaryFile() as scratch:
        with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for folder, _, files in os.walk(directory):
                for name in files:
                    path = os.path.join(folder, name)
                    archive.write(path, os.path.relpath(path, directory))
        return scratch.tell()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--aot", required=True)
    parser.add_argument("--jit", required=True)
    parser.add_argument("--minimal", required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--zoneinfo", default="/usr/share/zoneinfo")
    parser.add_argument("--handler", default="ping")
    args = parser.parse_args()

    load_before = os.getloadavg()
    server = FakeRuntimeApi()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOTNET_", "_X_AMZN"))}
    env.update({
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{server.server_address[1]}",
        "_HANDLER": args.handler,
        "TZDIR": args.zoneinfo,
        "AWS_LAMBDA_LOG_LEVEL": "INFO",
    })
    variants = {
        "aot": [os.path.join(args.aot, "bootstrap")],
        "jit": ["dotnet", os.path.join(args.jit, "bootstrap.dll")],
        "minimal": [os.path.join(args.minimal, "bootstrap")],
    }
    # One warm-up each so both start from a warm page cache.
    for command in variants.values():
        run_once(server, command, env)

    samples = {name: [] for name in variants}
    for run in range(args.runs):
        for name, command in variants.items():
            init_ms, first_ms, rss_mib, cpu_ms, native = run_once(server, command, env)
            assert native == (name != "jit"), f"{name} reported nativeAot={native}"
            samples[name].append((init_ms, first_ms, rss_mib, cpu_ms))
            print(f"run {run + 1:2d} {name}: init {init_ms:8.1f} ms (CPU {cpu_ms:7.1f} ms)  first invoke {first_ms:7.1f} ms  "
                  f"peak RSS {rss_mib:6.1f} MiB", flush=True)

    def median(name, index):
        return statistics.median(sample[index] for sample in samples[name])

    aot_init, jit_init = median("aot", 0), median("jit", 0)
    print()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
          f"{subprocess.run(['dotnet', '--version'], capture_output=True, text=True).stdout.strip()} SDK; runs: {args.runs} each, alternating")
    print()
    print("| variant | init median (ms) | init CPU median (ms) | first invoke median (ms) | peak RSS median (MiB) |")
    print("|---|---:|---:|---:|---:|")
    sizes = {"aot": os.path.getsize(variants["aot"][0]), "minimal": os.path.getsize(variants["minimal"][0])}
    for name, label in (("aot", "Native AOT `bootstrap`"), ("jit", "JIT `dotnet bootstrap.dll`"),
                        ("minimal", "minimal Native AOT program (floor)")):
        size = f" ({sizes[name] / 1e6:.1f} MB)" if name in sizes else ""
        print(f"| {label}{size} | {median(name, 0):.1f} | {median(name, 3):.1f} | {median(name, 1):.1f} | {median(name, 2):.1f} |")
    print()
    floor_init = median("minimal", 0)
    print(f"Function zip (bootstrap + zoneinfo, deflate -9): {zipped_bytes(args.aot) / 1e6:.2f} MB (target <= 4 MB)")
    print(f"Init ratio JIT/AOT: {jit_init / aot_init:.1f}x (target >= 10x)")
    print(f"Init AOT/minimal: {aot_init / floor_init:.2f}x (target <= 1.3x); in CPU time {median('aot', 3) / median('minimal', 3):.2f}x")
    print(f"Bootstrap: {sizes['aot'] / 1e6:.2f} MB (target <= 8 MB)")
    print("Load average (1/5/15 min) at the start of the runs: " + " ".join(f"{l:.2f}" for l in load_before)
          + "; at the end: " + " ".join(f"{l:.2f}" for l in os.getloadavg()))
    server.shutdown()


if __name__ == "__main__":
    main()
