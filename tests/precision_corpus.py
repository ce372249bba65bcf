"""A generated corpus of text that holds no personal data but is full of digits, dots, dashes and
`@`s: arithmetic, code, dates, versions, IDs, hashes, coordinates, scientific numbers, tables and
product codes (issue 14). Deterministic: the same seed gives the same strings."""

from __future__ import annotations

import base64
import hashlib
import random
import uuid
from collections.abc import Callable

Maker = Callable[[random.Random], str]


def _money(rng: random.Random) -> str:
    return f"${rng.randint(1, 99999):,}.{rng.randint(0, 99):02d}"


def _arithmetic(rng: random.Random) -> str:
    a, b = rng.randint(100, 99999), rng.randint(100, 99999)
    big_a, big_b = rng.randint(10**6, 10**8), rng.randint(10**5, 10**7)
    price, count = rng.randint(2, 90), rng.randint(3, 400)
    rate = rng.choice([5, 7.5, 12.5, 15, 20, 33])
    year = rng.randint(1950, 2030)
    return rng.choice([
        f"She earns {a:,}-{b:,} = ${a - b:,} <<{a}-{b}={a - b}>> more than him.",
        f"The total is {a} + {b} = <<{a}+{b}={a + b}>>{a + b} apples.",
        f"{big_a} * {big_b} = {big_a * big_b}",
        f"So the product is {big_a * big_b}.",
        f"{big_a} - {big_b} = {big_a - big_b}",
        f"Each ticket is ${price}, so {count} tickets cost {price}*{count} = ${price * count}.",
        f"A {rate}% discount on {_money(rng)} saves {_money(rng)}.",
        f"He drove {a} km in {rng.randint(2, 12)} hours at {rng.randint(40, 130)} km/h.",
        f"The field is {a} m x {b} m = {a * b} m\u00b2.",
        f"Between {year} and {year + rng.randint(1, 40)} the town grew from {a:,} to {a + b:,} people.",
        f"#### {a * b}",
        f"{a}/{rng.randint(2, 9)} = {a / 7:.4f}",
        f"The answer is {big_a / big_b:.10f}.",
        f"Range: {a}-{a + rng.randint(1, 999)} units, median {a + 17}.",
        f"{a} \u00f7 {rng.randint(2, 9)} \u2248 {a / 3:.2f}; {b} \u2212 {a} = {b - a}",
        f"Answer: ({a} + {b}) \u00d7 {price} = {(a + b) * price}",
        # Card words around amounts and sums: still arithmetic.
        f"The total payment is {big_a * big_b * 1000} dollars.",
        f"The card shop was charged {big_a} * {big_b * 100} = {big_a * big_b * 100} in all.",
        f"Billing total: ${big_a * big_b * 1000}",
    ])


def _code(rng: random.Random) -> str:
    port = rng.choice([80, 443, 3000, 5432, 6379, 8000, 8080, 8443, 9200, 27017])
    n = rng.randint(1000000, 99999999)
    return rng.choice([
        f"app.listen({port}, () => console.log('listening on http://localhost:{port}'));",
        f"MAX_INT = 0x{rng.getrandbits(32):08X}  # mask 0x{rng.getrandbits(32):08x}",
        f"sizes = [{', '.join(str(rng.randint(10**6, 10**9)) for _ in range(5))}]",
        f"const buf = new Uint8Array([{', '.join(str(rng.randint(0, 255)) for _ in range(12))}]);",
        f'  File "/srv/app/handlers.py", line {rng.randint(100, 9999)}, in handle',
        f"for (let i = 0; i < {n}; i++) {{ total += i * {rng.randint(2, 99)}; }}",
        f"created_at = {rng.randint(1500000000, 1800000000)}  # unix seconds",
        f"const t = Date.now() - {rng.randint(1500000000000, 1800000000000)};",
        f"DATABASE_URL=postgres://db.internal:{port}/orders?pool={rng.randint(5, 50)}",
        f"time.sleep({rng.randint(1000, 99999)}); retries = {rng.randint(1, 9)}",
        f"assert crc32(data) == {rng.getrandbits(32)}",
        f"SELECT * FROM orders WHERE id BETWEEN {n} AND {n + 1000} LIMIT {rng.randint(10, 500)};",
        f"{rng.randint(10, 999)}:{rng.randint(1, 80)}: error: expected ';' before '}}' token",
        f"np.random.seed({rng.randint(0, 2**31)}); x = np.zeros(({rng.randint(2, 512)}, {rng.randint(2, 512)}))",
        f"curl -s http://127.0.0.1:{port}/health && echo ok",
    ])


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(1990, 2035), rng.randint(1, 12), rng.randint(1, 28)
    hh, mm, ss = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    zone = rng.choice(["Z", "+05:30", "-08:00", "+00:00", "+0200"])
    return rng.choice([
        f"The meeting is on {y}-{m:02d}-{d:02d}.",
        f"Invoice date: {d:02d}/{m:02d}/{y}",
        f"Logged at {m:02d}.{d:02d}.{y} {hh:02d}:{mm:02d}:{ss:02d}",
        f"timestamp {y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}{zone}",
        f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{ss:02d},{rng.randint(0, 999):03d} INFO worker started",
        f"Valid from {d:02d}-{m:02d}-{y} to {d:02d}-{m:02d}-{y + 1}",
        f"Built {y}{m:02d}{d:02d}.{hh:02d}{mm:02d}",
        f"Between {y}-{m:02d}-{d:02d} - {y}-{m:02d}-{d + 1:02d} the site was down.",
        f"{y}/{m:02d}/{d:02d} {hh:02d}:{mm:02d}",
        f"Published {d} Jan {y}, updated {m}/{d}/{y % 100:02d}.",
    ])


def _version(rng: random.Random) -> str:
    a, b, c, d = rng.randint(0, 30), rng.randint(0, 99), rng.randint(0, 9999), rng.randint(0, 999)
    return rng.choice([
        f"Upgrade to version {a}.{b}.{c} before Friday.",
        f"Windows v10.0.{rng.randint(10000, 22631)}.{d}",
        f"Python 3.{rng.randint(6, 13)}.{rng.randint(0, 15)} and numpy {a}.{b}.{c}",
        f"Chrome/{rng.randint(90, 130)}.0.{rng.randint(1000, 6999)}.{d} Safari/537.36",
        f"requires `libfoo>={a}.{b},<{a + 1}.0`",
        f"Release {a}.{b}.{c}-rc.{rng.randint(1, 9)}+build.{rng.randint(1000, 99999)}",
        f"firmware {a}.{b}.{c}.{d}",
        f"build {rng.randint(10000, 99999)}.{rng.randint(1000, 9999)}",
    ])


def _identifier(rng: random.Random) -> str:
    return rng.choice([
        f"Request id {uuid.UUID(int=rng.getrandbits(128))}",
        f"Order ORD-{rng.randint(2015, 2030)}-{rng.randint(0, 999999):06d} has shipped.",
        f"Invoice INV-{rng.randint(20200101, 20301231)}-{rng.randint(0, 9999):04d}",
        f"ISBN {_isbn13(rng)}",
        f"doi:10.{rng.randint(1000, 9999)}/{rng.choice(['nature', 'j.cell', 's41586'])}.{rng.randint(10000, 99999)}",
        f"See arXiv:{rng.randint(15, 25)}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}v{rng.randint(1, 4)}",
        f"PMID: {rng.randint(10000000, 39999999)}",
        f"Ticket #{rng.randint(100000, 9999999)} was closed.",
        f"Case No. {rng.randint(1, 99)}-cv-{rng.randint(1000, 99999)}",
        f"Tracking 1Z{rng.randint(100, 999)}AA{rng.randint(10**9, 10**10 - 1)}",
    ])


def _isbn13(rng: random.Random) -> str:
    digits = [9, 7, 8] + [rng.randint(0, 9) for _ in range(9)]
    check = (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10) % 10
    s = "".join(map(str, digits)) + str(check)
    return f"{s[:3]}-{s[3]}-{s[4:7]}-{s[7:12]}-{s[12]}"


def _hash(rng: random.Random) -> str:
    blob = rng.randbytes(rng.randint(24, 60))
    return rng.choice([
        f"commit {hashlib.sha1(blob).hexdigest()}",
        f"Fixed in {hashlib.sha1(blob).hexdigest()[:7]}.",
        f"sha256:{hashlib.sha256(blob).hexdigest()}",
        f"md5 {hashlib.md5(blob).hexdigest()}  file.tar.gz",
        f"data = '{base64.b64encode(blob).decode()}'",
        f"token_type_ids: {base64.urlsafe_b64encode(blob).decode()}",
    ])


def _coordinates(rng: random.Random) -> str:
    lat, lon = rng.uniform(-89, 89), rng.uniform(-179, 179)
    return rng.choice([
        f"The station is at {abs(lat):.4f}\u00b0 {'NS'[lat < 0]}, {abs(lon):.4f}\u00b0 {'EW'[lon < 0]}.",
        f"coords = ({lat:.6f}, {lon:.6f})",
        f"{lat:.5f},{lon:.5f}",
        f"POINT({lon:.7f} {lat:.7f})",
    ])


def _scientific(rng: random.Random) -> str:
    return rng.choice([
        f"Avogadro's number is 6.022e23; we used {rng.uniform(1, 9):.3f}e{rng.randint(-30, 30)}.",
        f"k = {rng.uniform(1, 9):.3f} \u00d7 10^{rng.randint(-20, 20)} N m\u00b2/kg\u00b2",
        f"loss={rng.uniform(0, 3):.6f} lr={rng.uniform(1, 9):.1e} step={rng.randint(1000, 999999)}",
        f"p < {rng.uniform(0.0001, 0.05):.4f}, n = {rng.randint(30, 99999)}",
        f"{rng.uniform(100, 999):.2f} \u00b1 {rng.uniform(0, 9):.2f} ms",
    ])


def _table(rng: random.Random) -> str:
    cells = [str(rng.randint(1000, 9999999)) for _ in range(rng.randint(3, 6))]
    return rng.choice([
        "| " + " | ".join(cells) + " |",
        ",".join(cells),
        "\t".join(cells),
        f"{rng.randint(1990, 2030)}  {rng.randint(10**5, 10**7):,}  {rng.uniform(0, 100):.1f}%  {cells[0]}",
    ])


def _product_code(rng: random.Random) -> str:
    return rng.choice([
        f"Model RX-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}",
        f"SKU {rng.randint(100000, 999999)}-{rng.randint(100, 999)}",
        f"Part no. {rng.randint(10, 99)}-{rng.randint(1000, 9999)}-{rng.randint(100, 999)}",
        f"Serial: {rng.choice('ABCDEFGH')}{rng.randint(10**8, 10**9)}",
        f"Lot {rng.randint(100, 999)}/{rng.randint(1000, 9999)}",
    ])


def _counted(rng: random.Random) -> str:
    # Words that also say "phone" (number, call, contact, reach) before a count.
    return rng.choice([
        f"Total number of parameters: {rng.randint(10**8, 10**10)}",
        f"The number of tokens is {rng.randint(10**6, 10**9)}.",
        f"Each API call took {rng.randint(10**6, 10**8)} ns on average.",
        f"We reached {rng.randint(10**6, 10**9)} downloads last year.",
        f"Contact form submissions: {rng.randint(10**6, 10**8)}",
        f"number of rows = {rng.randint(10**6, 10**9)}",
        f"Text me the total: {rng.randint(100, 999)} + {rng.randint(1000, 9999)} = ?",
    ])


def _address_like(rng: random.Random) -> str:
    # Dotted quads that are versions or OIDs, and addresses that name no one.
    return rng.choice([
        f"firmware version {rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}",
        f"Upgraded to v{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}",
        f"OID 1.3.6.1.4.1.{rng.randint(1000, 99999)}.{rng.randint(1, 9)}",
        f"Ping 127.0.0.1 or 192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)} from the host.",
        "Email noreply@example.com or admin@localhost for help.",
        f"git clone git@github.com:org/repo-{rng.randint(1, 999)}.git",
        f"pip install pkg=={rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}",
        f"@decorator({rng.randint(1000000, 9999999)})",
        f"Tag @user{rng.randint(100, 9999)} in the commit.",
    ])


MAKERS: dict[str, Maker] = {
    "counted": _counted, "address-like": _address_like,
    "arithmetic": _arithmetic, "code": _code, "date": _date, "version": _version, "identifier": _identifier,
    "hash": _hash, "coordinates": _coordinates, "scientific": _scientific, "table": _table,
    "product code": _product_code,
}


def corpus(per_kind: int = 60, seed: int = 14) -> list[tuple[str, str]]:
    """(kind, text) pairs: `per_kind` strings of each kind."""
    rng = random.Random(seed)
    return [(kind, make(rng)) for kind, make in MAKERS.items() for _ in range(per_kind)]
