"""Who may see a protected field of a file: the one rule every page, export and report asks.

A field is protected when its model's ``PERSONAL_DATA`` says ``Kind.PROTECTED``
(``missionlocale/personal_data.py``). Every other field shows to whoever may read the page it is on; a
protected one shows only if ``field_visible`` says so, and is masked (``masked``) otherwise. The file page,
its edit form and conflict page, the history, the timeline and the right-of-access export all ask here, so a
new page cannot show a hidden address by forgetting one of the rules below. Lists and CSV/XLSX exports show
no protected field at all (tests/privacy/test_field_policy.py checks both).

The rules, one per protected field:

- a file's NISS: in clear for the accompaniment team (rule 5); others see it masked and may unmask it, which is
  logged (``accompaniment.views.files.niss_unmask``);
- a file's street, postcode and commune: when the file hides its address (safe contact), for the counsellor of
  the open accompaniment only; otherwise for every reader of the file;
- a file's safe phone and safe email (where a safe-contact file gets its appointment reminders): the same
  readers as the address, since they lead to the person as surely;
- an interview's note: when the interview is confidential, for its author and staff of the same profession
  only (rule 4).

Staff who read no files (the administrator, the director) see no protected field anywhere. A protected field
without a rule here is shown to nobody: ``tests/privacy/test_field_policy.py`` fails on one.
"""

from django.utils.translation import gettext as _

from accompaniment import perms
from accompaniment.models import Interview, JobSeeker
from accompaniment.niss import niss_mask
from missionlocale.personal_data import Kind, classification

ADDRESS_FIELDS = ("street", "postcode", "commune")
SAFE_CHANNEL_FIELDS = ("safe_phone", "safe_email")

# (model, field) -> rule(user, instance) for each protected field.
RULES = {
    (JobSeeker, "niss"): perms.can_see_niss,
    **{(JobSeeker, name): perms.can_see_address for name in ADDRESS_FIELDS},
    **{(JobSeeker, name): perms.can_see_address for name in SAFE_CHANNEL_FIELDS},
    (Interview, "note"): perms.can_read_interview,
}


def is_protected(model, field_name: str) -> bool:
    return classification(model).get(field_name) is Kind.PROTECTED


def field_visible(*, user, instance, field_name: str) -> bool:
    """Whether ``user`` may see ``field_name`` of ``instance`` (a file, an interview…) in clear."""
    model = instance._meta.model
    if not is_protected(model, field_name):
        return True
    rule = RULES.get((model, field_name))
    return rule is not None and perms.can_read_files(user) and rule(user, instance)


def visible_protected_fields(*, user, instance) -> set[str]:
    """The protected fields of ``instance`` that ``user`` sees in clear."""
    model = instance._meta.model
    names = [name for name, kind in classification(model).items() if kind is Kind.PROTECTED]
    return {name for name in names if field_visible(user=user, instance=instance, field_name=name)}


def masked(field_name: str, value) -> str:
    """What a reader who may not see the field reads instead: the NISS's last digits, or « Hidden »."""
    if not value:
        return value
    return niss_mask(value) if field_name == "niss" else _("Hidden")


def field_released_to_person(*, instance, field_name: str, released_professions: set[str]) -> bool:
    """Whether the right-of-access export gives the person this field of their own data.

    Their NISS and address are theirs, hidden or not. A confidential note is added only when a member of its
    author's profession released that profession's notes for this request (``released_professions``): only
    they can judge whether reading it would harm the person or someone else (GDPR art. 15(4) and 23).
    """
    model = instance._meta.model
    if not is_protected(model, field_name):
        return True
    if (model, field_name) == (Interview, "note"):
        return not instance.confidential or instance.author_profession in released_professions
    return (model, field_name) in RULES
