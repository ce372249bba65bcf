"""PI006 ip-address."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.core.option_types import AllowPattern
from ftlint.privacy.detect import ALLOWED_BY_DEFAULT, plausible_ip
from ftlint.rules.privacy._base import PiiOptions, PiiRule


class IpOptions(PiiOptions):
    # Addresses that identify no one: loopback, unspecified, private and link-local networks, and
    # the ranges reserved for documentation (RFC 5737, RFC 3849).
    allow: list[AllowPattern] = list(ALLOWED_BY_DEFAULT["IP_ADDRESS"])


class IpAddress(PiiRule):
    """Text holds a public IP address.

    ## What it does
    Finds IPv4 and IPv6 addresses with presidio-analyzer. Loopback, unspecified, private
    (10/8, 172.16/12, 192.168/16, fc00::/7), link-local and documentation addresses are allowed
    by default: they point at no one. Four dotted numbers that are a version are not reported:
    named as one (`version 4.2.1.0`, `v8.1.1.6`, `Chrome/120.0.6099.109`) or part of a longer dotted
    run (the OID `1.3.6.1.4.1.311`); an address written alone is reported (`4.2.1.0`), since an
    address is what four dotted numbers usually are.

    Reports show the first part only (`81.*.*.*`) unless `--show-pii` is given.

    ## Why it matters
    A public address can identify a person or a company's servers; logs pasted into support
    chats are full of them.

    ## Example
    `"content": "The request came from 81.2.69.160"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each address with `<IP_1>`, `<IP_2>`...

    ## Options
    `allow`, `min-score`, `placeholder`.
    """

    code = "PI006"
    name = "ip-address"
    default_severity = Severity.WARNING
    entity, label, labels, token = "IP_ADDRESS", "IP address", "IP addresses", "IP"
    Options = IpOptions

    def plausible(self, text: str, start: int, end: int) -> bool:
        return plausible_ip(text, start, end)
