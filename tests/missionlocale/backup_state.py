"""Run in a subprocess by test_backup.py, on the database of DATABASE_URL:

python -m tests.missionlocale.backup_state seed    # a small but varied set of data, and a report's PDF
python -m tests.missionlocale.backup_state state   # prints the row counts, indicators and files as JSON
"""

import datetime
import hashlib
import json
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionlocale.test_settings")
django.setup()

from django.conf import settings  # noqa: E402

from missionlocale.backups import row_counts  # noqa: E402
from reporting.annual import annual_indicators  # noqa: E402

CUTOFF = datetime.date(2025, 1, 31)


def seed() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accompaniment.enums import OutcomeKind
    from documents.services import document_upload
    from reporting.services import report_request
    from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, OutcomeFactory
    from tests.employers.factories import MatchingFactory
    from tests.missionlocale.factories import UserFactory
    from tests.workshops.factories import EnrolmentFactory

    counsellors = [UserFactory(counsellor=True) for _ in range(3)]
    for index in range(9):
        accompaniment = AccompanimentFactory(
            counsellor=counsellors[index % 3],
            started_on=datetime.date(2024, 2, 1) + datetime.timedelta(days=20 * index),
            recognised_on=datetime.date(2024, 2, 10) + datetime.timedelta(days=20 * index),
        )
        InterviewFactory(job_seeker=accompaniment.job_seeker, staff=accompaniment.counsellor)
        if index % 3 == 0:
            OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDI, occurred_on=datetime.date(2024, 11, 4))
    matching = MatchingFactory()
    EnrolmentFactory()
    document_upload(
        job_seeker=matching.job_seeker,
        upload=SimpleUploadedFile("CV.pdf", b"%PDF-1.4\n% backed up\n%%EOF\n"),
        name="CV.pdf",
        kind="cv",
        dated_on=datetime.date(2024, 3, 1),
        matching=matching,
        acting_user=counsellors[0],
    )
    report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=UserFactory(director=True))


def state() -> dict:
    media = Path(settings.MEDIA_ROOT)
    files = (
        {
            str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(media.rglob("*"))
            if path.is_file()
        }
        if media.is_dir()
        else {}
    )
    documents = Path(settings.DOCUMENTS_ROOT)
    return {
        "documents": {
            str(path.relative_to(documents)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(documents.rglob("*"))
            if path.is_file()
        },
        "counts": row_counts(),
        "indicators": json.loads(json.dumps(annual_indicators(year=2024, cutoff=CUTOFF), default=str)),
        "media": files,
    }


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed()
    else:
        print(json.dumps(state()))
