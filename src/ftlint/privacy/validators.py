"""presidio's checks of a matched value, as small pure functions that import nothing heavy.

The fast scanner runs presidio's own regular expressions; once a pattern has matched, presidio asks
the recognizer whether the value is real (a checksum, a format, a known domain suffix). These
functions give the same verdicts as those methods of presidio-analyzer 2.2.366, without importing
presidio (which imports spaCy: ~2 s) or tldextract (which imports requests). Each docstring names
the method it mirrors; tests/test_privacy_validators.py compares them with presidio on many inputs.

Where presidio would raise on a value its own pattern can never match (a letter in a card number,
an SSN without digits), these return the verdict that drops the match instead of raising.
"""

from __future__ import annotations

import hashlib
import importlib.util
import ipaddress
import re
import string
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ftlint.privacy._iban_formats import IBAN_FORMATS

# --- credit card -------------------------------------------------------------------------------


def card_checksum_ok(value: str) -> bool:
    """CreditCardRecognizer.validate_result: drop "-" and " ", then the Luhn checksum.

    `int()` per character as presidio does, so any Unicode decimal digit counts as its value.
    """
    try:
        digits = [int(char) for char in value.replace("-", "").replace(" ", "")]
    except ValueError:  # presidio raises; its pattern only ever matches digits and separators
        return False
    checksum = sum(digits[-1::-2])
    for digit in digits[-2::-2]:
        checksum += sum(divmod(digit * 2, 10))  # the digits of 2d (at most 18)
    return checksum % 10 == 0


# --- US SSN -------------------------------------------------------------------------------------

# Published sample numbers (the Woolworth wallet card, ...): presidio never reports them.
_SAMPLE_SSNS = ("123456789", "987654320", "078051120")


def ssn_invalid(value: str) -> bool:
    """UsSsnRecognizer.invalidate_result: True when the value cannot be a US SSN.

    Mixed delimiters, one digit repeated, a zero group, area 000 or 666, or a published sample.
    """
    if len({char for char in value if char in ".- "}) > 1:
        return True
    digits = "".join(char for char in value if char.isdigit())
    if not digits:  # presidio raises (IndexError); its patterns always hold digits
        return True
    if digits == digits[0] * len(digits):
        return True
    if digits[3:5] == "00" or digits[5:] == "0000":
        return True
    return digits[:3] in ("000", "666") or digits in _SAMPLE_SSNS


# --- IBAN ---------------------------------------------------------------------------------------

# "0" -> "0", ..., "A" -> "10", ..., "Z" -> "35": an IBAN read as one number (ISO 13616).
_IBAN_LETTERS = {ord(char): str(index) for index, char in enumerate(string.digits + string.ascii_uppercase)}


def _iban_check_digits(value: str) -> str:
    """IbanRecognizer.__generate_iban_check_digits (raises ValueError as presidio does)."""
    zeroed = (value[:2] + "00" + value[4:]).upper()
    number = (zeroed[4:] + zeroed[:4]).translate(_IBAN_LETTERS)
    return f"{98 - (int(number) % 97):0>2}"


@cache
def _iban_format(country: str) -> Any:
    import regex  # ~35 ms: paid only once a value has passed the check digits

    # Compiled as presidio's IbanRecognizer() matches them: no ^...$ around (`exact_match=False`,
    # so `re.match` anchors the start only), DOTALL | MULTILINE.
    return regex.compile(IBAN_FORMATS[country], flags=regex.DOTALL | regex.MULTILINE)


def _iban_format_ok(value: str) -> bool:
    """IbanRecognizer.__is_valid_format, with the default recognizer's settings."""
    country = value[:2]
    if not IBAN_FORMATS.get(country):
        return False
    return _iban_format(country).match(value) is not None


def iban_verdict(value: str) -> bool | None:
    """IbanRecognizer.validate_result: True valid, False not, None "valid only in upper case".

    Drop "-" and " "; the check digits must be right (mod 97), then the country's format decides:
    True if the value matches it, None if only its upper-case form does (presidio then keeps the
    pattern's own score), False otherwise.
    """
    value = value.replace("-", "").replace(" ", "")
    try:
        if _iban_check_digits(value) != value[2:4]:
            return False
    except ValueError:  # not a number once letters are read as digits: presidio says False
        return False
    if _iban_format_ok(value):
        return True
    return None if _iban_format_ok(value.upper()) else False


# --- IP address ---------------------------------------------------------------------------------


def ip_invalid(value: str) -> bool:
    """IpRecognizer.invalidate_result: True when `ipaddress.ip_interface` rejects the value."""
    try:
        ipaddress.ip_interface(value)
    except ValueError:
        return True
    return False


# --- crypto wallet ------------------------------------------------------------------------------

_BASE58 = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_BECH32M_CONST = 0x2BC830A3


def _base58_decode(encoded: bytes) -> bytes:
    """CryptoRecognizer.__decode_base58: leading "1"s are zero bytes (ValueError on a bad char)."""
    stripped = encoded.lstrip(_BASE58[0:1])
    number = 0
    for char in stripped:
        number = number * 58 + _BASE58.index(char)
    return number.to_bytes(len(encoded) - len(stripped) + (number.bit_length() + 7) // 8, "big")


def _bech32_polymod(values: list[int]) -> int:
    """CryptoRecognizer.bech32_polymod."""
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(_BECH32_GENERATOR):
            checksum ^= generator if (top >> bit) & 1 else 0
    return checksum


def _bech32_ok(address: str) -> bool:
    """CryptoRecognizer.validate_bech32_address (through bech32_decode): Bech32 or Bech32m."""
    if any(ord(char) < 33 or ord(char) > 126 for char in address):
        return False
    if address.lower() != address and address.upper() != address:  # mixed case
        return False
    address = address.lower()
    separator = address.rfind("1")
    if separator < 1 or separator + 7 > len(address) or len(address) > 90:
        return False
    if not all(char in _BECH32_CHARSET for char in address[separator + 1:]):
        return False
    hrp = address[:separator]
    expanded = [ord(char) >> 5 for char in hrp] + [0] + [ord(char) & 31 for char in hrp]
    data = [_BECH32_CHARSET.find(char) for char in address[separator + 1:]]
    return _bech32_polymod(expanded + data) in (1, _BECH32M_CONST)


def crypto_checksum_ok(value: str) -> bool:
    """CryptoRecognizer.validate_result: a Bitcoin address whose checksum holds.

    "1"/"3" (P2PKH, P2SH): base58check (double SHA-256); "bc1": Bech32 or Bech32m.
    """
    if value.startswith(("1", "3")):
        try:
            decoded = _base58_decode(value.encode())
        except ValueError:
            return False
        return decoded[-4:] == hashlib.sha256(hashlib.sha256(decoded[:-4]).digest()).digest()[:4]
    return value.startswith("bc1") and _bech32_ok(value)


# --- e-mail domain: tldextract's public suffix lookup -------------------------------------------
# presidio: `tldextract.extract(value).fqdn != ""`, with tldextract's defaults (ICANN suffixes only,
# not the PSL's private section) and, as ftlint sets TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="", the
# suffix list bundled with tldextract. Read here from tldextract's package folder, without
# importing tldextract (it imports requests: ~100 ms).

_SUFFIX_RULE = r"^(?P<suffix>[.*!]*\w[\S]*)"  # suffix_list.PUBLIC_SUFFIX_RE
_PRIVATE_SECTION = "// ===BEGIN PRIVATE DOMAINS==="
_UNICODE_DOTS = "\u3002\uff0e\uff61"  # ideographic and full-width full stops: read as "."
_SCHEME_CHARS = frozenset(string.ascii_letters + string.digits + "+-.")  # urllib.parse.scheme_chars


def _suffix_list_text() -> str:
    spec = importlib.util.find_spec("tldextract")  # finds a top-level package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("tldextract is not installed: presidio's e-mail check reads its public suffix list "
                           "(install presidio-analyzer, which depends on it)")
    return (Path(next(iter(spec.submodule_search_locations))) / ".tld_set_snapshot").read_text(encoding="utf-8")


@cache
def _public_suffixes() -> tuple[frozenset[str], frozenset[str]]:
    """The ICANN suffix rules (suffix_list.extract_tlds_from_suffix_list) as tldextract's Trie, flattened.

    A trie node is named by its path, the rule's tail: "co.uk" holds the nodes "uk" and "co.uk" (a
    label never holds a dot, so a path names one node). Returns (every node, the nodes a rule ends
    at). The sets build in ~4 ms; tldextract's Trie of objects took ~20.
    """
    public_text = _suffix_list_text().partition(_PRIVATE_SECTION)[0]
    # The one group, as tldextract's finditer takes it; compiled here, as only e-mail checks need it.
    rules: list[str] = re.findall(_SUFFIX_RULE, public_text, re.UNICODE | re.MULTILINE)
    nodes = set(rules)
    # Level by level (list comprehensions: a loop per rule took twice as long on a 7,000-rule list).
    longer = [rule for rule in rules if "." in rule]
    while longer:
        tails = [rule.partition(".")[2] for rule in longer]
        nodes.update(tails)
        longer = [tail for tail in tails if "." in tail]
    return frozenset(nodes), frozenset(rules)


def _host(value: str) -> str:
    """tldextract's remote.lenient_netloc: the host of a URL-like string, case kept."""
    slashes = value.find("//")
    if slashes == 0:
        value = value[2:]
    elif slashes >= 2 and value[slashes - 1] == ":" and set(value[:slashes - 1]) <= _SCHEME_CHARS:
        value = value[slashes + 2:]
    authority = value.partition("/")[0].partition("?")[0].partition("#")[0]
    after_userinfo = authority.rpartition("@")[2]
    if after_userinfo[:1] == "[":
        inside, bracket, _ = after_userinfo.partition("]")
        if bracket:
            return f"{inside}]"
    return after_userinfo.partition(":")[0].strip().rstrip("." + _UNICODE_DOTS)


def _decode_punycode(label: str) -> str:
    """tldextract's _decode_punycode: lower case, and an "xn--" label decoded when it can be."""
    lowered = label.lower()
    if lowered.startswith("xn--"):
        import idna  # ~25 ms, only for a punycode label

        try:
            return str(idna.decode(lowered))
        except (UnicodeError, IndexError):
            pass
    return lowered


def _public_suffix_index(labels: list[str]) -> int | None:
    """_PublicSuffixListTLDExtractor.suffix_index: where the public suffix starts, None if none."""
    nodes, rule_ends = _public_suffixes()
    path: str | None = None  # the trie node reached: None is the root
    suffix_index = label_index = len(labels)
    for label in reversed(labels):
        decoded = _decode_punycode(label)
        child = _child(decoded, path)
        if child in nodes:
            label_index -= 1
            path = child
            if child in rule_ends:
                suffix_index = label_index
            continue
        if _child("*", path) in nodes:  # `*.ck`: any label is part of the suffix, but `!www.ck` is not
            return label_index if _child("!" + decoded, path) in nodes else label_index - 1
        break
    return None if suffix_index == len(labels) else suffix_index


def _child(label: str, path: str | None) -> str:
    return label if path is None else f"{label}.{path}"


def email_domain_ok(value: str) -> bool:
    """EmailRecognizer.validate_result: `tldextract.extract(value).fqdn != ""`.

    True when the host ends in a public (ICANN) suffix with a domain label before it. tldextract's
    IPv4 and bracketed-IPv6 shortcuts are left out: they only ever give an empty suffix, and so does
    the suffix lookup for such hosts (no public suffix is a number or ends in "]").
    """
    return _host_has_fqdn(_host(value))


@lru_cache(maxsize=4096)
def _host_has_fqdn(host: str) -> bool:
    # Cached: a file's addresses share a few domains (the lookup decodes and walks every label).
    for dot in _UNICODE_DOTS:
        host = host.replace(dot, ".")
    labels = host.split(".")
    index = _public_suffix_index(labels)
    # fqdn needs both a suffix and a domain (is_private is always False without the private section).
    return index is not None and index > 0 and labels[index - 1] != "" and ".".join(labels[index:]) != ""
