"""Import of Actiris referral lists (CSV): check the whole file, then import everything or nothing.

The column format is documented in docs/imports.md and shown on the upload page from ``COLUMNS``.
Entry points: ``referrals_decode`` (bytes → text, or a ValidationError) and ``referrals_import``.
Log lines carry counts and ids only, never a name or a NISS.
"""

import csv
import datetime
import io
import logging
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accompaniment.enums import Gender, ReferralSource
from accompaniment.forms import counsellor_choices
from accompaniment.models import JobSeeker
from accompaniment.niss import niss_contradictions, niss_validate
from accompaniment.services import accompaniment_open, job_seeker_create, job_seeker_duplicates
from missionlocale.forms import ascii_digits, belgian_phone_clean
from missionlocale.models import User

logger = logging.getLogger(__name__)

# Brussels-Capital Region postcodes: the Mission Locale only accompanies people living there.
BRUSSELS_POSTCODES = range(1000, 1300)
# Beyond this a list is not a referral list any more; it also keeps one import within a web request.
MAX_ROWS = 5000
HEADER_LINE = 1


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: Promise
    example: str
    max_length: int | None = None


COLUMNS = [
    Column("actiris_number", True, gettext_lazy("Actiris number of the job seeker"), "1234567", 20),
    Column("last_name", True, gettext_lazy("Last name"), "Dupont", 80),
    Column("first_name", True, gettext_lazy("First name"), "Amina", 80),
    Column(
        "birth_date",
        True,
        gettext_lazy("Birth date, DD/MM/YYYY or YYYY-MM-DD"),
        "15/05/1990",
    ),
    Column("gender", False, gettext_lazy("Gender: F (woman), M (man) or X (other / not stated, the default)"), "F"),
    Column(
        "niss", False, gettext_lazy("NISS or BIS number, 11 digits, with or without dots and dash"), "90.05.15-123.91"
    ),
    Column("phone", False, gettext_lazy("Phone number (Belgian numbers may omit +32)"), "0470 12 34 56"),
    Column("email", False, gettext_lazy("Email address"), "amina.dupont@example.org", 254),
    Column("street", False, gettext_lazy("Street and number"), "Rue Haute 12", 160),
    Column("postcode", False, gettext_lazy("Postcode, in the Brussels-Capital Region (1000 to 1299)"), "1000"),
    Column("commune", False, gettext_lazy("Commune"), "Bruxelles", 60),
    Column(
        "referral_date",
        True,
        gettext_lazy("Date of the Actiris referral, DD/MM/YYYY or YYYY-MM-DD"),
        "02/09/2024",
    ),
    Column(
        "counsellor",
        False,
        gettext_lazy("Username of the counsellor who opens the accompaniment on the referral date"),
        "conseiller01",
    ),
]
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED_COLUMNS = [column.name for column in COLUMNS if column.required]

# Model fields whose errors (from a service's full_clean) belong to a column of the file.
FIELD_COLUMNS = {"actiris_referral_date": "referral_date"}


@dataclass(frozen=True)
class RowError:
    """One problem in the file: its line (1 is the header row), the column it concerns ("" if none), why."""

    line: int
    column: str
    message: str


@dataclass
class Referral:
    """One valid row of the file, with its values cleaned."""

    line: int
    actiris_number: str
    last_name: str
    first_name: str
    birth_date: datetime.date
    gender: str
    niss: str | None
    phone: str
    email: str
    street: str
    postcode: str
    commune: str
    referral_date: datetime.date
    counsellor: object | None  # a User


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    already_known: int = 0
    accompaniments_opened: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def referrals_decode(content: bytes) -> str:
    """The text of an uploaded referral list: UTF-8, with or without a byte-order mark."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("This file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”."), code="encoding"
        ) from exc
    if "\x00" in text:
        raise ValidationError(_("This file is not a CSV file."), code="binary")
    return text


def _delimiter(header_line: str) -> str:
    """Semicolon (what a French-speaking Excel writes) or comma, whichever separates the header row."""
    try:
        return csv.Sniffer().sniff(header_line, delimiters=";,").delimiter
    except csv.Error:
        return ";" if header_line.count(";") > header_line.count(",") else ","


def _parse_date(value: str) -> datetime.date:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if not match:
            raise ValidationError(_("Write the date as DD/MM/YYYY or YYYY-MM-DD."), code="date_format")
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise ValidationError(_("This date does not exist."), code="date_invalid") from exc


class _RowChecker:
    """Checks the rows one by one, remembering what the previous rows held (duplicates in the file)."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.actiris_lines: dict[str, int] = {}
        self.niss_lines: dict[str, int] = {}
        self.counsellors: dict[str, tuple[User | None, bool]] = {}

    def check(self, line: int, values: dict[str, str]) -> tuple[Referral | None, list[RowError]]:
        errors: list[RowError] = []
        cleaned: dict[str, object] = {}
        for column in COLUMNS:
            value = values.get(column.name, "").strip()
            try:
                if not value:
                    if column.required:
                        raise ValidationError(_("This column is required."), code="required")
                    cleaned[column.name] = self.empty_value(column.name)
                    continue
                if column.max_length and len(value) > column.max_length:
                    raise ValidationError(
                        _("At most %(max)s characters.") % {"max": column.max_length}, code="max_length"
                    )
                cleaned[column.name] = getattr(self, f"clean_{column.name}", lambda v, _line: v)(value, line)
            except ValidationError as exc:
                errors.extend(RowError(line, column.name, message) for message in exc.messages)
        if not errors and cleaned.get("niss"):
            # The same rule as the file form: the number must agree with the birth date and the sex given.
            contradictions = niss_contradictions(
                cleaned["niss"], birth_date=cleaned.get("birth_date"), gender=cleaned.get("gender")
            )
            errors.extend(RowError(line, "niss", message) for exc in contradictions for message in exc.messages)
        if errors:
            return None, errors
        return Referral(line=line, **cleaned), []

    @staticmethod
    def empty_value(name: str):
        return {"gender": Gender.OTHER, "niss": None, "counsellor": None}.get(name, "")

    def clean_actiris_number(self, value: str, line: int) -> str:
        key = value.casefold()
        if key in self.actiris_lines:
            raise ValidationError(
                _("This Actiris number is already on line %(line)s.") % {"line": self.actiris_lines[key]},
                code="duplicate",
            )
        self.actiris_lines[key] = line
        return value

    def clean_birth_date(self, value: str, line: int) -> datetime.date:
        day = _parse_date(value)
        if day.year < 1900 or day >= self.today:
            raise ValidationError(_("This birth date is not plausible."), code="birth_date")
        return day

    def clean_referral_date(self, value: str, line: int) -> datetime.date:
        day = _parse_date(value)
        if day > self.today:
            raise ValidationError(_("The referral date cannot be in the future."), code="future")
        return day

    def clean_gender(self, value: str, line: int) -> str:
        gender = value.upper()
        if gender not in Gender.values:
            raise ValidationError(_("Write F, M or X."), code="gender")
        return gender

    def clean_niss(self, value: str, line: int) -> str:
        digits = niss_validate(value)
        if digits in self.niss_lines:
            raise ValidationError(
                _("This NISS is already on line %(line)s.") % {"line": self.niss_lines[digits]}, code="duplicate"
            )
        self.niss_lines[digits] = line
        return digits

    def clean_phone(self, value: str, line: int) -> str:
        try:
            return belgian_phone_clean(value)
        except ValidationError as exc:
            # One message for the whole list, whether the number cannot be read or is not valid.
            raise ValidationError(_("This phone number is not valid."), code="phone") from exc

    def clean_email(self, value: str, line: int) -> str:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError(_("This email address is not valid."), code="email") from exc
        return value

    def clean_postcode(self, value: str, line: int) -> str:
        if not (ascii_digits(value) and len(value) == 4 and int(value) in BRUSSELS_POSTCODES):
            raise ValidationError(
                _("This postcode is not in the Brussels-Capital Region (1000 to 1299)."), code="postcode"
            )
        return value

    def clean_counsellor(self, value: str, line: int):
        if value not in self.counsellors:
            staff = User.objects.filter(username=value, is_active=True).first()
            # The web form's rule (counsellor_choices), not the permission to keep files: a psychologist, the
            # employer relations officer or a manager keeps files but has no caseload of referrals.
            may_have_caseload = staff is not None and counsellor_choices().filter(pk=staff.pk).exists()
            self.counsellors[value] = (staff, may_have_caseload)
        counsellor, may_have_caseload = self.counsellors[value]
        if counsellor is None:
            raise ValidationError(_("No active staff member has this username."), code="unknown_user")
        if not may_have_caseload:
            raise ValidationError(_("This staff member does not keep a caseload."), code="not_counsellor")
        return counsellor


def referrals_check(text: str, *, today: datetime.date | None = None) -> tuple[list[Referral], list[RowError]]:
    """Phase 1: read and check every row without writing anything. Returns (referrals, errors)."""
    lines = text.splitlines()
    first = next((index for index, content in enumerate(lines) if content.strip()), None)
    if first is None:
        return [], [RowError(HEADER_LINE, "", _("The file is empty: a header row is expected."))]
    if first:
        return [], [RowError(HEADER_LINE, "", _("The header row must be the first line of the file."))]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    errors: list[RowError] = []
    try:
        header = [name.strip().lstrip("\ufeff").lower() for name in next(reader)]
    except csv.Error:
        return [], [RowError(HEADER_LINE, "", _("The header row cannot be read as CSV."))]
    for name in sorted(set(header)):
        if name and name not in COLUMNS_BY_NAME:
            errors.append(RowError(HEADER_LINE, name, _("Unknown column: see the documented format.")))
        elif name and header.count(name) > 1:
            errors.append(RowError(HEADER_LINE, name, _("This column appears more than once.")))
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append(RowError(HEADER_LINE, name, _("This required column is missing.")))
    if errors:
        return [], errors

    checker = _RowChecker(today or timezone.localdate())
    referrals: list[Referral] = []
    line = HEADER_LINE
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(RowError(reader.line_num, "", _("This line cannot be read as CSV.")))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and not any(cell.strip() for cell in cells[len(header) :]):
            cells = cells[: len(header)]  # spreadsheets sometimes add empty cells at the end of a row
        if len(cells) != len(header):
            errors.append(
                RowError(
                    line,
                    "",
                    _("This row has %(found)s cells; the header row has %(expected)s.")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        if len(referrals) + 1 > MAX_ROWS:
            errors.append(
                RowError(line, "", _("A file holds at most %(max)s referrals: split the list.") % {"max": MAX_ROWS})
            )
            break
        referral, row_errors = checker.check(line, dict(zip(header, cells, strict=True)))
        errors.extend(row_errors)
        if referral is not None:
            referrals.append(referral)
    if not referrals and not errors:
        errors.append(RowError(HEADER_LINE, "", _("The file holds no referral after its header row.")))
    return referrals, errors


def _existing_file(referral: Referral) -> JobSeeker | None:
    """The file this referral is about, if there is one: same Actiris number, else NISS, else name + birth date."""
    existing = JobSeeker.objects.filter(actiris_number__iexact=referral.actiris_number).order_by("pk").first()
    if existing is None and referral.niss:
        existing = JobSeeker.objects.filter(niss=referral.niss).first()
    if existing is None:
        existing = job_seeker_duplicates(
            first_name=referral.first_name, last_name=referral.last_name, birth_date=referral.birth_date, niss=None
        ).first()
    return existing


def _import_one(referral: Referral, *, acting_user, result: ImportResult) -> None:
    job_seeker = _existing_file(referral)
    if job_seeker is None:
        job_seeker = job_seeker_create(
            acting_user=acting_user,
            actiris_number=referral.actiris_number,
            last_name=referral.last_name,
            first_name=referral.first_name,
            birth_date=referral.birth_date,
            gender=referral.gender,
            niss=referral.niss,
            phone=referral.phone,
            email=referral.email,
            street=referral.street,
            postcode=referral.postcode,
            commune=referral.commune,
            referral_source=ReferralSource.ACTIRIS,
            actiris_referral_date=referral.referral_date,
        )
        result.created += 1
        should_open = True
    else:
        result.already_known += 1
        # An existing file is left as is; only the accompaniment this referral asks for may be missing.
        accompaniments = job_seeker.accompaniments.all()
        should_open = not (
            accompaniments.open().exists() or accompaniments.filter(started_on=referral.referral_date).exists()
        )
    if referral.counsellor is not None and should_open:
        accompaniment_open(
            job_seeker=job_seeker,
            counsellor=referral.counsellor,
            started_on=referral.referral_date,
            acting_user=acting_user,
            referral_source=ReferralSource.ACTIRIS,
        )
        result.accompaniments_opened += 1


def _errors_of(line: int, exc: ValidationError) -> list[RowError]:
    if hasattr(exc, "error_dict"):
        return [
            RowError(line, FIELD_COLUMNS.get(name, name) if name != "__all__" else "", message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(line, "", message) for message in exc.messages]


def referrals_import(*, text: str, acting_user, today: datetime.date | None = None) -> ImportResult:
    """Check the whole referral list, then import all of it in one transaction, or nothing.

    Precondition: the caller checked that ``acting_user`` may manage caseloads. Messages come in the
    active language. Existing files (same Actiris number, NISS, or name and birth date) are counted
    as already known and left unchanged, so importing the same list twice adds nothing.
    """
    referrals, errors = referrals_check(text, today=today)
    result = ImportResult(rows=len(referrals), errors=errors)
    if errors:
        logger.info("Referral import by user %s refused: %s errors", acting_user.pk, len(errors))
        return result
    current = None
    try:
        with transaction.atomic():
            for current in referrals:
                _import_one(current, acting_user=acting_user, result=result)
    except ValidationError as exc:
        result.errors = _errors_of(current.line, exc)
    except IntegrityError:
        # Someone changed the same files meanwhile; nothing of this list was kept.
        result.errors = [RowError(current.line, "", _("This row conflicts with a file saved meanwhile: try again."))]
    if result.errors:
        result.created = result.already_known = result.accompaniments_opened = 0
        logger.info("Referral import by user %s rolled back at line %s", acting_user.pk, current.line)
        return result
    logger.info(
        "Referral import by user %s: %s rows, %s files created, %s already known, %s accompaniments opened",
        acting_user.pk,
        result.rows,
        result.created,
        result.already_known,
        result.accompaniments_opened,
    )
    return result
