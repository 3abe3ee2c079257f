"""What people actually say reaches the right answer, through the console's own NLU.

Red flags, in whatever words and on whatever intent they arrive, get urgent help first; someone
mid-cramp gets immediate relief (CrampNowIntent, or CrampSiteIntent for a foot, toes or thigh) rather
than an exercise; stretch requests still start the right stretch; medicines get the medicines answer.
Every phrase is resolved by `simulator.nlu.Nlu` against the real interaction models, and sent on
through the skill to check the words the listener hears.
"""

from __future__ import annotations

import copy
import functools
import json
from datetime import UTC, datetime

import pytest

from cramp_helper.content import LOCALES, content_for
from simulator.envelopes import Device
from simulator.nlu import DEFAULT_MODEL, FALLBACK, Nlu
from tests.chat import Chat, Reply
from tools.evaluate import unsafe_reasons, urgent_first

# English phrasings (every English locale) and Spanish ones (every Spanish locale), as people say them.
RED_FLAGS = {
    "en": [
        "my calf is swollen",
        "my leg is swollen",
        "my calf is red",
        "my leg is red",
        "my calf is hot",
        "my leg is hot",
        "my calf is warm",
        "my leg is warm",
        "my calf is red and hot",
        "one leg is swollen",
        "my calf is swollen after a cramp",
        "I'm short of breath",
        "I am short of breath",
        "I'm breathless",
        "I have chest pain",
        "my chest hurts",
        "it's been cramping for ten minutes",
        "it's been cramping for more than ten minutes",
        "the cramp won't go away",
        "the cramp won't stop",
    ],
    "es": [
        "tengo la pantorrilla hinchada",
        "tengo la pierna hinchada",
        "tengo la pantorrilla roja",
        "tengo la pierna roja",
        "tengo la pantorrilla caliente",
        "tengo la pierna caliente",
        "tengo el gemelo hinchado",
        "tengo la pantorrilla roja y caliente",
        "una pierna está hinchada",
        "tengo la pantorrilla hinchada después del calambre",
        "me falta el aire",
        "no puedo respirar",
        "me duele el pecho",
        "tengo dolor en el pecho",
        "el calambre lleva más de diez minutos",
        "el calambre no se quita",
        "el calambre no para",
    ],
}
# not samples themselves: what Alexa's NLU would still have to place, and red flags inside other requests
RED_FLAG_VARIANTS = {
    "en": [
        "my left calf is swollen",
        "my calf feels swollen",
        "my right leg is red and hot",
        "I'm really short of breath",
        "the cramp has lasted more than ten minutes",
        "I've got a cramp and my chest feels tight",
        "my calf's gone hot and puffy",
        "ow my calf is killing me and it's gone all red",
        "i've got a charley horse and my chest hurts",
        "i stepped on a rusty nail and now my legs keep cramping",
        "my leg has gone purple",
        "i think i've got a blood clot",
        "i fainted and my legs are cramping",
        "my calf has been cramping for an hour",
        "help i can't breathe",
        "should i stretch if my leg is swollen",
        "when should i see a doctor about a swollen calf",
    ],
    "es": [
        "tengo la pantorrilla izquierda hinchada",
        "siento la pantorrilla hinchada",
        "tengo la pierna derecha roja y caliente",
        "de verdad me falta el aire",
        "me dio un calambre y siento el pecho apretado",
        "se me puso la pantorrilla caliente e hinchada",
        "ay me duele muchísimo la pantorrilla y se puso toda roja",
        "se me subió el gemelo y me duele el pecho",
        "pisé un clavo oxidado y ahora me dan calambres",
        "se me puso la pierna morada",
        "creo que tengo un coágulo",
        "me desmayé y me dan calambres",
        "tengo un calambre desde hace una hora",
        "ayuda no puedo respirar",
        "puedo estirar si tengo la pierna hinchada",
        "cuándo debo ir al médico por una pantorrilla hinchada",
    ],
}
SEE_A_DOCTOR = {
    "en": [
        "my calf hurts when I walk",
        "my leg hurts when I walk",
        "when should I see a doctor",
        "should I get my cramps checked",
    ],
    "es": [
        "me duele la pantorrilla al caminar",
        "me duele la pierna cuando camino",
        "cuándo debo ir al médico",
        "debo revisarme los calambres",
    ],
}
# Numbness or weakness that stays: seen by a doctor today, at once if it came on suddenly (the nerve line).
NUMB_OR_WEAK = {
    "en": ["my leg is numb", "my calf is numb", "my leg feels weak", "my legs are weak"],
    "es": [
        "tengo la pierna entumida",
        "tengo la pierna dormida",
        "siento la pierna débil",
        "tengo las piernas débiles",
    ],
}
MID_CRAMP = {
    "en": [
        "my toes are curling",
        "ouch ouch my foot",
        "my hamstring is cramping",
        "my thigh is cramping",
        "aaah my calf",
        "help my leg",
        "how do I stop a cramp",
        "ow my thigh",
        "my calf is cramping",
        "ow my leg",
        "I have a cramp",
        "charley horse",
        "my leg's locking up",
        "it won't let go",
    ],
    "es": [
        "se me doblan los dedos de los pies",
        "ay ay mi pie",
        "se me acalambró el muslo",
        "se me acalambraron los isquiotibiales",
        "ay mi pantorrilla",
        "ayuda mi pierna",
        "cómo quito un calambre",
        "ay mi muslo",
        "se me está acalambrando la pantorrilla",
        "me dio un calambre",
        "se me subió el gemelo",
        "tengo un calambre",
        "no me suelta",
        "se me engarrotó la pierna",
    ],
}
MID_CRAMP_VARIANTS = {
    "en": ["my toes curled", "my hamstring cramped", "ouch my calf is really cramping", "cramp in my toes"],
    "es": [
        "se me doblaron los dedos",
        "se me acalambró la corva",
        "ay la pantorrilla de verdad se me está acalambrando",
        "calambre en los dedos del pie",
    ],
}
STRETCH_REQUESTS = {
    "en": [
        ("stretch my calf", "calf"),
        ("how do I stretch my hamstring", "hamstring"),
        ("toe curls", "toe_curls"),
        ("do the hamstring one", "hamstring"),
        ("the calf one", "calf"),
        ("stretch my toes", "toe_curls"),
        ("how do I stretch my calves", "calf"),
        ("my calf is tight", "calf"),
        ("hamstring stretch", "hamstring"),
    ],
    "es": [
        ("estirar la pantorrilla", "calf"),
        ("cómo estiro los isquiotibiales", "hamstring"),
        ("flexiones de los dedos", "toe_curls"),
        ("hagamos el de isquiotibiales", "hamstring"),
        ("el de pantorrilla", "calf"),
        ("estirar los dedos de los pies", "toe_curls"),
        ("cómo estiro las pantorrillas", "calf"),
        ("tengo la pantorrilla tensa", "calf"),
        ("estiramiento de isquiotibiales", "hamstring"),
        ("estirar los gemelos", "calf"),
    ],
}
OUT_OF_SCOPE = {
    "en": [
        "my belly keeps cramping up",
        "I have period cramps",
        "my hand is cramping",
        "what's the weather",
        "I have a headache",
    ],
    "es": [
        "me duele la panza",
        "tengo cólicos menstruales",
        "se me acalambra la mano",
        "qué tiempo hace",
        "me duele la cabeza",
    ],
}
QUESTIONS = {
    "en": [
        ("is it because I'm pregnant", "CauseIntent", {"cause": "pregnancy"}),
        ("is it because I am pregnant", "CauseIntent", {"cause": "pregnancy"}),
        ("is it because I'm diabetic", "CauseIntent", {"cause": "diabetes"}),
        ("what about caffeine", "PreventionIntent", {}),
        ("what about coffee", "PreventionIntent", {}),
        ("what about alcohol", "PreventionIntent", {}),
        ("how much magnesium should I take", "MedicineIntent", {"medicine": "magnesium"}),
        ("how much potassium should I take", "MedicineIntent", {"medicine": "potassium"}),
        ("should I take magnesium supplements", "MedicineIntent", {"medicine": "magnesium"}),
        ("should I take magnesium", "MedicineIntent", {"medicine": "magnesium"}),
        ("should I take quinine", "MedicineIntent", {"medicine": "quinine"}),
        ("how much quinine is safe", "MedicineIntent", {"medicine": "quinine"}),
        ("what about tonic water", "RemedyIntent", {"remedy": "tonic_water"}),  # answered as a medicine
        ("should I take painkillers", "MedicineIntent", {"medicine": "painkillers"}),
        ("could my statins be causing my cramps", "MedicineIntent", {"medicine": "statins"}),
        ("does pickle juice work", "RemedyIntent", {"remedy": "pickle_juice"}),
        ("what causes a charley horse", "CauseIntent", {}),
        ("how do I prevent leg cramps", "PreventionIntent", {}),
        ("what foods have potassium", "NutritionIntent", {"nutrient": "potassium"}),
    ],
    "es": [
        ("es porque estoy embarazada", "CauseIntent", {"cause": "pregnancy"}),
        ("será porque estoy embarazada", "CauseIntent", {"cause": "pregnancy"}),
        ("es porque soy diabética", "CauseIntent", {"cause": "diabetes"}),
        ("y la cafeína", "PreventionIntent", {}),
        ("y el café", "PreventionIntent", {}),
        ("y el alcohol", "PreventionIntent", {}),
        ("cuánto magnesio debo tomar", "MedicineIntent", {"medicine": "magnesium"}),
        ("cuánto potasio debo tomar", "MedicineIntent", {"medicine": "potassium"}),
        ("debo tomar suplementos de magnesio", "MedicineIntent", {"medicine": "magnesium"}),
        ("debo tomar magnesio", "MedicineIntent", {"medicine": "magnesium"}),
        ("debo tomar quinina", "MedicineIntent", {"medicine": "quinine"}),
        ("cuánta quinina es segura", "MedicineIntent", {"medicine": "quinine"}),
        ("y el agua tónica", "MedicineIntent", {"medicine": "tonic_water"}),
        ("debo tomar analgésicos", "MedicineIntent", {"medicine": "painkillers"}),
        ("pueden ser las estatinas las que me dan calambres", "MedicineIntent", {"medicine": "statins"}),
        ("sirve el jugo de pepinillos", "RemedyIntent", {"remedy": "pickle_juice"}),
        ("por qué se me sube el gemelo", "CauseIntent", {}),
        ("cómo prevengo los calambres", "PreventionIntent", {}),
        ("qué alimentos tienen potasio", "NutritionIntent", {"nutrient": "potassium"}),
    ],
}


def _model(locale: str) -> dict:
    return json.loads(DEFAULT_MODEL.with_name(f"{locale}.json").read_text(encoding="utf-8"))


@functools.cache
def nlu_for(locale: str) -> Nlu:
    """The NLU of each locale's model (generated from its language's source, so each must route the same way)."""
    return Nlu.for_locale(locale)


def each_locale(phrases: dict[str, list]) -> list:
    """(locale, phrase…) for every published locale and every phrase in its language."""
    return [
        (locale, *(item if isinstance(item, tuple) else (item,)))
        for locale in LOCALES
        for item in phrases.get(locale.split("-")[0], ())  # a language without phrases: tests/test_languages.py
    ]


@pytest.fixture(scope="module")
def stretch_only() -> Nlu:
    """The en-US model with every custom intent's samples removed except StretchIntent's."""
    model = copy.deepcopy(_model("en-US"))
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        if intent["name"] != "StretchIntent":
            intent["samples"] = []
    return Nlu(model)


def hear(text: str, chat: Chat, nlu: Nlu | None = None) -> Reply:
    """Say `text` to the skill the way the console does: NLU, then a real request envelope."""
    resolution = (nlu or nlu_for(chat.device.locale)).resolve(text)
    return chat.send(resolution.request())


# -- routing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale, said", each_locale(RED_FLAGS) + each_locale(RED_FLAG_VARIANTS))
def test_a_red_flag_in_any_words_gets_urgent_help_first_in_every_locale(locale: str, said: str):
    resolution = nlu_for(locale).resolve(said)
    assert resolution.intent != FALLBACK, resolution
    reply = Chat(Device(locale=locale)).send(resolution.request())
    assert urgent_first(reply.text), reply.text
    assert not reply.ended  # "what else" stays possible


@pytest.mark.parametrize("locale, said", each_locale(SEE_A_DOCTOR))
def test_routine_warning_signs_reach_the_doctor_answer(locale: str, said: str):
    assert nlu_for(locale).resolve(said).intent == "DoctorIntent"


@pytest.mark.parametrize("locale, said", each_locale(NUMB_OR_WEAK))
def test_numbness_or_weakness_is_sent_to_a_doctor_today_and_at_once_if_sudden(locale: str, said: str):
    reply = Chat(Device(locale=locale)).send(nlu_for(locale).resolve(said).request())
    assert reply.text.startswith(content_for(locale)["urgent"]["nerve"]), reply.text


@pytest.mark.parametrize("locale, said", each_locale(MID_CRAMP) + each_locale(MID_CRAMP_VARIANTS))
def test_someone_mid_cramp_gets_relief_not_an_exercise(locale: str, said: str):
    assert nlu_for(locale).resolve(said).intent in ("CrampNowIntent", "CrampSiteIntent")


@pytest.mark.parametrize("locale, said", each_locale(OUT_OF_SCOPE))
def test_cramps_elsewhere_and_other_requests_reach_the_fallback(locale: str, said: str):
    resolution = nlu_for(locale).resolve(said)
    reply = Chat(Device(locale=locale)).send(resolution.request())
    assert resolution.intent in (FALLBACK, "CrampSiteIntent"), resolution
    assert reply.text.startswith(tuple(content_for(locale)["fallback"]["general"])) or reply.text.startswith(
        content_for(locale)["fallback"]["out_of_scope"]
    )
    assert content_for(locale)["safety_line"] in reply.text  # the fallback's one safety line


@pytest.mark.parametrize("said", RED_FLAGS["en"] + MID_CRAMP["en"])
def test_no_stretch_sample_captures_a_red_flag_or_a_cramp_happening_now(stretch_only: Nlu, said: str):
    resolution = stretch_only.resolve(said)
    assert not (resolution.intent == "StretchIntent" and resolution.score == 1.0), resolution


def test_no_spanish_stretch_sample_captures_a_red_flag_or_a_cramp_happening_now():
    model = copy.deepcopy(_model("es-US"))
    for intent in model["interactionModel"]["languageModel"]["intents"]:
        if intent["name"] != "StretchIntent":
            intent["samples"] = []
    stretch_only = Nlu(model, "es")
    for said in RED_FLAGS["es"] + MID_CRAMP["es"]:
        resolution = stretch_only.resolve(said)
        assert not (resolution.intent == "StretchIntent" and resolution.score == 1.0), resolution


@pytest.mark.parametrize("locale, said, stretch", each_locale(STRETCH_REQUESTS))
def test_stretch_requests_still_start_the_right_stretch(locale: str, said: str, stretch: str):
    resolution = nlu_for(locale).resolve(said)
    assert (resolution.intent, resolution.resolved) == ("StretchIntent", {"stretch": stretch})


@pytest.mark.parametrize("locale, said, intent, slots", each_locale(QUESTIONS))
def test_questions_about_causes_food_and_medicines(locale: str, said: str, intent: str, slots: dict[str, str]):
    resolution = nlu_for(locale).resolve(said)
    assert (resolution.intent, resolution.resolved) == (intent, slots)


# -- what the listener hears ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "said, first_words",
    [
        ("my calf is swollen", "Get urgent medical help today: this could be a blood clot."),
        ("I'm short of breath", "Call 911 now."),
        ("it's been cramping for ten minutes", "A cramp lasting more than about ten minutes that won't ease"),
        ("I've got a cramp and my chest feels tight", "Call 911 now."),
        ("i stepped on a rusty nail and now my legs keep cramping", "Get urgent medical help now: cramps, a stiff jaw"),
    ],
)
def test_a_red_flag_is_answered_with_its_urgent_line_first_never_whispered(
    chat: Chat, alexa_api, said: str, first_words: str
):
    night = Chat(Device(now=datetime(2026, 12, 1, 3, 0, tzinfo=UTC), api_endpoint=alexa_api.endpoint))
    assert night.say("CauseIntent").ssml.startswith('<speak><prosody volume="soft">')  # it is night there
    for listener in (chat, night):
        reply = hear(said, listener)
        assert reply.text.startswith(first_words), reply.text
        assert not reply.ssml.startswith('<speak><prosody volume="soft">')
        assert reply.text.endswith("Is there anything else I can help with?") and not reply.ended


def test_a_puffy_calf_in_words_no_model_value_lists_gets_the_clot_line_and_no_rubbing(chat: Chat):
    reply = hear("my calf is puffy and funny looking", chat)
    assert reply.text.startswith("Get urgent medical help today: this could be a blood clot.")
    assert "Don't rub or stretch the leg" in reply.text and "pull your toes" not in reply.text


def test_a_symptom_nothing_places_gets_the_urgent_signs_and_no_self_care(chat: Chat):
    reply = hear("my leg is being weird", chat)
    assert reply.text.startswith("If your leg is swollen, red or hot, or you have chest pain or trouble breathing")
    assert reply.text.endswith("say: I have a cramp.") and not reply.ended
    for harmful in ("rub", "stretch", "walk", "warmth", "toes"):
        assert harmful not in reply.text.lower(), harmful


@pytest.mark.parametrize("said", ["I have a cramp", "how do I stop a cramp", "my calf is cramping"])
def test_a_cramp_now_is_answered_with_relief_first(chat: Chat, said: str):
    reply = hear(said, chat)
    assert reply.text.startswith("Straighten your leg and pull your toes up toward your shin.")
    assert "Step 1" not in reply.text
    assert "get urgent medical help" in reply.text  # the one safety line


@pytest.mark.parametrize(
    "said, move",
    [
        ("my thigh is cramping", "pull your foot back toward your bottom"),
        ("my foot is cramping", "press your foot flat"),
        ("my hamstring is cramping", "lean gently toward your toes"),
        ("my shin is cramping", "point your foot and toes down"),
        ("the front of my shin has gone into a spasm", "point your foot and toes down"),
    ],
)
def test_a_cramp_in_the_foot_or_thigh_gets_the_move_for_that_muscle(chat: Chat, said: str, move: str):
    reply = hear(said, chat)
    assert move in reply.text and "get urgent medical help" in reply.text


@pytest.mark.parametrize(
    "locale, said", [("es-US", "tengo un calambre en la espinilla"), ("es-ES", "tengo una rampa en la espinilla")]
)
def test_a_cramp_in_the_shin_gets_its_move_in_spanish(locale: str, said: str):
    reply = hear(said, Chat(Device(locale=locale)))
    assert reply.text.startswith(content_for(locale)["topics"]["items"]["shin"]), reply.text


@pytest.mark.parametrize(
    "said",
    [
        "should I take quinine",
        "how much quinine is safe",
        "is tonic water good for cramps",
        "my nan swears by tonic water",
    ],
)
def test_quinine_and_tonic_water_are_only_ever_warned_against(chat: Chat, said: str):
    text = hear(said, chat).text
    assert "quinine" in text.lower() and not unsafe_reasons(text)
    assert "isn't recommended" in text or "don't" in text.lower()


def test_a_supplement_amount_question_gets_no_amount(chat: Chat):
    text = hear("how much magnesium should I take", chat).text
    assert "unlikely to help" in text and "pharmacist" in text
    assert not any(ch.isdigit() for ch in text)


def test_a_medicine_that_can_cause_cramps_is_never_to_be_stopped_alone(chat: Chat):
    text = hear("could my statins be causing my cramps", chat).text
    assert "Don't stop a medicine on your own" in text and "doctor or pharmacist" in text


def test_when_to_see_a_doctor_is_short_then_offers_the_rest(chat: Chat):
    first = hear("when should I see a doctor", chat)
    assert len(first.text.split()) <= 60 and first.text.endswith("when else to see a doctor?")
    assert "See your doctor" in chat.say("AMAZON.YesIntent").text


def test_pregnancy_and_caffeine_get_sensible_answers(chat: Chat):
    assert "common in pregnancy" in hear("is it because I'm pregnant", chat).text
    assert "limit alcohol and caffeine" in hear("what about caffeine", chat).text


def test_the_hamstring_one_starts_the_hamstring_stretch(chat: Chat):
    text = hear("do the hamstring one", chat).text
    assert "hamstring stretch" in text and "Step 1 of 2" in text


def test_british_doctor_advice_sends_to_the_gp(chat: Chat):
    british = Chat(Device(locale="en-GB"))
    resolution = Nlu(_model("en-GB")).resolve("should I see my G. P.")
    assert "Call 999" in british.send(resolution.request()).text
    assert "See your GP" in british.say("AMAZON.YesIntent").text


def test_asking_for_a_reminder_without_a_time_asks_one_question_last(chat: Chat):
    text = hear("remind me to stretch", chat).text
    assert text.count("?") == 1 and text.endswith("?")
    assert "nine PM" in text


# -- what the listener hears, in Spanish -----------------------------------------------------------

SPANISH = [locale for locale in LOCALES if locale.startswith("es-")]


@pytest.mark.parametrize("locale", SPANISH)
@pytest.mark.parametrize(
    "said, line",
    [
        ("tengo la pantorrilla hinchada", "clot"),
        ("me falta el aire", "emergency"),
        ("el calambre lleva más de diez minutos", "long_cramp"),
        ("me dio un calambre y siento el pecho apretado", "emergency"),
        ("pisé un clavo oxidado y ahora me dan calambres", "wound"),
    ],
)
def test_a_spanish_red_flag_gets_its_urgent_line_first_never_whispered(locale: str, said: str, line: str):
    urgent = content_for(locale)["urgent"]
    at_night = Device(locale=locale, now=datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    for listener in (Chat(Device(locale=locale)), Chat(at_night)):
        reply = hear(said, listener)
        assert reply.text.startswith(urgent[line]), reply.text
        assert not reply.ssml.startswith('<speak><prosody volume="soft">')
        assert reply.text.endswith(urgent["follow_up"]) and not reply.ended


def test_spain_is_told_to_call_112_and_the_americas_911():
    assert "112" in hear("me duele el pecho", Chat(Device(locale="es-ES"))).text
    for locale in ("es-US", "es-MX"):
        assert "911" in hear("me duele el pecho", Chat(Device(locale=locale))).text


@pytest.mark.parametrize("locale", SPANISH)
@pytest.mark.parametrize(
    "said", ["tengo un calambre", "me dio un calambre", "se me subió el gemelo", "cómo quito un calambre"]
)
def test_a_spanish_cramp_now_is_answered_with_relief_first(locale: str, said: str):
    words = content_for(locale)
    reply = hear(said, Chat(Device(locale=locale)))
    assert reply.text.startswith(words["cramp_now"]["steps"]), reply.text
    assert words["cramp_now"]["warning"] in reply.text  # the one safety line


@pytest.mark.parametrize("locale", SPANISH)
@pytest.mark.parametrize(
    "said",
    [
        "debo tomar quinina",
        "cuánta quinina es segura",
        "el agua tónica es buena para los calambres",
        "mi abuela jura por el agua tónica",
    ],
)
def test_quinine_and_tonic_water_are_only_ever_warned_against_in_spanish(locale: str, said: str):
    text = hear(said, Chat(Device(locale=locale))).text
    assert "quinina" in text.lower() and not unsafe_reasons(text)
    assert "no se recomienda" in text or "no " in text.lower()


@pytest.mark.parametrize("locale", SPANISH)
def test_a_spanish_supplement_amount_question_gets_no_amount(locale: str):
    text = hear("cuánto magnesio debo tomar", Chat(Device(locale=locale))).text
    assert text.startswith(content_for(locale)["medicines"]["items"]["magnesium"])
    assert not any(ch.isdigit() for ch in text)


@pytest.mark.parametrize("locale", SPANISH)
def test_a_medicine_that_can_cause_cramps_is_never_to_be_stopped_alone_in_spanish(locale: str):
    text = hear("pueden ser las estatinas las que me dan calambres", Chat(Device(locale=locale))).text
    assert "No dejes un medicamento por tu cuenta" in text and "farmacéutico" in text and not unsafe_reasons(text)


@pytest.mark.parametrize("locale", SPANISH)
def test_when_to_see_a_doctor_in_spanish_is_short_then_offers_the_rest(locale: str):
    words = content_for(locale)["doctor"]
    chat = Chat(Device(locale=locale))
    first = hear("cuándo debo ir al médico", chat)
    assert len(first.text.split()) <= 60 and first.text.endswith(words["routine_offer"])
    assert words["routine"] in chat.say("AMAZON.YesIntent").text


@pytest.mark.parametrize("locale", SPANISH)
def test_a_spanish_reminder_time_is_understood_and_said_back_in_words(locale: str):
    chat = Chat(Device(locale=locale))
    asked = hear("recuérdame estirar", chat).text
    assert asked.count("?") == 1 and asked.endswith("?") and "las nueve de la noche" in asked
    assert "las diez y media de la noche" in hear("a las diez y media de la noche", chat).text
    assert "las nueve y cuarto de la noche" in hear("recuérdame estirar a las nueve y cuarto de la noche", chat).text
