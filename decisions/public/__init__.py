"""The public transparency register. Reads published decisions and stored files; changes nothing.

Every query starts from ``Decision.objects.published()`` (or a published public
meeting agenda), so a draft cannot reach these pages by mistake.
"""
