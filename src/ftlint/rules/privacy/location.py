"""PI010 location."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.rules.privacy._base import NerRule


class Location(NerRule):
    """Text names a place (needs a spaCy NER model: `pip install 'ftlint[ner]'`).

    ## What it does
    Finds places (cities, countries, regions, addresses' towns) with presidio-analyzer and
    spaCy's English named-entity model (the `ner` extra). Every string is read by the model.

    This rule is opt-in, and not in the `strict` profile: select it by its code
    (`--extend-select PI010`). Without the model it is not run, and the report says so once.

    Reports show each word's first letter (`S***`) unless `--show-pii` is given.

    ## Why it matters
    A town with a name, a date or an illness is enough to identify someone. Most places in a
    dataset are harmless (a travel assistant names cities all day): this rule is for data that
    should hold none, such as medical or support records.

    ## Example
    `"content": "She lives at 42 Elm Street, Springfield"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each place with `<LOCATION_1>`, ...

    ## Options
    `allow`, `min-score` (default 0.4), `placeholder`.
    """

    code = "PI010"
    name = "location"
    default_severity = Severity.WARNING
    entity, label, labels, token = "LOCATION", "place", "places", "LOCATION"
