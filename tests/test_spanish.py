"""Spanish (es-US, es-MX, es-ES): the same skill, every word in Spanish, the same medical care.

The words come from each locale's content (`content_for(locale)`), so these tests hold whatever the
phrasing; what they pin down is what a Spanish speaker notices: nothing falls back to English, times
are said and set in Spanish, the reminder itself speaks Spanish, and Spain hears 112 and its own words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from cramp_helper.content import LOCALES, content_for
from cramp_helper.red_flags import LINE_PRIORITY
from simulator.envelopes import Device
from tests.chat import Chat, load_model

CONTENT = Path(__file__).resolve().parents[1] / "lambda" / "cramp_helper" / "content"
SPANISH = [locale for locale in LOCALES if locale.startswith("es-")]
NINE_PM_RULE = "FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0"


def _shape(value: Any) -> Any:
    """A content tree with the words taken out: which keys, and how many phrasings in each list."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items() if key != "synonyms"}
    if isinstance(value, list):
        return [_shape(item) for item in value] if value and not isinstance(value[0], str) else "list"
    return "text"


def test_spanish_has_every_phrase_the_english_has_so_nothing_falls_back_to_english():
    english, spanish = (json.loads((CONTENT / name).read_text(encoding="utf-8")) for name in ("en.json", "es.json"))
    extra_clock = {"hours", "minutes", "periods"}  # Spanish says times in words
    english_shape, spanish_shape = _shape(english), _shape(spanish)
    for shape in (english_shape, spanish_shape):
        shape.pop("pronounce")  # how each language says its emergency number
    spanish_shape["clock"] = {k: v for k, v in spanish_shape["clock"].items() if k not in extra_clock}
    assert english_shape == spanish_shape


def test_regional_spanish_files_override_only_known_phrases():
    base = json.loads((CONTENT / "es.json").read_text(encoding="utf-8"))

    def check(override: dict, known: dict, where: str) -> None:
        for key, value in override.items():
            assert key in known, (where, key)
            if isinstance(value, dict) and key != "pronounce":  # a region may say other written forms
                check(value, known[key], f"{where}.{key}")

    for path in CONTENT.glob("es-*.json"):
        override = json.loads(path.read_text(encoding="utf-8"))
        assert override.pop("_inherits", "es") in {"es", "es-US", "es-MX", "es-ES"}, path.name
        check(override, base, path.name)


@pytest.mark.parametrize("locale", SPANISH)
def test_every_urgent_line_names_the_local_emergency_number(locale):
    number = "112" if locale == "es-ES" else "911"
    words = content_for(locale)
    lines = [words["urgent"][line] for line in ("emergency", "clot", "wound", "general")]
    lines += [words["disclaimer"], words["doctor"]["urgent"], words["topics"]["items"]["heart"]]
    assert all(number in line for line in lines), locale
    assert not any(("911" if number == "112" else "112") in line for line in lines)
    assert all(words["urgent"].get(line) for line in [*LINE_PRIORITY, "unmatched", "follow_up"])


def test_spain_says_gemelos_and_medico_de_cabecera_and_the_americas_pantorrilla():
    spain, america = content_for("es-ES"), content_for("es-US")
    assert "gemelos" in spain["exercises"]["calf"]["title"].lower()
    assert "médico de cabecera" in spain["doctor"]["routine"]
    assert "pantorrilla" in america["exercises"]["calf"]["title"].lower()
    assert "médico de cabecera" not in america["doctor"]["routine"]
    assert "paracetamol" in spain["medicines"]["items"]["painkillers"]
    assert "acetaminofén" in america["medicines"]["items"]["painkillers"]


@pytest.mark.parametrize("locale", SPANISH)
def test_launch_says_the_disclaimer_in_spanish_then_help_and_goodbye(locale):
    words = content_for(locale)
    chat = Chat(Device(locale=locale))
    first = chat.launch()
    assert words["disclaimer"] in first.text and first.text.endswith("?")
    assert words["help"]["general"] in chat.say("AMAZON.HelpIntent").text
    bye = chat.say("AMAZON.StopIntent")
    assert bye.ended and bye.text.startswith(tuple(words["goodbye"])) and bye.text.endswith(words["come_back"])


# -- reminders through the HTTPS stand-in for Alexa's APIs ---------------------------------------


@pytest.fixture(params=SPANISH)
def spanish_chat(request, alexa_api) -> Chat:
    device = Device(api_endpoint=alexa_api.endpoint, locale=request.param)
    alexa_api.grant_reminders(device.api_access_token)
    return Chat(device)


def test_a_spanish_reminder_is_confirmed_set_read_changed_and_cancelled_in_spanish(spanish_chat, alexa_api):
    locale = spanish_chat.device.locale
    words = content_for(locale)["reminders"]
    confirm = spanish_chat.say("SetReminderIntent", time="21:00")
    assert confirm.text == words["confirm"].format(time="las nueve de la noche")
    assert alexa_api.reminders == {}
    done = spanish_chat.say("AMAZON.YesIntent")
    assert words["done"].format(time="las nueve de la noche") in done.text
    (reminder,) = alexa_api.reminders.values()
    assert reminder["trigger"]["recurrence"]["recurrenceRules"] == [NINE_PM_RULE]
    spoken = reminder["alertInfo"]["spokenInfo"]["content"]
    assert spoken == [{"locale": locale, "text": words["alert_text"]}]  # the reminder itself speaks Spanish
    assert words["is_set"].format(time="las nueve de la noche") in spanish_chat.say("GetReminderIntent").text
    spanish_chat.say("SetReminderIntent", time="22:30")
    spanish_chat.say("AMAZON.YesIntent")
    assert len(alexa_api.reminders) == 1  # replaced, not added
    assert "las diez y media de la noche" in spanish_chat.say("GetReminderIntent").text
    assert words["cancelled"] in spanish_chat.say("CancelReminderIntent").text
    assert alexa_api.reminders == {}


@pytest.mark.parametrize("locale", SPANISH)
def test_without_permission_the_spanish_skill_asks_by_voice_then_sets_it(alexa_api, locale):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint, locale=locale))
    words = content_for(locale)["reminders"]
    chat.say("SetReminderIntent", time="21:00")
    asked = chat.say("AMAZON.YesIntent")
    assert words["need_permission"] in asked.text
    assert any(d.get("name") == "AskFor" for d in asked.directives)
    alexa_api.grant_reminders(chat.device.api_access_token)
    chat.device.consent_token = "granted"
    done = chat.permission_answer("ACCEPTED")
    assert words["done"].format(time="las nueve de la noche") in done.text and len(alexa_api.reminders) == 1


@pytest.mark.parametrize(
    "time, said", [("13:15", "la una y cuarto de la tarde"), ("12:30", "las doce y media del mediodía")]
)
def test_a_daytime_reminder_is_every_day_in_spanish(spanish_chat, time, said):
    words = content_for(spanish_chat.device.locale)["reminders"]
    assert spanish_chat.say("SetReminderIntent", time=time).text == words["daytime"]["confirm"].format(time=said)


def test_a_la_nueve_y_media_asks_whether_the_evening_before_setting_it(spanish_chat, alexa_api):
    words = content_for(spanish_chat.device.locale)["reminders"]
    asked = spanish_chat.say("SetReminderIntent", time="09:30")
    assert asked.text == words["which_half"].format(
        evening="las nueve y media de la noche", morning="las nueve y media de la mañana"
    )
    done = spanish_chat.say("AMAZON.YesIntent")
    assert words["done"].format(time="las nueve y media de la noche") in done.text and len(alexa_api.reminders) == 1


def test_a_reminder_in_the_small_hours_gets_bedtime_suggested_in_spanish(spanish_chat, alexa_api):
    words = content_for(spanish_chat.device.locale)["reminders"]
    reply = spanish_chat.say("SetReminderIntent", time="03:00")
    assert words["small_hours"].format(time="las tres de la madrugada") in reply.text
    assert alexa_api.reminders == {}


def test_delete_my_data_in_spanish_cancels_the_reminder_too(spanish_chat, alexa_api):
    words = content_for(spanish_chat.device.locale)
    spanish_chat.say("SetReminderIntent", time="21:00")
    spanish_chat.say("AMAZON.YesIntent")
    assert spanish_chat.say("DeleteDataIntent").text == words["data"]["confirm"]
    assert words["data"]["deleted"] in spanish_chat.say("AMAZON.YesIntent").text
    assert alexa_api.reminders == {}


# -- every intent, in Spanish, gets a Spanish answer --------------------------------------------


def _value_word(locale: str, slot_type: str, value_id: str) -> str:
    values = next(t for t in load_model(locale)["types"] if t["name"] == slot_type)["values"]
    return str(next(v for v in values if v["id"] == value_id)["name"]["value"])


ENGLISH_GIVEAWAYS = re.compile(r"\b(the|you|your|please|sorry|would|what|stretch|cramp)\b", re.IGNORECASE)


@pytest.mark.parametrize("locale", SPANISH)
def test_every_intent_is_answered_in_spanish(locale):
    slots = {
        "StretchIntent": {"stretch": _value_word(locale, "StretchType", "calf")},
        "CauseIntent": {"cause": _value_word(locale, "CauseType", "dehydration")},
        "NutritionIntent": {"nutrient": _value_word(locale, "NutrientType", "potassium")},
        "MedicineIntent": {"medicine": _value_word(locale, "MedicineType", "quinine")},
        "RemedyIntent": {"remedy": _value_word(locale, "RemedyType", "heat")},
        "CrampSiteIntent": {"muscle": _value_word(locale, "MuscleType", "foot")},
        "SymptomIntent": {"symptom": _value_word(locale, "SymptomType", "swelling")},
        "SetReminderIntent": {"time": "21:00"},
    }
    for intent in load_model(locale)["intents"]:
        reply = Chat(Device(locale=locale)).say(intent["name"], **slots.get(intent["name"], {}))
        assert not ENGLISH_GIVEAWAYS.search(reply.text), (intent["name"], reply.text)
        assert reply.card.get("title") is None or not ENGLISH_GIVEAWAYS.search(reply.card["title"])


@pytest.mark.parametrize(
    "locale, written, said",
    [("es-US", "911", "nueve uno uno"), ("es-MX", "911", "nueve uno uno"), ("es-ES", "112", "uno uno dos")],
)
def test_the_emergency_number_is_said_digit_by_digit_and_written_as_digits(locale, written, said):
    reply = Chat(Device(locale=locale)).say("SymptomIntent", symptom=_value_word(locale, "SymptomType", "chest_pain"))
    assert f'<sub alias="{said}">{written}</sub>' in reply.ssml
    assert written in reply.card["content"] and said not in reply.card["content"]


@pytest.mark.parametrize("locale", SPANISH)
def test_an_echo_show_shows_the_step_and_its_buttons_in_spanish(locale):
    words = content_for(locale)
    reply = Chat(Device(locale=locale, display="show")).say(
        "StretchIntent", stretch=_value_word(locale, "StretchType", "calf")
    )
    screen = next(d for d in reply.directives if d["type"] == "Alexa.Presentation.APL.RenderDocument")
    data = screen["datasources"]["screen"]
    assert data["title"] == words["exercises"]["calf"]["title"]
    assert data["words"] == {**words["screen"]["buttons"], **words["screen"]["hold"]}
    assert not ENGLISH_GIVEAWAYS.search(" ".join(str(value) for value in data["words"].values()))


# -- the cramp diary, pace, pause and resume, in Spanish --------------------------------------------


@pytest.mark.parametrize(
    "said, intent, slots",
    [
        ("anota un calambre", "LogCrampIntent", {}),
        ("acabo de tener un calambre en la pantorrilla izquierda", "LogCrampIntent", {"leg": "left", "muscle": "calf"}),
        ("anota que duró cinco minutos", "LogCrampIntent", {"duration": "PT5M"}),
        ("duró media hora", "LogCrampIntent", {"duration": "PT30M"}),
        (
            "tuve un calambre en el gemelo derecho a las tres de la madrugada",
            "LogCrampIntent",
            {"leg": "right", "muscle": "calf", "time": "03:00"},
        ),
        ("anota un calambre y tengo la pierna hinchada", "LogCrampIntent", {"symptom": "swelling"}),
        ("cuántos calambres he tenido esta semana", "CrampHistoryIntent", {"period": "this_week"}),
        ("cuándo fue mi último calambre", "CrampHistoryIntent", {}),
        ("lee mi diario de calambres", "CrampHistoryIntent", {}),
        ("más tiempo", "PaceIntent", {"pace": "longer"}),
        ("más despacio por favor", "PaceIntent", {"pace": "slower"}),
        ("vas muy rápido", "PaceIntent", {"pace": "slower"}),
        ("pausa", "AMAZON.PauseIntent", {}),
        ("continúa", "AMAZON.ResumeIntent", {}),
    ],
)
def test_the_console_understands_the_diary_and_pace_in_spanish(said, intent, slots):
    from simulator.nlu import Nlu

    resolution = Nlu.for_locale("es-US").resolve(said)
    assert resolution.intent == intent, resolution
    for name, value in slots.items():
        assert resolution.resolved.get(name, resolution.slots.get(name)) == value


@pytest.mark.parametrize("locale", SPANISH)
def test_a_spanish_diary_is_kept_and_read_back_with_spanish_dates(locale):
    from datetime import UTC, datetime

    words = content_for(locale)["diary"]
    chat = Chat(Device(locale=locale, now=datetime(2027, 3, 16, 7, 10, tzinfo=UTC)))  # 03:10 in New York
    asked = chat.say(
        "LogCrampIntent", leg=_value_word(locale, "LegType", "left"), muscle=_value_word(locale, "MuscleType", "calf")
    )
    assert asked.text == words["consent"]
    noted = chat.say("AMAZON.YesIntent")
    assert words["muscles"]["calf"] in noted.text and "izquierdo" in noted.text
    summary = chat.say("CrampHistoryIntent")
    assert words["card_note"] in summary.text
    card = summary.card["content"]
    assert any(day in card for day in words["weekdays"]) and any(month in card for month in words["months"])
    assert not ENGLISH_GIVEAWAYS.search(summary.text + " " + card)
