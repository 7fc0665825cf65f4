"""The staff side: where the office drafts, the board comments and the Commissioner signs.

Every change of a decision's state goes through ``decisions.workflow``; the
admin only shows the steps a user may take and confirms them.
"""

from django.contrib import admin
from django_otp.admin import OTPAdminSite

# Every admin page needs a verified second factor (django-otp), not just a password.
admin.site.__class__ = OTPAdminSite

from decisions.admin import boards, decision, registry  # noqa: E402, F401  (registers the admins)
