"""The employers app's rows of the bad-input tests (tests/test_bad_input.py)."""

import datetime

from accompaniment import forms as accompaniment_forms
from accompaniment.models import Partner
from employers import forms as employer_forms
from employers.models import CertificationKind, Worksite
from tests.bad_input import A, E, Target, _iso, _url, form_fields, version_of


def _contract_base(o):
    return {
        "worker": o["employers"]["file"].pk,
        "measure": "article_60",
        "worksite": Worksite.objects.filter(is_active=True).first().pk,
        "job_title": "Ouvrier",
        "started_on": _iso(-30),
        "planned_end_on": _iso(300),
        "fte": "1.00",
    }


TARGETS = {
    # Employers
    "employers:employer_list": Target(
        None, ["q", "size", "section"], _url("employers:employer_list"), accepts_base=False
    ),
    "employers:employer_create": Target(
        employer_forms.EmployerForm,
        form_fields(employer_forms.EmployerForm),
        _url("employers:employer_create"),
        base=lambda o: {"name": "Boulangerie du Sablon", "size_band": "tpe", "postcode": "1000"},
    ),
    "employers:employer_edit": Target(
        employer_forms.EmployerForm,
        form_fields(employer_forms.EmployerForm, "version"),
        _url("employers:employer_edit", E, "employer"),
        base=lambda o: {
            "name": "Boulangerie du Sablon",
            "size_band": "small",
            "version": version_of(o[E]["employer"]),
        },
    ),
    "employers:contact_create": Target(
        employer_forms.EmployerContactForm,
        form_fields(employer_forms.EmployerContactForm),
        _url("employers:contact_create", E, "employer"),
        base=lambda o: {"name": "Mme Janssens", "language": "nl", "phone": "02 279 22 11"},
    ),
    "employers:prospection_create": Target(
        employer_forms.ProspectionForm,
        form_fields(employer_forms.ProspectionForm),
        _url("employers:prospection_create", E, "employer"),
        base=lambda o: {"kind": "phone", "contacted_on": _iso(), "subject": "Offres de printemps"},
    ),
    "employers:follow_up_done": Target(None, ["next"], _url("employers:follow_up_done", E, "prospection")),
    "employers:offer_create": Target(
        employer_forms.JobOfferForm,
        form_fields(employer_forms.JobOfferForm),
        _url("employers:offer_create"),
        base=lambda o: {
            "employer": o[E]["employer"].pk,
            "title": "Vendeur",
            "contract_type": "cdd",
            "posts": "2",
            "opened_on": _iso(),
            "source": "prospection",
            "hours_per_week": "38",
        },
    ),
    "employers:offer_edit": Target(
        employer_forms.JobOfferForm,
        form_fields(employer_forms.JobOfferForm, "version"),
        _url("employers:offer_edit", E, "offer"),
        base=lambda o: {
            "version": version_of(o[E]["offer"]),
            "employer": o[E]["employer"].pk,
            "title": "Vendeuse",
            "contract_type": "cdi",
            "posts": "1",
            "opened_on": _iso(-10),
            "source": "actiris",
        },
    ),
    "employers:offer_propose": Target(
        employer_forms.MatchingProposeForm,
        form_fields(employer_forms.MatchingProposeForm),
        _url("employers:offer_propose", E, "other_offer"),
        base=lambda o: {"job_seeker": o[E]["file"].pk, "proposed_on": _iso()},
    ),
    "employers:job_seeker_propose": Target(
        employer_forms.MatchingProposeForm,
        form_fields(employer_forms.MatchingProposeForm),
        _url("employers:job_seeker_propose", E, "file"),
        base=lambda o: {"employer": o[E]["employer"].pk, "proposed_on": _iso(), "note": "Candidature spontanée"},
    ),
    "employers:matching_move": Target(
        employer_forms.MatchingMoveForm,
        form_fields(employer_forms.MatchingMoveForm, "next"),
        _url("employers:matching_move", E, "matching"),
        base=lambda o: {"status": "cv_sent", "changed_on": _iso()},
    ),
    "employers:matching_record_outcome": Target(
        None, ["next"], _url("employers:matching_record_outcome", E, "hired_matching")
    ),
    "employers:people_search": Target(None, ["q", "field"], _url("employers:people_search"), accepts_base=False),
    "employers:job_day_create": Target(
        employer_forms.JobDayForm,
        form_fields(employer_forms.JobDayForm),
        _url("employers:job_day_create"),
        base=lambda o: {"title": "Job Day Horeca", "held_on": _iso(20), "employers": [o[E]["employer"].pk]},
    ),
    "employers:job_day_guest_add": Target(
        employer_forms.JobDayGuestForm,
        form_fields(employer_forms.JobDayGuestForm),
        _url("employers:job_day_guest_add", E, "job_day"),
        base=lambda o: {"job_seeker": o[A]["file"].pk, "present": "on"},
    ),
    "employers:job_day_guest_presence": Target(None, [], _url("employers:job_day_guest_presence", E, "guest")),
    "employers:session_create": Target(
        employer_forms.InformationSessionForm,
        form_fields(employer_forms.InformationSessionForm),
        _url("employers:session_create"),
        base=lambda o: {
            "held_on": _iso(),
            "partner": Partner.objects.filter(is_active=True).first().pk,
            "theme": "Titres-services",
            "people_reached": "14",
        },
    ),
    "employers:concertation_create": Target(
        employer_forms.ConcertationForm,
        form_fields(employer_forms.ConcertationForm),
        _url("employers:concertation_create"),
        base=lambda o: {"held_on": _iso(), "title": "Concertation", "partners_present": "CPAS", "themes": "NEET"},
    ),
    "employers:contract_create": Target(
        employer_forms.ContractForm,
        form_fields(employer_forms.ContractForm),
        _url("employers:contract_create"),
        base=_contract_base,
    ),
    "employers:contract_edit": Target(
        employer_forms.ContractForm,
        form_fields(employer_forms.ContractForm, "version"),
        _url("employers:contract_edit", E, "contract"),
        base=lambda o: {**_contract_base(o), "version": version_of(o[E]["contract"])},
    ),
    "employers:training_create": Target(
        employer_forms.TrainingForm,
        form_fields(employer_forms.TrainingForm),
        _url("employers:training_create", E, "contract"),
        base=lambda o: {
            "kind": "internal",
            "title": "Sécurité",
            "hours": "8",
            "trained_on": (o[E]["contract"].started_on + datetime.timedelta(days=1)).isoformat(),
        },
    ),
    "employers:certification_create": Target(
        employer_forms.CertificationForm,
        form_fields(employer_forms.CertificationForm),
        _url("employers:certification_create", E, "contract"),
        base=lambda o: {"kind": CertificationKind.objects.filter(is_active=True).first().pk, "obtained_on": _iso()},
    ),
    "employers:contract_checkpoint": Target(
        accompaniment_forms.CheckpointForm,
        form_fields(accompaniment_forms.CheckpointForm),
        _url("employers:contract_checkpoint", E, "ended_contract"),
        base=lambda o: {"reached": "0", "situation": "unknown"},
    ),
    "employers:contract_end": Target(
        employer_forms.ContractEndForm,
        form_fields(employer_forms.ContractEndForm, "version"),
        _url("employers:contract_end", E, "contract"),
        base=lambda o: {
            "ended_on": _iso(),
            "end_reason": "term",
            "situation_at_end": "employment",
            "version": version_of(o[E]["contract"]),
        },
    ),
}
