from django.apps import AppConfig


class SnapshotConfig(AppConfig):
    name = "forcewatch.snapshot"
    label = "snapshot"
