"""Load scenario: 50 staff at once on the seeded demo data (run by bench/load.sh, headless, 60 seconds).

Counsellors (four in five) log in, browse their caseload, open files and log interviews through the real
HTMX form endpoint, with the CSRF token as the page's ``hx-headers`` sends it. Managers watch the dashboard
and balance the caseloads.
Every interview the server confirms is counted; at the end the count is written to ``$LOAD_RESULT`` (JSON) so
that load.sh can check that the database holds exactly that many new rows.
"""

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "MissionLocale-demo")
# On a benchmark dataset of N times the demo (LOAD_COUNSELLOR_COPIES=N), every copy's counsellors log in too:
# conseiller01, conseiller01.01 … conseiller12.19, taken in turn across the copies.
_COPIES = int(os.environ.get("LOAD_COUNSELLOR_COPIES") or 1)
COUNSELLORS = itertools.cycle(
    [
        f"conseiller{number:02d}" + (f".{copy:02d}" if copy else "")
        for copy in range(_COPIES)
        for number in range(1, 13)
    ][:: max(1, _COPIES // 4)]
)
FILE_LINK = re.compile(r'href="/files/(\d+)/"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOPICS = ["CV", "Recherche d’emploi", "Formation", "Logement", "Mobilité", "Entretien d’embauche"]

interviews_logged = 0
# (end time, page, milliseconds) of every request, and when the last login ended: the report gives the
# steady state apart from the first seconds, when 50 logins at once each hash a password.
samples: list[tuple[float, str, float]] = []
last_login_ended = 0.0


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF_INPUT.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="login",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused for {self.username} (status {response.status_code})")

    def htmx_headers(self) -> dict:
        return {"HX-Request": "true", "X-CSRFToken": self.client.cookies.get("csrftoken", "")}


class Counsellor(Staff):
    weight = 4

    def on_start(self):
        self.username = next(COUNSELLORS)
        super().on_start()
        self.files = []
        self.caseload()

    @task(3)
    def caseload(self):
        response = self.client.get("/caseload/", name="caseload")
        self.files = sorted(set(FILE_LINK.findall(response.text))) or self.files

    @task(4)
    def file_page(self):
        if self.files:
            self.client.get(f"/files/{random.choice(self.files)}/", name="file page")

    @task(2)
    def log_interview(self):
        global interviews_logged
        if not self.files:
            return
        file_id = random.choice(self.files)
        url = f"/files/{file_id}/interviews/new/"
        form = self.client.get(f"{url}?from=caseload", headers=self.htmx_headers(), name="interview form (HTMX)")
        staff = re.search(r'<option value="(\d+)" selected', form.text)
        data = {
            "from": "caseload",
            "occurred_on": re.search(r'name="occurred_on" value="([\d-]+)"', form.text).group(1),
            "kind": random.choice(["individual", "phone", "video"]),
            "duration_minutes": random.choice([30, 45, 60]),
            "staff": staff.group(1) if staff else "",
            "topics": random.choice(TOPICS),
            "note": "Point sur les démarches de la semaine.",
        }
        with self.client.post(
            url, data, headers=self.htmx_headers(), name="interview save (HTMX)", catch_response=True
        ) as response:
            if response.status_code == 200 and "alert-success" in response.text:
                interviews_logged += 1
            else:
                response.failure(f"interview not saved (status {response.status_code})")


class Manager(Staff):
    """On the dashboard, and balancing the caseloads."""

    weight = 1
    username = "coordination"

    @task(3)
    def dashboard(self):
        self.client.get("/reporting/dashboard/", name="dashboard")
        # The charts and the four parts the page loads at once in requests of their own, as the browser does.
        for chart in ("outcomes", "months", "fill"):
            self.client.get(f"/reporting/dashboard/chart/{chart}.svg", name=f"dashboard chart {chart}")
        for part in ("appointments", "durability", "modules", "employers"):
            url = f"/reporting/dashboard/part/{part}/"
            self.client.get(url, headers={"HX-Request": "true"}, name=f"dashboard {part}")

    @task(1)
    def caseloads(self):
        self.client.get("/caseloads/", name="caseloads (manager)")


@events.request.add_listener
def record(request_type, name, response_time, response_length, exception=None, **kwargs):
    global last_login_ended
    now = time.monotonic()
    samples.append((now, name, response_time))
    if name == "login":
        last_login_ended = now


@events.quitting.add_listener
def write_result(environment, **kwargs):
    path = os.environ.get("LOAD_RESULT")
    if path:
        steady: dict[str, list[float]] = {}
        every: dict[str, list[float]] = {}
        for ended, name, milliseconds in samples:
            every.setdefault(name, []).append(milliseconds)
            if ended - milliseconds / 1000 > last_login_ended:  # started after the last login ended
                steady.setdefault(name, []).append(milliseconds)
        with open(path, "w") as result:
            json.dump({"interviews_logged": interviews_logged, "steady": steady, "every": every}, result)
