from __future__ import annotations

from django import template

from forcewatch.publication.labels import race_text, sex_text

register = template.Library()
register.filter("race", race_text)
register.filter("sex", sex_text)
