from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decision register"

    def ready(self):
        from decisions import audit  # noqa: F401  (connects the sign-in signals)
