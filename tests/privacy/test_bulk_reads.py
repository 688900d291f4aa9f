"""Issue 12, item 13: reading many files outside one's team in a short time is flagged to managers."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import AccessAction
from accompaniment.models import FileAccess
from accompaniment.selectors import BULK_READ_FILES, BULK_READ_WINDOW, bulk_reads
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory


def read_files(user, count, *, start, every=datetime.timedelta(seconds=10), files=None):
    files = files or [JobSeekerFactory() for _index in range(count)]
    FileAccess.objects.bulk_create(
        FileAccess(
            user=user, job_seeker=files[index % len(files)], action=AccessAction.READ_FILE, at=start + every * index
        )
        for index in range(count)
    )
    return files


def test_more_than_the_limit_in_ten_minutes_is_one_flag(db):
    start = timezone.now() - datetime.timedelta(hours=2)
    reader, careful = UserFactory(counsellor=True), UserFactory(counsellor=True)
    read_files(reader, BULK_READ_FILES + 5, start=start)
    # As many reads, spread over the day: nothing to flag.
    read_files(careful, BULK_READ_FILES + 5, start=start, every=BULK_READ_WINDOW / 10)

    flags = bulk_reads()

    assert [(flag.user, flag.files) for flag in flags] == [(reader, BULK_READ_FILES + 5)]
    assert flags[0].started_at == start


def test_the_limit_itself_and_the_same_file_read_again_are_not_flagged(db):
    start = timezone.now() - datetime.timedelta(hours=1)
    reader = UserFactory(counsellor=True)
    read_files(reader, BULK_READ_FILES, start=start)
    read_files(reader, 100, start=start + datetime.timedelta(hours=1, minutes=-30), files=[JobSeekerFactory()])

    assert bulk_reads() == []


def test_managers_see_the_flag_on_the_access_log_page(client, db):
    reader = UserFactory(counsellor=True, first_name="Bulk", last_name="Reader")
    read_files(reader, BULK_READ_FILES + 1, start=timezone.now() - datetime.timedelta(minutes=30))
    client.force_login(UserFactory(manager=True))

    page = client.get(reverse("privacy:access_log")).content.decode()

    flag = page.split('id="bulk-reads"', 1)[1].split("</div>", 1)[0]
    assert "Bulk Reader" in flag and str(BULK_READ_FILES + 1) in flag
    assert f"?staff={reader.pk}" in flag


def test_reads_inside_ones_team_are_not_logged_so_never_flagged(client, db):
    counsellor = UserFactory(counsellor=True)
    files = [AccompanimentFactory(counsellor=counsellor).job_seeker for _index in range(BULK_READ_FILES + 1)]
    client.force_login(counsellor)
    for job_seeker in files:
        client.get(reverse("accompaniment:file_detail", args=[job_seeker.pk]))

    assert bulk_reads() == []
