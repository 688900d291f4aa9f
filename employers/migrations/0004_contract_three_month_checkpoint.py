"""The DEIES follow-up 3 months after a contract becomes a follow-up checkpoint (accompaniment.ExitCheckpoint).

Each contract's ``situation_after_3_months`` becomes a 3-month checkpoint of the contract's end, linked from the
contract, then the column goes. The DEIES figure (in employment or training at the end or within 3 months)
reads the same facts: "in employment" becomes "other job", "in training" "in training", "other (job seeking,
no news…)" an unknown situation of a person not reached.
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from missionlocale.dates import add_months

TO_CHECKPOINT = {
    "employment": ("other_job", True),
    "training": ("training", True),
    "other": ("unknown", False),
}
FROM_CHECKPOINT = {"same_job": "employment", "other_job": "employment", "training": "training"}


def situations_to_checkpoints(apps, schema_editor):
    InsertionContract = apps.get_model("employers", "InsertionContract")
    ExitCheckpoint = apps.get_model("accompaniment", "ExitCheckpoint")
    now = timezone.now()
    contracts = InsertionContract.objects.exclude(situation_after_3_months="").filter(
        three_month_checkpoint__isnull=True
    )
    for contract in contracts.iterator():
        situation, reached = TO_CHECKPOINT.get(contract.situation_after_3_months, ("unknown", False))
        exit_on = contract.ended_on or contract.planned_end_on
        due_on = add_months(exit_on, 3)
        noon = timezone.make_aware(datetime.datetime.combine(due_on, datetime.time(12)))
        contract.three_month_checkpoint = ExitCheckpoint.objects.create(
            job_seeker_id=contract.worker_id,
            exit_on=exit_on,
            months=3,
            due_on=due_on,
            reached=reached,
            situation=situation,
            recorded_by_id=contract.supervisor_id,
            recorded_at=min(noon, now),
        )
        contract.save(update_fields=["three_month_checkpoint"])


def checkpoints_to_situations(apps, schema_editor):
    InsertionContract = apps.get_model("employers", "InsertionContract")
    ExitCheckpoint = apps.get_model("accompaniment", "ExitCheckpoint")
    for contract in InsertionContract.objects.filter(three_month_checkpoint__isnull=False).select_related(
        "three_month_checkpoint"
    ):
        checkpoint = contract.three_month_checkpoint
        contract.situation_after_3_months = FROM_CHECKPOINT.get(checkpoint.situation, "other")
        contract.three_month_checkpoint = None
        contract.save(update_fields=["situation_after_3_months", "three_month_checkpoint"])
        ExitCheckpoint.objects.filter(pk=checkpoint.pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accompaniment", "0014_exit_checkpoints"),
        ("employers", "0003_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinsertioncontract",
            name="three_month_checkpoint",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accompaniment.exitcheckpoint",
                verbose_name="3-month checkpoint",
            ),
        ),
        migrations.AddField(
            model_name="insertioncontract",
            name="three_month_checkpoint",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="insertion_contract",
                to="accompaniment.exitcheckpoint",
                verbose_name="3-month checkpoint",
            ),
        ),
        migrations.RunPython(situations_to_checkpoints, checkpoints_to_situations, elidable=False),
        migrations.RemoveField(
            model_name="historicalinsertioncontract",
            name="situation_after_3_months",
        ),
        migrations.RemoveField(
            model_name="insertioncontract",
            name="situation_after_3_months",
        ),
    ]
