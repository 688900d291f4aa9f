from django.urls import path

from accompaniment import views

app_name = "accompaniment"

urlpatterns = [
    path("", views.caseload, name="caseload"),
]
