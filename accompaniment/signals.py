"""Derived fields kept up to date whatever writes the rows (services, forms, imports, the admin, factories)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accompaniment.models import (
    Accompaniment,
    JobSeeker,
    Outcome,
    accompaniments_first_positive_refresh,
    job_seekers_awaiting_refresh,
)


@receiver(post_save, sender=Accompaniment, dispatch_uid="accompaniment_awaiting_on_save")
@receiver(post_delete, sender=Accompaniment, dispatch_uid="accompaniment_awaiting_on_delete")
def _accompaniment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        job_seekers_awaiting_refresh([instance.job_seeker_id])


@receiver(post_save, sender=Accompaniment, dispatch_uid="accompaniment_first_positive_on_save")
def _accompaniment_saved(sender, instance, raw=False, **kwargs):
    # Its start may have moved: an outcome dated before it no longer counts, or counts again.
    if not raw:
        accompaniments_first_positive_refresh([instance.pk])


@receiver(post_save, sender=Outcome, dispatch_uid="outcome_first_positive_on_save")
@receiver(post_delete, sender=Outcome, dispatch_uid="outcome_first_positive_on_delete")
def _outcome_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        accompaniments_first_positive_refresh([instance.accompaniment_id])


@receiver(post_save, sender=JobSeeker, dispatch_uid="job_seeker_awaiting_on_save")
def _job_seeker_saved(sender, instance, raw=False, **kwargs):
    # The referral date may have changed, and an instance read before an accompaniment opened holds a stale flag.
    if not raw:
        job_seekers_awaiting_refresh([instance.pk])
