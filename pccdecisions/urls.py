from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView


def healthz(request):
    """The app's cheapest answer: the benchmark's ceiling, and a liveness probe."""
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/favicon.svg", permanent=True)),
    path("", RedirectView.as_view(pattern_name="decisions:register", permanent=False)),
    path("admin/", admin.site.urls),
    path("", include("decisions.urls")),
]

handler404 = "decisions.public.site.not_found"
handler500 = "decisions.public.site.server_error"
