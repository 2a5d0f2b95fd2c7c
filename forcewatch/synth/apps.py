from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "forcewatch.synth"
    label = "synth"
