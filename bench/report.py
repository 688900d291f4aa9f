"""Writes docs/benchmarks.md from the measured figures (var/bench/results-*.json), bench/findings.md and the
last load test (docs/benchmarks-load.md, which bench/load_report.py writes and then calls this again).

python -m bench.report
"""

import datetime
import importlib.metadata
import json
import os
import platform
import re
from pathlib import Path

from bench.common import DATASETS, ROOT, read_state

DOC = ROOT / "docs" / "benchmarks.md"
FINDINGS = Path(__file__).with_name("findings.md")
LOAD_DOC = ROOT / "docs" / "benchmarks-load.md"  # written by bench/load_report.py, included here
DASHBOARD_BUDGET_MS = 300
PDF_BUDGET_MS = 10_000
MAX_RATIO = 3.0
# (key, label, 1× budget in ms or None, ratio target applies): the rows of the main table, in order.
ROWS = (
    ("caseload", "Caseload page (counsellor, ~150 open accompaniments)", None, True),
    ("caseloads", "Caseloads page (manager: every counsellor's fill, files to assign)", None, True),
    ("file", "File page (conseiller01's open file with the most interviews)", None, True),
    ("dashboard", "Dashboard, as the manager lands on it (this year)", DASHBOARD_BUDGET_MS, True),
    ("dashboard_2024", "Dashboard, `?year=2024`", DASHBOARD_BUDGET_MS, True),
    ("dashboard_2024_redrawn", "Dashboard, `?year=2024`, charts redrawn", DASHBOARD_BUDGET_MS, True),
    ("dashboard_counsellor", "Dashboard, `?year=2024&counsellor=…`", DASHBOARD_BUDGET_MS, True),
    ("dashboard_follow_up", "Dashboard part: missed appointments and durability, 2024", DASHBOARD_BUDGET_MS, True),
    ("dashboard_activity", "Dashboard part: the other apps' panels, 2024", DASHBOARD_BUDGET_MS, True),
    ("dashboard_list", "People accompanied in 2024 (list page)", None, True),
    ("indicators", "`annual_indicators(year=2024, cutoff=2025-01-31)`", None, False),
    ("indicators_sql", "the same indicators, raw SQL only", None, False),
    ("indicators_command", "`manage.py indicators --year 2024 --cutoff 2025-01-31 --json`", None, False),
    ("pdf", "Annual report PDF (`report_render_pdf`, 2024, fr)", PDF_BUDGET_MS, False),
)


def main() -> None:
    results = {}
    for dataset in DATASETS:
        if dataset.results_path.exists():
            results[dataset.key] = json.loads(dataset.results_path.read_text())
    if not results:
        raise SystemExit("No results under var/bench/: run `python -m bench.run` first.")
    DOC.write_text(render(results))
    print(f"{DOC.relative_to(ROOT)} written.")


def _budget_text(value: float) -> str:
    return f"{value / 1000:g} s" if value >= 1000 else f"{value:g} ms"


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _measure(results: dict, key: str, name: str) -> dict | None:
    return results.get(key, {}).get("measurements", {}).get(name)


def _ratio(results: dict, name: str) -> float | None:
    small, large = _measure(results, "bench1", name), _measure(results, "bench20", name)
    if not small or not large or not small["median_ms"]:
        return None
    return large["median_ms"] / small["median_ms"]


def _verdict(results: dict, name: str, budget: float | None, ratio_target: bool) -> tuple[str, str, bool]:
    """(target text, result text, passed) for one row."""
    targets, verdicts, passed = [], [], True
    if budget is not None:
        targets.append(f"< {_budget_text(budget)} at 1×")
        medians = [m["median_ms"] for key in ("bench1_sqlite", "bench1") if (m := _measure(results, key, name))]
        ok = bool(medians) and max(medians) < budget
        verdicts.append("pass" if ok else "**FAIL**")
        passed &= ok
    if ratio_target:
        targets.append(f"20×/1× ≤ {MAX_RATIO:g}")
        ratio = _ratio(results, name)
        ok = ratio is not None and ratio <= MAX_RATIO
        verdicts.append("pass" if ok else "**FAIL**")
        passed &= ok
    return "; ".join(targets) or "–", "; ".join(verdicts) or "–", passed


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown"


def _memory() -> str:
    try:
        text = Path("/proc/meminfo").read_text()
    except OSError:
        return "unknown"
    match = re.search(r"^MemTotal:\s*(\d+) kB", text, re.MULTILINE)
    return f"{int(match.group(1)) / 1024 / 1024:.0f} GiB" if match else "unknown"


def _os() -> str:
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return platform.platform()
    match = re.search(r'^PRETTY_NAME="?([^"\n]+)"?$', text, re.MULTILINE)
    return match.group(1) if match else platform.platform()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _short_sql(sql: str, length: int = 220) -> str:
    sql = re.sub(r"\s+", " ", sql).replace('"', "")
    sql = re.sub(r"SELECT .{80,}? FROM", "SELECT … FROM", sql, count=1)
    return (sql[:length] + " …") if len(sql) > length else sql


def render(results: dict) -> str:
    labels = {d.key: d.label for d in DATASETS}
    # The datasets measured (`bench.run --dataset …` may measure only some of them).
    columns = [d.key for d in DATASETS if d.key in results]
    any_result = next(iter(results.values()))
    state = read_state()
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/`): do not edit by hand; the analysis at the end comes from",
        "`bench/findings.md`, and the load test (50 staff at once, median and 95th percentile per page) closes",
        "the page. Every figure is the median of the runs; the detail gives min, max and the cold first run of",
        "each process.",
        "",
        f"Measured on {any_result['started_at'][:16].replace('T', ' ')} (demo data seeded as of "
        f"{state.get('seeded_on', '?')}), {any_result.get('rounds', 1)} rounds over the datasets: "
        + ", ".join(labels[c] for c in columns)
        + ".",
        "",
        "## Results",
        "",
        "| Measurement | " + " | ".join(labels[c] for c in columns) + " | ratio 20×/1× | target | result |",
        "|---|" + "---:|" * len(columns) + "---:|---|---|",
    ]
    failures = []
    for name, label, budget, ratio_target in ROWS:
        cells = [_ms(m["median_ms"]) if (m := _measure(results, c, name)) else "–" for c in columns]
        ratio = _ratio(results, name)
        target, verdict, passed = _verdict(results, name, budget, ratio_target)
        if not passed:
            failures.append(label)
        ratio_text = f"{ratio:.1f}×" if ratio is not None else "–"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {ratio_text} | {target} | {verdict} |")
    lines += [
        "",
        f"Targets (issue 6, on a 2-core machine): the dashboard under {_budget_text(DASHBOARD_BUDGET_MS)} and",
        f"the PDF under {_budget_text(PDF_BUDGET_MS)} on the demo data (checked on both 1× databases); at 20 times",
        f"the data no page more than {MAX_RATIO:g} times slower than at 1× (PostgreSQL against PostgreSQL).",
        "",
        "**Failing: " + "; ".join(failures) + ".**" if failures else "**Every target passes.**",
        "",
        "## SQL queries per request, and what the pages show",
        "",
        "| Page | " + " | ".join(labels[c] for c in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for name, label, _budget, _ratio_target in ROWS:
        if not any("queries" in (_measure(results, c, name) or {}) for c in columns):
            continue
        cells = []
        for column in columns:
            m = _measure(results, column, name)
            if not m or "queries" not in m:
                cells.append("–")
                continue
            text = f"{m['queries']} queries"
            if m.get("table_rows") is not None:
                text += f", {m['table_rows']} rows"
            if m.get("bytes") and m.get("url"):
                text += f", {m['bytes'] // 1024} KB"
            cells.append(text)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Detail: median (min–max), cold first run, runs",
        "",
        "The ratio of the minimums is less sensitive to the load of the machine than that of the medians.",
        "",
        "| Measurement | " + " | ".join(labels[c] for c in columns) + " | ratio of minimums |",
        "|---|" + "---|" * len(columns) + "---:|",
    ]
    for name, label, _budget, _ratio_target in ROWS:
        cells = []
        for column in columns:
            m = _measure(results, column, name)
            cells.append(
                f"{_ms(m['median_ms'])} ({_ms(m['min_ms'])}–{_ms(m['max_ms'])}), first {_ms(m['first_ms'])}, "
                f"n={m['runs']}"
                if m
                else "–"
            )
        small, large = _measure(results, "bench1", name), _measure(results, "bench20", name)
        ratio = f"{large['min_ms'] / small['min_ms']:.1f}×" if small and large and small["min_ms"] else "–"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {ratio} |")
    large = results.get("bench20")
    if large:
        lines += ["", "## Slowest SQL statements at 20×", ""]
        for name, label, _budget, _ratio_target in ROWS:
            m = _measure(results, "bench20", name)
            if not m or not m.get("slowest"):
                continue
            lines.append(f"- {label}:")
            for statement in m["slowest"]:
                ms = statement.get("ms", statement.get("median_ms"))
                lines.append(f"  - {_ms(ms)}: `{_short_sql(statement['sql'])}`")
    lines += [
        "",
        "## Indicator figures (a check that the 20× copy is consistent: 20 times the 1× figures)",
        "",
        "| Figure for 2024, cut-off 2025-01-31 | " + " | ".join(labels[c] for c in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for field in ("accompanied", "positive_exits", "objective"):
        cells = [str((_measure(results, c, "indicators") or {}).get(field, "–")) for c in columns]
        lines.append(f"| {field.replace('_', ' ')} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Datasets",
        "",
        "| Rows | " + " | ".join(labels[c] for c in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for table in any_result["rows"]:
        cells = [f"{results[c]['rows'][table]:,}".replace(",", " ") if c in results else "–" for c in columns]
        lines.append(f"| {table} | " + " | ".join(cells) + " |")
    sizes = [f"{results[c]['database']['size_bytes'] / 1024 / 1024:.0f} MB" if c in results else "–" for c in columns]
    lines.append("| database size | " + " | ".join(sizes) + " |")
    built = state.get("built", {})
    lines.append(
        "| time to build | "
        + " | ".join(f"{built[c]['seconds']:.0f} s" if c in built else "–" for c in columns)
        + " |"
    )
    lines += [
        "",
        "1×: `manage.py seed_demo`. 20×: the 1× PostgreSQL database copied, then its data about people (files,",
        "accompaniments, outcomes, interviews, barriers, action plans, orientations, teams; module sessions,",
        "enrolments, attendance, EPN visits; employers, offers, Job Days, matchings, DEIES contracts; and their",
        "history: `bench.generate.copied_models`) copied 19 more times in SQL with new ids, each copy with its own",
        "12 counsellors (240 in all), so that every caseload keeps the demo size. Reference data (local projects,",
        "partners, modules, worksites) and the other staff stay at 1×.",
        "",
        "## Machine and method",
        "",
        f"- {os.cpu_count()} cores ({_cpu_model()}), {_memory()} of memory, {_os()}.",
        f"- Python {any_result['python']}, Django {any_result['django']}, WeasyPrint {_version('weasyprint')}, "
        + ", ".join(
            f"{'PostgreSQL' if r['database']['vendor'] == 'postgresql' else 'SQLite'} {r['database']['version']}"
            for r in _unique_engines(results)
        )
        + ".",
        "- Load average (1 min) before each round and at the end: "
        + "; ".join(f"{labels[k]} {_loads(r)}" for k, r in results.items())
        + ".",
        "  The machine is shared with other work (test suites, browsers): above 2 on 2 cores every figure is",
        "  inflated, the 20× ones as much as the 1× ones since the datasets take turns, round after round.",
        "- Production settings: `DEBUG=0` (cached templates, WhiteNoise's manifest storage after",
        "  `collectstatic`), a dummy `SECRET_KEY`, `ALLOWED_HOSTS=testserver,localhost`, `SECURE_SSL_REDIRECT=0`,",
        "  persistent database connections (`DATABASE_CONN_MAX_AGE=60`), PostgreSQL on the same machine.",
        "- Pages: Django's test client in the measuring process, logged in with `force_login`, one cold request",
        "  and then warm ones; the time is the whole request through every middleware (session saved on each",
        "  request), without a web server or network. The charts are drawn with matplotlib and kept in an",
        '  in-process cache: "charts redrawn" empties it before each request, as when figures have changed',
        "  (each chart's layout, which depends on its labels only, is measured once per process and kept).",
        '- Indicators: `annual_indicators()` in process; "raw SQL only" runs the very statements it sent,',
        "  captured with `connection.execute_wrapper`, on a cursor. The command runs in a new process each time",
        "  (interpreter start and Django set-up included). The PDF is rendered in process, charts redrawn.",
        "- Re-run: `make bench` (builds the datasets once, ~2 minutes, then measures, ~5 minutes);",
        "  `python -m bench.generate --fresh` rebuilds the datasets.",
        "",
    ]
    if FINDINGS.exists():
        lines += [FINDINGS.read_text().rstrip(), ""]
    if LOAD_DOC.exists():  # the load test's page, its headings one level down
        load = LOAD_DOC.read_text().rstrip()
        lines += [re.sub(r"^(#+) ", r"#\1 ", load, flags=re.MULTILINE), ""]
    lines.append(f"_Generated {datetime.date.today().isoformat()}._")  # noqa: DTZ011 - the machine's day
    return "\n".join(lines) + "\n"


def _unique_engines(results: dict) -> list[dict]:
    seen, unique = set(), []
    for result in results.values():
        key = result["database"]["vendor"]
        if key not in seen:
            seen.add(key)
            unique.append(result)
    return unique


def _loads(result: dict) -> str:
    loads = result.get("load_average") or [result.get("load_average_before"), result.get("load_average_after")]
    return ", ".join(f"{load[0]:.1f}" for load in loads if load)


if __name__ == "__main__":
    main()
