"""Build the fixture vault ``tests/data/release_vault/``: a vault written by a released
Harbour, kept so that every later schema is tested against real old files.

Run it only from a checkout of the release it stands for (the vault in git was written
by the commit named in ``tests/data/release_vault/RELEASE``):

    git worktree add /tmp/release <commit>
    cd /tmp/release && PYTHONPATH=. /path/to/.venv/bin/python tests/data/make_release_vault.py OUT

Only synthetic children. The passphrases below are the fixture's, not secrets.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from app.domain.age import AgeRange, Doubt, DoubtGround, Preconditions
from app.domain.case import (
    Birth,
    CaseDraft,
    FamilyMember,
    Language,
    Names,
)
from app.domain.information import ChildAnswer, InformationSession, ScreenShown
from app.domain.roles import Profession, Role
from app.services import age, auth, cases, information, setup, users
from app.storage.keyslots import KdfParams

MANAGER = ("Manager Fixture", "fixture anchor 42 tide")
SOCIAL = ("Social Fixture", "fixture social 2026 lamp")
DOCTOR = ("Doctor Fixture", "fixture doctor 2026 lamp")
DAY = dt.date(2026, 11, 20)


def main(out: Path) -> None:
    session, code = setup.create_vault(
        out,
        organisation="Synthetic Aid Org",
        centre="North Reception Centre",
        user_name=MANAGER[0],
        passphrase=MANAGER[1],
        kdf=KdfParams(memory_kib=1024, iterations=1, lanes=1),
    )
    users.add_user(
        session,
        name=SOCIAL[0],
        role=Role.ASSESSOR,
        profession=Profession.SOCIAL_WORKER,
        passphrase=SOCIAL[1],
    )
    users.add_user(
        session,
        name=DOCTOR[0],
        role=Role.ASSESSOR,
        profession=Profession.PAEDIATRICIAN,
        passphrase=DOCTOR[1],
    )
    first = cases.register_case(
        session,
        CaseDraft(
            names=Names(
                given="جاوید",
                family="رحیمی",
                given_latin="Javed",
                family_latin="Rahimi",
                aliases=["Jawed"],
            ),
            birth=Birth(declared_age=16),
            nationalities=["AF"],
            languages=[Language(code="prs", preferred=True), Language(code="pus")],
            family=[FamilyMember(relation="brother", name="Farid Rahimi")],
        ),
        today=DAY,
    )
    second = cases.register_case(
        session,
        CaseDraft(
            names=Names(given="Javid", family="Rahimi", given_latin="Javid", family_latin="Rahimi"),
            birth=Birth(declared_age=16),
            nationalities=["AF"],
        ),
        today=DAY,
    )
    third = cases.register_case(
        session,
        CaseDraft(
            names=Names(given="ሰላም", family="ተስፋይ", given_latin="Selam", family_latin="Tesfay"),
            birth=Birth(declared_age=14),
            nationalities=["ER"],
        ),
        today=DAY,
    )
    # An edit after registration: a second change row for one section.
    detail = cases.open_case(session, first.id)
    edited = detail.draft.model_copy(
        update={"names": detail.draft.names.model_copy(update={"aliases": ["Jawed", "Jaweed"]})}
    )
    cases.update_case(session, first.id, edited, today=DAY)
    link = cases.decide_duplicate(
        session, first.id, second.id, same_child=True, reason="same photo"
    )
    cases.save_draft(session, {"names": {"given": "Draft Child"}}, step=1)
    now = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
    information.record_session(
        session,
        InformationSession(
            language="prs",
            started_at=now,
            ended_at=now,
            screens=[
                ScreenShown(
                    screen_id="rights.1",
                    topic_id="rights",
                    seconds=20,
                    answer=ChildAnswer.UNDERSTOOD,
                )
            ],
        ),
        case_id=first.id,
    )
    session.close()

    social = auth.sign_in(out, *SOCIAL)
    started = age.start(
        social,
        third.id,
        Doubt(
            grounds=[DoubtGround.STATEMENTS],
            reason="Said 14, later 16",
            raised_by="Officer O.",
            raised_on=DAY,
        ),
        Preconditions(
            informed_on=DAY,
            informed_language="ti",
            child_consents=True,
            guardian_consents=True,
            representative="Guardian G.",
            representative_present=True,
            interpreter="Interpreter I.",
        ),
        today=DAY,
    )
    age.add_result(
        social,
        started.id,
        method_id="documents",
        age_range=None,
        performed_on=DAY,
        notes="no papers",
    )
    age.add_result(
        social,
        started.id,
        method_id="psychosocial_interview",
        age_range=AgeRange(min_age=14, max_age=17),
        performed_on=DAY,
    )
    social.close()

    (out / "RELEASE.json").write_text(
        json.dumps(
            {
                "manager": list(MANAGER),
                "social": list(SOCIAL),
                "doctor": list(DOCTOR),
                "recovery_code": code,
                "cases": {"first": first.id, "second": second.id, "third": third.id},
                "case_numbers": [first.case_number, second.case_number, third.case_number],
                "link": link,
                "assessment": started.id,
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
