from django.urls import path

from workshops.views import attendance, epn, projects, sessions

app_name = "workshops"

urlpatterns = [
    # Collective modules and their sessions
    path("modules/", sessions.module_list, name="modules"),
    path("sessions/", sessions.session_list, name="sessions"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/meetings/new/", sessions.meeting_add, name="meeting_add"),
    path("sessions/<int:pk>/candidates/", sessions.candidates, name="candidates"),
    path("sessions/<int:pk>/enrol/", sessions.enrol, name="enrol"),
    path("sessions/<int:pk>/participants.csv", sessions.session_export, name="session_export"),
    path("enrolments/<int:pk>/status/", sessions.enrolment_status, name="enrolment_status"),
    path("enrolments/<int:pk>/certificate.pdf", attendance.certificate, name="certificate"),
    path("meetings/<int:pk>/", attendance.attendance_sheet, name="attendance_sheet"),
    path("meetings/<int:pk>/edit/", sessions.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", attendance.attendance_mark, name="attendance_mark"),
    path("meetings/<int:pk>/all-present/", attendance.attendance_all_present, name="attendance_all_present"),
    path("meetings/<int:pk>/sign-in-sheet.pdf", attendance.sign_in_sheet, name="sign_in_sheet"),
    path("files/<int:pk>/modules/", sessions.file_enrolments, name="file_enrolments"),
    # Public computer room (EPN)
    path("epn/", epn.reception, name="epn"),
    path("epn/search/", epn.search, name="epn_search"),
    path("epn/visits/new/", epn.visit_log, name="visit_log"),
    path("epn/visitors/<int:pk>/", epn.visitor_detail, name="visitor_detail"),
    path("epn/coaching/", epn.coaching_list, name="coaching"),
    # Local (neighbourhood) projects
    path("projects/", projects.project_list, name="projects"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
]
