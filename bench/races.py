"""Two devices of one user setting the reminder at the same moment, against real servers.

Each round, two skills (built separately, as two Lambda instances would be) each hold a session on
their own Echo that has just asked "Shall I set that?" for a different time; both users say "yes"
released by one barrier, in two threads. Then Alexa (the HTTPS stand-in) and the store (SQLite file
or DynamoDB on moto) are compared: a duplicate is more than one reminder; a mismatch is a stored
token or ringing time (`reminder_scheduled_time`) other than the one reminder Alexa holds, or a
stored "set" claim with no reminder ringing. Half the rounds start with no reminder at all, half
with one set earlier. Used by `make reliability` (50 rounds per store) and, smaller, by the tests.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from simulator.alexa_api import AlexaApiStandIn, ringing_time_of
from simulator.envelopes import Conversation, Device, intent_request

USER = "amzn1.ask.account.RACINGUSER"
TIMES = ("21:00", "22:30", "20:15", "23:45")


@dataclass
class RaceTally:
    rounds: int = 0
    duplicates: int = 0  # rounds that ended with more than one Alexa reminder
    mismatches: int = 0  # rounds whose stored reminder is not the one Alexa rings
    exceptions: int = 0  # turns that raised instead of answering
    answers: dict[str, int] = field(default_factory=dict)  # what the users heard, by kind

    def as_dict(self) -> dict[str, Any]:
        return {
            "rounds": self.rounds,
            "duplicates": self.duplicates,
            "mismatches": self.mismatches,
            "exceptions": self.exceptions,
            "answers": dict(sorted(self.answers.items())),
        }


def say(skill: Any, conversation: Conversation, request: dict[str, Any]) -> dict[str, Any]:
    from cramp_helper.skill import handle_event

    answer = handle_event(conversation.envelope(request), None, skill=skill)
    conversation.remember(answer)
    return answer


def heard(answer: dict[str, Any]) -> str:
    text = ((answer.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
    for kind, words in (
        ("set", "Done"),
        ("set, unsaved", "couldn't note it down"),
        ("another device", "Another of your devices"),
        ("store", "saved settings"),
        ("reminders", "Alexa's reminders"),
    ):
        if words in text:
            return kind
    return "other"


def race(api: AlexaApiStandIn, read_record: Any, erase_record: Any, rounds: int) -> RaceTally:
    """`read_record()` returns the user's stored record (a dict, or None); `erase_record()` deletes it."""
    from cramp_helper.skill import build_skill

    skills = [build_skill(), build_skill()]
    devices = [Device(user_id=USER, device_id=f"amzn1.ask.device.RACER{n}", api_endpoint=api.endpoint) for n in (1, 2)]
    tally = RaceTally()
    for number in range(rounds):
        api.reset()
        api.set_time_zone("America/New_York")
        for device in devices:
            api.grant_reminders(device.api_access_token)
        erase_record()
        if number % 2:  # a reminder already set from the first device
            first = Conversation(device=devices[0])
            say(skills[0], first, intent_request("SetReminderIntent", {"time": "19:30"}))
            say(skills[0], first, intent_request("AMAZON.YesIntent"))
        conversations = [Conversation(device=device) for device in devices]
        for index, conversation in enumerate(conversations):
            wanted = TIMES[(number + index) % len(TIMES)]
            say(skills[index], conversation, intent_request("SetReminderIntent", {"time": wanted}))
        barrier = threading.Barrier(2)
        answers: list[Any] = [None, None]

        def yes(index: int, barrier=barrier, answers=answers, conversations=conversations) -> None:
            barrier.wait()
            try:
                answers[index] = say(skills[index], conversations[index], intent_request("AMAZON.YesIntent"))
            except Exception as error:  # counted: a turn must never raise
                answers[index] = error

        threads = [threading.Thread(target=yes, args=(index,)) for index in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        tally.rounds += 1
        for answer in answers:
            if isinstance(answer, Exception):
                tally.exceptions += 1
            else:
                tally.answers[heard(answer)] = tally.answers.get(heard(answer), 0) + 1
        tally.duplicates += len(api.reminders) > 1
        tally.mismatches += not consistent(api, read_record() or {})
    return tally


def consistent(api: AlexaApiStandIn, record: dict[str, Any]) -> bool:
    """The stored reminder is the one Alexa rings, at the time it rings (or neither has one)."""
    token = record.get("reminder_token")
    if not api.reminders:
        return not token
    if len(api.reminders) != 1 or token not in api.reminders:
        return False
    return record.get("reminder_scheduled_time") == ringing_time_of(api.reminders[token])
