"""Every intent, said in every state of the conversation, gets a sensible spoken answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cramp_helper.content import LOCALES, content_for
from simulator.envelopes import Device
from tests.chat import Chat, load_model

# slot -> (its type, the value id sent); the words are the device locale's own for that id
SAMPLE_SLOTS = {
    "StretchIntent": {"stretch": ("StretchType", "calf")},
    "CauseIntent": {"cause": ("CauseType", "dehydration")},
    "NutritionIntent": {"nutrient": ("NutrientType", "potassium")},
}
# English once, Spanish of the Americas and of Spain (es-MX differs from es-US only in a few words; every
# intent is answered in es-MX too in tests/test_spanish.py)
SPOKEN_IN = [locale for locale in ("en-US", "es-US", "es-ES") if locale in LOCALES]


def word(chat: Chat, slot_type: str, value_id: str) -> str:
    """The locale's word for a slot value id ("calf": "pantorrilla" in es-US, "gemelos" in es-ES)."""
    values = next(t for t in load_model(chat.device.locale)["types"] if t["name"] == slot_type)["values"]
    return str(next(v for v in values if v["id"] == value_id)["name"]["value"])


def stretch(chat: Chat, exercise: str):
    return chat.say("StretchIntent", stretch=word(chat, "StretchType", exercise))


def slots_for(chat: Chat, intent: str) -> dict[str, str]:
    heard = {name: word(chat, *value) for name, value in SAMPLE_SLOTS.get(intent, {}).items()}
    return {"time": "21:00"} if intent == "SetReminderIntent" else heard


def _fresh(chat: Chat) -> None:
    pass


STATES: dict[str, Callable[[Chat], None]] = {
    "fresh one-shot": _fresh,
    "after launch": lambda chat: chat.launch(),
    "mid walkthrough": lambda chat: (stretch(chat, "calf"), chat.say("AMAZON.NextIntent")),
    "end of an exercise": lambda chat: (stretch(chat, "hamstring"), chat.say("AMAZON.NextIntent")),
    "mid routine": lambda chat: (chat.say("RoutineIntent"), *[chat.say("AMAZON.NextIntent") for _ in range(5)]),
    "reading a list": lambda chat: chat.say("RemedyIntent"),
    "after a red-flag answer": lambda chat: chat.say("DoctorIntent"),
    "confirming a reminder": lambda chat: chat.say("SetReminderIntent", time="21:00"),
    "confirming a deletion": lambda chat: chat.say("DeleteDataIntent"),
    "after a fallback": lambda chat: chat.say("AMAZON.FallbackIntent"),
    "paused": lambda chat: (chat.say("StretchIntent", stretch="calf"), chat.say("AMAZON.PauseIntent")),
    "offered to note a cramp": lambda chat: chat.say("CrampNowIntent"),
}
INTENTS = [intent["name"] for intent in load_model()["intents"]]


@pytest.mark.parametrize("locale", SPOKEN_IN)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("intent", INTENTS)
def test_intent_in_state_gets_a_spoken_answer_within_alexa_limits(state: str, intent: str, locale: str):
    chat = Chat(Device(locale=locale))
    STATES[state](chat)
    reply = chat.say(intent, **slots_for(chat, intent))  # Chat checks Alexa's rules on every reply
    assert content_for(locale)["error"]["general"] not in reply.text


@pytest.mark.parametrize("state", STATES)
def test_session_ended_in_any_state_is_accepted_silently(state: str):
    chat = Chat()
    STATES[state](chat)
    if chat.replies and chat.last.ended:
        return
    reply = chat.end_session("EXCEEDED_MAX_REPROMPTS")
    assert reply.response.get("outputSpeech") is None


def test_yes_and_no_mean_what_the_last_question_offered():
    chat = Chat()
    chat.say("CrampNowIntent")
    assert chat.say("AMAZON.NoIntent").text.endswith("note this cramp in your diary?")  # no check-in
    assert chat.say("AMAZON.YesIntent").text.endswith("Shall I keep it?")  # the first time: may it keep a diary
    assert "Noted in your diary" in chat.say("AMAZON.YesIntent").text
    assert "Step 1 of 5" in chat.say("AMAZON.YesIntent").text
    chat.say("PreventionIntent")
    no = chat.say("AMAZON.NoIntent")
    assert no.ended and no.text.startswith("Okay.")
    lost = chat.say("AMAZON.YesIntent")
    assert not lost.ended and lost.text.endswith("What would you like?")


def test_repeat_says_the_last_answer_again_and_next_without_a_list_reorients():
    chat = Chat()
    remedy = chat.say("RemedyIntent")
    assert chat.say("AMAZON.RepeatIntent").text == remedy.text
    chat.say("DoctorIntent")
    nothing = chat.say("AMAZON.NextIntent")
    assert "nothing to move on to" in nothing.text


def test_navigate_home_leaves_the_walkthrough_for_the_menu():
    chat = Chat()
    chat.say("StretchIntent", stretch="calf")
    home = chat.say("AMAZON.NavigateHomeIntent")
    assert "back to the start" in home.text
    assert "walkthrough" not in home.attributes
    assert "nothing to move on to" in chat.say("AMAZON.NextIntent").text


def test_fallback_mid_walkthrough_keeps_the_place():
    chat = Chat()
    chat.say("StretchIntent", stretch="calf")
    chat.say("AMAZON.NextIntent")
    lost = chat.say("AMAZON.FallbackIntent")
    assert "step 2 of 5 of the calf stretch" in lost.text
    assert "Step 3 of 5" in chat.say("AMAZON.NextIntent").text


def test_repeated_prompts_vary_their_wording():
    chat = Chat()
    chat.say("StretchIntent", stretch="calf")
    endings = {chat.say("AMAZON.NextIntent").text.split(".")[-2] for _ in range(3)}
    assert len(endings) >= 2


@pytest.mark.parametrize("intent", ["AMAZON.HelpIntent", "AMAZON.FallbackIntent"])
@pytest.mark.parametrize("state", STATES)
def test_help_and_fallback_keep_the_open_question_and_restate_it(state: str, intent: str):
    chat = Chat()
    STATES[state](chat)
    offer = chat.last.attributes.get("offer") if chat.replies else None
    reply = chat.say(intent)
    assert reply.attributes.get("offer") == offer
    assert ("Say yes" in reply.text) is (offer is not None)
    if offer:
        assert reply.text.startswith("Sorry, I didn't catch that. Say yes" if "Fallback" in intent else "Say yes")
        assert reply.reprompt.startswith("Say yes")


def test_help_then_an_unrecognised_phrase_while_confirming_a_deletion_then_yes_deletes():
    chat = Chat()
    chat.say("DeleteDataIntent")
    assert chat.say("AMAZON.HelpIntent").text == "Say yes to delete your saved data, or no to keep it."
    lost = chat.say("AMAZON.FallbackIntent")
    assert lost.text == "Sorry, I didn't catch that. Say yes to delete your saved data, or no to keep it."
    done = chat.say("AMAZON.YesIntent")
    assert "deleted everything" in done.text and done.ended


def test_help_after_a_topic_offer_then_yes_takes_the_offer():
    chat = Chat()
    chat.say("PreventionIntent")
    assert chat.say("AMAZON.HelpIntent").text == "Say yes to start the bedtime routine, or no."
    assert "bedtime routine" in chat.say("AMAZON.YesIntent").text
