from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from decisions.public import api, calendars, exports, forward_plan, meetings, register, site

app_name = "decisions"

urlpatterns = [
    path("decisions/", register.RegisterView.as_view(), name="register"),
    path("decisions/feed/", exports.DecisionFeed(), name="feed"),
    re_path(r"^decisions/(?P<year>[0-9]{4})/$", register.YearArchiveView.as_view(), name="year"),
    path("decisions/<slug:slug>/", register.NoticeView.as_view(), name="detail"),
    path("decisions/<slug:slug>.pdf", register.notice_pdf, name="pdf"),
    path(
        "decisions/<slug:slug>/versions/<int:number>.pdf",
        register.version_pdf,
        name="version_pdf",
    ),
    path(
        "decisions/<slug:slug>/versions/<int:number>.json",
        register.version_json,
        name="version_json",
    ),
    path("decisions.csv", exports.decisions_csv, name="csv"),
    path("decisions.json", exports.decisions_json, name="full_json"),
    path("api/decisions.json", api.decisions_page, name="json"),
    # The reference as written, slashes and spaces too; it redirects to its slug.
    path("api/decisions/<path:reference>.json", api.decision, name="decision_json"),
    path("meetings/", meetings.MeetingListView.as_view(), name="meetings"),
    path("meetings.ics", calendars.all_meetings, name="meetings_calendar"),
    path("forward-plan/", forward_plan.page, name="forward_plan"),
    path("forward-plan/feed/", forward_plan.ForwardPlanFeed(), name="forward_plan_feed"),
    path("forward-plan.csv", forward_plan.plan_csv, name="forward_plan_csv"),
    path("forward-plan.ics", forward_plan.plan_ics, name="forward_plan_ics"),
    path("meetings/<int:pk>.ics", calendars.one_meeting, name="meeting_calendar"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting"),
    path(
        "meetings/<int:pk>/items/<int:number>/",
        meetings.BoardPaperView.as_view(),
        name="board_paper",
    ),
    path(
        "meetings/<int:pk>/items/<int:number>.pdf",
        meetings.board_paper_pdf,
        name="board_paper_pdf",
    ),
    path("documents/<slug:kind>/<int:pk>/", register.download, name="document"),
    path("transparency/", site.explained, name="transparency"),
    path("transparency/log.json", site.log_json, name="transparency_log"),
    path(
        "transparency/certificate.pem",
        site.certificate,
        name="transparency_certificate",
    ),
    path("open-data/", site.open_data, name="open_data"),
    path("accessibility/", site.accessibility, name="accessibility"),
    path("robots.txt", site.robots_txt, name="robots"),
    path(".well-known/security.txt", site.security_txt, name="security_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": site.SITEMAPS, "sitemap_url_name": "decisions:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": site.SITEMAPS},
        name="sitemap_section",
    ),
]
