"""ftlint.privacy.validators gives presidio's verdicts, without importing presidio or tldextract.

Each function is compared with the recognizer method it mirrors (presidio-analyzer, imported here
only) on generated values that reach the branches: separators, checksums right and wrong, country
formats, wildcard and exception suffix rules, punycode, ports, brackets.
"""

from __future__ import annotations

import hashlib
import os
import re
import string
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ftlint.privacy import validators
from ftlint.privacy._iban_formats import IBAN_FORMATS
from ftlint.privacy.presidio import _quiet_import
from tests.conftest import REPO

_quiet_import()  # tldextract reads the suffix-list URLs when imported: the bundled list, as in ftlint

from presidio_analyzer.predefined_recognizers import (  # noqa: E402
    CreditCardRecognizer,
    CryptoRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    UsSsnRecognizer,
)

CARD = CreditCardRecognizer()
SSN = UsSsnRecognizer()
IBAN = IbanRecognizer()
IP = IpRecognizer()
CRYPTO = CryptoRecognizer()
EMAIL = EmailRecognizer()

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def presidio_verdict(method: Callable[[str], Any], value: str) -> Any:
    """presidio's answer, or the exception class it raises."""
    try:
        return method(value)
    except Exception as error:  # the class is the answer compared
        return type(error)


def test_presidio_uses_the_bundled_suffix_list() -> None:
    # Otherwise the e-mail comparisons would test a downloaded or cached list, not the one ftlint reads.
    import tldextract

    assert tldextract.tldextract.TLD_EXTRACTOR.suffix_list_urls == ()


# --- credit card -------------------------------------------------------------------------------


def _with_separators(draw: st.DrawFn, digits: str) -> str:
    return "".join(char + draw(st.sampled_from(["", "", "", "-", " ", "--", " -"])) for char in digits)


@st.composite
def card_like(draw: st.DrawFn) -> str:
    digits = draw(st.text(alphabet="0123456789", min_size=0, max_size=20))
    if draw(st.booleans()):  # make it Luhn-valid: try each last digit and keep presidio's yes
        digits = next((digits + last for last in "0123456789" if CARD.validate_result(digits + last)), digits)
    value = _with_separators(draw, digits)
    if draw(st.integers(0, 9)) == 0:  # outside the pattern's alphabet: presidio raises, ftlint says no
        value += draw(st.sampled_from(["a", "²", "٣", ".", "\t"]))
    return value


@FAST
@given(card_like())
@example("4111 1111 1111 1111")
@example("4111-1111-1111-1112")
@example("")
def test_card_checksum_matches_presidio(value: str) -> None:
    expected = presidio_verdict(CARD.validate_result, value)
    assert validators.card_checksum_ok(value) is (expected is True), (value, expected)


def test_card_checksum_examples() -> None:
    assert validators.card_checksum_ok("4111 1111 1111 1111")
    assert validators.card_checksum_ok("4212883012996")  # a Luhn-valid product code: the checksum alone says yes
    assert not validators.card_checksum_ok("4111-1111-1111-1112")
    assert not validators.card_checksum_ok("4111x1111")


# --- US SSN -------------------------------------------------------------------------------------

SSN_DIGITS = st.sampled_from("0000011666123456789")  # zeros, 6s and repeats come up often


@st.composite
def ssn_like(draw: st.DrawFn) -> str:
    groups = draw(st.sampled_from([(5, 4), (3, 6), (3, 2, 4), (9,), (3, 2, 4)]))
    parts = ["".join(draw(st.lists(SSN_DIGITS, min_size=size, max_size=size))) for size in groups]
    separators = [draw(st.sampled_from(["-", " ", ".", "-", ""])) for _ in parts[1:]]
    return parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:], strict=True))


@FAST
@given(ssn_like())
@example("078-05-1120")
@example("666-12-3456")
@example("123-45-6789")
@example("111-11-1111")
@example("123 45.6789")
@example("123-00-4567")
@example("123-45-0000")
@example("219-09-9999")
def test_ssn_invalid_matches_presidio(value: str) -> None:
    assert validators.ssn_invalid(value) is bool(SSN.invalidate_result(value)), value


def test_ssn_examples() -> None:
    assert not validators.ssn_invalid("219-09-9999")
    assert validators.ssn_invalid("219-09 9999")  # two delimiters
    assert validators.ssn_invalid("078-05-1120")  # the Woolworth sample
    assert validators.ssn_invalid("--")  # no digits: presidio would raise; never a finding


# --- IBAN ---------------------------------------------------------------------------------------

_LETTER_DIGITS = {ord(c): str(i) for i, c in enumerate(string.digits + string.ascii_uppercase)}


def iban_check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits, written out here so the test does not reuse the code it tests."""
    number = (bban + country + "00").upper().replace(" ", "").translate(_LETTER_DIGITS)
    return f"{98 - int(number) % 97:02d}"


_CLASS_ALPHABETS = {"0-9": string.digits, "A-Z": string.ascii_uppercase,
                    "a-zA-Z0-9": string.ascii_letters + string.digits, "0": "0"}


def bban_shape(country: str) -> list[tuple[str, int]]:
    """A country's format read as (alphabet, count) runs: hypothesis's from_regex took 20 ms a value."""
    pattern = IBAN_FORMATS[country]
    prefix = f"({country})[0-9]{{2}}[ ]?"
    assert pattern.startswith(prefix), pattern
    runs = re.findall(r"\(?\[([^\]]+)\](?:\[ \]\?)?\)?(?:\{(\d+)\})?", pattern[len(prefix):])
    return [(_CLASS_ALPHABETS[name], int(count or 1)) for name, count in runs]


@st.composite
def iban_like(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(sorted(IBAN_FORMATS)))
    bban = "".join(draw(st.text(alphabet=alphabet, min_size=count, max_size=count))
                   for alphabet, count in bban_shape(country))
    assert re.fullmatch(IBAN_FORMATS[country], country + "00" + bban), bban  # the shape was read right
    if draw(st.integers(0, 9)) == 0:  # another length: the check digits can still be right
        bban = bban[: draw(st.integers(0, len(bban)))] + draw(st.text(alphabet="0123456789AZaz", max_size=3))
    if draw(st.integers(0, 5)) == 0:
        country = draw(st.sampled_from(["XX", "de", "Gb", "QQ"]))  # unknown or lower-case country
    right = iban_check_digits(country, bban)
    check = right if draw(st.booleans()) else draw(st.sampled_from([f"{(int(right) + 1) % 100:02d}", "00", "99"]))
    value = country + check + bban
    if draw(st.integers(0, 3)) == 0:  # lower case: valid only through presidio's upper-case retry
        value = value[:4] + value[4:].lower()
    if draw(st.integers(0, 3)) == 0:
        value = _with_separators(draw, value)
    return value


@FAST
@given(st.one_of(iban_like(), iban_like(), st.text(alphabet="ABDEGR019 -a.é", max_size=30)))
@example("DE89 3704 0044 0532 0130 00")
@example("GB82WEST12345698765432")
@example("gb82west12345698765432")
@example("GB82 west 1234 5698 7654 32")
@example("AL47212110090000000235698741")
@example("DE89370400440532013000 2")
@example("")
@example("DE")
@example("DE89٣704")
def test_iban_verdict_matches_presidio(value: str) -> None:
    assert validators.iban_verdict(value) == IBAN.validate_result(value), value


def test_iban_examples() -> None:
    assert validators.iban_verdict("DE89 3704 0044 0532 0130 00") is True
    assert validators.iban_verdict("DE88 3704 0044 0532 0130 00") is False  # wrong check digits
    # A lower-case letter where the country's format wants an upper-case one: presidio answers None.
    assert validators.iban_verdict("GB82west12345698765432") is None
    assert validators.iban_verdict("XX89370400440532013000") is False  # no such country


# --- IP address ---------------------------------------------------------------------------------


@st.composite
def ip_like(draw: st.DrawFn) -> str:
    value = str(draw(st.ip_addresses()))
    if draw(st.booleans()):
        value += "/" + str(draw(st.integers(0, 140)))
    if draw(st.integers(0, 5)) == 0:
        value = value.replace("/", "%eth0/") if "/" in value else value + "%eth0"
    return value


@FAST
@given(st.one_of(ip_like(), st.text(alphabet="0123456789abcdefABCDEF:./%", max_size=45)))
@example("::ffff:192.168.1.1")
@example("192.168.1.256")
@example("10.0.0.1/33")
@example("fe80::1%eth0")
@example("1.2.3")
def test_ip_invalid_matches_presidio(value: str) -> None:
    assert validators.ip_invalid(value) is bool(IP.invalidate_result(value)), value


# --- crypto wallet ------------------------------------------------------------------------------

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
REAL_ADDRESSES = [
    "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",  # P2PKH (the Bitcoin wiki's example)
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",  # P2SH
    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",  # Bech32 (segwit v0)
    "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",  # Bech32m (taproot, BIP 86)
]
# BIP 173's upper-case address: valid Bech32, but presidio's check starts with a case-sensitive "bc1".
UPPER_CASE_BECH32 = "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"


def base58check(payload: bytes) -> str:
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number, encoded = int.from_bytes(raw, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        encoded = BASE58[digit] + encoded
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + encoded


def bech32_address(data: list[int], constant: int) -> str:
    """BIP 173/350's reference encoder for hrp "bc"."""
    def polymod(values: list[int]) -> int:
        checksum = 1
        for value in values:
            top = checksum >> 25
            checksum = (checksum & 0x1FFFFFF) << 5 ^ value
            for bit, generator in enumerate([0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]):
                checksum ^= generator if (top >> bit) & 1 else 0
        return checksum

    expanded = [3, 3, 0, 2, 3, *data]  # "bc" expanded: [ord >> 5] + [0] + [ord & 31]
    mod = polymod([*expanded, 0, 0, 0, 0, 0, 0]) ^ constant
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(BECH32[d] for d in data + checksum)


@st.composite
def wallet_like(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["p2pkh", "p2sh", "bech32", "bech32m", "real"]))
    if kind == "real":
        value = draw(st.sampled_from([*REAL_ADDRESSES, UPPER_CASE_BECH32]))
    elif kind in ("p2pkh", "p2sh"):
        version = b"\x00" if kind == "p2pkh" else b"\x05"
        value = base58check(version + draw(st.binary(min_size=20, max_size=20)))
    else:
        data = draw(st.lists(st.integers(0, 31), min_size=1, max_size=60))
        value = bech32_address(data, 1 if kind == "bech32" else 0x2BC830A3)
    if draw(st.booleans()):  # one character changed: the checksum should catch it
        position = draw(st.integers(3, len(value) - 1))
        value = value[:position] + draw(st.sampled_from(BASE58 + "0OIl")) + value[position + 1:]
    if draw(st.integers(0, 5)) == 0:
        value = value.upper() if draw(st.booleans()) else value[:-1] + value[-1].upper()
    return value


@FAST
@given(st.one_of(wallet_like(), st.text(alphabet="13bc" + BASE58[:12] + "0Oé ", max_size=40)))
@example("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3")
@example("bc1")
@example("1")
@example("3é")
def test_crypto_checksum_matches_presidio(value: str) -> None:
    assert validators.crypto_checksum_ok(value) is CRYPTO.validate_result(value), value


@pytest.mark.parametrize("address", REAL_ADDRESSES)
def test_real_wallet_addresses_are_valid(address: str) -> None:
    assert validators.crypto_checksum_ok(address)
    assert not validators.crypto_checksum_ok(address[:-1] + ("q" if address[-1] != "q" else "p"))


def test_upper_case_bech32_is_not_valid_as_in_presidio() -> None:
    assert not validators.crypto_checksum_ok(UPPER_CASE_BECH32)
    assert validators.crypto_checksum_ok(UPPER_CASE_BECH32.lower())


# --- e-mail domain --------------------------------------------------------------------------------

# Suffixes chosen for the rules they exercise: plain, two-level, wildcard (`*.ck`, `*.kawasaki.jp`) and
# its exceptions (`!www.ck`, `!city.kawasaki.jp`), Unicode and its punycode, a private-section suffix
# (`blogspot.com`: not public by default), and things that are no suffix at all.
SUFFIXES = ["com", "COM", "co.uk", "uk", "ck", "www.ck", "foo.ck", "kawasaki.jp", "city.kawasaki.jp",
            "rf.kawasaki.jp", "рф", "xn--p1ai", "XN--P1AI", "xn--zz", "公司.cn", "xn--55qx5d.cn", "blogspot.com",
            "github.io", "notatld", "localhost", "local", "1", "123", "", "ck.", "com.", "x--p1ai"]
LABELS = st.one_of(st.sampled_from(["www", "mail", "a", "b-c", "city", "ÿ", "müller", "xn--mller-kva", ""]),
                   st.text(alphabet="abz09-_", min_size=1, max_size=6))


@st.composite
def email_like(draw: st.DrawFn) -> str:
    labels = [*draw(st.lists(LABELS, max_size=3)), draw(st.sampled_from(SUFFIXES))]
    dot = draw(st.sampled_from([".", ".", ".", "\u3002", "\uff0e", "\uff61"]))  # the dots tldextract reads
    host = dot.join(labels)
    value = draw(st.sampled_from(["john@", "a.b@", "", "user:pw@", "x@y@"])) + host
    value += draw(st.sampled_from(["", "", "", ".", "..", ":8080", "/path", "?q=1", "#f", " ", "。"]))
    if draw(st.integers(0, 5)) == 0:
        value = draw(st.sampled_from(["http://", "//", "mailto:", "1http://", "ht tp://"])) + value
    if draw(st.integers(0, 9)) == 0:
        value = draw(st.sampled_from(["[::1]", "[2001:db8::1]:443", "1.2.3.4", "[1.2.3.4]", "[::1", "256.1.1.1"]))
    return value


@FAST
@given(st.one_of(email_like(), email_like(), st.text(alphabet="ab.:/@[]-x1。ck", max_size=20)))
@example("john@example.com")
@example("john@www.ck")
@example("john@foo.ck")
@example("john@a.city.kawasaki.jp")
@example("john@EXAMPLE.XN--P1AI")
@example("john@example.co.uk.")
@example("john@[::1]")
@example("john@localhost")
@example("")
def test_email_domain_matches_presidio(value: str) -> None:
    assert validators.email_domain_ok(value) is EMAIL.validate_result(value), value


def test_every_public_suffix_rule_matches_presidio() -> None:
    """Each ICANN rule of the list tldextract loaded, under a domain and as the whole host."""
    import tldextract

    rules = tldextract.tldextract.TLD_EXTRACTOR._get_tld_extractor().public_tlds
    assert len(rules) > 5000
    for rule in rules:
        host = rule.lstrip("!").replace("*", "any")
        for value in (f"john@shop.{host}", f"john@{host}", f"john@a.b.{host.upper()}"):
            assert validators.email_domain_ok(value) is EMAIL.validate_result(value), value


def test_email_examples() -> None:
    assert validators.email_domain_ok("john@example.com")
    assert validators.email_domain_ok("john@b.www.ck")  # `!www.ck`: www is a domain, ck the suffix
    assert not validators.email_domain_ok("john@foo.ck")  # `*.ck`: foo.ck is a suffix without a domain
    assert validators.email_domain_ok("john@shop.xn--p1ai")  # punycode of .рф
    assert not validators.email_domain_ok("john@example.notatld")
    # blogspot.com is in the list's private section, left out as presidio leaves it: com is the suffix.
    assert validators.email_domain_ok("john@blogspot.com")


# --- what running them costs ----------------------------------------------------------------------


def test_validators_import_nothing_heavy() -> None:
    code = """
import sys
from ftlint.privacy import validators as v
assert v.card_checksum_ok("4111 1111 1111 1111")
assert v.ssn_invalid("078-05-1120")
assert v.iban_verdict("DE89 3704 0044 0532 0130 00") is True
assert v.ip_invalid("1.2.3.999")
assert v.crypto_checksum_ok("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")
assert v.crypto_checksum_ok("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
assert v.email_domain_ok("john@shop.xn--p1ai")
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("presidio_analyzer", "tldextract", "requests", "spacy"))
print(heavy)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_missing_tldextract_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validators.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match="tldextract is not installed"):
        validators._suffix_list_text()
