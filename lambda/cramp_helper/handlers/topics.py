"""Information turns: causes, remedies, food, prevention, red flags, restless legs, a cramp right now.

Longer lists are read a page at a time (one or two ideas per breath) and end with an offer of more.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..session import PAGED_TOPICS, Page
from ..slots import intent_name, slot_value
from ..speech import Speech
from ..turn import Turn
from . import diary, offers, replies, safety
from .base import IntentHandler, IntentsHandler

# What to offer once a paged list has been read to the end.
END_OFFER = {"causes": ("prevention", ""), "remedies": ("exercise", "calf"), "nutrition": ("prevention", "")}
CRAMP_RELIEF_PAUSE_SECONDS = 5
# The leg parts with an answer of their own, most specific first ("my toes and foot" → toes).
LEG_PART_ANSWERS = ("toes", "foot", "shin", "hamstring", "thigh")


def read_page(turn: Turn, topic: str, page: int, lead: str = "") -> Response:
    """Read one page of a list and offer the next (or, at the end, something useful next)."""
    section = turn.content[topic]
    pages = section["pages"]
    page = min(max(page, 0), len(pages) - 1)
    more = page + 1 < len(pages)
    question = section["more_offer"] if more else section["end_offer"]
    turn.session.page = Page(topic, page)
    turn.session.offer = offers.offer_id("more", topic) if more else offers.offer_id(*END_OFFER[topic])
    speech = Speech().say(lead, pages[page], question)
    return turn.reply(speech, Speech().say(question), title=section["title"])


def read_next_page(turn: Turn, topic: str) -> Response:
    """Continue a list where the user left it (from the start if they had not begun it)."""
    current = turn.session.page
    return read_page(turn, topic, current.page + 1 if current and current.topic == topic else 0)


def answer(turn: Turn, section_name: str, text: str, question: str, offer: str | None) -> Response:
    """A single-answer topic: the text, then one question whose "yes" is `offer`."""
    turn.session.page = None
    turn.session.offer = offer
    speech = Speech().say(text, question)
    return turn.reply(speech, Speech().say(question), title=turn.content[section_name]["title"])


def prevention(turn: Turn) -> Response:
    words = turn.content["prevention"]
    return answer(turn, "prevention", words["text"], words["offer"], "routine")


class CauseIntentHandler(IntentHandler):
    """'What causes leg cramps' / 'can dehydration cause cramps'."""

    intent_name = "CauseIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["causes"]
        heard, cause = slot_value(handler_input, "cause")
        if heard is None:
            return read_page(turn, "causes", 0, lead=words["overview"])
        text = words["items"].get(cause or "", words["unknown"])
        return answer(turn, "causes", text, words["more_offer"], offers.offer_id("more", "causes"))


class RemedyIntentHandler(IntentHandler):
    """'What helps leg cramps' (the tips, a page at a time) or 'does pickle juice work' (that remedy)."""

    intent_name = "RemedyIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        return safety.item_answer(turn, "remedies", "remedy") or read_page(turn, "remedies", 0)


class NutritionIntentHandler(IntentHandler):
    """Food tips, with honest words about how limited the evidence is."""

    intent_name = "NutritionIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["nutrition"]
        _heard, nutrient = slot_value(handler_input, "nutrient")
        if nutrient in words["items"]:
            return answer(
                turn, "nutrition", words["items"][nutrient], words["more_offer"], offers.offer_id("more", "nutrition")
            )
        return read_page(turn, "nutrition", 0, lead=words["overview"])


class PreventionIntentHandler(IntentHandler):
    intent_name = "PreventionIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        return prevention(Turn(handler_input))


class DoctorIntentHandler(IntentHandler):
    """'When should I see a doctor': the urgent signs first and short, then an offer of the routine advice."""

    intent_name = "DoctorIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["doctor"]
        return answer(turn, "doctor", words["urgent"], words["routine_offer"], offers.offer_id("doctor_routine"))


def doctor_routine(turn: Turn) -> Response:
    words = turn.content["doctor"]
    return answer(turn, "doctor", words["routine"], words["question"], None)


class RestlessLegsIntentHandler(IntentHandler):
    intent_name = "RestlessLegsIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        words = turn.content["restless_legs"]
        return answer(turn, "restless_legs", words["text"], words["question"], offers.offer_id("restless_help"))


def restless_legs_help(turn: Turn) -> Response:
    return answer(turn, "restless_legs", turn.content["restless_legs"]["help"], turn.content["anything_else"], None)


# Questions answered in one or two breaths: intent -> its answer under `topics.items` in content.
TOPIC_ANSWERS = {
    "GrowingPainsIntent": "growing_pains",
    "SorenessIntent": "soreness",
    "ClotIntent": "clot",
    "AgeIntent": "age",
    "HeartIntent": "heart",
}


class TopicAnswerHandler(IntentsHandler):
    """Growing pains, soreness the day after, clot or cramp, age, heart worries: one answer each."""

    intent_names = tuple(TOPIC_ANSWERS)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        topic = TOPIC_ANSWERS[intent_name(handler_input)]
        words = turn.content["topics"]
        return answer(turn, "topics", words["items"][topic], words["question"], None)


class CrampSiteIntentHandler(IntentHandler):
    """'A cramp in my foot / toes / thigh': the move for that muscle; the calf (or none named) gets the
    cramp-right-now answer."""

    intent_name = "CrampSiteIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        said, muscle = slot_value(handler_input, "muscle")
        words = turn.content["topics"]
        if said and muscle is None:  # words no model value names: the leg parts in them, if any
            parts = safety.heard_in(handler_input).leg_parts
            muscle = next((part for part in LEG_PART_ANSWERS if part in parts), None)
            if muscle is None and not parts:  # a cramp in an arm, a hand…: not a leg cramp
                return replies.out_of_scope(turn)
        if muscle not in words["items"]:
            return cramp_now(turn)
        turn.session.clear_activity()
        question = turn.content["anything_else"]
        speech = Speech().slowly(words["items"][muscle]).say(turn.content["safety_line"], question)
        return turn.reply(speech, Speech().say(question), title=turn.content["cramp_now"]["title"])


class CrampNowIntentHandler(IntentsHandler):
    """'I have a cramp right now', or a symptom described in an ordinary cramp's words ("my leg is rock
    hard"): the relief move first, in two short breaths. (A red flag or unknown words never reach here.)"""

    intent_names = ("CrampNowIntent", "SymptomIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return cramp_now(Turn(handler_input))


def cramp_now(turn: Turn) -> Response:
    """The relief move first, in two short breaths, then the one safety line and the offer to check back
    in ten minutes (a cramp that hasn't eased by then needs urgent help)."""
    words = turn.content["cramp_now"]
    turn.session.clear_activity()
    question = turn.content["check_in"]["offer"]
    turn.session.offer = offers.offer_id("check_in")
    speech = (
        Speech()
        .self_care(words["steps"])
        .pause(CRAMP_RELIEF_PAUSE_SECONDS)
        .self_care(words["after"])
        .say(words["warning"], question)
    )
    return turn.reply(speech, Speech().say(question), title=words["title"])


def after_cramp(turn: Turn, lead: str, diary_question: str, title: str) -> Response:
    """After a cramp (it eased, or no check-in was wanted): once a session the offer to note it in the
    diary, else a calf stretch for next time. Nothing is noted unless they say yes."""
    turn.session.clear_activity()
    question = turn.content["cramp_now"]["offer"]
    turn.session.offer = offers.offer_id("exercise", "calf")
    if not turn.session.diary_offered and diary.keeps_diaries():
        turn.session.diary_offered = True
        question = diary_question
        turn.session.offer = offers.offer_id("log_cramp")
    return turn.reply(Speech().say(lead, question), Speech().say(question), title=title)


def cramp_gone(turn: Turn) -> Response:
    """Glad it eased, then the diary (once a session) or a stretch for next time."""
    words = turn.content["cramp_gone"]
    return after_cramp(turn, words["text"], words["offer"], words["title"])


def check_in_declined(turn: Turn) -> Response:
    """'No' to the check-in: the diary (once a session) or the calf stretch, as after any cramp."""
    return after_cramp(
        turn, turn.content["no_thanks"], turn.content["diary"]["offer"], turn.content["cramp_now"]["title"]
    )


class CrampGoneIntentHandler(IntentHandler):
    """'It stopped', 'it's gone', 'ya se me pasó': glad it eased, then the diary or a stretch."""

    intent_name = "CrampGoneIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        return cramp_gone(Turn(handler_input))


def log_offered_cramp(turn: Turn) -> Response:
    """'Yes' to noting the cramp: noted now (asking nothing more), then the calf stretch offered."""
    return diary.log_cramp(turn, question=turn.content["cramp_now"]["offer"], offer=offers.offer_id("exercise", "calf"))


def stretch_after_cramp(turn: Turn, lead: str) -> Response:
    """'No' to noting it: the calf stretch is still offered."""
    question = turn.content["cramp_now"]["offer"]
    turn.session.offer = offers.offer_id("exercise", "calf")
    return turn.reply(Speech().say(lead, question), Speech().say(question), title=turn.content["cramp_now"]["title"])


offers.register(
    "causes",
    offers.OfferKind(yes=lambda turn, _: read_page(turn, "causes", 0, lead=turn.content["causes"]["overview"])),
)
offers.register("more", offers.OfferKind(yes=read_next_page, arguments=lambda: PAGED_TOPICS))
offers.register("prevention", offers.OfferKind(yes=lambda turn, _: prevention(turn)))
offers.register("doctor_routine", offers.OfferKind(yes=lambda turn, _: doctor_routine(turn)))
offers.register("restless_help", offers.OfferKind(yes=lambda turn, _: restless_legs_help(turn)))
offers.register("cramp_now", offers.OfferKind(yes=lambda turn, _: cramp_now(turn)))
offers.register(
    "log_cramp",
    offers.OfferKind(
        yes=lambda turn, _: log_offered_cramp(turn),
        no=lambda turn, _: stretch_after_cramp(turn, turn.content["no_thanks"]),
    ),
)
