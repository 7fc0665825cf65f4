"""The public register. Reads published decisions only, and changes nothing."""

from django.views.generic import DetailView, ListView

from decisions.models import Decision
from decisions.notices import notice_context, notice_queryset


class DecisionListView(ListView):
    template_name = "decisions/decision_list.html"
    context_object_name = "decisions"
    paginate_by = 50

    def get_queryset(self):
        return Decision.objects.published().order_by("-signed_at", "-reference_number")


class DecisionDetailView(DetailView):
    template_name = "decisions/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self):
        return notice_queryset().published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(notice_context(self.object))
        return context
