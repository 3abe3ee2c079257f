"""The cramp diary by voice: 'log a cramp' (one read, one write) and 'how many cramps this week' (one read).

A cramp is noted at the device's local time with what the user said (leg, muscle, how long); "it lasted
five minutes" soon after completes that entry rather than adding another. A cramp that lasted ten minutes
or more, or one said with a red flag, gets the urgent line first, in a normal voice, and is still noted.
The summary is one or two breaths; the card lists the last weeks' entries, one a line, to show a doctor.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

from ..lazy import on_first_use
from ..local_time import local_now, turn_time_zone
from ..session import PendingCramp
from ..slots import slot_value
from ..speech import Speech
from ..turn import Turn
from . import offers, safety
from .base import IntentHandler

if TYPE_CHECKING:
    from .. import diary, preferences, reminder_times
    from .. import record as records
    from ..record import DiaryEntry, UserRecord
else:  # loaded by a diary turn, not by a content turn
    diary, preferences, records, reminder_times = on_first_use("diary", "preferences", "record", "reminder_times")

LEGS = ("left", "right", "both")
# The deployment's choice (template.yaml's CrampDiary parameter): "off" keeps no health data at all, as a
# listing for Amazon's certification needs; logging a cramp then gives advice on keeping one on paper.
DIARY_SETTING = "CRAMP_DIARY"


def _now(turn: Turn) -> datetime:
    """The device's local time, naive (the diary keeps local wall-clock times), in the turn's zone: the
    Settings API's (once a session), else the locale's usual one, as the night voice reads it."""
    return local_now(turn.input, turn_time_zone(turn.input, turn.content["usual_time_zone"])).replace(
        tzinfo=None, second=0, microsecond=0
    )


def log_cramp(
    turn: Turn,
    leg: str | None = None,
    muscle: str | None = None,
    seconds: int | None = None,
    clock: str | None = None,
    question: str | None = None,
    offer: str | None = None,
    urgent: str = "",
    agreed: bool = False,
) -> Response:
    """Note a cramp now, or at `clock` ("03:00", the last such time), or complete the one just noted.
    `urgent` (a red flag said with it), or the long-cramp line for a cramp of ten minutes or more, is said
    first, in a normal voice. Nothing is kept until the user has said yes to a diary (`agreed`: this turn),
    and nothing at all where the deployment keeps no diaries."""
    words = turn.content["diary"]
    urgent = urgent or (turn.content["urgent"]["long_cramp"] if diary.is_long(seconds) else "")
    long = bool(urgent)
    turn.session.clear_activity()
    question = question or turn.content["anything_else"]
    if not keeps_diaries():
        return _instead_of_an_entry(turn, words["paper_off"], urgent, question, offer)
    outcome: dict[str, Any] = {}

    def add(record: UserRecord) -> UserRecord | None:
        if record.diary_wanted is not True and not agreed:
            outcome["asked_before"] = record.diary_wanted is False
            return None  # nothing is kept until they say yes to a diary
        record = record.changed(diary_wanted=True)
        now = _now(turn)
        at = diary.earlier_at(now, clock)
        last = record.diary[-1] if record.diary else None
        landed = last is not None and last.at == turn.session.unconfirmed_cramp  # "log it" said again
        just_noted = last is not None and last.at == turn.session.noted_cramp
        completed = diary.amended(last, now, leg, muscle, seconds, just_noted) if at is None else None
        if last is not None and landed and (at is None or diary.stamp(at) == last.at):
            outcome.update(entry=completed or last, amended=False, landed=True, now=now)
            return record.with_diary_entry(completed, replace_last=True) if completed else None
        entry = completed or records.DiaryEntry(diary.stamp(at or now), leg, muscle, seconds)
        outcome.update(entry=entry, amended=completed is not None, now=now)
        return record.with_diary_entry(entry, replace_last=completed is not None)

    speech = Speech().urgent_help(urgent) if urgent else Speech()
    try:
        saved = preferences.update(turn.input, add)
    except preferences.PreferencesUnavailable:
        saved = None
    if outcome.get("landed") and saved is None:  # the earlier write landed after all, and nothing to add
        saved = preferences.load(turn.input)
    if "asked_before" in outcome:
        if urgent:  # urgent help and its question, nothing else: the diary can wait
            return turn.reply(speech.say(question), Speech().say(question), title=words["title"])
        turn.session.pending_cramp = PendingCramp(leg, muscle, seconds, clock, after_relief=offer is not None)
        return ask_to_keep(turn, words["consent_again" if outcome["asked_before"] else "consent"])
    turn.session.offer = offer
    if saved is None:  # refused, or not answered in time: it may still land, and a retry must not add it twice
        if "entry" in outcome:
            turn.session.unconfirmed_cramp = outcome["entry"].at
        speech.say(words["not_saved"], question)
        return turn.reply(speech, Speech().say(question), title=words["title"])
    turn.session.unconfirmed_cramp = None
    entry: DiaryEntry = outcome["entry"]
    turn.session.noted_cramp = entry.at
    what, at = describe(turn, entry), spoken_clock(turn, diary.moment(entry))
    if outcome.get("landed"):
        speech.say(words["landed"].format(what=what, time=at))
    elif long:
        speech.say(words["noted_long"])
    elif outcome["amended"]:
        speech.say(words["amended"].format(time=at, what=details(turn, entry)))
    else:
        speech.say(words["noted"].format(what=what, time=at))
        nights = diary.nights(diary.within(saved.diary, outcome["now"], 7, 0))
        if nights > 1:
            speech.say(words["week_so_far"]["many"].format(nights=turn.spoken_number(nights)))
    speech.say(question)
    return turn.reply(speech, Speech().say(question), title=words["title"])


def history(turn: Turn, period: str) -> Response:
    """The summary in one or two breaths: the last cramp, how many (on how many nights), which leg, the
    usual hour, a nudge when a threshold is crossed; the card lists the entries for a doctor."""
    words = turn.content["diary"]
    question = turn.content["anything_else"]
    turn.session.clear_activity()
    if not keeps_diaries():
        return _instead_of_an_entry(turn, words["paper_off"], "", question)
    try:
        record = preferences.load(turn.input)
    except preferences.PreferencesUnavailable:
        return turn.reply(Speech().say(words["unreadable"], question), Speech().say(question), title=words["title"])
    if record.diary_wanted is False and not record.diary:
        return ask_to_keep(turn, words["consent_again"])
    if not record.diary:
        return turn.reply(Speech().say(words["empty"], question), Speech().say(question), title=words["title"])
    now = _now(turn)
    summary = diary.summarise(record.diary, now, period)
    speech = Speech().say(words["last"].format(when=spoken_when(turn, diary.moment(record.diary[-1]), now)))
    if summary.cramps == 0:
        speech.say(words["none_in_period"].format(period=words["periods_inline"][period]))
    else:
        cramps = _counted(turn, words["cramps"], summary.cramps)
        if summary.nights == summary.cramps:
            speech.say(words["counted"].format(period=words["periods"][period], cramps=cramps))
        else:
            speech.say(
                words["counted_nights"].format(
                    period=words["periods"][period],
                    cramps=cramps,
                    nights=_counted(turn, words["nights"], summary.nights),
                )
            )
        speech.say(_pattern(turn, summary))
    if summary.nudge:
        speech.say(words["nudge"][summary.nudge])
    speech.say(words["card_note"], question)
    card = SimpleCard(title=words["title"], content=card_text(turn, diary.for_card(record.diary, now, period)))
    return turn.reply(speech, Speech().say(question), title=words["title"], card=card)


def keeps_diaries() -> bool:
    """Whether this deployment keeps diaries at all; offers to note a cramp are made only then. Read here,
    not in the diary's own module, so help and the end of a cramp (content turns) never load that module."""
    return os.environ.get(DIARY_SETTING, "on").strip().lower() != "off"


def ask_to_keep(turn: Turn, question: str) -> Response:
    """What a diary keeps, where, and how to erase it, then "shall I keep it?" (asked when a cramp is first
    logged, and again when someone who said no asks to log one)."""
    turn.session.offer = offers.offer_id("keep_diary")
    reprompt = turn.content["pending"]["keep_diary"]
    return turn.reply(Speech().say(question), Speech().say(reprompt), title=turn.content["diary"]["title"])


def keep_agreed(turn: Turn) -> Response:
    """'Yes' to a diary: remembered, and the cramp they asked to note is noted as they said it."""
    pending = turn.session.pending_cramp
    if pending is not None and pending.after_relief:
        return log_cramp(
            turn,
            *pending[:4],
            agreed=True,
            question=turn.content["cramp_now"]["offer"],
            offer=offers.offer_id("exercise", "calf"),
        )
    if pending is not None:
        return log_cramp(turn, *pending[:4], agreed=True)
    words = turn.content["diary"]
    try:
        preferences.save(turn.input, diary_wanted=True)
    except preferences.PreferencesUnavailable:
        return turn.reply(
            Speech().say(words["not_saved"], turn.content["anything_else"]),
            Speech().say(turn.content["anything_else"]),
            title=words["title"],
        )
    return _instead_of_an_entry(turn, words["keeping"], "", turn.content["anything_else"])


def keep_declined(turn: Turn) -> Response:
    """'No' to a diary: remembered (nothing is kept), and how to keep one on paper for the doctor."""
    turn.session.pending_cramp = None
    try:
        preferences.save(turn.input, diary_wanted=False)
    except preferences.PreferencesUnavailable:
        pass  # nothing was to be kept either way; they will be asked again next time
    return _instead_of_an_entry(turn, turn.content["diary"]["paper"], "", turn.content["anything_else"])


def _instead_of_an_entry(turn: Turn, lead: str, urgent: str, question: str, offer: str | None = None) -> Response:
    """Words instead of a diary entry (urgent help first when there is any); nothing stored."""
    turn.session.offer = offer
    speech = Speech().urgent_help(urgent) if urgent else Speech()
    if not urgent:
        speech.say(lead)
    return turn.reply(speech.say(question), Speech().say(question), title=turn.content["diary"]["title"])


def _pattern(turn: Turn, summary: diary.Summary) -> str:
    words = turn.content["diary"]["pattern"]
    where = _where(turn, summary.leg, summary.muscle) if (summary.leg or summary.muscle) else None
    hour = spoken_clock(turn, datetime(2000, 1, 1, summary.usual_hour)) if summary.usual_hour is not None else None
    if where and hour:
        return str(words["where_and_hour"]).format(where=where, hour=hour)
    if where:
        return str(words["where"]).format(where=where)
    return str(words["hour"]).format(hour=hour) if hour else ""


def _counted(turn: Turn, forms: dict[str, str], count: int) -> str:
    return forms["one"] if count == 1 else forms["many"].format(n=turn.spoken_number(count))


def _where(turn: Turn, leg: str | None, muscle: str | None) -> str:
    words = turn.content["diary"]
    if leg and muscle:
        return str(words["leg_muscle"][leg]).format(
            muscle=words["muscles"][muscle], muscles=words["muscles_plural"][muscle]
        )
    if leg:
        return str(words["legs"][leg])
    return str(words["muscle_alone"]).format(muscle=words["muscles"][muscle])


def describe(turn: Turn, entry: DiaryEntry) -> str:
    """'a cramp in your left calf, lasting five minutes'."""
    words = turn.content["diary"]
    what = (
        words["cramp_in"].format(where=_where(turn, entry.leg, entry.muscle))
        if entry.leg or entry.muscle
        else words["a_cramp"]
    )
    return (
        str(words["lasting"]).format(what=what, duration=spoken_duration(turn, entry.seconds))
        if entry.seconds
        else str(what)
    )


def details(turn: Turn, entry: DiaryEntry) -> str:
    """What is known of an entry, for "I've added that to your 2:10 AM cramp: …"."""
    parts = [_where(turn, entry.leg, entry.muscle)] if entry.leg or entry.muscle else []
    if entry.seconds:
        parts.append(spoken_duration(turn, entry.seconds))
    return ", ".join(parts)


def spoken_duration(turn: Turn, seconds: int) -> str:
    words = turn.content["diary"]["duration"]
    if seconds < 60:
        return str(words["seconds"]).format(n=turn.spoken_number(seconds))
    if seconds < 3600:
        minutes, rest = divmod(seconds, 60)
        if minutes == 1 and not rest:
            return str(words["one_minute"])
        key = "minutes" if not rest else "about_minutes"
        return str(words[key]).format(n=turn.spoken_number(minutes + (1 if rest >= 30 else 0)))
    hours = round(seconds / 3600)
    return str(words["one_hour"]) if seconds == 3600 else str(words["about_hours"]).format(n=turn.spoken_number(hours))


def spoken_clock(turn: Turn, at: datetime) -> str:
    return turn.spoken_time(reminder_times.ClockTime(at.hour, at.minute))


def spoken_date(turn: Turn, at: datetime) -> str:
    words = turn.content["diary"]
    return str(words["date"]).format(
        weekday=words["weekdays"][at.weekday()], month=words["months"][at.month - 1], day=at.day
    )


def spoken_when(turn: Turn, at: datetime, now: datetime) -> str:
    """'today at 2:10 AM', 'yesterday at 3 AM', 'on Tuesday at 2 AM', 'on Monday, November 2'."""
    words = turn.content["diary"]["when"]
    days = (now.date() - at.date()).days
    time = spoken_clock(turn, at)
    if days == 0:
        return str(words["today"]).format(time=time)
    if days == 1:
        return str(words["yesterday"]).format(time=time)
    if 1 < days < 7:
        return str(words["this_week"]).format(weekday=turn.content["diary"]["weekdays"][at.weekday()], time=time)
    return str(words["earlier"]).format(date=spoken_date(turn, at))


def card_text(turn: Turn, entries: list[DiaryEntry]) -> str:
    """One line per cramp, oldest first, for the Alexa app (to show a doctor)."""
    words = turn.content["diary"]
    if not entries:
        return str(words["card_footer"])
    first, last = diary.moment(entries[0]), diary.moment(entries[-1])
    heading = words["card_heading"] if first.date() != last.date() else words["card_heading_one_day"]
    lines = [heading.format(first=spoken_date(turn, first), last=spoken_date(turn, last))]
    for entry in entries:
        at = diary.moment(entry)
        where = str(words["card_where"]).format(
            leg=words["card_legs"].get(entry.leg or "", ""), muscle=words["muscles"].get(entry.muscle or "", "")
        )
        parts = [" ".join(where.split()).strip(" ,")]  # "left calf"; "la pantorrilla, lado izquierdo"
        if entry.seconds:
            parts.append(_card_duration(words, entry.seconds))
        lines.append(
            words["card_line"].format(
                date=spoken_date(turn, at),
                time=spoken_clock(turn, at),
                details=", ".join(filter(None, parts)) or words["card_nothing"],
            )
        )
    lines.append(words["card_footer"])
    return "\n".join(lines)


def _card_duration(words: dict[str, Any], seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return str(words["card_duration"]).format(minutes=minutes, seconds=rest)
    return (
        str(words["card_minutes"]).format(minutes=minutes)
        if minutes
        else str(words["card_seconds"]).format(seconds=rest)
    )


def period_of(turn: Turn) -> str:
    _, period = slot_value(turn.input, "period")
    return period if period in diary.PERIOD_DAYS else diary.DEFAULT_PERIOD


def _slots(turn: Turn) -> tuple[str | None, str | None, int | None, str | None]:
    """(leg, muscle, seconds, clock time) as said; AMAZON.DURATION ("PT5M") and AMAZON.TIME ("03:00") slots
    carry no resolutions."""
    _, leg = slot_value(turn.input, "leg")
    _, muscle = slot_value(turn.input, "muscle")
    duration, _ = slot_value(turn.input, "duration")
    clock, _ = slot_value(turn.input, "time")
    known_muscle = muscle if muscle in turn.content["diary"]["muscles"] else None
    return leg if leg in LEGS else None, known_muscle, diary.duration_seconds(duration), clock


class LoggedRedFlagHandler(IntentHandler):
    """'Log a cramp, my leg is swollen': urgent help first, as RedFlagHandler says it, and the cramp still
    noted. Listed just before RedFlagHandler, which answers every other intent carrying a red flag."""

    intent_name = "LogCrampIntent"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return super().can_handle(handler_input=handler_input) and safety.red_flag_heard(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        urgent, _ = safety.urgent_speech(turn)
        leg, muscle, seconds, clock = _slots(turn)
        return log_cramp(turn, leg, muscle, seconds, clock, urgent=urgent.text())


class LogCrampIntentHandler(IntentHandler):
    """'Log a cramp', 'I just had a cramp in my left calf', 'note that it lasted five minutes'."""

    intent_name = "LogCrampIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        return log_cramp(turn, *_slots(turn))


class CrampHistoryIntentHandler(IntentHandler):
    """'How many cramps have I had this week', 'when was my last cramp', 'read my cramp diary'."""

    intent_name = "CrampHistoryIntent"

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input)
        return history(turn, period_of(turn))


offers.register(
    "keep_diary", offers.OfferKind(yes=lambda turn, _: keep_agreed(turn), no=lambda turn, _: keep_declined(turn))
)
