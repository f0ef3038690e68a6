#!/usr/bin/env python3
"""Side-by-side medians of jobs-bench (ours) and bullmq_bench.py (peer) JSON lines.

The last line is machine-readable:
e2e_jobs_per_s=<ours> bullmq_e2e_jobs_per_s=<theirs> redis_cpu_us_per_job=<ours> bullmq_redis_cpu_us_per_job=<theirs>
where each figure is the median over every end-to-end run at every concurrency.
"""
import json
import statistics
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def key(record):
    return (record["bench"], int(record.get("concurrency") or 0))


def group(records):
    out = {}
    for r in records:
        out.setdefault(key(r), []).append(r)
    return out


def med(rows, field):
    return statistics.median(r[field] for r in rows)


def main():
    ours, theirs = group(load(sys.argv[1])), group(load(sys.argv[2]))
    print()
    print(f"{'bench':<14}{'conc':>5}  {'ours jobs/s':>12} {'BullMQ jobs/s':>14} {'ratio':>7}   "
          f"{'ours redis us/job':>18} {'BullMQ redis us/job':>20} {'ratio':>7}")
    for k in sorted(set(ours) | set(theirs), key=lambda k: (["enqueue_bulk", "process", "e2e"].index(k[0]), k[1])):
        a, b = ours.get(k), theirs.get(k)
        rate_a = med(a, "rate") if a else float("nan")
        rate_b = med(b, "rate") if b else float("nan")
        cpu_a = med(a, "redis_cpu_us_per_item") if a else float("nan")
        cpu_b = med(b, "redis_cpu_us_per_item") if b else float("nan")
        print(f"{k[0]:<14}{k[1] or '-':>5}  {rate_a:12.0f} {rate_b:14.0f} {rate_a / rate_b:6.1f}x   "
              f"{cpu_a:18.2f} {cpu_b:20.2f} {cpu_b / cpu_a:6.1f}x less")
    e2e_a = [r for k, rows in ours.items() if k[0] == "e2e" for r in rows]
    e2e_b = [r for k, rows in theirs.items() if k[0] == "e2e" for r in rows]
    print()
    print(f"runs: ours {len(e2e_a)} e2e, BullMQ {len(e2e_b)} e2e (median over all concurrencies below)")
    print(f"e2e_jobs_per_s={med(e2e_a, 'rate'):.0f} bullmq_e2e_jobs_per_s={med(e2e_b, 'rate'):.0f} "
          f"redis_cpu_us_per_job={med(e2e_a, 'redis_cpu_us_per_item'):.2f} "
          f"bullmq_redis_cpu_us_per_job={med(e2e_b, 'redis_cpu_us_per_item'):.2f}")


if __name__ == "__main__":
    main()
