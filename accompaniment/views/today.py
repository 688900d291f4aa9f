"""The counsellor's home page: today's appointments and what is late or due on her caseload."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accompaniment import perms
from accompaniment.today import FOLLOW_UP_SILENCE_MONTHS, NEW_FILE_DAYS, month_last_day, today_blocks


@require_GET
def today(request):
    """Every row names a file of the reader's own caseload (open, or closed by her within 12 months): nothing here
    is a read outside her team, so the page writes nothing in the access log."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    day = timezone.localdate()
    return render(
        request,
        "accompaniment/today.html",
        {
            "day": day,
            "now": timezone.now(),
            "month_end": month_last_day(day),
            "blocks": today_blocks(user=request.user, today=day),
            "new_file_days": NEW_FILE_DAYS,
            "silence_months": FOLLOW_UP_SILENCE_MONTHS,
        },
    )
