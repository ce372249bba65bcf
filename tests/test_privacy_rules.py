"""What the PI rules report for a record: messages, placeholders numbered per record, and a rule
whose entity the record's scan did not find returning at once."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from ftlint.core.records import Line, Record
from ftlint.rules.privacy import _base
from ftlint.rules.privacy._base import entities_found
from ftlint.rules.privacy.credit_card import CreditCardNumber
from ftlint.rules.privacy.email_address import EmailAddress
from ftlint.rules.privacy.phone_number import PhoneNumber

ASKED = ("Call me on +1 (415) 736-2671 or +1 415-736-2671, cell +1 (212) 736-4402. "
         "Mail zed.quinn@leakmail.net, a.b@mail.io, c.d@mail.io or e.f@mail.io")
ANSWERED = "Noted: +1 (415) 736 2671 and +44 20 7946 0958."


def _record(*texts: str) -> Record:
    data = {"messages": [{"role": "user" if i % 2 == 0 else "assistant", "content": text}
                         for i, text in enumerate(texts)]}
    return Record(Line(3, 0, json.dumps(data).encode(), b"\n"), data, "chat", "chat", data)


def _rule(cls: Any, show_pii: bool = False, **options: Any) -> Any:
    return cls(cls.Options(**options) if options else None, target=SimpleNamespace(show_pii=show_pii))


def test_one_value_written_two_ways_has_one_placeholder_in_the_whole_record() -> None:
    found = list(_rule(PhoneNumber).check_record(_record(ASKED, ANSWERED)))
    assert [v.pointer for v in found] == ["/messages/0/content", "/messages/1/content"]
    assert found[0].fix.edits[0].value.startswith("Call me on <PHONE_1> or <PHONE_1>, cell <PHONE_2>. Mail")
    assert found[1].fix.edits[0].value == "Noted: <PHONE_1> and <PHONE_3>."
    assert found[1].fix.edits[0].only_if == ANSWERED
    assert found[0].message == "text holds 3 phone numbers (+* (***) ***-**71, +* ***-***-**71, +* (***) ***-**02)"
    assert found[0].fix.title == "replace the phone numbers with placeholders"


def test_messages_list_three_values_then_say_there_are_more() -> None:
    masked, shown = (list(_rule(EmailAddress, show_pii=show).check_record(_record(ASKED))) for show in (False, True))
    assert masked[0].message == "text holds 4 e-mail addresses (z***@l***.net, a***@m***.io, c***@m***.io, ...)"
    assert shown[0].message == "text holds 4 e-mail addresses (zed.quinn@leakmail.net, a.b@mail.io, c.d@mail.io, ...)"


def test_the_type_placeholder_and_a_single_value() -> None:
    [found] = _rule(EmailAddress, placeholder="type").check_record(_record("Mail me: zed.quinn@leakmail.net"))
    assert found.message == "text holds an e-mail address (z***@l***.net)"
    assert found.fix.edits[0].value == "Mail me: <EMAIL>"


def test_a_card_named_as_none_is_a_warning() -> None:
    [named] = _rule(CreditCardNumber).check_record(_record("Visa 4539 1488 0343 6467"))
    [unnamed] = _rule(CreditCardNumber).check_record(_record("Reference 4539 1488 0343 6467"))
    assert named.severity is None and unnamed.severity is not None and unnamed.message.startswith("text holds a card")


def test_a_rule_whose_entity_was_not_found_returns_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    record = _record("Mail zed.quinn@leakmail.net")
    assert entities_found(record) == {"EMAIL_ADDRESS"} and record.memo["pii-entities"] == {"EMAIL_ADDRESS"}
    monkeypatch.setattr(_base, "scan", lambda *args: pytest.fail("the scan's strings were walked"))
    assert not list(_rule(PhoneNumber).check_record(record))
    assert entities_found(record) == {"EMAIL_ADDRESS"}  # from the memo
