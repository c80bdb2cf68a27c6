"""Attacks on app/sync/bundle.py (issue 16, "attack your own tools"): a bundle file is
whatever a USB stick holds. Every hostile file is refused whole with ``BundleRefused``
(a one-line reason), never a crash, a hang or gigabytes of memory."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import uuid
from pathlib import Path

import pytest

from app.domain import paths
from app.domain.sync import SyncChange
from app.sync import bundle, seal, wire
from app.sync.bundle import BundleRefused, Signer

CENTRE = str(uuid.uuid4())
OTHER_CENTRE = str(uuid.uuid4())
SENDER = str(uuid.uuid4())
RECEIVER = str(uuid.uuid4())
CHEAP = seal.PassphraseCost(memory_kib=1024, iterations=1, lanes=1)


# the Ed25519 key the changes are signed with (app/sync/seal.py seal_change)
CHANGE_SIGNER = seal.new_signing_key()[0]


def _changes(n: int = 2, scope: str = CENTRE) -> list[wire.SealedChange]:
    key = seal.new_content_key()
    return [
        wire.SealedChange(
            **seal.seal_change(
                SyncChange(
                    change_id=str(uuid.uuid4()),
                    record_id=str(uuid.uuid4()),
                    kind="case",
                    path="",
                    value={"names": {"given": f"Canary {i}"}},
                    base_id=None,
                    hlc=(1000 + i) << 16,
                    device_id=SENDER,
                    device_seq=i + 1,
                    user_id=None,
                    scope=scope,
                    model=paths.MODEL_VERSION,
                ),
                key,
                CHANGE_SIGNER,
            )
        )
        for i in range(n)
    ]


@pytest.fixture
def parties():  # type: ignore[no-untyped-def]
    signing = seal.new_signing_key()
    exchange = seal.new_exchange_key()
    return signing, exchange, {SENDER: Signer(signing[1], "active")}


def _open(data: bytes, parties, **over):  # type: ignore[no-untyped-def]
    _, exchange, signers = parties
    kwargs = {
        "centre_id": CENTRE,
        "signers": signers,
        "device": (RECEIVER, exchange[0]),
        **over,
    }
    return bundle.open_bundle(data, **kwargs)


def _signed_raw(parties, header: dict, body: bytes) -> bytes:  # type: ignore[no-untyped-def,type-arg]
    """A bundle made by hand with the sender's real key: what a rogue or buggy writer
    could produce that still verifies."""
    signing, exchange, _ = parties
    header_raw = seal.canonical(header)
    signature = seal.sign(signing[0], hashlib.sha256(header_raw + b"\n" + body).digest())
    context = b"harbour bundle v1\n" + header_raw
    boxed = seal.box(exchange[1], signature + body, context=context)
    return bundle.MAGIC + header_raw + b"\n" + boxed


def _header(count: int) -> dict:  # type: ignore[type-arg]
    return {
        "bundle_id": str(uuid.uuid4()),
        "centre_id": CENTRE,
        "sender": SENDER,
        "created_at": "2026-03-01T10:00:00+00:00",
        "count": count,
        "to": {"device": RECEIVER},
    }


def test_a_bundle_cut_at_every_byte_of_its_header_is_refused(parties) -> None:  # type: ignore[no-untyped-def]
    signing, exchange, _ = parties
    data = bundle.write(
        _changes(),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        to_device=(RECEIVER, exchange[1]),
    )
    end = data.index(b"\n", len(bundle.MAGIC)) + 1
    for cut in range(0, end + 64):
        with pytest.raises(BundleRefused) as refused:
            _open(data[:cut], parties)
        assert refused.value.code == "damaged", cut
    assert len(_open(data, parties).changes) == 2


def test_a_deeply_nested_header_is_refused_not_a_crash(parties) -> None:  # type: ignore[no-untyped-def]
    # A header line of 200,000 brackets: json.loads raises RecursionError.
    data = bundle.MAGIC + b"[" * 200_000 + b"]" * 200_000 + b"\n" + os.urandom(100)
    with pytest.raises(BundleRefused) as refused:
        bundle.read_header(data)
    assert refused.value.code == "damaged"
    with pytest.raises(BundleRefused):
        _open(data, parties)


def test_a_header_without_an_end_within_64_kib_is_refused(parties) -> None:  # type: ignore[no-untyped-def]
    data = bundle.MAGIC + b'{"a":"' + b"x" * (bundle.MAX_HEADER_BYTES + 10) + b'"}\n'
    with pytest.raises(BundleRefused) as refused:
        bundle.read_header(data)
    assert refused.value.code == "damaged"


def test_a_passphrase_cost_no_laptop_can_pay_is_refused_before_deriving(parties) -> None:  # type: ignore[no-untyped-def]
    """The cost is in the readable header: a forged file asking 4 GiB of Argon2id memory
    would exhaust the laptop before anything is verified."""
    header = {
        **_header(0),
        "to": {
            "passphrase": {
                "salt": seal.b64(os.urandom(16)),
                "memory_kib": 4 * 1024 * 1024,
                "iterations": 16,
                "lanes": 1,
            }
        },
    }
    data = bundle.MAGIC + seal.canonical(header) + b"\n" + os.urandom(200)
    with pytest.raises(BundleRefused) as refused:
        _open(data, parties, device=None, passphrase="anything")
    assert refused.value.code == "damaged"
    assert "cost" in refused.value.detail


def test_a_downgraded_passphrase_cost_does_not_open(parties) -> None:  # type: ignore[no-untyped-def]
    """The header is bound to the ciphertext: lowering its Argon2id cost (to guess the
    passphrase faster) or changing the magic's version makes the file not open."""
    signing, _, _ = parties
    data = bundle.write(
        _changes(),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        passphrase="correct horse battery",
        cost=seal.PassphraseCost(memory_kib=2048, iterations=2, lanes=1),
    )
    lowered = data.replace(b'"iterations":2', b'"iterations":1', 1)
    assert lowered != data
    with pytest.raises(BundleRefused):
        _open(lowered, parties, device=None, passphrase="correct horse battery")
    older = data.replace(b"HARBOUR-BUNDLE 1", b"HARBOUR-BUNDLE 0", 1)
    with pytest.raises(BundleRefused):
        _open(older, parties, device=None, passphrase="correct horse battery")
    assert len(_open(data, parties, device=None, passphrase="correct horse battery").changes)


def test_a_signed_gzip_bomb_is_refused_without_inflating_it(parties, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bundle, "MAX_BODY_BYTES", 1024 * 1024)
    body = gzip.compress(b"[" + b" " * (8 * 1024 * 1024) + b"]", compresslevel=9)
    assert len(body) < 64 * 1024
    data = _signed_raw(parties, _header(0), body)
    with pytest.raises(BundleRefused) as refused:
        _open(data, parties)
    assert refused.value.code == "damaged"


def test_a_signed_body_nested_too_deep_is_refused(parties) -> None:  # type: ignore[no-untyped-def]
    body = gzip.compress(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(BundleRefused) as refused:
        _open(_signed_raw(parties, _header(0), body), parties)
    assert refused.value.code == "damaged"


def test_a_bundle_for_another_centre_or_from_a_revoked_device_is_refused(parties) -> None:  # type: ignore[no-untyped-def]
    signing, exchange, signers = parties
    data = bundle.write(
        _changes(),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        to_device=(RECEIVER, exchange[1]),
    )
    with pytest.raises(BundleRefused) as refused:
        _open(data, parties, centre_id=OTHER_CENTRE)
    assert refused.value.code == "wrong_centre"
    # Rewriting the header's centre to the receiver's breaks the binding.
    moved = data.replace(CENTRE.encode(), OTHER_CENTRE.encode(), 1)
    with pytest.raises(BundleRefused) as refused:
        _open(moved, parties, centre_id=OTHER_CENTRE)
    assert refused.value.code == "damaged"
    revoked = {SENDER: Signer(signers[SENDER].signing_key, "revoked")}
    with pytest.raises(BundleRefused) as refused:
        _open(data, parties, signers=revoked)
    assert refused.value.code == "revoked"
    # A well-signed bundle whose changes carry another centre's scope.
    foreign = bundle.write(
        _changes(scope=OTHER_CENTRE),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        to_device=(RECEIVER, exchange[1]),
    )
    with pytest.raises(BundleRefused) as refused:
        _open(foreign, parties)
    assert refused.value.code == "wrong_centre"


def test_read_file_takes_an_ordinary_file_only(tmp_path: Path, parties) -> None:  # type: ignore[no-untyped-def]
    signing, exchange, _ = parties
    data = bundle.write(
        _changes(),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        to_device=(RECEIVER, exchange[1]),
    )
    real = tmp_path / "b.harbour"
    real.write_bytes(data)
    assert bundle.read_file(real) == data
    link = tmp_path / "link.harbour"
    link.symlink_to(real)
    fifo = tmp_path / "fifo.harbour"
    os.mkfifo(fifo)
    for hostile in (link, fifo, Path("/dev/zero"), tmp_path, tmp_path / "missing"):
        with pytest.raises(BundleRefused) as refused:
            bundle.read_file(hostile)  # returns at once: no hang on a FIFO or /dev/zero
        assert refused.value.code == "unreadable", hostile


def test_a_header_count_that_is_not_a_whole_number_is_refused(parties) -> None:  # type: ignore[no-untyped-def]
    for count in ("2", 2.0, True, -1, 10**30):
        header = {**_header(0), "count": count}
        data = bundle.MAGIC + seal.canonical(header) + b"\n" + os.urandom(100)
        with pytest.raises(BundleRefused) as refused:
            bundle.read_header(data)
        assert refused.value.code == "damaged", count
    assert json.loads(seal.canonical(_header(2)))["count"] == 2
