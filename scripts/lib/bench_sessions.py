"""Helper of scripts/bench-sessions: fills one worker with paired sandbox sessions, then times a failover."""
import argparse, json, os, signal, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(port, method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return json.loads(text) if text else None


def worker(port, admin, worker_id):
    return next((w for w in call(port, "GET", "/api/admin/workers", admin) if w["id"] == worker_id), None)


def wait(condition, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    sys.exit(f"bench-sessions: timed out waiting for {what}")


def statuses(port, key):
    return call(port, "GET", "/api/sessions", key)


def fill(args):
    wait(lambda: (w := worker(args.port, args.admin, args.worker)) and w.get("memoryBytes"), 60, "the worker")
    time.sleep(2.5)
    before = worker(args.port, args.admin, args.worker)["memoryBytes"]
    account = call(args.port, "POST", "/api/admin/accounts", args.admin, {"name": "bench"})
    key = call(args.port, "POST", f"/api/admin/accounts/{account['id']}/api-keys", args.admin, {"name": "b"})["key"]
    started = time.time()
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda i: call(args.port, "POST", "/api/sessions", key, {"name": f"s{i}"})["id"],
                            range(args.sessions)))
    wait(lambda: all(s["status"] == "qr_required" for s in statuses(args.port, key)), 300, "QR codes")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: call(args.port, "POST", f"/api/admin/sessions/{i}/scan", args.admin), ids))
    wait(lambda: all(s["status"] == "connected" for s in statuses(args.port, key)), 300, "connections")
    paired_in = time.time() - started
    time.sleep(3)
    after = worker(args.port, args.admin, args.worker)
    json.dump({"key": key, "before": before, "after": after["memoryBytes"], "sessions": after["sessions"],
               "paired_in": paired_in}, open(args.out, "w"))


def failover(args):
    fill = json.load(open(args.fill))
    wait(lambda: (w := worker(args.port, args.admin, args.to)) and w["status"] == "online", 60, "the second worker")
    killed = time.time()
    os.kill(args.kill_pid, signal.SIGKILL)
    wait(lambda: all(s["status"] == "connected" and s["workerId"] == args.to for s in statuses(args.port, fill["key"])),
         300, "the failover")
    seconds = time.time() - killed
    n = fill["sessions"]
    per = (fill["after"] - fill["before"]) / max(1, n) / 1024
    print(f"\n  one worker: {n} sandbox sessions paired in {fill['paired_in']:.1f} s; resident memory "
          f"{fill['before'] / 2**20:.1f} MiB before, {fill['after'] / 2**20:.1f} MiB after ({per:.1f} KiB per session)")
    print(f"  failover: SIGKILL → all {n} sessions connected on the other worker in {seconds:.1f} s "
          f"(heartbeat 1 s, live key TTL 3 s)\n")
    print(f"sessions={n} rss_before_mb={fill['before'] / 2**20:.1f} rss_after_mb={fill['after'] / 2**20:.1f} "
          f"kib_per_session={per:.1f} failover_s={seconds:.1f}")


parser = argparse.ArgumentParser()
sub = parser.add_subparsers(dest="command", required=True)
f = sub.add_parser("fill")
f.add_argument("--port", type=int); f.add_argument("--admin"); f.add_argument("--sessions", type=int)
f.add_argument("--worker"); f.add_argument("--out")
o = sub.add_parser("failover")
o.add_argument("--port", type=int); o.add_argument("--admin"); o.add_argument("--worker"); o.add_argument("--to")
o.add_argument("--kill-pid", type=int); o.add_argument("--fill")
args = parser.parse_args()
fill(args) if args.command == "fill" else failover(args)
