from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("files/<int:pk>/documents/new/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
]
