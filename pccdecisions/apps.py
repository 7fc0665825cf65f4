from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, on the register's own site (two-factor sign-in on every page)."""

    default_site = "pccdecisions.admin_site.RegisterAdminSite"


class StaticFilesConfig(DjangoStaticFilesConfig):
    """collectstatic gathers what pages load (static/build/, the favicon), not the
    sources that `make assets` builds them from (static/src/)."""

    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "src"]
