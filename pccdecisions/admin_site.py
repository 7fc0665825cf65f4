"""The staff site: Django's admin, where every page needs a verified second factor
(django-otp), not just a password. Installed as the admin's default site by
pccdecisions.apps.AdminConfig. (Outside decisions.admin, whose modules register
on this site: the site must exist before they run.)"""

from django.conf import settings
from django_otp.admin import OTPAdminSite

from decisions.sign_in import SignInForm


class RegisterAdminSite(OTPAdminSite):
    site_title = "Decision register"
    index_title = "Drafting and signing decisions"
    login_template = "admin/sign_in.html"
    # One form: username, password and code together (not django-otp's two steps).
    login_form = SignInForm
    index_template = "admin/home.html"

    def __init__(self, name="admin"):
        # django-otp names its site "otpadmin"; every link here is to "admin:...".
        super().__init__(name)

    def login(self, request, extra_context=None):
        from decisions.admin.enrolment import after_sign_in

        response = super().login(request, extra_context)
        return after_sign_in(request, response) if request.method == "POST" else response

    def get_urls(self):
        from django.urls import path

        from decisions.admin import enrolment

        return [
            # Signed in with a password, not yet a second factor: not an admin_view.
            path("enrol/", lambda request: enrolment.enrol(request, self), name="enrol"),
            path(
                "backup-codes/",
                self.admin_view(lambda request: enrolment.backup_codes(request, self)),
                name="backup_codes",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from decisions.admin.home import home_for

        return super().index(request, {**(extra_context or {}), "home": home_for(request.user)})

    @property
    def site_header(self):
        return f"{settings.OFFICE_NAME}: decisions"
