"""Write helpers shared by every app's services."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

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
