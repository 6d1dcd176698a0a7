"""Demo scenes: what the snapshot's pictures and the UI tests need in an empty database, made
through the same services staff and visitors use (nothing here writes SQL).

- :func:`make_arrivals_demo`: keys, organisations, today's bookings and one pass text per check-in
  outcome. The other hall's pass and the altered signature are made with the pass core, exactly as
  a visitor from elsewhere or a forger would present them.
- :func:`record_demo_attempts`: visitors' quiz attempts played through real engine sessions
  (``quiz.session.SoloSession``, graded by the engine as on the touchscreen) and stored with
  ``services.quiz.record_attempt``, so the 题目统计 figures come from the same path as a visitor's.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from kiosk.clock import hall_date
from kiosk.passes.codec import PassKind, issue_pass
from kiosk.passes.keys import init_keys, load_signing_key
from kiosk.services import KioskServices
from kiosk.visits.service import VisitsService
from quiz.clock import MonotonicAdapter
from quiz.model import Question, QuestionType
from quiz.session import Mode
from quiz.session.solo import Rules, SoloSession

ORGANISATIONS = [
    ("中关村街道第一党支部", "社区"),
    ("中关村科技园区党委", "机关"),
    ("海淀区教育系统党总支", "学校"),
    ("北京市第三建筑公司党支部", "国有企业"),
    ("中共关山村支部委员会", "农村"),
    ("星火软件有限公司党支部", '"两新"组织'),
]


@dataclass
class ArrivalsDemo:
    """Pass texts for each outcome, made once by ``make_arrivals_demo``."""

    passes: dict[str, str] = field(default_factory=dict)


def make_arrivals_demo(services: KioskServices) -> ArrivalsDemo:
    """Keys (if absent), organisations, today's bookings and one pass text per outcome."""
    config, visits = services.config, services.visits
    keys = config.keys_path
    if not (keys / "signing_key.pem").exists():
        init_keys(keys)
    for name, kind in ORGANISATIONS:
        visits.organisations.add(name, kind)
    today = hall_date(services.clock.now())
    plans = [
        ("accepted", ORGANISATIONS[0][0], today, "09:00-10:30", 32, "参观学习", "张建国", "13812345678"),
        ("revoked", ORGANISATIONS[1][0], today, "10:30-12:00", 20, "重温入党誓词", "李华", "13900001111"),
        ("not_valid_today", ORGANISATIONS[2][0], today + timedelta(days=2), "14:00-15:30", 45, "专题培训",
         "王芳", "13700002222"),
        ("waiting", ORGANISATIONS[3][0], today, "14:00-15:30", 28, "观看红色影片", "赵强", "13600003333"),
        ("later", ORGANISATIONS[5][0], today, "15:30-17:00", 15, "知识竞赛", "陈静", "13500004444"),
    ]
    demo = ArrivalsDemo()
    for label, org, day, slot, headcount, purpose, contact, phone in plans:
        booking = visits.bookings.add(organisation=org, visit_date=day, slot=slot, headcount=headcount,
                                      purpose=purpose, contact=contact, phone=phone)
        demo.passes[label] = visits.passes.text(booking.id)
    visits.bookings.cancel(_booking_of(visits, ORGANISATIONS[1][0]))
    key = load_signing_key(keys)
    other = issue_pass(booking_id=uuid.uuid4(), hall_id="OTHER-HALL", valid_from=today, valid_to=today,
                       headcount=30, kind=PassKind.GROUP, signing_key=key)
    demo.passes["wrong_hall"] = other.text
    good = demo.passes["accepted"]
    flipped = "A" if good[-5] != "A" else "B"
    demo.passes["forged"] = good[:-5] + flipped + good[-4:]
    demo.passes["unreadable"] = "https://example.com/?q=hello"
    return demo


def _booking_of(visits: VisitsService, organisation: str) -> uuid.UUID:
    return next(b.id for b in visits.bookings.list_bookings() if b.organisation == organisation)


Choice = bool | str
"""What a visitor does with one question: True = the right answer, False = a wrong one, or a
letter (the visitor picks exactly that option)."""


def _choose(session: SoloSession, question: Question, choice: Choice) -> None:
    if isinstance(choice, str):
        session.select(choice)
    elif question.type is QuestionType.MULTIPLE:
        for key in question.answer if choice else [next(x for x in question.letters if x not in question.answer)]:
            session.toggle(key)
    elif question.type is QuestionType.TRUEFALSE:
        other = "false" if question.answer == ("true",) else "true"
        session.select(question.answer[0] if choice else other)
    elif question.type is QuestionType.FILL:
        session.set_text(question.answer[0] if choice else "（不知道）")
    else:
        session.select(question.answer[0] if choice else next(x for x in question.letters if x not in question.answer))


def play_attempt(services: KioskServices, bank: str, mode: Mode, questions: Sequence[Question],
                 choices: Sequence[Choice]) -> None:
    """One visitor's attempt through a real engine session, stored like the touchscreen stores it.

    A challenge session ends at its first miss, so later choices are not used."""
    clock = MonotonicAdapter(services.clock)
    session = SoloSession(list(questions), Rules(mode, end_on_miss=mode is Mode.CHALLENGE), clock)
    session.start()
    for choice in choices:
        question = session.current
        if question is None:
            break
        _choose(session, question, choice)
        session.confirm()
        session.next()
    session.finish()
    services.quiz.record_attempt(mode=mode.value, bank=bank, summary=session.summary(), records=session.records)


def single_choice(services: KioskServices, bank: str, count: int) -> list[Question]:
    return [q for q in services.quiz.bank(bank).questions if q.type is QuestionType.SINGLE][:count]


def record_demo_attempts(services: KioskServices) -> None:
    """Twelve practice attempts on one set of eight questions (one everybody gets right, one nobody
    does, one the stronger visitors get wrong — a wrong key), a few challenges and daily sets."""
    bank = services.quiz.default_bank()
    if bank is None:
        return
    questions = single_choice(services, bank, 8)
    if len(questions) < 8:
        return
    thresholds = (0, 99, -1, 2, 4, 6, 8, 3)

    def right(ability: int, j: int) -> bool:
        if j == 2:
            return ability < 5  # the stronger half answers "wrong": a likely wrong key
        return ability >= thresholds[j]

    for ability in range(12):
        play_attempt(services, bank, Mode.PRACTICE, questions, [right(ability, j) for j in range(8)])
    for run in (3, 5, 1):
        play_attempt(services, bank, Mode.CHALLENGE, questions, [True] * run + [False])
    daily = services.quiz.daily_questions(bank, services.quiz.today())
    for ability in (2, 5, 8, 9):
        play_attempt(services, bank, Mode.DAILY, daily, [i < ability for i in range(len(daily))])
