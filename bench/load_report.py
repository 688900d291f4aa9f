"""Checks a load run of bench/load.sh and writes docs/benchmarks-load.md (docs/benchmarks-load-20x.md for the
run on the 20× dataset, or the page ``--doc`` names).

Fails (exit status 1) when a request failed, when the interviews in the database differ from those the
server confirmed, or when the 95th percentile is above ``--p95-target-ms``; the page is written either way,
saying so.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = {"": ROOT / "docs" / "benchmarks-load.md", "bench20": ROOT / "docs" / "benchmarks-load-20x.md"}
ORDER = [
    "caseload",
    "file page",
    "interview form (HTMX)",
    "interview save (HTMX)",
    "dashboard",
    "caseloads (manager)",
    "login page",
    "login",
]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


LOGINS = {"login page", "login"}


def _p95(times: list[float]) -> float | None:
    return statistics.quantiles(sorted(times), n=20, method="inclusive")[-1] if len(times) > 1 else None


def _steady_row(name: str, times: list[float]) -> str:
    times = sorted(times)
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]
    return f"| {name} | {len(times)} | {median:.0f} | {p95:.0f} | {times[-1]:.0f} |"


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in (
        "--out",
        "--before",
        "--after",
        "--users",
        "--duration",
        "--workers",
        "--spawn-rate",
        "--load-average",
    ):
        parser.add_argument(name, required=True)
    parser.add_argument("--dataset", default="", help="The benchmark dataset copied (bench20), or none: the demo.")
    parser.add_argument("--doc", default="", help="The page to write under docs/ (by default, from the dataset).")
    parser.add_argument(
        "--p95-target-ms", type=float, default=None, help="Fail when the 95th percentile of every request is above."
    )
    args = parser.parse_args()
    doc = (
        ROOT / "docs" / args.doc
        if args.doc
        else DOCS.get(args.dataset, ROOT / "docs" / f"benchmarks-load-{args.dataset}.md")
    )
    factor = args.dataset.removeprefix("bench")
    data = f"a copy of the {factor}× benchmark dataset" if args.dataset else "the demo data of `seed_demo`"
    out = Path(args.out)
    rows = list(csv.DictReader((out / "locust_stats.csv").open()))
    pages = {row["Name"]: row for row in rows if row["Name"] != "Aggregated"}
    total = next(row for row in rows if row["Name"] == "Aggregated")
    logged = json.loads((out / "result.json").read_text())["interviews_logged"]
    stored = int(args.after) - int(args.before)
    failures = int(total["Failure Count"])
    errors_file = out / "locust_failures.csv"
    failure_lines = list(csv.DictReader(errors_file.open())) if errors_file.exists() else []

    ok = failures == 0 and logged == stored and int(total["Request Count"]) > 0
    result = json.loads((out / "result.json").read_text())
    steady = result.get("steady", {})
    target = ""
    if args.p95_target_ms is not None:
        # The target holds for the pages over the whole run (the first seconds included, when the staff log in
        # and each process computes its first figures), the logins themselves set apart (a password hashed on
        # purpose slowly, once a day), and for every request of the steady state after them.
        page_times = [ms for name, times in result.get("every", {}).items() if name not in LOGINS for ms in times]
        settled = [ms for times in steady.values() for ms in times]
        whole_p95, steady_p95 = _p95(page_times), _p95(settled)
        met = None not in (whole_p95, steady_p95) and max(whole_p95, steady_p95) < args.p95_target_ms
        ok = ok and met
        target = (
            f" 95th percentile of the pages over the whole run (logins apart) {whole_p95 or 0:.0f} ms, of every "
            f"request in the steady state {steady_p95 or 0:.0f} ms: "
            f"{'under' if met else 'NOT under'} the target of {args.p95_target_ms:.0f} ms."
        )
    lines = [
        f"# Load test: {args.users} staff at once" + (f", {factor}× the demo data" if args.dataset else ""),
        "",
        "Written by `bench/load.sh` (`make bench`); do not edit by hand. The scenario is `bench/locustfile.py`:",
        "counsellors (four in five) log in, browse their caseload, open files and log interviews through the",
        "HTMX form endpoint with its CSRF token; managers (one in five) watch the dashboard and balance the",
        "caseloads.",
        "Each simulated person waits 1 to 3 seconds between two actions, a much faster pace than real work.",
        "",
        f"- Run on {datetime.date.today().isoformat()}: {args.users} simultaneous staff "  # noqa: DTZ011
        f"({args.spawn_rate} new per second) for {args.duration}, Locust headless.",
        f"- Server: gunicorn with {args.workers} sync workers, production settings (DEBUG off, WhiteNoise),",
        f"  PostgreSQL 15 on the same machine, {data}; the dashboard's stored figures "
        + ("in Redis, emptied before the run." if os.environ.get("CACHE_URL") else "in each worker's memory."),
        f"- Machine: {os.cpu_count()} CPU ({cpu_model()}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average before / after the run",
        f"  {args.load_average}: other work on the machine shares its CPUs with gunicorn, PostgreSQL and Locust, so",
        "  these figures are an upper bound of the latencies on a quiet machine of this size.",
        "",
        f"**{'Passed' if ok else 'FAILED'}**: {total['Request Count']} requests, {failures} failed "
        f"({float(total['Requests/s']):.1f} requests per second); {logged} interviews confirmed by the server, "
        f"{stored} new interviews in the database ({int(args.before)} before, {int(args.after)} after)"
        f"{', none lost' if logged == stored else ': MISMATCH'}.{target}",
        "",
        "| Page | Requests | Failures | Median (ms) | 95th percentile (ms) | Max (ms) |",
        "|------|---------:|---------:|------------:|---------------------:|---------:|",
    ]
    for name in [*[n for n in ORDER if n in pages], *sorted(set(pages) - set(ORDER))]:
        row = pages[name]
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
            f"{float(row['Max Response Time']):.0f} |"
        )
    lines.append(
        f"| **all** | {total['Request Count']} | {total['Failure Count']} | {total['50%']} | {total['95%']} | "
        f"{float(total['Max Response Time']):.0f} |"
    )
    if steady:
        every = [ms for times in steady.values() for ms in times]
        lines += [
            "",
            "The table above covers the whole run, the first seconds included, when the staff log in "
            f"{args.spawn_rate} per",
            "second: each login hashes a password (PBKDF2, a few hundred milliseconds of CPU) and the two cores",
            "queue every other page behind them. The steady state, every request started after the last login",
            "ended:",
            "",
            "| Page | Requests | Median (ms) | 95th percentile (ms) | Max (ms) |",
            "|------|---------:|------------:|---------------------:|---------:|",
        ]
        for name in [*[n for n in ORDER if n in steady], *sorted(set(steady) - set(ORDER))]:
            lines.append(_steady_row(name, steady[name]))
        lines.append(_steady_row("**all**", every))
    if failure_lines:
        lines += ["", "Failures:", ""]
        lines += [f"- {f['Method']} {f['Name']}: {f['Error']} ({f['Occurrences']}×)" for f in failure_lines]
    lines += [
        "",
        "The manager's caseloads page took 12 to 19 s on a freshly seeded PostgreSQL database (before its",
        "first ANALYZE, the planner read every accompaniment once per person to find each one's latest); the",
        "`accompaniment_latest_start` index makes it one lookup per person whatever the statistics: 50 ms.",
        "",
        "Locust rounds percentiles to two significant digits above 100 ms. Figures vary from run to run by",
        "about 10 %; compare orders of magnitude, not single milliseconds.",
        "",
    ]
    doc.write_text("\n".join(lines))
    print("\n".join(lines))
    _include_in_benchmarks()
    return 0 if ok else 1


def _include_in_benchmarks() -> None:
    """docs/benchmarks.md carries the load test too: rewrite it when the page benchmarks have run here."""
    sys.path.insert(0, str(ROOT))
    from bench import report

    if any(dataset.results_path.exists() for dataset in report.DATASETS):
        report.main()


if __name__ == "__main__":
    sys.exit(main())
