"""The group chosen on a quiz result (a ``quiz_attempt_organisations`` correction fact) waits in the
kiosk's outbox and travels to the real hub like every fact, inserted there once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.quizzone.attempt_groups import NO_GROUP
from kiosk.store.quiz_models import QuizAttemptOrganisation
from tests.sync.conftest import enrolled_kiosk
from tests.sync.helpers import hub_fact_ids, kiosk_fact_ids, waiting
from tests.unit.quizzone_helpers import record, summary_of

pytestmark = pytest.mark.postgres


def test_a_chosen_group_reaches_the_hub(tmp_path, content_dir, hub, hub_db) -> None:
    kiosk = enrolled_kiosk(tmp_path, "qo", content_dir, hub, hub_db)
    organisation = kiosk.visits.organisations.add("同步测试党支部", "机关")
    kiosk.sync.push()  # the organisation and anything else made so far
    records = [record("q1", ["B"], True)]
    saved = kiosk.quiz.record_attempt(mode="challenge", bank="b", summary=summary_of(records), records=records)
    choice = kiosk.quiz.choose_organisation(saved.attempt_id, organisation.id)
    assert ("quiz_attempt_organisations", str(choice)) in kiosk_fact_ids(kiosk)
    assert waiting(kiosk) >= 3  # the attempt, its answer and the choice wait in the outbox
    kiosk.sync.push()
    assert waiting(kiosk) == 0
    assert ("quiz_attempt_organisations", str(choice)) in hub_fact_ids(hub_db, {kiosk.config.device})
    with hub_db.transaction() as session:
        row = session.get(QuizAttemptOrganisation, choice)
        assert row is not None and (row.attempt_id, row.organisation_id) == (saved.attempt_id, organisation.id)
        assert session.scalars(select(QuizAttemptOrganisation.id)
                               .where(QuizAttemptOrganisation.attempt_id == saved.attempt_id)).all() == [choice]


def test_a_cleared_group_reaches_the_hub(tmp_path, content_dir, hub, hub_db) -> None:
    kiosk = enrolled_kiosk(tmp_path, "qc", content_dir, hub, hub_db)
    records = [record("q1", ["B"], True)]
    saved = kiosk.quiz.record_attempt(mode="challenge", bank="b", summary=summary_of(records), records=records)
    cleared = kiosk.quiz.choose_organisation(saved.attempt_id, None)
    assert ("quiz_attempt_organisations", str(cleared)) in kiosk_fact_ids(kiosk)
    kiosk.sync.push()
    assert waiting(kiosk) == 0
    with hub_db.transaction() as session:
        row = session.get(QuizAttemptOrganisation, cleared)
        assert row is not None and (row.attempt_id, row.organisation_id) == (saved.attempt_id, NO_GROUP)
