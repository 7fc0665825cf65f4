"""/decisions/feed/: an Atom feed of new, amended and withdrawn decisions.

It takes the register's own search and filters, so a reader can follow any search.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils.feedgenerator import Atom1Feed

from decisions.markup import plain_text
from decisions.public.filters import register_filters
from decisions.public.register import register_queryset

FEED_SIZE = 50


class DecisionFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return register_filters(request.GET)

    def title(self, filters):
        base = f"Decisions of the {settings.OFFICE_NAME}"
        return f"{base}: “{filters.query_text}”" if filters.query_text else base

    def link(self, filters):
        query = self.request.GET.urlencode()
        return "/decisions/" + (f"?{query}" if query else "")

    def subtitle(self, filters):
        return "New, amended and withdrawn decisions, newest first."

    def items(self, filters):
        changed = Greatest(
            "signed_at",
            Coalesce("withdrawn_at", "signed_at"),
            Coalesce(
                Max("amendments__signed_at", filter=Q(amendments__signed_at__isnull=False)),
                "signed_at",
            ),
        )
        queryset = filters.apply(register_queryset()).annotate(changed_at=changed)
        return queryset.order_by("-changed_at", "-id")[:FEED_SIZE]

    def item_title(self, decision):
        if decision.is_withdrawn:
            return f"Withdrawn: {decision.reference} {decision.title}"
        if decision.changed_at > decision.signed_at:
            return f"Amended: {decision.reference} {decision.title}"
        return f"{decision.reference}: {decision.title}"

    def item_description(self, decision):
        return plain_text(decision.executive_summary)

    def item_link(self, decision):
        return decision.get_absolute_url()

    def item_guid(self, decision):
        # Stable across edits of the feed's wording: one entry per decision and change.
        url = self.request.build_absolute_uri(decision.get_absolute_url())
        return f"{url}#{decision.changed_at.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, decision):
        return decision.signed_at

    def item_updateddate(self, decision):
        return decision.changed_at
