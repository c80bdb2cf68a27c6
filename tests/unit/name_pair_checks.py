"""What the name-rule tests of issue 17 ask of a pair of spellings, in one place: the
score both ways, a shared index key, and a registration found through a real vault."""

from __future__ import annotations

from pathlib import Path

from app.domain.duplicates import Profile, blocking_keys, score


def both_ways(a: str, b: str) -> float:
    """The lower of the two directions' name scores."""
    return min(
        score(Profile((a,)), Profile((b,))).name_score,
        score(Profile((b,)), Profile((a,))).name_score,
    )


def share_a_key(a: str, b: str) -> bool:
    """Whether the candidate index would put the two side by side at all."""
    return bool(blocking_keys(Profile((a,))) & blocking_keys(Profile((b,))))


def registered_then_found(vault_dir: Path, pairs: tuple[tuple[str, str], ...], age: int) -> None:
    """Register each pair's first given name (family "Test"), then look for duplicates of a
    draft typed with its second: the first registration must be among them."""
    from app.domain.case import Birth, CaseDraft, Names
    from app.services import auth, cases
    from tests.conftest import MANAGER, MANAGER_PASS

    session = auth.sign_in(vault_dir, MANAGER, MANAGER_PASS)
    try:
        for registered, typed in pairs:
            draft = CaseDraft(
                names=Names(given=registered, family="Test"), birth=Birth(declared_age=age)
            )
            case_id = cases.register_case(session, draft).id
            again = CaseDraft(
                names=Names(given=typed, family="Test"), birth=Birth(declared_age=age)
            )
            found = [c.row.id for c in cases.find_duplicates(session, again)]
            assert case_id in found, typed
    finally:
        session.close()
