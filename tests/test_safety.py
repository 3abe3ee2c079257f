"""What the person said decides: every red flag, in every locale, by the model's value or in words no model
lists, gets its urgent line first and nothing after it that could harm; urgent replies are urgent wherever
they are made (never whispered, session open, titled as urgent); quinine and tonic are always warned against.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cramp_helper.content import LOCALES, content_for
from cramp_helper.red_flags import RED_FLAGS
from simulator.envelopes import Device, intent_request
from simulator.nlu import Nlu
from tests.chat import Chat, load_model

HEARD_WORDS = Path(__file__).resolve().parents[1] / "lambda" / "cramp_helper" / "content" / "heard"
NIGHT = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 3 AM: the time zone can't be read, so UTC decides
NUMBERS = {
    "en-US": "911",
    "en-CA": "911",
    "en-GB": "999",
    "en-AU": "000",
    "en-IN": "112",
    "es-US": "911",
    "es-MX": "911",
    "es-ES": "112",
}


def symptom_words(locale: str) -> dict[str, str]:
    """A word or phrase the locale's model lists for each red flag."""
    values = next(t for t in load_model(locale)["types"] if t["name"] == "SymptomType")["values"]
    return {value["id"]: value["name"]["value"] for value in values}


def unlisted_words(locale: str) -> dict[str, str]:
    """For each red flag, a plain phrase of the language's word lists (no wildcard), as Alexa would hear it."""
    lists = json.loads((HEARD_WORDS / f"{locale.split('-')[0]}.json").read_text(encoding="utf-8"))["red_flags"]
    return {flag: next(p for p in phrases if "*" not in p and "~" not in p) for flag, phrases in lists.items()}


def assert_urgent_only(reply, locale: str, line: str) -> None:
    """The urgent line, then the one question: no rubbing, stretching, walking, warmth or stretch offer."""
    words = content_for(locale)["urgent"]
    assert reply.text == f"{words[line]} {words['follow_up']}", reply.text
    assert not reply.ended and reply.card["title"] == words["title"]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("flag", sorted(RED_FLAGS))
def test_every_red_flag_the_model_lists_gets_its_urgent_line_and_nothing_after_it(locale: str, flag: str):
    said = symptom_words(locale)[flag]
    reply = Chat(Device(locale=locale)).send(intent_request("CrampNowIntent", {"symptom": said}, {"symptom": flag}))
    assert_urgent_only(reply, locale, RED_FLAGS[flag])


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("flag", sorted(RED_FLAGS))
def test_every_red_flag_in_words_no_model_value_lists_gets_the_same_urgent_line(locale: str, flag: str):
    """Entity resolution found nothing (ER_SUCCESS_NO_MATCH): the words Alexa heard are read instead."""
    said = unlisted_words(locale)[flag]
    reply = Chat(Device(locale=locale)).send(intent_request("CrampNowIntent", {"symptom": said}, {}))
    assert_urgent_only(reply, locale, RED_FLAGS[flag])


@pytest.mark.parametrize("locale", LOCALES)
def test_urgent_help_is_never_whispered_at_night_whichever_answer_opens_with_it(alexa_api, locale: str):
    """The device's clock says 3 AM (the stand-in answers the time zone): ordinary answers are soft."""

    def at_night(intent: str, slots: dict | None = None, resolved: dict | None = None):
        chat = Chat(Device(locale=locale, now=NIGHT, api_endpoint=alexa_api.endpoint))
        return chat.send(intent_request(intent, slots or {}, resolved or {}))

    soft = '<speak><prosody volume="soft">'
    assert at_night("CauseIntent").ssml.startswith(soft)
    for intent, slots, resolved in [
        ("SymptomIntent", {"symptom": "x"}, {"symptom": "swelling"}),
        ("DoctorIntent", {}, {}),
        ("HeartIntent", {}, {}),
        ("ClotIntent", {}, {}),
    ]:
        reply = at_night(intent, slots, resolved)
        assert not reply.ssml.startswith(soft), intent
        assert reply.card["title"] == content_for(locale)["urgent"]["title"] and not reply.ended, intent


@pytest.mark.parametrize("locale", LOCALES)
def test_the_skill_cannot_call_so_it_says_to_call_the_local_number_now(locale: str):
    said = "call 911 for me" if locale.startswith("en") else "llama al 911"
    reply = Chat(Device(locale=locale)).send(Nlu.for_locale(locale).resolve(said).request())
    assert reply.text.startswith(content_for(locale)["urgent"]["call"]), reply.text
    assert NUMBERS[locale] in reply.text.split(".")[1]


@pytest.mark.parametrize(
    "locale, said",
    [
        ("en-US", "my calf cramped but it isn't swollen or hot"),
        ("en-US", "there's no swelling or redness"),
        ("es-US", "no está hinchada ni roja"),
        ("es-ES", "no tengo la pierna hinchada"),
    ],
)
def test_a_red_flag_word_said_with_no_before_it_is_not_a_red_flag(locale: str, said: str):
    reply = Chat(Device(locale=locale)).send(intent_request("CrampNowIntent", {"symptom": said}, {}))
    assert reply.text.startswith(content_for(locale)["cramp_now"]["steps"]), reply.text


@pytest.mark.parametrize(
    "locale, said",
    [
        ("en-US", "my calf is cramping but it's not swollen or red or anything, how do i get it to ease off"),
        ("en-US", "no chest pain or anything like that, just a cramp, what do i do"),
        ("es-US", "me dio un calambre pero la pierna no está hinchada ni roja qué hago para que se me quite"),
    ],
)
def test_a_cramp_said_with_signs_it_does_not_have_gets_relief_as_alexa_hears_it(locale: str, said: str):
    """The model's "not swollen" value brings the negation into the slot, where the words are read."""
    reply = hear(Chat(Device(locale=locale)), said)
    assert reply.text.startswith(content_for(locale)["cramp_now"]["steps"]), reply.text


@pytest.mark.parametrize(
    "locale, said, line",
    [
        ("en-US", "not swollen but it's red and hot", "clot"),
        ("es-US", "no está hinchada pero está roja y caliente", "clot"),
        ("en-US", "no chest pain but i can't breathe", "emergency"),
    ],
)
def test_the_not_there_value_never_hides_a_sign_said_after_it(locale: str, said: str, line: str):
    """Entity resolution may call a whole clause "no swelling": its words are read, and a sign after "but" counts."""
    reply = Chat(Device(locale=locale)).send(intent_request("CrampNowIntent", {"symptom": said}, {"symptom": "none"}))
    assert reply.text.startswith(content_for(locale)["urgent"][line].format(emergency="911")), reply.text


@pytest.mark.parametrize(
    "locale, said",
    [
        ("en-US", "will a hot water bottle help my leg cramp"),
        ("en-US", "is heat or ice better for a cramp"),
        ("es-US", "me sirve una bolsa de agua caliente para el calambre"),
    ],
)
def test_asking_about_warmth_as_a_remedy_gets_the_remedy_answer_not_the_clot_line(locale: str, said: str):
    """A remedy's "heat" is warmth for the muscle: only what is said as a symptom names a hot leg."""
    reply = Chat(Device(locale=locale)).send(Nlu.for_locale(locale).resolve(said).request())
    assert reply.text.startswith(content_for(locale)["remedies"]["items"]["heat"]), reply.text


@pytest.mark.parametrize(
    "locale, said", [("en-US", "I'm not sure if it's swollen"), ("es-MX", "no sé si está hinchada")]
)
def test_in_doubt_the_words_still_count(locale: str, said: str):
    reply = Chat(Device(locale=locale)).send(intent_request("CrampNowIntent", {"symptom": said}, {}))
    assert_urgent_only(reply, locale, "clot")


@pytest.mark.parametrize(
    "locale, said, line",
    [
        ("en-US", "I have a cramp and I can't breathe", "emergency"),
        ("en-US", "my leg is swollen after a long flight", "clot"),
        ("en-US", "the cramp woke me and now my calf is red and hot", "clot"),
        ("en-US", "after the cramp half my foot went numb and it's still numb", "nerve"),
        ("en-US", "I almost passed out when I stood up with this cramp", "faint"),
        ("en-US", "what if my leg swells up after a cramp", "clot"),
        ("en-US", "my urine is dark like cola after a hard workout", "muscle_breakdown"),
        ("en-US", "I'm dizzy and confused after a day in the heat", "heat"),
        ("en-US", "I've been vomiting all day and now I'm cramping", "dehydration"),
        ("en-US", "I got a bite and now I have a stiff neck", "wound"),
        ("en-US", "I was sanding old paint and now I'm cramping", "toxin"),
        ("en-US", "I have cramps in my chest and arms", "emergency"),
        ("en-GB", "call 999 for me", "call"),
        ("es-US", "tengo un calambre y no puedo respirar", "emergency"),
        ("es-MX", "me despertó el calambre y ahora tengo la pantorrilla roja y caliente", "clot"),
        ("es-US", "se me hinchó la pierna después de un vuelo largo", "clot"),
        ("es-ES", "llama al 112", "call"),
        ("es-US", "estuve vomitando todo el día y ahora tengo calambres", "dehydration"),
        ("es-MX", "mi orina está color coca cola", "muscle_breakdown"),
        ("es-US", "casi me desmayo cuando me levanté", "faint"),
    ],
)
def test_the_examples_people_gave_get_the_urgent_line_a_clinician_would_choose(locale: str, said: str, line: str):
    reply = Chat(Device(locale=locale)).send(Nlu.for_locale(locale).resolve(said).request())
    assert_urgent_only(reply, locale, line)


@pytest.mark.parametrize(
    "locale, said, substance",
    [
        ("en-US", "my doctor gave me Qualaquin, is that OK", "quinine"),
        ("en-US", "is magnesium better than quinine", "quinine"),
        ("en-US", "I have a gin and tonic every night for my cramps", "tonic_water"),
        ("es-US", "me tomo un gin tonic todas las noches para los calambres", "tonic_water"),
        ("es-MX", "es mejor el magnesio que la quinina", "quinine"),
    ],
)
def test_quinine_or_tonic_in_any_words_gets_the_warning(locale: str, said: str, substance: str):
    reply = Chat(Device(locale=locale)).send(Nlu.for_locale(locale).resolve(said).request())
    assert reply.text.startswith(content_for(locale)["medicines"]["items"][substance]), reply.text


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_a_symptom_in_words_nothing_places_gets_the_urgent_signs_and_no_self_care(locale: str):
    reply = Chat(Device(locale=locale)).send(intent_request("CrampNowIntent", {"symptom": "zzyzx"}, {}))
    words = content_for(locale)["urgent"]
    assert reply.text == f"{words['unmatched']} {words['unplaced_hint']}" and not reply.ended


@pytest.mark.parametrize(
    "locale, said, line",
    [
        ("es-US", "estoy mareado y confundido después de un día en el calor", "heat"),
        ("es-MX", "me mordió un perro y ahora tengo el cuello rígido", "wound"),
        ("es-US", "estuve lijando pintura vieja y ahora tengo calambres", "toxin"),
        ("es-ES", "tengo calambres en el pecho y los brazos", "emergency"),
        ("es-US", "me duele al respirar hondo y tengo la pierna adolorida", "emergency"),
    ],
)
def test_the_new_red_flags_in_spanish(locale: str, said: str, line: str):
    reply = Chat(Device(locale=locale)).send(Nlu.for_locale(locale).resolve(said).request())
    assert_urgent_only(reply, locale, line)


# -- collisions: each request reaches the answer it asks for -------------------------------------------------


def hear(chat: Chat, said: str):
    return chat.send(Nlu.for_locale(chat.device.locale).resolve(said).request())


@pytest.mark.parametrize(
    "locale, first, second",
    [
        ("en-US", "is it a clot or a cramp", "is it a cramp or a clot"),
        ("es-US", "es un coágulo o un calambre", "es un calambre o un coágulo"),
    ],
)
def test_clot_or_cramp_gets_the_same_calm_answer_in_either_order(locale: str, first: str, second: str):
    answers = {hear(Chat(Device(locale=locale)), said).text for said in (first, second)}
    assert answers == {f"{content_for(locale)['topics']['items']['clot']} {content_for(locale)['topics']['question']}"}


@pytest.mark.parametrize(
    "locale, said",
    [
        ("en-US", "help, my leg is cramping"),
        ("en-US", "both my calves are cramping"),
        ("es-US", "ayuda, se me está acalambrando la pierna"),
        ("es-MX", "se me acalambraron las dos pantorrillas"),
    ],
)
def test_a_cramp_happening_now_gets_relief_first_never_a_diary_entry_or_a_medicine(locale: str, said: str):
    assert hear(Chat(Device(locale=locale)), said).text.startswith(content_for(locale)["cramp_now"]["steps"])


@pytest.mark.parametrize(
    "locale, said", [("en-US", "why do my calves cramp"), ("es-US", "por qué se me acalambran las pantorrillas")]
)
def test_why_do_my_calves_cramp_is_a_question_about_causes(locale: str, said: str):
    assert hear(Chat(Device(locale=locale)), said).card["title"] == content_for(locale)["causes"]["title"]


@pytest.mark.parametrize("locale, said", [("en-US", "what was that last part"), ("es-US", "qué fue eso")])
def test_what_was_that_repeats_and_notes_nothing(locale: str, said: str):
    chat = Chat(Device(locale=locale))
    first = hear(chat, "what causes leg cramps" if locale.startswith("en") else "qué causa los calambres")
    again = hear(chat, said)
    assert again.text == first.text


@pytest.mark.parametrize("locale, said", [("en-US", "how long do I hold it"), ("es-US", "cuánto tiempo lo mantengo")])
def test_how_long_do_i_hold_it_says_the_hold_and_changes_nothing(locale: str, said: str):
    chat = Chat(Device(locale=locale))
    before = chat.say("StretchIntent", stretch=content_for(locale)["exercises"]["calf"]["slot"]["value"])
    answer = hear(chat, said)
    assert answer.text.startswith(content_for(locale)["pace"]["which"].split("{")[0]) and "20" in answer.text
    assert answer.attributes.get("pace") == before.attributes.get("pace")  # the hold is as it was


@pytest.mark.parametrize("locale, said", [("en-US", "I can't stand up"), ("es-US", "no me puedo levantar")])
def test_someone_who_cannot_stand_gets_the_calf_stretch_in_bed(locale: str, said: str):
    reply = hear(Chat(Device(locale=locale)), said)
    assert reply.text.startswith(content_for(locale)["exercises"]["lying_calf"]["intro"])


@pytest.mark.parametrize(
    "locale, said, cause",
    [
        ("en-US", "what about sleeping position", "sleeping_position"),
        ("en-US", "do my shoes cause cramps", "shoes"),
        ("en-US", "can thyroid problems cause cramps", "thyroid"),
        ("en-US", "do flat feet cause cramps", "flat_feet"),
        ("es-US", "tiene que ver la postura al dormir", "sleeping_position"),
        ("es-MX", "los zapatos dan calambres", "shoes"),
        ("es-ES", "la tiroides da calambres", "thyroid"),
        ("es-US", "el pie plano da calambres", "flat_feet"),
    ],
)
def test_the_new_causes_are_answered(locale: str, said: str, cause: str):
    assert hear(Chat(Device(locale=locale)), said).text.startswith(content_for(locale)["causes"]["items"][cause])


@pytest.mark.parametrize(
    "locale, said",
    [
        ("en-US", "what painkiller can I give my child for leg pains"),
        ("es-US", "qué le puedo dar a mi hijo para el dolor de piernas"),
    ],
)
def test_a_childs_painkiller_goes_to_a_pharmacist_with_no_dose(locale: str, said: str):
    reply = hear(Chat(Device(locale=locale)), said)
    assert reply.text.startswith(content_for(locale)["topics"]["items"]["growing_pains"])
    assert ("pharmacist" in reply.text or "farmacia" in reply.text) and not any(c.isdigit() for c in reply.text)


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
def test_help_at_night_says_everything_the_skill_can_do_diary_and_reminder_included(alexa_api, locale: str):
    chat = Chat(Device(locale=locale, now=NIGHT, api_endpoint=alexa_api.endpoint))
    helped = chat.say("AMAZON.HelpIntent")
    assert helped.ssml.startswith('<speak><prosody volume="soft">')  # still softly: it is night there
    words = content_for(locale)
    assert helped.text.startswith(words["welcome"]["night_menu"]) and words["help"]["general"] in helped.text
