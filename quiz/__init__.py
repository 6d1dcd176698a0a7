"""Quiz engine: question model, bank importers, session state machines, scoring, item statistics.

Pure Python: no Kivy, no database, nothing from ``kiosk``. Time comes from an injected clock
(``quiz.clock``) and randomness from an injected ``random.Random``.

Where to start:

* ``quiz.importers.import_bank(path) -> ImportResult`` — xlsx / csv / GIFT / Aiken, all or nothing;
* ``quiz.xlsx_template.write_template(path)``, ``export_bank(bank, path)``;
* ``quiz.model.Bank`` / ``Question`` / ``QuestionType``; ``Bank.to_json()`` / ``Bank.from_json()``;
* ``quiz.session.practice_session`` / ``challenge_session`` / ``daily_session`` -> ``SoloSession``;
* ``quiz.contest.ContestSession`` (知识竞赛) with its append-only ``ContestEvent`` list;
* ``quiz.card.encode_card`` / ``decode_card`` (signed result card);
* ``quiz.stats.item_statistics(attempts)``.

Submodules are not imported here, so ``import quiz`` stays cheap (openpyxl loads only with
the importers or the template writer).
"""
