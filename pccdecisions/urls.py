from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView

from decisions.password_reset import ResetConfirm, ResetRequest


def healthz(request):
    """The app's cheapest answer: the benchmark's ceiling, and a liveness probe."""
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/favicon.svg", permanent=True)),
    path("", RedirectView.as_view(pattern_name="decisions:register", permanent=False)),
    # A forgotten password, reset by email (decisions/password_reset.py); Django's views.
    path("admin/password_reset/", ResetRequest.as_view(), name="admin_password_reset"),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        ResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("alerts/", include("decisions.alerts.urls")),
    path("", include("decisions.urls")),
]

handler400 = "decisions.public.site.bad_request"
handler404 = "decisions.public.site.not_found"
handler500 = "decisions.public.site.server_error"
