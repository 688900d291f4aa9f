from django.urls import path

from employers.views import common, contracts, employers, events, matchings

app_name = "employers"

urlpatterns = [
    # Employers and prospection
    path("employers/", employers.employer_list, name="employer_list"),
    path("employers/new/", employers.employer_create, name="employer_create"),
    path("employers/<int:pk>/", employers.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", employers.employer_edit, name="employer_edit"),
    path("employers/<int:pk>/contacts/new/", employers.contact_create, name="contact_create"),
    path("employers/<int:pk>/prospection/new/", employers.prospection_create, name="prospection_create"),
    path("prospection/<int:pk>/done/", employers.follow_up_done, name="follow_up_done"),
    path("follow-ups/", employers.follow_ups, name="follow_ups"),
    # Offers and matchings
    path("offers/", matchings.offer_list, name="offer_list"),
    path("offers/new/", matchings.offer_create, name="offer_create"),
    path("offers/<int:pk>/", matchings.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", matchings.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/propose/", matchings.offer_propose, name="offer_propose"),
    path("files/<int:pk>/matchings/", matchings.job_seeker_matchings, name="job_seeker_matchings"),
    path("files/<int:pk>/matchings/new/", matchings.job_seeker_propose, name="job_seeker_propose"),
    path("matchings/<int:pk>/move/", matchings.matching_move, name="matching_move"),
    path("matchings/<int:pk>/outcome/", matchings.matching_record_outcome, name="matching_record_outcome"),
    path("people/search/", common.people_search, name="people_search"),
    # Events
    path("events/", events.event_list, name="event_list"),
    path("events/job-days/new/", events.job_day_create, name="job_day_create"),
    path("events/job-days/<int:pk>/", events.job_day_detail, name="job_day_detail"),
    path("events/job-days/<int:pk>/guests/", events.job_day_guest_add, name="job_day_guest_add"),
    path("events/guests/<int:pk>/presence/", events.job_day_guest_presence, name="job_day_guest_presence"),
    path("events/sessions/new/", events.session_create, name="session_create"),
    path("events/concertations/new/", events.concertation_create, name="concertation_create"),
    path("events/concertations/<int:pk>/minutes/", events.concertation_minutes, name="concertation_minutes"),
    # DEIES and Article 60 contracts
    path("deies/", contracts.contract_list, name="contract_list"),
    path("deies/new/", contracts.contract_create, name="contract_create"),
    path("deies/headcount/", contracts.headcount, name="headcount"),
    path("deies/<int:pk>/", contracts.contract_detail, name="contract_detail"),
    path("deies/<int:pk>/edit/", contracts.contract_edit, name="contract_edit"),
    path("deies/<int:pk>/trainings/new/", contracts.training_create, name="training_create"),
    path("deies/<int:pk>/certifications/new/", contracts.certification_create, name="certification_create"),
    path("deies/<int:pk>/end/", contracts.contract_end, name="contract_end"),
    path("deies/<int:pk>/checkpoint/", contracts.contract_checkpoint, name="contract_checkpoint"),
]
