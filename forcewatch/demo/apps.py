from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "forcewatch.demo"
    label = "demo"
