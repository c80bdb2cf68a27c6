"""app/sync/bundle.py: signed, encrypted bundles refused whole when anything is wrong."""

from __future__ import annotations

import uuid

import pytest

from app.domain import paths
from app.domain.sync import SyncChange
from app.sync import bundle, seal, wire
from app.sync.bundle import BundleRefused, Signer

CENTRE = str(uuid.uuid4())
SENDER = str(uuid.uuid4())
RECEIVER = str(uuid.uuid4())
CHEAP = seal.PassphraseCost(memory_kib=1024, iterations=1, lanes=1)


# the Ed25519 key the changes are signed with (app/sync/seal.py seal_change)
CHANGE_SIGNER = seal.new_signing_key()[0]


def _changes(key: bytes, n: int = 3, scope: str = CENTRE) -> list[wire.SealedChange]:
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


def test_a_bundle_to_a_device_opens_there_only(parties) -> None:  # type: ignore[no-untyped-def]
    signing, exchange, signers = parties
    changes = _changes(seal.new_content_key())
    data = bundle.write(
        changes,
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        to_device=(RECEIVER, exchange[1]),
    )
    assert b"Canary" not in data
    opened = bundle.open_bundle(
        data, centre_id=CENTRE, signers=signers, device=(RECEIVER, exchange[0])
    )
    assert opened.changes == changes and opened.header.sender == SENDER
    with pytest.raises(BundleRefused) as refused:
        bundle.open_bundle(
            data, centre_id=CENTRE, signers=signers, device=(RECEIVER, seal.new_exchange_key()[0])
        )
    assert refused.value.code == "damaged"
    with pytest.raises(BundleRefused) as refused:
        bundle.open_bundle(
            data, centre_id=str(uuid.uuid4()), signers=signers, device=(RECEIVER, exchange[0])
        )
    assert refused.value.code == "wrong_centre"
    with pytest.raises(BundleRefused) as refused:
        revoked = {SENDER: Signer(signing[1], "revoked")}
        bundle.open_bundle(data, centre_id=CENTRE, signers=revoked, device=(RECEIVER, exchange[0]))
    assert refused.value.code == "revoked"
    with pytest.raises(BundleRefused) as refused:
        bundle.open_bundle(data, centre_id=CENTRE, signers={}, device=(RECEIVER, exchange[0]))
    assert refused.value.code == "unknown_device"


def test_every_mutated_or_truncated_bundle_is_refused(parties) -> None:  # type: ignore[no-untyped-def]
    signing, exchange, signers = parties
    data = bundle.write(
        _changes(seal.new_content_key(), 2),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        to_device=(RECEIVER, exchange[1]),
    )
    for position in range(0, len(data), max(1, len(data) // 97)):
        mutated = bytearray(data)
        mutated[position] ^= 0x20
        with pytest.raises(BundleRefused):
            bundle.open_bundle(
                bytes(mutated), centre_id=CENTRE, signers=signers, device=(RECEIVER, exchange[0])
            )
    for cut in (0, 5, len(data) // 2, len(data) - 1):
        with pytest.raises(BundleRefused):
            bundle.open_bundle(
                data[:cut], centre_id=CENTRE, signers=signers, device=(RECEIVER, exchange[0])
            )


def test_a_bundle_signed_by_another_key_is_refused(parties) -> None:  # type: ignore[no-untyped-def]
    _, exchange, signers = parties
    forged = bundle.write(
        _changes(seal.new_content_key()),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=seal.new_signing_key()[0],
        to_device=(RECEIVER, exchange[1]),
    )
    with pytest.raises(BundleRefused) as refused:
        bundle.open_bundle(
            forged, centre_id=CENTRE, signers=signers, device=(RECEIVER, exchange[0])
        )
    assert refused.value.code == "damaged"


def test_a_passphrase_bundle_and_a_change_of_another_centre(parties) -> None:  # type: ignore[no-untyped-def]
    signing, _, signers = parties
    key = seal.new_content_key()
    data = bundle.write(
        _changes(key),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        passphrase="harbour river 7",
        cost=CHEAP,
    )
    assert (
        len(
            bundle.open_bundle(
                data, centre_id=CENTRE, signers=signers, passphrase="harbour river 7"
            ).changes
        )
        == 3
    )
    with pytest.raises(BundleRefused) as refused:
        bundle.open_bundle(data, centre_id=CENTRE, signers=signers, passphrase="harbour river 8")
    assert refused.value.code == "passphrase"
    smuggled = bundle.write(
        _changes(key, 1, scope=str(uuid.uuid4())),
        centre_id=CENTRE,
        sender=SENDER,
        signing_private=signing[0],
        passphrase="p",
        cost=CHEAP,
    )
    with pytest.raises(BundleRefused) as refused:
        bundle.open_bundle(smuggled, centre_id=CENTRE, signers=signers, passphrase="p")
    assert refused.value.code == "wrong_centre"
