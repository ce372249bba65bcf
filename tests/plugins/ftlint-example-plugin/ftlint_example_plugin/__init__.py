"""An example ftlint rule pack: its entry point names this module, whose `RULES` are its rules."""

from ftlint_example_plugin.disclaimer import AsAnAiModel
from ftlint_example_plugin.short_answers import ShortAnswers

RULES = (AsAnAiModel, ShortAnswers)
