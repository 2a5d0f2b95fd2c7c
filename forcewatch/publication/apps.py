from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "forcewatch.publication"
    label = "publication"
    default_auto_field = "django.db.models.BigAutoField"
