#!/usr/bin/env python3
"""Overlap harness for the scaler (not a test; CI does not run it).

Runs two copies of the built Native AOT `bootstrap` (handler `scaler`, two "sandboxes") against moto_server, each behind its own
fake Lambda Runtime API, and starts two actions within a second of each other (the second one after a random delay of 0 to
--max-delay s, default 1), N times for each pair type:

  wake+sleep   on a sleeping backend (the case that lost restore records before the lease)
  sleep+wake   on an awake backend
  wake+wake    on a sleeping backend
  sleep+sleep  on an awake backend

After each pair it checks that no restore record was lost: every service at desired 0 carries its record (ClickHouse: count 1;
worker: count 2, minimum 1). Then a plain wake must bring the backend back to ClickHouse 1, worker 2 and the worker's scalable
target to minimum 1 / maximum 4 (what the issue saw instead: worker 1, minimum 0). A trial failing either check counts as lost;
the harness then puts the backend back by hand so the next trial starts clean.
Counts per pair type: lost records, outcomes (ok, BackendBusyException, other errors), and how many pairs really overlapped in
time (the second started before the first had answered).

Usage: benchmarks/scaler_overlap.py --bootstrap <dir with bootstrap and zoneinfo> [--trials 100] [--pairs wake+sleep,...]
       [--max-delay SECONDS] [--no-lease] [--log-dir DIR]
Build the bootstrap first, e.g.
  ARTIFACTS_DIR=$PWD/artifacts/bench/aot BUILD_ROOT=$PWD/artifacts/bench/build make -C src/LangfuseLifecycle.Functions build-ScalerFunction
"""
import argparse, http.server, json, os, queue, random, socket, subprocess, sys, threading, time, uuid
import boto3

PAIRS = {
    # name: (state before the pair, first action, second action)
    "wake+sleep": ("asleep", "wake", "sleep"),
    "sleep+wake": ("awake", "sleep", "wake"),
    "wake+wake": ("asleep", "wake", "wake"),
    "sleep+sleep": ("awake", "sleep", "sleep"),
}
RESTORE_COUNT = "langfuse-lifecycle:restore-desired-count"
RESTORE_MIN = "langfuse-lifecycle:restore-min-capacity"
WORKER_TARGET = "service/langfuse/worker"
DIMENSION = "ecs:service:DesiredCount"


class FakeRuntimeApi(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.events, self.results, self.init_error = queue.Queue(), {}, None

    def handle_error(self, request, client_address):
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        request_id, payload, done = self.server.events.get()
        self.server.results[request_id] = done
        self.send_response(200)
        for k, v in (("Content-Type", "application/json"), ("Lambda-Runtime-Aws-Request-Id", request_id),
                     ("Lambda-Runtime-Deadline-Ms", str(int((time.time() + 120) * 1000))),
                     ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench-scaler"),
                     ("Content-Length", str(len(payload)))):
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = self.path.split("/")
        if parts[-2:] == ["init", "error"]:
            self.server.init_error = body.decode(errors="replace")
        elif parts[-1] in ("response", "error"):
            self.server.results[parts[-2]].put((parts[-1], body, time.perf_counter()))
        self.send_response(202)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--trials", type=int, default=100, help="trials per pair type")
    parser.add_argument("--pairs", default=",".join(PAIRS), help="comma-separated pair types: " + ", ".join(PAIRS))
    parser.add_argument("--no-lease", action="store_true", help="run without LEASE_TABLE_NAME (the behaviour before the lease)")
    parser.add_argument("--log-dir", help="write moto's and the sandboxes' output there (default: discarded)")
    parser.add_argument("--max-delay", type=float, default=1.0, help="the second action starts 0 to this many seconds after the first (default 1)")
    parser.add_argument("--max-wait", type=int, default=30, help="MAX_WAIT_PER_STAGE_SECONDS of the sandboxes (default 30: moto on a loaded machine)")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    pair_names = [p.strip() for p in args.pairs.split(",") if p.strip()]
    unknown = [p for p in pair_names if p not in PAIRS]
    if unknown:
        parser.error(f"unknown pair type(s) {unknown}; known: {', '.join(PAIRS)}")
    rng = random.Random(args.seed)

    def sink(name):
        if not args.log_dir:
            return subprocess.DEVNULL
        os.makedirs(args.log_dir, exist_ok=True)
        return open(os.path.join(args.log_dir, name), "w")

    port = free_port()
    moto = subprocess.Popen(["moto_server", "-p", str(port)], stdout=sink("moto.log"), stderr=subprocess.STDOUT)
    apis = []
    sandboxes = []
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")
        c = lambda name: boto3.client(name, endpoint_url=endpoint)
        ec2, ecs, efs, aas, ddb = c("ec2"), c("ecs"), c("efs"), c("application-autoscaling"), c("dynamodb")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
        # moto's CreateService reads awsvpcConfiguration["securityGroups"] unconditionally (KeyError -> HTTP 500 without it).
        security_group = ec2.create_security_group(GroupName="langfuse", Description="langfuse", VpcId=vpc)["GroupId"]
        fs = efs.create_file_system(CreationToken="ch", AvailabilityZoneName="us-east-1a")["FileSystemId"]
        efs.create_mount_target(FileSystemId=fs, SubnetId=subnet)
        ecs.create_cluster(clusterName="langfuse")
        td = ecs.register_task_definition(family="lf", containerDefinitions=[{"name": "c", "image": "x", "memory": 512}])["taskDefinition"]["taskDefinitionArn"]
        net = {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [security_group], "assignPublicIp": "DISABLED"}}
        ecs.create_service(cluster="langfuse", serviceName="clickhouse", taskDefinition=td, desiredCount=1, networkConfiguration=net,
                           deploymentConfiguration={"maximumPercent": 100, "minimumHealthyPercent": 0})
        ecs.create_service(cluster="langfuse", serviceName="worker", taskDefinition=td, desiredCount=2, networkConfiguration=net)
        aas.register_scalable_target(ServiceNamespace="ecs", ResourceId=WORKER_TARGET, ScalableDimension=DIMENSION, MinCapacity=1, MaxCapacity=4)
        ddb.create_table(TableName="leases", BillingMode="PAY_PER_REQUEST", AttributeDefinitions=[{"AttributeName": "BackendKey", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "BackendKey", "KeyType": "HASH"}])

        env = {k: v for k, v in os.environ.items() if not k.startswith(("DOTNET_", "_X_AMZN"))}
        env.update(_HANDLER="scaler", AWS_ENDPOINT_URL=endpoint, AWS_REGION="us-east-1", TZDIR=os.path.join(args.bootstrap, "zoneinfo"),
                   LANGFUSE_CLUSTER="langfuse", CLICKHOUSE_SERVICE="clickhouse", WORKER_SERVICES="worker", CLICKHOUSE_FILE_SYSTEM_ID=fs,
                   SERVICE_POLL_INTERVAL_SECONDS="0.05", HEALTH_POLL_INTERVAL_SECONDS="0.05", MAX_WAIT_PER_STAGE_SECONDS=str(args.max_wait), EVENT_BUS_NAME="")
        if not args.no_lease:
            env["LEASE_TABLE_NAME"] = "leases"
        for index in range(2):
            api = FakeRuntimeApi()
            threading.Thread(target=api.serve_forever, daemon=True).start()
            apis.append(api)
            sandboxes.append(subprocess.Popen([os.path.join(args.bootstrap, "bootstrap")], env={**env, "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api.server_address[1]}"},
                                              stdout=sink(f"sandbox-{index}.log"), stderr=subprocess.STDOUT))

        def invoke(api, action):
            done = queue.Queue()
            started = time.perf_counter()
            api.events.put((str(uuid.uuid4()), json.dumps({"action": action, "force": True}).encode(), done))
            return done, started

        def outcome(call):
            done, started = call
            deadline = time.perf_counter() + 300
            while True:
                try:
                    kind, body, finished = done.get(timeout=1)
                    break
                except queue.Empty:
                    dead = [f"sandbox {i} exited ({p.returncode}): {apis[i].init_error or 'see --log-dir'}" for i, p in enumerate(sandboxes) if p.poll() is not None]
                    if dead or time.perf_counter() > deadline:
                        raise RuntimeError("; ".join(dead) or "no answer within 300 s")
            return ("ok" if kind == "response" else json.loads(body).get("errorType", "error")), started, finished

        def services():
            found = ecs.describe_services(cluster="langfuse", services=["clickhouse", "worker"], include=["TAGS"])["services"]
            return {s["serviceName"]: (s["desiredCount"], {t["key"]: t["value"] for t in s.get("tags", [])}) for s in found}

        def worker_range():
            target = aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=[WORKER_TARGET], ScalableDimension=DIMENSION)["ScalableTargets"][0]
            return target["MinCapacity"], target["MaxCapacity"]

        def records_kept():
            state = services()
            worker_desired, worker_tags = state["worker"]
            ch_desired, ch_tags = state["clickhouse"]
            worker_ok = worker_desired > 0 or (worker_tags.get(RESTORE_COUNT) == "2" and worker_tags.get(RESTORE_MIN) == "1")
            ch_ok = ch_desired > 0 or ch_tags.get(RESTORE_COUNT) == "1"
            return worker_ok and ch_ok, state

        def awake_as_configured():
            state = services()
            return state["clickhouse"][0] == 1 and state["worker"][0] == 2 and worker_range() == (1, 4), state

        def repair():
            # Put the backend back as configured (awake, records cleared) so a lost record does not spill into the next trial.
            for name, count in (("clickhouse", 1), ("worker", 2)):
                arn = ecs.describe_services(cluster="langfuse", services=[name])["services"][0]["serviceArn"]
                ecs.untag_resource(resourceArn=arn, tagKeys=[k for k in services()[name][1] if k.startswith("langfuse-lifecycle:")] or ["none"])
                ecs.update_service(cluster="langfuse", service=name, desiredCount=count)
            aas.register_scalable_target(ServiceNamespace="ecs", ResourceId=WORKER_TARGET, ScalableDimension=DIMENSION, MinCapacity=1, MaxCapacity=4)

        # A service moto has just created reports 0 running tasks until an UpdateService: one sleep first, so every later wake
        # finds services that become steady.
        primed = outcome(invoke(apis[0], "sleep"))[0]
        if primed != "ok":
            raise RuntimeError(f"the first sleep failed: {primed}")
        results, failures = {}, []
        started_all = time.perf_counter()
        for name in pair_names:
            before, first_action, second_action = PAIRS[name]
            lost, overlapped, tally, started = 0, 0, {}, time.perf_counter()
            for trial in range(args.trials):
                for _ in range(3):
                    setup = outcome(invoke(apis[0], "sleep" if before == "asleep" else "wake"))[0]
                    if setup == "ok":
                        break
                if setup != "ok":
                    raise RuntimeError(f"{name} trial {trial}: setting up '{before}' failed: {setup}")
                # Alternate which sandbox starts first; the second starts 0 to --max-delay s later.
                first_api, second_api = (apis[0], apis[1]) if trial % 2 == 0 else (apis[1], apis[0])
                first = invoke(first_api, first_action)
                time.sleep(rng.random() * args.max_delay)
                second = invoke(second_api, second_action)
                (first_result, _, first_finished), (second_result, second_started, _) = outcome(first), outcome(second)
                if second_started < first_finished:
                    overlapped += 1
                for result in (first_result, second_result):
                    tally[result] = tally.get(result, 0) + 1
                kept, after_pair = records_kept()
                woke = outcome(invoke(apis[0], "wake"))[0]
                restored, after_wake = awake_as_configured()
                if not (kept and restored and woke == "ok"):
                    lost += 1
                    failures.append({"pair": name, "trial": trial, "results": [first_result, second_result], "afterPair": after_pair,
                                     "wake": woke, "afterWake": after_wake, "workerRange": worker_range()})
                    repair()
            results[name] = {"trials": args.trials, "lostRecords": lost, "overlapped": overlapped, "outcomes": tally,
                             "seconds": round(time.perf_counter() - started, 1)}
            print(json.dumps({name: results[name]}), flush=True)
        print(json.dumps({"lease": not args.no_lease, "maxDelaySeconds": args.max_delay, "pairs": results, "lostRecords": sum(r["lostRecords"] for r in results.values()),
                          "trials": args.trials * len(pair_names), "seconds": round(time.perf_counter() - started_all, 1)}))
        for failure in failures[:5]:
            print(json.dumps(failure, default=str), file=sys.stderr)
        return 1 if failures else 0
    finally:
        for p in sandboxes + [moto]:
            p.kill()
            p.wait()


if __name__ == "__main__":
    sys.exit(main())
