from django.urls import path

from privacy import views

app_name = "privacy"

# Paths under the file's own (files/<pk>/…) and beside the managers' pages, as before the app existed.
urlpatterns = [
    # The data subject's rights (managers)
    path("files/<int:pk>/personal-data/", views.personal_data, name="personal_data"),
    path("files/<int:pk>/personal-data/requests/", views.access_request_create, name="access_request_create"),
    path("files/<int:pk>/personal-data/answered/", views.access_request_answer, name="access_request_answer"),
    # Staff of a profession that wrote confidential notes in the file release them (or not) for the open request.
    path("files/<int:pk>/personal-data/notes/", views.access_request_notes, name="access_request_notes"),
    path("files/<int:pk>/personal-data.json", views.personal_data_json, name="personal_data_json"),
    path("files/<int:pk>/personal-data.pdf", views.personal_data_pdf, name="personal_data_pdf"),
    path("files/<int:pk>/personal-data-documents.zip", views.personal_data_documents, name="personal_data_documents"),
    path("files/<int:pk>/erase/", views.erase, name="erase"),
    # Rule 5: who read or exported what (managers)
    path("access-log/", views.access_log, name="access_log"),
    path("access-log/export.csv", views.access_log_export, name="access_log_export"),
]
