"""The project's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from missionlocale.urls import urlpatterns as project_urlpatterns


def fails(request):
    raise RuntimeError("Dossier de Oumaïma Zanzibar, NISS 85073003328")


def suspicious(request):
    raise SuspiciousOperation("Dossier de Oumaïma Zanzibar")


urlpatterns = [
    *project_urlpatterns,
    path("test-errors/500/", fails),
    path("test-errors/400/", suspicious),
]
