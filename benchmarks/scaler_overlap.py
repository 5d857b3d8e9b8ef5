#!/usr/bin/env python3
"""Overlap harness for the scaler (not a test; CI does not run it).

Runs two copies of the built Native AOT `bootstrap` (handler `scaler`, two "sandboxes") against moto_server, each behind its own
fake Lambda Runtime API, and hands them a wake and a sleep at the same moment on a sleeping backend, N times. After each pair it
checks that no restore record was lost: every service at desired 0 carries its record (worker: count 2, minimum 1).
Counts: lost records, refusals (BackendBusyException), other errors.

Usage: benchmarks/scaler_overlap.py --bootstrap artifacts/benchmarks/aot [--trials 100]
"""
import argparse, http.server, json, os, queue, socket, subprocess, sys, threading, time, uuid
import boto3

API = "/2018-06-01"


class FakeRuntimeApi(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.events, self.results = queue.Queue(), {}

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
        if parts[-1] in ("response", "error"):
            self.server.results[parts[-2]].put((parts[-1], body))
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
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--no-lease", action="store_true", help="run without LEASE_TABLE_NAME (the behaviour before the lease)")
    args = parser.parse_args()

    port = free_port()
    moto = subprocess.Popen(["moto_server", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    apis = []
    sandboxes = []
    try:
        endpoint = f"http://127.0.0.1:{port}"
        for _ in range(100):
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
        fs = efs.create_file_system(CreationToken="ch", AvailabilityZoneName="us-east-1a")["FileSystemId"]
        efs.create_mount_target(FileSystemId=fs, SubnetId=subnet)
        ecs.create_cluster(clusterName="langfuse")
        td = ecs.register_task_definition(family="lf", containerDefinitions=[{"name": "c", "image": "x", "memory": 512}])["taskDefinition"]["taskDefinitionArn"]
        net = {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "DISABLED"}}
        ecs.create_service(cluster="langfuse", serviceName="clickhouse", taskDefinition=td, desiredCount=1, networkConfiguration=net,
                           deploymentConfiguration={"maximumPercent": 100, "minimumHealthyPercent": 0})
        ecs.create_service(cluster="langfuse", serviceName="worker", taskDefinition=td, desiredCount=2, networkConfiguration=net)
        aas.register_scalable_target(ServiceNamespace="ecs", ResourceId="service/langfuse/worker", ScalableDimension="ecs:service:DesiredCount", MinCapacity=1, MaxCapacity=4)
        ddb.create_table(TableName="leases", BillingMode="PAY_PER_REQUEST", AttributeDefinitions=[{"AttributeName": "BackendKey", "AttributeType": "S"}],
                         KeySchema=[{"AttributeName": "BackendKey", "KeyType": "HASH"}])

        env = {k: v for k, v in os.environ.items() if not k.startswith(("DOTNET_", "_X_AMZN"))}
        env.update(_HANDLER="scaler", AWS_ENDPOINT_URL=endpoint, AWS_REGION="us-east-1", TZDIR=os.path.join(args.bootstrap, "zoneinfo"),
                   LANGFUSE_CLUSTER="langfuse", CLICKHOUSE_SERVICE="clickhouse", WORKER_SERVICES="worker", CLICKHOUSE_FILE_SYSTEM_ID=fs,
                   SERVICE_POLL_INTERVAL_SECONDS="0", HEALTH_POLL_INTERVAL_SECONDS="0", MAX_WAIT_PER_STAGE_SECONDS="2", EVENT_BUS_NAME="")
        if not args.no_lease:
            env["LEASE_TABLE_NAME"] = "leases"
        for _ in range(2):
            api = FakeRuntimeApi()
            threading.Thread(target=api.serve_forever, daemon=True).start()
            apis.append(api)
            sandboxes.append(subprocess.Popen([os.path.join(args.bootstrap, "bootstrap")], env={**env, "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api.server_address[1]}"},
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))

        def invoke(api, action):
            done = queue.Queue()
            api.events.put((str(uuid.uuid4()), json.dumps({"action": action, "force": True}).encode(), done))
            return done

        def outcome(done):
            kind, body = done.get(timeout=120)
            return "ok" if kind == "response" else json.loads(body).get("errorType", "error")

        def services():
            found = ecs.describe_services(cluster="langfuse", services=["clickhouse", "worker"], include=["TAGS"])["services"]
            return {s["serviceName"]: (s["desiredCount"], {t["key"]: t["value"] for t in s.get("tags", [])}) for s in found}

        lost, tally, started = 0, {}, time.perf_counter()
        outcome(invoke(apis[0], "sleep"))
        for trial in range(args.trials):
            pair = [invoke(apis[0], "wake"), invoke(apis[1], "sleep")] if trial % 2 == 0 else [invoke(apis[1], "sleep"), invoke(apis[0], "wake")]
            for result in (outcome(d) for d in pair):
                tally[result] = tally.get(result, 0) + 1
            state = services()
            worker_desired, worker_tags = state["worker"]
            ch_desired, ch_tags = state["clickhouse"]
            worker_ok = worker_desired > 0 or (worker_tags.get("langfuse-lifecycle:restore-desired-count") == "2" and worker_tags.get("langfuse-lifecycle:restore-min-capacity") == "1")
            ch_ok = ch_desired > 0 or ch_tags.get("langfuse-lifecycle:restore-desired-count") == "1"
            if not (worker_ok and ch_ok):
                lost += 1
            # Back to a sleeping backend for the next pair.
            outcome(invoke(apis[0], "sleep"))
        elapsed = time.perf_counter() - started
        print(json.dumps({"trials": args.trials, "lease": not args.no_lease, "lostRecords": lost, "outcomes": tally, "seconds": round(elapsed, 1)}))
        return 1 if lost else 0
    finally:
        for p in sandboxes + [moto]:
            p.kill()
            p.wait()


if __name__ == "__main__":
    sys.exit(main())
