"""Staff downloads: the stored file behind an annex, background paper or PDF, for staff
who may see the record it belongs to. MEDIA_URL points here, so the admin's own
file links work at every stage; the public downloads only through the register."""

from pathlib import PurePath

from django.http import Http404
from django.urls import path

from decisions.files import serve_stored_file
from decisions.models import Annex, BackgroundPaper, NoticeDocument


class StaffFiles:
    """Mixed into the decision's admin: /admin/decisions/decision/media/<name>."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.media_view)
        return [path("media/<path:name>", view, name="decisions_media"), *super().get_urls()]

    def media_view(self, request, name):
        visible = self.get_queryset(request)
        for model in (Annex, BackgroundPaper):
            opts = model._meta
            if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                continue
            document = model.objects.filter(file=name, decision__in=visible).first()
            if document is not None:
                stem = PurePath(document.original_filename).stem or opts.model_name
                return serve_stored_file(document.file, f"{stem}{PurePath(name).suffix}")
        notice = NoticeDocument.objects.filter(file=name, decision__in=visible).first()
        if notice is not None and self.has_view_permission(request, notice.decision):
            return serve_stored_file(notice.file, PurePath(name).name, inline=True)
        raise Http404("No such document, or not one you can see.")
