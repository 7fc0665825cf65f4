from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, on the register's own site (two-factor sign-in on every page)."""

    default_site = "pccdecisions.admin_site.RegisterAdminSite"
