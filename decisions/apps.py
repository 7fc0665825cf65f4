from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decision register"

    def ready(self):
        from decisions import audit, checks, sessions  # noqa: F401 - registers checks
        from decisions.models import freeze

        freeze.connect()
        sessions.connect()

        audit.connect_lockout_signal()
        self._make_ahead_of_readers_after_each_publication()
        self._bump_register_version_when_shown_records_change()

    def _bump_register_version_when_shown_records_change(self):
        """A signed notice is frozen whole (contacts and boards included), but the
        register's board filter reads boards and agenda items live: editing those must
        expire cached pages too."""
        from django.db.models.signals import post_delete, post_save

        from decisions.models import AgendaItem, Board, RegisterVersion

        for model in (Board, AgendaItem):
            for signal in (post_save, post_delete):
                signal.connect(
                    RegisterVersion.bump, sender=model, dispatch_uid=f"register-{model.__name__}"
                )

    def _make_ahead_of_readers_after_each_publication(self):
        from decisions import publishing
        from decisions.public import data_rows, warming

        publishing.served.connect(warming.make_first_lists, dispatch_uid="make-first-lists")
        publishing.served.connect(data_rows.make_when_served, dispatch_uid="make-data-rows")
