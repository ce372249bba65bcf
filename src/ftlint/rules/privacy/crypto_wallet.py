"""PI007 crypto-wallet."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.rules.privacy._base import PiiRule


class CryptoWallet(PiiRule):
    """Text holds a Bitcoin wallet address.

    ## What it does
    Finds Bitcoin addresses (legacy `1...`, script `3...` and bech32 `bc1...`) with
    presidio-analyzer, which checks their checksum.

    Reports show the first and last three characters (`1Bo***pyT`) unless `--show-pii` is given.

    ## Why it matters
    A wallet address ties a person to every payment they made.

    ## Example
    `"content": "Send it to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each address with `<WALLET_1>`, `<WALLET_2>`...

    ## Options
    `allow`, `min-score`, `placeholder`.
    """

    code = "PI007"
    name = "crypto-wallet"
    default_severity = Severity.WARNING
    entity, label, labels, token = "CRYPTO", "wallet address", "wallet addresses", "WALLET"
