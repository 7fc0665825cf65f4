from django.conf import settings
from django.utils.functional import SimpleLazyObject


def office(request):
    # Looked up only by the pages that show it (the search hint, the 404 page).
    from decisions.public.finding import example_reference

    return {
        "office_name": settings.OFFICE_NAME,
        "office_organisation": settings.OFFICE_ORGANISATION,
        "example_reference": SimpleLazyObject(example_reference),
    }
