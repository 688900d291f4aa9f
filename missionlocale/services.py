"""Write helpers shared by every app's services."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

ModelT = TypeVar("ModelT", bound=models.Model)


def instance_save(
    *,
    instance: ModelT,
    acting_user,
    fields: Mapping[str, Any] | None = None,
    reason: str = "",
    validate: bool = True,
) -> ModelT:
    """Assign ``fields``, validate the whole row, and save it with ``acting_user`` as the author of its history record.

    Every service saves through here so that no change is recorded without its author (django-simple-history
    otherwise falls back to the request's user, and to nobody in a task or a command). ``reason`` is kept as the
    history record's change reason. ``validate=False`` is for a change of one already checked value (a date from a
    valid form, a status from the enum) where ``full_clean`` would only re-read related rows. Run it inside the
    service's transaction.
    """
    for name, value in (fields or {}).items():
        setattr(instance, name, value)
    if validate:
        instance.full_clean()
    instance._history_user = acting_user
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


# The refusal of a save from an older version. The file form has its own words ("this file"); every other
# form says the same with "this record".
STALE_MESSAGE = _(
    "Someone else saved this record while you were editing it: nothing was saved. "
    "Their changes are shown on the page; check them, then save again."
)


def instance_save_versioned(
    *,
    instance: ModelT,
    acting_user,
    expected_version: int | None = None,
    fields: Mapping[str, Any] | None = None,
    reason: str = "",
    validate: bool = True,
    stale_message: str | None = None,
) -> ModelT:
    """``instance_save`` for a ``VersionedModel``, unless someone else saved the row since it was loaded.

    ``expected_version`` is the version the editor's form was loaded with (by default, the instance's). The
    version is bumped by one ``UPDATE ... WHERE version = n``, which takes the row lock until commit: of two
    simultaneous saves from the same version, the second waits, then finds no row to update and is refused
    with a ValidationError of code "stale"; nothing is written. A new row (no primary key yet) is simply saved.
    Run it inside the service's transaction: a ValidationError raised later rolls the version back with it.
    """
    if instance.pk is None:
        return instance_save(
            instance=instance, acting_user=acting_user, fields=fields, reason=reason, validate=validate
        )
    expected = instance.version if expected_version is None else expected_version
    if not type(instance)._base_manager.filter(pk=instance.pk, version=expected).update(version=F("version") + 1):
        raise ValidationError(stale_message or STALE_MESSAGE, code="stale")
    return instance_save(
        instance=instance,
        acting_user=acting_user,
        fields={**(fields or {}), "version": expected + 1},
        reason=reason,
        validate=validate,
    )
