from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "forcewatch.intake"
    label = "intake"
