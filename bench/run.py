"""Measures the pages, the indicators and the PDF on each benchmark dataset (see bench/generate.py).

    python -m bench.run                       # every dataset, 3 rounds; then `python -m bench.report`
    python -m bench.run --dataset bench20     # one dataset only
    python -m bench.run --rounds 1 --runs 3   # quicker, noisier

Each dataset is measured in its own process, under production settings (DEBUG off, templates cached,
WhiteNoise's manifest storage), in process with Django's test client: no network, no web server, so the
figures are the application's own time (middleware, views, queries, templates). The datasets take turns,
round after round, each round in a new process: every measurement runs once cold (reported apart) and
then `--runs` times. The runs of all rounds are pooled into var/bench/results-<dataset>.json.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import BY_KEY, DATASETS, MARKER_TABLE, ROOT, VAR, Dataset, django_env, tune_database

YEAR, CUTOFF = 2024, datetime.date(2025, 1, 31)
# (key, what, login, URL, recompute): what a counsellor and the manager open, with the filters a user sets.
# "{counsellor}" in a URL is conseiller01's id. The dashboard's figures are stored between requests until their
# data changes (missionlocale/figure_cache.py): its pages are measured as served (figures stored by the first
# request) and, with recompute, with the stored figures and charts forgotten before each request, as at the
# first view after a change (an interview logged, an outcome recorded, a new day).
PAGES = (
    ("caseload", "Caseload page, a counsellor (conseiller01)", "conseiller01", "/caseload/", False),
    (
        "caseloads",
        "Caseloads page, the manager (fill of every counsellor, files to assign)",
        "coordination",
        "/caseloads/",
        False,
    ),
    ("file", "File page, conseiller01's open file with the most interviews", "conseiller01", "/files/{file}/", False),
    ("dashboard", "Dashboard as the manager lands on it (this year)", "coordination", "/reporting/dashboard/", False),
    ("dashboard_2024", "Dashboard, year 2024", "coordination", "/reporting/dashboard/?year=2024", False),
    (
        "dashboard_recomputed",
        "Dashboard, this year, figures recomputed",
        "coordination",
        "/reporting/dashboard/",
        True,
    ),
    (
        "dashboard_2024_recomputed",
        "Dashboard, year 2024, figures recomputed",
        "coordination",
        "/reporting/dashboard/?year=2024",
        True,
    ),
    # The page's three charts, each a request of its own (its <img>), drawn again as when its figures changed.
    (
        "chart_outcomes",
        "Dashboard chart: positive exits by outcome, 2024, redrawn",
        "coordination",
        "/reporting/dashboard/chart/outcomes.svg?year=2024",
        True,
    ),
    (
        "chart_months",
        "Dashboard chart: interviews per month, this year, redrawn",
        "coordination",
        "/reporting/dashboard/chart/months.svg",
        True,
    ),
    (
        "chart_fill",
        "Dashboard chart: caseload fill, redrawn",
        "coordination",
        "/reporting/dashboard/chart/fill.svg",
        True,
    ),
    (
        "dashboard_counsellor",
        "Dashboard, year 2024, one counsellor",
        "coordination",
        "/reporting/dashboard/?year=2024&counsellor={counsellor}",
        False,
    ),
    (
        "dashboard_follow_up",
        "Dashboard, year 2024: its missed appointments and durability parts (two at once)",
        "coordination",
        "/reporting/dashboard/part/follow-up/?year=2024",
        False,
    ),
    (
        "dashboard_activity",
        "Dashboard, year 2024: the other apps' panels (both parts at once)",
        "coordination",
        "/reporting/dashboard/part/activity/?year=2024",
        False,
    ),
    # The four parts the page loads, each a request of its own, their figures recomputed.
    *(
        (
            f"part_{part}_recomputed",
            f"Dashboard, year 2024: its part {part!r}, figures recomputed",
            "coordination",
            f"/reporting/dashboard/part/{part}/?year=2024",
            True,
        )
        for part in ("appointments", "durability", "modules", "employers")
    ),
    (
        "dashboard_list",
        "People accompanied in 2024 (the list behind the figure)",
        "coordination",
        "/reporting/dashboard/accompanied/?year=2024",
        False,
    ),
    # The other pages of each role's day, the lists that could grow with the data first.
    ("today", "Today, a counsellor", "conseiller01", "/today/", False),
    ("agenda", "Agenda, a counsellor's week", "conseiller01", "/agenda/", False),
    ("search", "File search by name (the busiest file's last name)", "conseiller01", "POST /files/ q={name}", False),
    ("caseload_export", "Caseload export (CSV), a counsellor", "conseiller01", "/caseload/export.csv", False),
    ("employers", "Employers list, the employer relations officer", "entreprises", "/employers/", False),
    ("offers", "Job offers, the employer relations officer", "entreprises", "/offers/", False),
    ("follow_ups", "Employers to follow up, the employer relations officer", "entreprises", "/follow-ups/", False),
    ("events", "Job Days, information sessions, concertations", "entreprises", "/events/", False),
    ("contracts", "DEIES / Article 60 contracts, the DEIES supervisor", "deies", "/deies/", False),
    ("headcount", "DEIES headcount, the DEIES supervisor", "deies", "/deies/headcount/", False),
    ("modules", "Collective modules, the manager", "coordination", "/workshops/modules/", False),
    ("sessions", "Module sessions, the manager", "coordination", "/workshops/sessions/", False),
    ("epn", "Computer room (EPN) reception, the digital coach", "coach.etic", "/workshops/epn/", False),
    ("coaching", "EPN coaching sessions, the digital coach", "coach.etic", "/workshops/epn/coaching/", False),
    ("projects", "Neighbourhood projects, the project officer", "projets", "/workshops/projects/", False),
    ("access_log", "Access log, the manager", "coordination", "/access-log/", False),
    ("reports", "Annual reports, the director", "direction", "/reporting/reports/", False),
    (
        "dashboard_export",
        "Indicators workbook (XLSX: the dashboard and every figure of the annual report), a report",
        "coordination",
        "/reporting/dashboard/export.xlsx?year=2024",
        False,
    ),
)
# Downloads that are reports rather than pages: no 20-query bound (tests/test_permission_matrix.py).
REPORTS = {"dashboard_export"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", choices=sorted(BY_KEY), action="append", help="Measure only this dataset.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds over the datasets, each in new processes (3).")
    parser.add_argument("--runs", type=int, default=5, help="Runs of each page and of the indicators per round (5).")
    parser.add_argument("--pdf-runs", type=int, default=2, help="Runs of the PDF per round (2).")
    parser.add_argument("--command-runs", type=int, default=1, help="Runs of `manage.py indicators` per round (1).")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    datasets = [BY_KEY[key] for key in args.dataset] if args.dataset else list(DATASETS)
    if args.child:
        results = measure(datasets[0], runs=args.runs, pdf_runs=args.pdf_runs, command_runs=args.command_runs)
        args.child.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
        return
    from bench.generate import is_complete

    for dataset in datasets:
        if not is_complete(dataset):
            sys.exit(f"{dataset.label}: the dataset is not built; run `python -m bench.generate` first.")
    for dataset in datasets:
        if dataset.engine == "postgresql":
            tune_database(dataset.database_name)
    manage = [sys.executable, "manage.py"]
    # Static files for the manifest storage of DEBUG off (the same for every dataset).
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=django_env(datasets[0]), check=True
    )
    # The datasets take turns, round after round: a burst of load on the (shared) machine then weighs on
    # all of them rather than on one, and the ratios between them stay fair.
    rounds = {dataset.key: [] for dataset in datasets}
    for number in range(1, args.rounds + 1):
        for dataset in datasets:
            print(f"Round {number}/{args.rounds}, {dataset.label}:", flush=True)
            # The migrations of the code under test, should it have changed since the last round.
            subprocess.run(
                [*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=django_env(dataset), check=True
            )
            path = VAR / f"round-{dataset.key}-{number}.json"
            command = [sys.executable, "-m", "bench.run", "--child", str(path), "--dataset", dataset.key]
            command += ["--runs", str(args.runs), "--pdf-runs", str(args.pdf_runs)]
            command += ["--command-runs", str(args.command_runs)]
            subprocess.run(command, cwd=ROOT, env=django_env(dataset), check=True)
            rounds[dataset.key].append(json.loads(path.read_text()))
            path.unlink()
    for dataset in datasets:
        merged = merge(rounds[dataset.key])
        dataset.results_path.write_text(json.dumps(merged, indent=2, ensure_ascii=False, default=str))
        print(f"{dataset.label}: {dataset.results_path.relative_to(ROOT)}")


def merge(rounds: list[dict]) -> dict:
    """One result from several rounds: every run's time pooled, the cold first runs apart."""
    merged = dict(rounds[-1])
    merged["started_at"], merged["rounds"] = rounds[0]["started_at"], len(rounds)
    merged["load_average"] = [r["load_average_before"] for r in rounds] + [rounds[-1]["load_average_after"]]
    merged["measurements"] = {}
    for key, last in rounds[-1]["measurements"].items():
        times = [t for r in rounds for t in r["measurements"][key]["times"]]
        firsts = [r["measurements"][key]["first_ms"] for r in rounds]
        merged["measurements"][key] = {**last, **_stats(times), "first_ms": round(statistics.median(firsts), 1)}
    return merged


def _stats(times: list[float]) -> dict:
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "runs": len(times),
        "times": [round(t, 2) for t in times],
    }


def timed(function, *, runs: int) -> dict:
    """One cold call, then `runs` calls: milliseconds."""
    started = time.perf_counter()
    function()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return {**_stats(times), "first_ms": round(first, 1)}


def measure(dataset: Dataset, *, runs: int, pdf_runs: int, command_runs: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    from accompaniment.models import JobSeeker
    from missionlocale.models import User

    results = {
        "dataset": dataset.key,
        "label": dataset.label,
        "factor": dataset.factor,
        "started_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "load_average_before": [round(load, 2) for load in os.getloadavg()],
        "database": _database_info(connection),
        "python": platform.python_version(),
        "django": django.get_version(),
        "rows": _row_counts(),
        "measurements": {},
    }
    measurements = results["measurements"]
    counsellor = User.objects.get(username="conseiller01").pk
    file = _busiest_file(counsellor)
    name = JobSeeker.objects.get(pk=file).last_name
    for key, what, login, url, recompute in PAGES:
        url = url.format(counsellor=counsellor, file=file, name=name)
        measurements[key] = {"what": what, **_measure_page(login, url, runs=runs, recompute=recompute)}
        _progress(dataset, key, measurements[key])
    measurements.update(_measure_indicators(runs=runs))
    for key in ("indicators", "indicators_sql"):
        _progress(dataset, key, measurements[key])
    measurements["indicators_command"] = _measure_command(dataset, runs=command_runs)
    _progress(dataset, "indicators_command", measurements["indicators_command"])
    measurements["pdf"] = _measure_pdf(runs=pdf_runs)
    _progress(dataset, "pdf", measurements["pdf"])
    results["load_average_after"] = [round(load, 2) for load in os.getloadavg()]
    results["finished_at"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    return results


def _busiest_file(counsellor: int) -> int:
    """The open file of this counsellor with the most interviews (the same person on every dataset)."""
    from django.db.models import Count

    from accompaniment.models import JobSeeker

    return (
        JobSeeker.objects.filter(accompaniments__status="open", accompaniments__counsellor=counsellor)
        .annotate(n=Count("interviews", distinct=True))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)[0]
    )


def _progress(dataset: Dataset, key: str, measurement: dict) -> None:
    extra = f", {measurement['queries']} queries" if "queries" in measurement else ""
    print(f"  {dataset.label} {key}: {measurement['median_ms']} ms median{extra}", flush=True)


def _database_info(connection) -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
            size = os.path.getsize(connection.settings_dict["NAME"])
        cursor.execute(f"SELECT name, value FROM {MARKER_TABLE}")
        marker = dict(cursor.fetchall())
    return {"vendor": connection.vendor, "version": version, "size_bytes": size, "seeded_on": marker.get("seeded_on")}


def _row_counts() -> dict:
    from accompaniment.enums import AccompanimentStatus
    from accompaniment.models import (
        Accompaniment,
        ActionStep,
        Barrier,
        Interview,
        JobSeeker,
        Orientation,
        Outcome,
        TeamMember,
    )
    from missionlocale.models import User

    return {
        "counsellors": User.objects.counsellors().count(),
        "job seekers": JobSeeker.objects.count(),
        "accompaniments": Accompaniment.objects.count(),
        "open accompaniments": Accompaniment.objects.filter(status=AccompanimentStatus.OPEN).count(),
        "outcomes": Outcome.objects.count(),
        "interviews": Interview.objects.count(),
        "barriers": Barrier.objects.count(),
        "action steps": ActionStep.objects.count(),
        "orientations": Orientation.objects.count(),
        "team members": TeamMember.objects.count(),
        "accompaniment history rows": Accompaniment.history.count(),
    }


def _forget_computed() -> None:
    """Forget the stored figures and the rendered charts (reporting.charts keeps the last ones in lru_caches)."""
    from missionlocale import figure_cache
    from reporting import charts

    figure_cache.clear()
    for value in vars(charts).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def _measure_page(login: str, url: str, *, runs: int, recompute: bool) -> dict:
    from django.db import connection
    from django.test import Client

    from missionlocale.models import User

    client = Client()
    client.force_login(User.objects.get(username=login))
    if url.startswith("POST "):  # a search: posted once, its results then read by GET (?s=), as a browser does
        _method, path, data = url.split(" ", 2)
        field, value = data.split("=", 1)
        response = client.post(path, {field: value})
        if response.status_code != 302:
            raise SystemExit(f"POST {path} as {login} answered {response.status_code}")
        url = response["Location"]

    def get():
        if recompute:
            _forget_computed()
        return client.get(url)

    started = time.perf_counter()
    response = get()
    first = (time.perf_counter() - started) * 1000  # the process's first request: templates, imports, charts
    if response.status_code != 200:
        raise SystemExit(f"GET {url} as {login} answered {response.status_code}")
    statements = []

    def capture(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(capture):
        response = get()
    html = response.content.decode(errors="replace")  # a download (XLSX) is not text: its size is what counts

    measurement = timed(get, runs=runs)
    measurement.update(
        first_ms=round(first, 1),
        url=url,
        login=login,
        queries=len(statements),
        slowest=[{"ms": round(ms, 2), "sql": sql} for ms, sql in sorted(statements, reverse=True)[:3]],
        bytes=len(response.content),
        # Rows of the page's main table: a caseload must stay ~150 rows whatever the size of the database.
        table_rows=html.split("<tbody", 1)[1].count("<tr") if "<tbody" in html else None,
    )
    return measurement


def _measure_indicators(*, runs: int) -> dict:
    """annual_indicators() through the ORM, then the very statements it ran, straight on a cursor."""
    from django.db import connection

    from reporting.annual import annual_indicators

    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        data = annual_indicators(year=YEAR, cutoff=CUTOFF)
    orm = timed(lambda: annual_indicators(year=YEAR, cutoff=CUTOFF), runs=runs)
    orm.update(
        what=f"annual_indicators(year={YEAR}, cutoff={CUTOFF}) in process",
        queries=len(statements),
        accompanied=data["accompaniment"]["accompanied"],
        positive_exits=data["accompaniment"]["positive_exits"],
        objective=data["accompaniment"]["objective"],
    )

    per_statement = [[] for _statement in statements]

    def run_statements():
        with connection.cursor() as cursor:
            for index, (sql, params) in enumerate(statements):
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                per_statement[index].append((time.perf_counter() - started) * 1000)

    raw = timed(run_statements, runs=runs)
    slowest = sorted(
        ((statistics.median(times[1:]), sql) for times, (sql, _params) in zip(per_statement, statements, strict=True)),
        reverse=True,
    )[:3]
    raw.update(
        what="the same SQL statements executed on a cursor",
        queries=len(statements),
        slowest=[{"median_ms": round(ms, 2), "sql": sql} for ms, sql in slowest],
    )
    return {"indicators": orm, "indicators_sql": raw}


def _measure_command(dataset: Dataset, *, runs: int) -> dict:
    """`manage.py indicators --json` end to end: interpreter start, Django set-up, queries, JSON."""
    command = [sys.executable, "manage.py", "indicators", "--year", str(YEAR), "--cutoff", CUTOFF.isoformat()]
    command.append("--json")

    def run():
        completed = subprocess.run(command, cwd=ROOT, env=django_env(dataset), capture_output=True, text=True)
        if completed.returncode:
            raise SystemExit(f"manage.py indicators failed: {completed.stderr[-2000:]}")

    measurement = timed(run, runs=runs)
    measurement["what"] = f"manage.py indicators --year {YEAR} --cutoff {CUTOFF} --json (a new process)"
    return measurement


def _measure_pdf(*, runs: int) -> dict:
    from reporting.services import report_render_pdf

    sizes = []

    def render():
        _forget_computed()  # a report is built once, from figures its charts were never drawn for
        pdf, _data = report_render_pdf(year=YEAR, cutoff=CUTOFF, language="fr")
        sizes.append(len(pdf))

    measurement = timed(render, runs=runs)
    measurement.update(what=f"report_render_pdf(year={YEAR}, cutoff={CUTOFF}, language='fr')", bytes=sizes[-1])
    return measurement


if __name__ == "__main__":
    VAR.mkdir(parents=True, exist_ok=True)
    main()
