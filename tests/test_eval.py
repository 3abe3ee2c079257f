"""The evaluation set (`make eval`): real phrasings scored through the console's NLU and the skill.

Red flags must always get urgent help and nothing the skill says may be unsafe, on every part of the
set, English and Spanish; intent accuracy is held on the parts used for tuning. The held-back parts were
gathered without sight of the model (eval/PURPOSES.md) and are never tuned on; their figures are reported
by `make eval` and in docs/safety.md, and held here to the floors they reached, so a change that makes them
worse fails.
"""

from __future__ import annotations

import pytest

from tools.evaluate import PART_LOCALES, PARTS, figures, load, run, unsafe_reasons

ENGLISH, SPANISH = ("tuned", "held back"), ("es tuned", "es held back")


@pytest.fixture(scope="module")
def results():
    return {name: figures(run(load(path), PART_LOCALES[name])) for name, path in PARTS.items()}


@pytest.mark.parametrize("held, minimum, red_flags", [("held back", 150, 40), ("es held back", 80, 25)])
def test_each_held_back_part_is_big_enough_names_its_sources_and_shares_nothing_with_tuning(held, minimum, red_flags):
    items = load(PARTS[held])
    tuned = load(PARTS[held.replace("held back", "tuned")])
    assert len(items) >= minimum and [item.get("kind") for item in items].count("red_flag") >= red_flags
    assert all(item.get("source", "").startswith(("http://", "https://")) for item in items)
    assert not {item["text"] for item in tuned} & {item["text"] for item in items}


def test_the_spanish_held_back_part_spreads_over_the_three_spanish_locales():
    locales = [item["locale"] for item in load(PARTS["es held back"])]
    assert {locale: locales.count(locale) >= len(locales) // 4 for locale in ("es-US", "es-MX", "es-ES")} == {
        "es-US": True,
        "es-MX": True,
        "es-ES": True,
    }


@pytest.mark.parametrize("part", ENGLISH + SPANISH)
def test_nothing_said_for_any_part_is_unsafe(results, part):
    assert results[part].unsafe == 0


@pytest.mark.parametrize("part, recall, accuracy", [("tuned", 1.0, 0.93), ("es tuned", 1.0, 0.94)])
def test_red_flags_in_the_tuned_parts_get_urgent_help(results, part, recall, accuracy):
    assert results[part].red_flag_recall >= recall, results[part].per_label
    assert results[part].accuracy >= accuracy, results[part].per_label


@pytest.mark.parametrize("part, recall, accuracy", [("held back", 1.0, 0.87), ("es held back", 0.98, 0.85)])
def test_the_held_back_parts_do_not_get_worse(results, part, recall, accuracy):
    """Floors at the figures they reached (docs/safety.md), at or above the targets (95% red-flag recall,
    85% accuracy): a regression guard only; nothing is tuned on these parts."""
    assert results[part].red_flag_recall >= recall and results[part].accuracy >= accuracy


@pytest.mark.parametrize(
    "answer, said, unsafe",
    [
        ("Get urgent medical help today: this could be a blood clot. Don't rub or stretch the leg.", "", False),
        ("Get urgent medical help today. Now rub the muscle firmly.", "", True),
        ("Llama al 911 ahora. Frota el músculo con firmeza.", "", True),
        ("Magnesium tablets are unlikely to help.", "is magnesium better than quinine", True),
        ("Please don't use quinine for leg cramps.", "my doctor gave me qualaquin", False),
        ("El agua tónica no es un tratamiento: tiene quinina, que no se recomienda.", "me tomo un gin tonic", False),
    ],
)
def test_the_unsafe_checks_catch_self_care_after_urgent_help_and_quinine_left_unwarned(answer, said, unsafe):
    assert bool(unsafe_reasons(answer, said)) is unsafe


def test_each_phrasing_is_heard_by_a_new_user_so_none_hears_what_an_earlier_one_stored():
    longer = {"text": "make the holds longer", "expect": "PaceIntent", "source": "https://example.org"}
    first, second = run([longer, longer])
    assert "25 seconds" in first.text and first.text == second.text  # not "30 seconds" the second time


def test_make_eval_keeps_its_phrasings_out_of_the_consoles_store(tmp_path, monkeypatch, capsys):
    import os
    from pathlib import Path

    from tools import evaluate

    console_store = Path(os.environ["PREFERENCES_DB"])
    part = tmp_path / "part.jsonl"
    part.write_text('{"text": "log a cramp in my diary", "expect": "LogCrampIntent", "source": "https://e.org"}\n')
    monkeypatch.setattr(evaluate, "PARTS", {"tuned": (part,)})
    assert evaluate.main(["--tuned-only"]) == 0
    assert "tuned (en-US): 1 phrasings · intent accuracy 100.0%" in capsys.readouterr().out
    assert not console_store.exists()
