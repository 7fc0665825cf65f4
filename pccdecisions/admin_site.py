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

    def index(self, request, extra_context=None):
        from decisions.admin.home import home_for

        return super().index(request, {**(extra_context or {}), "home": home_for(request.user)})

    @property
    def site_header(self):
        return f"{settings.OFFICE_NAME}: decisions"
