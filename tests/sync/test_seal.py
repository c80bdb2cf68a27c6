"""app/sync/seal.py: sealed values bound to their identity, key wrapping, signatures."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from app.domain import paths
from app.sync import seal
from app.sync.seal import ChangeIdentity, SealError


def _identity(**changes: object) -> ChangeIdentity:
    base = ChangeIdentity(
        change_id=str(uuid.UUID(int=1)),
        record_id=str(uuid.UUID(int=2)),
        kind="case",
        path="names.given_latin",
        hlc=123456789 << 16,
        device_id=str(uuid.UUID(int=3)),
        device_seq=7,
        scope=str(uuid.UUID(int=4)),
        base_id=str(uuid.UUID(int=5)),
        model=paths.MODEL_VERSION,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_content_key_and_key_id() -> None:
    key = seal.new_content_key()
    assert len(key) == 32 and seal.new_content_key() != key
    assert len(seal.key_id(key)) == 16 and seal.key_id(key) == seal.key_id(bytes(key))


def test_a_value_opens_only_in_its_place_and_with_its_key() -> None:
    key = seal.new_content_key()
    identity = _identity()
    sealed = seal.seal_value(identity, "Amina", "u-1", key)
    assert seal.open_value(identity, sealed, key) == ("Amina", "u-1")
    assert "Amina" not in sealed and b"Amina" not in seal.unb64(sealed)
    for moved in (
        {"change_id": str(uuid.UUID(int=9))},
        {"record_id": str(uuid.UUID(int=9))},
        {"path": "names.given"},
        {"hlc": identity.hlc + 1},
        {"device_id": str(uuid.UUID(int=9))},
        {"device_seq": 8},
        {"scope": str(uuid.UUID(int=9))},
        {"base_id": None},
        {"kind": "referral"},
        {"model": 1},
    ):
        with pytest.raises(SealError):
            seal.open_value(_identity(**moved), sealed, key)
    with pytest.raises(SealError):
        seal.open_value(identity, sealed, seal.new_content_key())
    flipped = bytearray(seal.unb64(sealed))
    flipped[-1] ^= 1
    with pytest.raises(SealError):
        seal.open_value(identity, seal.b64(bytes(flipped)), key)


def test_removed_and_null_values_travel_apart() -> None:
    key = seal.new_content_key()
    identity = _identity()
    assert seal.open_value(identity, seal.seal_value(identity, paths.REMOVED, None, key), key) == (
        paths.REMOVED,
        None,
    )
    assert seal.open_value(identity, seal.seal_value(identity, None, None, key), key) == (
        None,
        None,
    )
    value = {"given": "أمينة", "aliases": ["Amina"]}
    assert seal.open_value(identity, seal.seal_value(identity, value, "u", key), key)[0] == value


def test_content_key_wrapped_to_one_device() -> None:
    key = seal.new_content_key()
    private, public = seal.new_exchange_key()
    other_private, _ = seal.new_exchange_key()
    device = str(uuid.UUID(int=3))
    wrapped = seal.wrap_content_key(key, device, public)
    assert seal.unwrap_content_key(wrapped, seal.key_id(key), device, private) == key
    with pytest.raises(SealError):
        seal.unwrap_content_key(wrapped, seal.key_id(key), device, other_private)
    with pytest.raises(SealError):  # wrapped for another device id
        seal.unwrap_content_key(wrapped, seal.key_id(key), str(uuid.UUID(int=8)), private)
    with pytest.raises(SealError):  # under another key id
        seal.unwrap_content_key(wrapped, "00" * 8, device, private)


def test_signatures() -> None:
    private, public = seal.new_signing_key()
    signature = seal.sign(private, b"bundle")
    seal.verify(public, signature, b"bundle")
    with pytest.raises(SealError):
        seal.verify(public, signature, b"bundle!")
    with pytest.raises(SealError):
        seal.verify(seal.new_signing_key()[1], signature, b"bundle")
    assert len(seal.fingerprint(public)) == 19


def test_passphrase_key_is_argon2id_with_bounded_cost() -> None:
    cost = seal.PassphraseCost(memory_kib=1024, iterations=1, lanes=1)
    salt = b"s" * 16
    key = seal.passphrase_key("river stone 12", salt, cost)
    assert (
        key
        == seal.passphrase_key("river stone 12", salt, cost)
        != seal.passphrase_key("river stone 13", salt, cost)
    )
    sealed = seal.aead_encrypt(key, b"payload", b"ad")
    assert seal.aead_decrypt(key, sealed, b"ad") == b"payload"
    with pytest.raises(SealError):
        seal.aead_decrypt(key, sealed, b"other")
    with pytest.raises(SealError):
        seal.passphrase_key("x", salt, seal.PassphraseCost(memory_kib=8, iterations=1, lanes=1))


def test_a_sync_change_round_trips_through_the_wire_model() -> None:
    from app.domain.sync import SyncChange
    from app.sync.wire import SealedChange

    key = seal.new_content_key()
    change = SyncChange(
        change_id=str(uuid.uuid4()),
        record_id=str(uuid.uuid4()),
        kind="case",
        path="",
        value={"names": {"given": "Canary Zyx"}},
        base_id=None,
        hlc=5 << 16,
        device_id=str(uuid.uuid4()),
        device_seq=1,
        user_id=str(uuid.uuid4()),
        scope=str(uuid.uuid4()),
        model=paths.MODEL_VERSION,
    )
    signing = seal.new_signing_key()
    wire = SealedChange(**seal.seal_change(change, key, signing[0]))
    assert "Canary" not in wire.model_dump_json()
    assert seal.open_change(wire, {seal.key_id(key): key}) == change
    with pytest.raises(SealError):
        seal.open_change(wire, {})
    swapped = wire.model_copy(update={"record_id": str(uuid.uuid4())})
    with pytest.raises(SealError):
        seal.open_change(swapped, {seal.key_id(key): key})


def test_a_change_verifies_with_its_devices_key_only_and_the_server_signs_the_same_bytes() -> None:
    """docs/sync.md "Signed changes": the signature covers the associated data and the
    sealed blob; the server's message (wire.change_message) is the same bytes."""
    from app.domain.sync import SyncChange
    from app.sync import wire as wire_module
    from app.sync.wire import SealedChange

    key = seal.new_content_key()
    device, other = seal.new_signing_key(), seal.new_signing_key()
    device_id = str(uuid.uuid4())
    change = SyncChange(
        change_id=str(uuid.uuid4()),
        record_id=str(uuid.uuid4()),
        kind="case",
        path="names.given_latin",
        value="Canary",
        base_id=None,
        hlc=7 << 16,
        device_id=device_id,
        device_seq=3,
        user_id=None,
        scope=str(uuid.uuid4()),
        model=paths.MODEL_VERSION,
    )
    signed = SealedChange(**seal.seal_change(change, key, device[0]))
    identity = seal.identity_of(signed)
    assert wire_module.change_message(signed) == seal.change_message(
        identity, signed.key_id, signed.sealed
    )
    assert seal.change_message(identity, signed.key_id, signed.sealed)[15:].startswith(
        identity.associated_data(signed.key_id)
    )
    seal.ChangeVerifier({device_id: [other[1], device[1]]}).verify(signed)  # an alias's owners
    for verifier, moved in [
        (seal.ChangeVerifier({device_id: [other[1]]}), signed),  # signed by another device
        (seal.ChangeVerifier({}), signed),  # a device unknown here
        (
            seal.ChangeVerifier({device_id: [device[1]]}),
            signed.model_copy(update={"device_seq": 4}),  # moved to the next sequence
        ),
        (
            seal.ChangeVerifier({device_id: [device[1]]}),
            signed.model_copy(  # another sealed value
                update={"sealed": SealedChange(**seal.seal_change(change, key, device[0])).sealed}
            ),
        ),
    ]:
        with pytest.raises(SealError):
            verifier.verify(moved)
