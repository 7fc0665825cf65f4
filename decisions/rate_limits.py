"""Keys for django-ratelimit shared by the forms a stranger can send: what a limit
per email address counts (the password reset, the public alerts' sign-up)."""


def posted_email(group, request) -> str:
    """The email address the form was sent with, as one address however it is typed."""
    return request.POST.get("email", "").strip().lower()[:254]
