from django.urls import path

from reporting.views import dashboard, identity, reports

app_name = "reporting"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.<str:fmt>", dashboard.dashboard_export, name="dashboard_export"),
    path("dashboard/part/<str:part>/", dashboard.dashboard_part, name="dashboard_part"),
    path("dashboard/chart/<str:chart>.svg", dashboard.dashboard_chart, name="dashboard_chart"),
    path("dashboard/<str:kind>/", dashboard.dashboard_list, name="dashboard_list"),
    path("dashboard/<str:kind>/export.<str:fmt>", dashboard.dashboard_list_export, name="dashboard_list_export"),
    path("reports/", reports.reports, name="reports"),
    path("reports/<int:pk>/", reports.report_status, name="report_status"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
    path("reports/<int:pk>/figures.<str:fmt>", reports.report_figures, name="report_figures"),
    path("reports/texts/<int:year>/", reports.report_texts_edit, name="report_texts"),
    path("reports/texts/<int:year>/images/", reports.report_images_edit, name="report_images"),
    path("reports/images/<int:pk>/delete/", reports.report_image_delete, name="report_image_delete"),
    path("reports/identity/", identity.identity_edit, name="identity"),
    path("reports/identity/funders/", identity.funder_logo_create, name="funder_logo_add"),
    path("reports/identity/funders/<int:pk>/", identity.funder_logo_edit, name="funder_logo_edit"),
    path("reports/identity/funders/<int:pk>/delete/", identity.funder_logo_remove, name="funder_logo_delete"),
    path("objectives/<int:year>/", reports.objective_edit, name="objective"),
    path("past-years/<int:year>/", reports.past_year_figures_edit, name="past_year_figures"),
]
