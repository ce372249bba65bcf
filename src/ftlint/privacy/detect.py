"""What counts as personal data in a string: the same answer for the PI rules and for every report.

presidio's pattern entities (`presidio`), kept only when they are what they look like (a phone
number as people dial it, a card number as cards are written or named) and not a value that names
no one (domains reserved for examples, 555 numbers, the card networks' test numbers, private and
documentation IP addresses). The PI rules apply these checks with their own options; reports mask
with them at the rules' defaults (`personal_spans`), so a report masks what the rules find.
"""

from __future__ import annotations

import re

from ftlint.privacy.phones import EXTENSION, MIN_DIGITS, number_digits
from ftlint.privacy.presidio import Span
from ftlint.privacy.scanner import find
from ftlint.privacy.screen import text_may_hold_pii

MIN_SCORE = 0.4  # the PI rules' default `min-score`

# Values that name no one, allowed by default: each PI rule's `allow` option starts from its entity's.
ALLOWED_BY_DEFAULT: dict[str, tuple[str, ...]] = {
    # Domains reserved for examples and tests (RFC 2606).
    "EMAIL_ADDRESS": (
        r"(?i)@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost)$",
        # Placeholders written in templates and docs: `you@yourdomain.com`, `jane@example-domain.com`.
        r"(?i)@(?:[\w-]+\.)*(?:(?:your|my|some)[\w-]*|example[\w-]*|[\w-]*-?domain)\.(?:com|org|net)$",
        # Addresses of machines, not people: an SSH remote (`git@github.com:org/repo.git`), no-reply senders.
        r"(?i)^(?:git|no-?reply|do-?not-?reply)@",
    ),
    # 555 numbers are the North American fictional ones (film, examples): `(425) 555-0123`, and
    # 555 as the area code is the fiction of examples: `(555) 123-4567`.
    "PHONE_NUMBER": (r"(?:^|\D)555\D{0,3}\d{4}$", r"^(?:\+?1\D{0,2})?\(?555\)?\D{0,2}\d{3}\D{0,2}\d{4}$"),
    # The card networks' and payment processors' published test numbers (payment documentation is
    # full of them): Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay.
    "CREDIT_CARD": (r"^(?:4111111111111111|4242424242424242|4012888888881881|4000056655665556|4222222222222"
                    r"|5555555555554444|5105105105105100|5200828282828210|378282246310005|371449635398431"
                    r"|6011111111111117|3056930009020004|36227206271667|3566002020360505|6200000000000005)$",),
    # SSNs of examples: the wallet insert's 078-05-1120, the SSA's 219-09-9999 and advertising block
    # 987-65-4320..4329, the schoolbook 123-45-6789, and repeated digits (`111-22-3333`). Matched
    # without separators (see `allowed_by_default`).
    "US_SSN": (r"^(?:078051120|219099999|123456789|98765432\d)$", r"^(\d)\1\1(\d)\2(\d)\3\3\3$"),
    # Loopback, unspecified, private and link-local networks, and the ranges reserved for
    # documentation (RFC 5737, RFC 3849).
    "IP_ADDRESS": (
        r"^(?:127\.|0\.0\.0\.0|10\.|192\.168\.|169\.254\.|172\.(?:1[6-9]|2\d|3[01])\.)",
        r"^(?:192\.0\.2|198\.51\.100|203\.0\.113)\.",
        r"(?i)^(?:::1?|fe[89ab][0-9a-f]:|f[cd][0-9a-f]{2}:|2001:0?db8:)",
    ),
}
_ALLOWED = {entity: [re.compile(p) for p in patterns] for entity, patterns in ALLOWED_BY_DEFAULT.items()}
_SEPARATORS = re.compile(r"[\s\-.()/+]")

# libphonenumber accepts many digit strings as valid somewhere (Germany's numbering is very open),
# so presidio's phone numbers without context words include decimals, year ranges and results of
# sums. These tell them apart from numbers written to be dialled.
MIN_PHONE_DIGITS = MIN_DIGITS  # presidio takes `1648` too
_DECIMAL = re.compile(r"^\d+\.\d+$")
_YEARS = re.compile(r"^\(?(?:1[0-9]|20)\d\d\s*[-\u2013]\s*(?:1[0-9]|20)\d\d\)?$")
# "number" alone says count as often as phone ("number of parameters: 7241732096"): only whose
# number, or what kind, says phone. "call" is as often an API call ("each call took 40041568 ns"):
# only a call to someone (`call me`, `call us at`) or right before the number (`Call: 4158672671`).
_PHONE_CONTEXT = re.compile(
    r"(?i)\b(?:(?:phone|tel|mobile|cell|contact|fax|dial|whatsapp|sms|text me|reach"
    r"|(?:my|your|his|her|their|our|new|home|work|office|direct) number)\W"
    r"|call(?:ed|ing)?(?:\s+(?:me|us|him|her|them|back|now|at|on)\b|\s*[:+(]?\s*$))")
_PHONE_CONTEXT_SPAN = 40  # characters looked at before a bare run of digits
# A word every match of `_PHONE_CONTEXT` holds (a test keeps the two together): where none is
# near, no number there is said to be a phone number.
_PHONE_WORDS = ("phone", "tel", "mobile", "cell", "contact", "fax", "dial", "whatsapp", "sms", "text", "reach",
                "number", "call")
_PHONE_WORD = re.compile("(?i)" + "|".join(_PHONE_WORDS))
_PHONE_WORD_LOWER = re.compile("|".join(_PHONE_WORDS))  # on lower-cased text: half the cost of 13 `in` tests


def _says_phone_near(text: str, start: int, end: int) -> bool:
    near = text[max(0, start - _PHONE_CONTEXT_SPAN):end]
    if near.isascii():  # where ASCII case is all of `(?i)`: a third of the cost
        return _PHONE_WORD_LOWER.search(near.lower()) is not None
    return _PHONE_WORD.search(near) is not None


def arithmetic_not_said_phone(text: str, start: int, end: int) -> bool:
    """Whether no phone number can be plausible (`plausible_phone`) from any position in
    text[start:end], a zone of the characters a phone number's candidate holds: the zone is inside
    a calculator annotation, or each of its terms leads through operators to an equals sign
    (`s 122 - 63 - 81 - 92 = `: then each run of digits is bare, or ends where `_EQUALS_AFTER`
    says arithmetic); and no phone word is near enough to say otherwise."""
    opened = text.rfind("<<", 0, start)
    in_annotation = opened != -1 and text.find(">>", opened, start) == -1
    if not in_annotation and _SUMS_UP_TO_EQUALS.fullmatch(text, start, end) is None:
        return False
    return not _says_phone_near(text, start, end)


# Terms and operators up to an equals sign, with anything but digits between such sums: every
# match of this holds only runs of digits after which `_EQUALS_AFTER` matches (its operators,
# spaces and numbers, then `=`), or bare runs. (`\d`, `\s` as `_DIGIT_RUN` and `_EQUALS_AFTER` read them.)
_SUMS_UP_TO_EQUALS = re.compile(r"\D*(?:\d+(?:\s*[-+*/x]\s*\d+)*\s*=\D*)*")

# How card numbers are written: groups of four (4-4-4-4, 4-4-4-1..7) or Amex's 4-6-5, one separator.
_GROUPED_CARD = re.compile(r"\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5}")
# presidio's own context words for cards, and the words a payment conversation uses around one.
_CARD_WORDS = re.compile(
    r"card|visa|master ?card|amex|american express|discover|diners|jcb|maestro|unionpay|\bcc\b|cvv|cvc|"
    r"expir|billing|payment|\bpay\b|\bcharge", re.IGNORECASE)
_CARD_CONTEXT_SPAN = 60  # characters looked at on each side of the number


def plausible_phone(text: str, start: int, end: int) -> bool:
    """Whether presidio's phone number at text[start:end] is one written to be dialled."""
    value = text[start:end]
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    if (number_digits(value) < MIN_PHONE_DIGITS or _DECIMAL.match(value.strip("()+-"))
            or _SSN_SHAPE.fullmatch(value)
            or _YEARS.match(value) or _DATE.search(value) or _is_version_not_phone(text, start, end)
            or _ID_LABEL.search(text, max(0, start - _ID_LABEL_SPAN), start)):
        return False
    # Part of a longer number: `150817.6878461314`, `1,234567890`.
    if (before[-1:].isdigit() or re.match(r"[.,]\d", after) or re.search(r"\d[.,]$", before)
            or after[:1].isdigit()):
        return False
    said_phone = _PHONE_CONTEXT.search(text[max(0, start - _PHONE_CONTEXT_SPAN):start]) is not None
    # A bare run of digits (`seed(1724813583)`) is a phone number only when the text around it says
    # so; so is one in arithmetic.
    if value.strip("()").isdigit() or _in_arithmetic(text, start, end):
        return said_phone
    return True


# What labels the number as an identifier right before it: `Part no. 16-8003-596`, `SKU: 123-4567-89`,
# `Order #2024-1234567`, `ISBN 0-306-40615-2`.
_ID_LABEL = re.compile(
    r"(?i)\b(?:part|item|model|product|sku|p/n|serial|s/n|order|invoice|ref|reference|ticket|case|lot|batch"
    r"|isbn|issn|pmid|doi|id)\b\.?\s*(?:no\.?|number|nr\.?|#)?\s*[:#]?\s*$")
_ID_LABEL_SPAN = 24


_SSN_SHAPE = re.compile(r"\d{3}-\d{2}-\d{4}")  # how SSNs are written (PI004's), not phone numbers


# A date, with or without the time after it: `05-05-2031`, `07.21.2027 04:22`, `2024/01/15`.
_DAY_OR_MONTH = r"(?:0?[1-9]|[12]\d|3[01])"
_DATE = re.compile(rf"(?<!\d)(?:{_DAY_OR_MONTH}([./-]){_DAY_OR_MONTH}\1(?:19|20)\d\d"
                   rf"|(?:19|20)\d\d([./-]){_DAY_OR_MONTH}\2{_DAY_OR_MONTH})(?!\d)")
# What names a version before its number: `version 8.1.1.6`, `v10.0.19041.1`, `Chrome/93.0.1093.862`,
# `pkg==4.2.1.0`, `firmware 6.59.1470.994`.
_VERSION_BEFORE = re.compile(
    r"(?i)(?:\bv|\bver\.?|\bversion|\bfirmware|\bbuild|\brelease|\brev(?:ision)?|[a-z]/|[=<>~^@])\s*$")
_DOTTED = re.compile(r"\d+(?:\.\d+){2,}")
_ONE_DIGIT_PART = re.compile(r"\.\d(?=\.|$)")  # `4.2.1.0`, `25.5.6450.186`: no phone is dotted so
_VERSION_CONTEXT_SPAN = 20


def _is_version(text: str, start: int, end: int) -> bool:
    """Whether the dotted number at text[start:end] is a version or an OID, not an address: named
    as a version, or part of a longer dotted run (`1.3.6.1.4.1.26364`)."""
    if not _DOTTED.fullmatch(text[start:end]):
        return False
    if re.match(r"\.\d", text[end:end + 2]) or re.search(r"\d\.$", text[max(0, start - 2):start]):
        return True
    return _VERSION_BEFORE.search(text, max(0, start - _VERSION_CONTEXT_SPAN), start) is not None


def _is_version_not_phone(text: str, start: int, end: int) -> bool:
    """... and, for a phone number, 4 or more dotted parts one of which (after the first) has a single
    digit (`25.5.6450.186`): an address can be written so (`8.8.8.8`), a phone number is not."""
    if _is_version(text, start, end):
        return True
    value = text[start:end]
    return (bool(_DOTTED.fullmatch(value)) and value.count(".") >= 3
            and bool(_ONE_DIGIT_PART.search(value[value.index("."):])))


def plausible_ip(text: str, start: int, end: int) -> bool:
    """Whether presidio's IP address at text[start:end] is one and not a version or an OID."""
    return not _is_version(text, start, end)


# Arithmetic, not a number to dial: `34,500-33,000 = $1,500`, `<<6000-2000=4000>>`, `$0.75 - $0.25`,
# `0.75-0.25-0.10`, a range of plain numbers (`4000-4999`, `223905 - 1858`, `9778474 / 743`).
_OPERATOR = r"\s*[-+*/x\u00d7\u2212\u2013]\s*"
_TWO_PLAIN_NUMBERS = re.compile(rf"[1-9]\d*{_OPERATOR}\d+")  # no trunk `0`, no `(area)`, no `+`
_LOCAL_NUMBER = re.compile(r"\d{3}-\d{4}")  # `555-1234`, how North America writes a local number
# `0.75`, `12.5`: money, measures; `-0.3571428571`: a result (a dotted phone number has no `0.` trunk).
# A lone decimal point in a run of digits (`-49.0620322 58.3349321`) too: a dotted phone has two.
_DECIMAL_PART = re.compile(r"(?:^|[^\d.])(?:\d+\.\d+(?![\d.])|0\.\d)")
_MONEY_OR_EQUALS = re.compile(r"[$\u20ac\u00a3\u00a5=]\s*$")
_EQUALS_AFTER = re.compile(r"\s*(?:[-+*/x\u00d7]\s*[\d.,]+\s*)*=")


def _in_arithmetic(text: str, start: int, end: int) -> bool:
    value = text[start:end].strip("()- ")
    opened = text.rfind("<<", 0, start)
    if opened != -1 and text.find(">>", opened, start) == -1:
        return True  # inside a calculator annotation
    if _MONEY_OR_EQUALS.search(text, max(0, start - 3), start) or _EQUALS_AFTER.match(text, end):
        return True
    if text[start:end].startswith(("+ ", "- ")):
        return True  # an operator between terms: a dialling `+` is written against its digits
    if _DECIMAL_PART.search(value):
        return True
    return bool(_TWO_PLAIN_NUMBERS.fullmatch(value)) and not _LOCAL_NUMBER.fullmatch(value)


def plausible_card(text: str, start: int, end: int) -> bool:
    """Whether presidio's Luhn-valid number at text[start:end] is written or named as a card (and is
    not an amount or a term of a sum, whatever words are near: `payment of $4212883012996`)."""
    if _amount_or_term(text, start, end):
        return False
    return bool(_GROUPED_CARD.fullmatch(text[start:end].strip())) or card_named(text, start, end)


_TERM_BEFORE = re.compile(r"(?:[$\u20ac\u00a3\u00a5=]|\d\s*[-+*/x\u00d7\u2212])\s*$")
_TERM_AFTER = re.compile(r"\s*(?:=|[-+*/x\u00d7\u2212]\s*\d|(?:dollars|euros|pounds|yen|usd|eur|cents|rupees|yuan)\b)",
                         re.IGNORECASE)


def _amount_or_term(text: str, start: int, end: int) -> bool:
    opened = text.rfind("<<", 0, start)
    if opened != -1 and text.find(">>", opened, start) == -1:
        return True  # inside a calculator annotation
    return bool(_TERM_BEFORE.search(text, max(0, start - 4), start) or _TERM_AFTER.match(text, end))


def card_named(text: str, start: int, end: int) -> bool:
    """Whether the text around the number at text[start:end] says card (Visa, CVV, payment...):
    then it is surely one; a number only grouped as cards are may be an order or account number."""
    return bool(_CARD_WORDS.search(text, max(0, start - _CARD_CONTEXT_SPAN), end + _CARD_CONTEXT_SPAN))


def plausible(entity: str, text: str, start: int, end: int) -> bool:
    if entity == "PHONE_NUMBER":
        return plausible_phone(text, start, end)
    if entity == "CREDIT_CARD":
        return plausible_card(text, start, end)
    if entity == "IP_ADDRESS":
        return plausible_ip(text, start, end)
    return True


def allowed_by_default(entity: str, value: str) -> bool:
    """Whether `value` is one that names no one (as written, or without its separators)."""
    bare = _SEPARATORS.sub("", value)
    return any(p.search(value) or p.search(bare) for p in _ALLOWED.get(entity, ()))


def is_data_url(text: str) -> bool:
    return text.startswith("data:") and ";base64," in text[:100]  # an image, not words


def personal_spans(text: str) -> list[Span]:
    """The personal data in `text` that the PI rules would report with their default options.

    Cheap when there is none: the screen first, then a stricter look at what each entity needs
    (`_worth_analysing`), and presidio only for what passes both.
    """
    if not text_may_hold_pii(text) or is_data_url(text) or not _worth_analysing(text):
        return []
    return analysed_spans(text)


def analysed_spans(text: str) -> list[Span]:
    """What presidio's recognizers find in `text`, kept as the PI rules keep it at their defaults."""
    return [span for span in find(text)
            if span.score >= MIN_SCORE and plausible(span.entity, text, span.start, span.end)
            and not allowed_by_default(span.entity, text[span.start:span.end])]


# The screen lets through every string in which presidio could find anything, and so any string
# with six digits near each other: most messages of a large file ("same as line 123456 (2 copies
# in all)"), at several milliseconds each in presidio. What the PI rules keep needs more, by entity
# (presidio's patterns, read case-insensitively as presidio does):
#   e-mail: an `@` and a dotted domain after it (not `j***@e***.com`, a masked one); URL with
#   credentials: `://` and `user:password@`; IPv6: `::` or seven colons; IPv4: four dotted numbers;
#   IBAN: two letters, two digits, two groups of four; wallet: `1`, `3` or `bc1` and 25 more;
#   phone, card, SSN: seven digits at least in one group, as libphonenumber groups them: digits
#   joined by up to four characters that are not letters, or by an extension's label (`ext`, `x`,
#   `int`, ... its own pattern). Of its brackets, a `(` in the middle must be closed (a candidate
#   may open with one, or close one it did not open, but `123456 (2 copies` is two), so an
#   unclosed one ends the group.
# And a group that is one bare run of digits standing alone is a phone number for the PI rules
# only with a word such as "phone" before it (`plausible_phone`); nothing else is made of it (a
# card has 13 digits at least, an SSN without separators scores too low to count).
_NEEDS_A_LOOK = re.compile(
    r"(?i)@\w+(?:[-.]\w+)*\.\w|://[^\s/@]*:[^\s/@]*@|::|(?<![0-9])[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"
    r"|(?<![a-z0-9])[a-z]{2}[0-9]{2}(?:[ -]?[a-z0-9]{4}){2}|(?:bc1|[13])[a-z0-9]{25}")
_JOIN = r"[^0-9A-WYZa-wyz(]"
_UNIT = r"(?:[0-9]+|\((?:[^()A-WYZa-wyz])*[0-9](?:[^()A-WYZa-wyz])*\))"
_DIGIT_GROUP = re.compile(rf"(?i){_UNIT}(?:(?:{_JOIN}{{0,4}}|{EXTENSION}){_UNIT})*")
_LONGEST_BARE = 11
_LEADS_A_NUMBER = re.compile(r"[+\uff0b(\uff08\[\uff3b][^0-9A-Za-z]{0,4}$")  # `+`, an opening bracket
_ALONE_BEFORE = frozenset(" \t\n`'\"={,:")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_ALONE_AFTER = frozenset(" \t\n`'\"=)]},;:.")


def _worth_analysing(text: str) -> bool:
    if _NEEDS_A_LOOK.search(text) or text.count(":") >= 7:
        return True
    if not text.isascii() and _OTHER_DIGIT.search(text):
        return True  # digits of other scripts: left to presidio
    for group in _DIGIT_GROUP.finditer(text):
        digits = sum(ch.isdigit() for ch in group.group())
        if digits >= MIN_PHONE_DIGITS and not _bare(text, group.start(), group.end()):
            return True
    return False


def _bare(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a run of digits standing alone, with no phone word before it."""
    before, after = text[start - 1:start], text[end:end + 1]
    return (end - start <= _LONGEST_BARE and text[start:end].isdigit()
            and (not before or before in _ALONE_BEFORE) and (not after or after in _ALONE_AFTER)
            and not _LEADS_A_NUMBER.search(text, max(0, start - 5), start)
            and _PHONE_CONTEXT.search(text, max(0, start - _PHONE_CONTEXT_SPAN), start) is None)
