from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decision register"

    def ready(self):
        from decisions import audit  # connects the sign-in signals
        from decisions.models import freeze

        freeze.connect()

        audit.connect_lockout_signal()
        self._bump_register_version_when_shown_records_change()

    def _bump_register_version_when_shown_records_change(self):
        """Signed notices are frozen, but a notice page also shows its contact officer,
        its boards and the boards' names: editing those must expire cached pages too."""
        from django.db.models.signals import post_delete, post_save

        from decisions.models import AgendaItem, Board, Contact, RegisterVersion

        for model in (Contact, Board, AgendaItem):
            for signal in (post_save, post_delete):
                signal.connect(
                    RegisterVersion.bump, sender=model, dispatch_uid=f"register-{model.__name__}"
                )
