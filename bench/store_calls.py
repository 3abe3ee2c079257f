"""Store calls per turn: how often each kind of turn reads, writes or deletes preferences.

Counted where the calls really happen, in-process, through `cramp_helper.skill.handle_event`:
  * embedded store: the real SqlitePersistenceAdapter wrapped so every call is tallied;
  * DynamoDB: every HTTP request botocore sends to the server (`before-send.dynamodb.*` hook on
    boto3's default session, which the skill's lazily-created resource inherits), by operation.

The script covers content turns (which must never touch the store) and every preference turn. Alexa's
own APIs (Settings time zone, Reminders) are answered by the simulator's HTTPS stand-in, the same one
the tests and the console use; "API down" is the stand-in answering 503 to that turn's reminder call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from simulator.alexa_api import AlexaApiStandIn
from simulator.envelopes import DEFAULT_SKILL_ID, Device, envelope, intent_request, launch_request, skill_disabled_event

from .scenarios import CONVERSATION_MIX, STRETCH, check_turn, new_conversation, turn_label

CONTENT, PREFERENCE = "content", "preference"
DYNAMODB_OPERATIONS = {"GetItem": "read", "PutItem": "write", "UpdateItem": "write", "DeleteItem": "delete"}


@dataclass(frozen=True)
class Step:
    """One turn of the counting script."""

    label: str
    kind: str  # CONTENT or PREFERENCE
    request: dict[str, Any]
    expect: str = ""  # words the answer must contain ("" = any answer without an error)
    new_session: bool = False
    reminders_down: bool = False  # the Reminders API answers this turn's call with 503
    out_of_session: bool = False  # an event (no session), e.g. SkillDisabled


def script() -> list[Step]:
    """A new user's first session, a returning session with every preference turn, then failures."""
    set_9pm = intent_request("SetReminderIntent", {"time": "21:00"})
    yes = intent_request("AMAZON.YesIntent")
    steps = [Step("LaunchRequest, first visit", PREFERENCE, launch_request(), "not medical advice", new_session=True)]
    steps += [Step(turn_label(request), CONTENT, request, expected) for request, expected in CONVERSATION_MIX[1:]]
    steps += [
        Step("LaunchRequest, returning user", PREFERENCE, launch_request(), "What would you like", new_session=True),
        Step("GetReminderIntent, none saved", PREFERENCE, intent_request("GetReminderIntent"), "don't have a reminder"),
        Step("SetReminderIntent 9 PM (asks to confirm)", PREFERENCE, set_9pm, "Shall I set that"),
        Step("Yes: set the reminder (Alexa API up)", PREFERENCE, yes, "Every night at 9 PM you'll get"),
        Step("GetReminderIntent, reminder set", PREFERENCE, intent_request("GetReminderIntent"), "set for 9 PM"),
        Step("CancelReminderIntent", PREFERENCE, intent_request("CancelReminderIntent"), "cancelled"),
        Step(
            "LogCrampIntent (asks before keeping a diary)",
            PREFERENCE,
            intent_request(
                "LogCrampIntent", {"leg": "left", "muscle": "calf", "duration": None}, {"leg": "left", "muscle": "calf"}
            ),
            "Only your Alexa account has it",
        ),
        Step("Yes: keep the diary (diary turn)", PREFERENCE, yes, "Noted in your diary"),
        Step(
            "LogCrampIntent: it lasted five minutes",
            PREFERENCE,
            intent_request(
                "LogCrampIntent", {"leg": None, "muscle": None, "duration": "PT5M"}, built_in_slots=("duration",)
            ),
            "added that",
        ),
        Step("CrampHistoryIntent (diary summary)", PREFERENCE, intent_request("CrampHistoryIntent"), "Your last cramp"),
        Step("StretchIntent, one-shot (reads the pace once)", PREFERENCE, STRETCH, "Step 1 of 5", new_session=True),
        Step("Next (pace kept in the session)", CONTENT, intent_request("AMAZON.NextIntent"), "Step 2 of 5"),
        Step(
            "PaceIntent longer",
            PREFERENCE,
            intent_request("PaceIntent", {"pace": "longer"}, {"pace": "longer"}),
            "holds are now 25 seconds",
        ),
        Step("AMAZON.PauseIntent", PREFERENCE, intent_request("AMAZON.PauseIntent"), "Paused at step 2"),
        Step(
            "AMAZON.ResumeIntent, next session",
            PREFERENCE,
            intent_request("AMAZON.ResumeIntent"),
            "Picking up where you left off",
            new_session=True,
        ),
        Step("DeleteDataIntent (asks first)", PREFERENCE, intent_request("DeleteDataIntent"), "Shall I go ahead"),
        Step("Yes: delete my data", PREFERENCE, yes, "deleted everything"),
        Step("SetReminderIntent 9 PM (asks to confirm)", PREFERENCE, set_9pm, "Shall I set that", new_session=True),
        Step(
            "Yes: set the reminder (Alexa API down)",
            PREFERENCE,
            yes,
            "couldn't reach Alexa's reminders",
            reminders_down=True,
        ),
        Step("SkillDisabled event", PREFERENCE, skill_disabled_event(), out_of_session=True),
    ]
    return steps


class CountingAdapter(AbstractPersistenceAdapter):
    """A real persistence adapter with every call tallied as read / write / delete."""

    def __init__(self, inner: AbstractPersistenceAdapter, tally: Counter) -> None:
        self.inner, self.tally = inner, tally

    def get_attributes(self, request_envelope):
        self.tally["read"] += 1
        return self.inner.get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        self.tally["write"] += 1
        self.inner.save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope):
        self.tally["delete"] += 1
        self.inner.delete_attributes(request_envelope)


def count_dynamodb_requests(tally: Counter) -> None:
    """Tally every HTTP request any client of boto3's default session sends to DynamoDB from now on
    (clients copy the session's event handlers when they are created, so register first)."""
    import boto3

    if boto3.DEFAULT_SESSION is None:
        boto3.setup_default_session()
    session = boto3.DEFAULT_SESSION
    assert session is not None  # setup_default_session() has just set it

    def on_send(event_name: str, **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        tally[DYNAMODB_OPERATIONS.get(operation, "other")] += 1

    session.events.register("before-send.dynamodb", on_send)


def run_script(
    adapter: AbstractPersistenceAdapter, tally: Counter, user_id: str, alexa_api: AlexaApiStandIn
) -> dict[str, Any]:
    """Every step through the real skill; per step the store calls it caused and its answer's check."""
    from cramp_helper.skill import build_skill, handle_event

    skill = build_skill(persistence_adapter=adapter, skill_id=DEFAULT_SKILL_ID)
    device = Device(user_id=user_id, api_endpoint=alexa_api.endpoint)
    alexa_api.grant_reminders(device.api_access_token)
    conversation = new_conversation(user_id, alexa_api.endpoint)
    rows, problems = [], []
    for step in script():
        if step.new_session:
            conversation = new_conversation(user_id, alexa_api.endpoint)
        event = envelope(step.request, device) if step.out_of_session else conversation.envelope(step.request)
        if step.reminders_down:
            alexa_api.fail_next("reminders", 503)
        before = Counter(tally)
        response = handle_event(event, skill=skill)
        conversation.remember(response)
        calls = {kind: tally[kind] - before[kind] for kind in ("read", "write", "delete", "other")}
        rows.append({"turn": step.label, "kind": step.kind, **calls})
        problem = check_turn(f"store calls, {step.label}", response, step.expect)
        if problem:
            problems.append(problem)
    return {"turns": rows, "failures": problems}


def sqlite_counts(path: str, user_id: str, alexa_api: AlexaApiStandIn) -> dict[str, Any]:
    from cramp_helper.sqlite_store import SqlitePersistenceAdapter

    tally: Counter = Counter()
    return run_script(CountingAdapter(SqlitePersistenceAdapter(path), tally), tally, user_id, alexa_api)


def dynamodb_counts(table_name: str, user_id: str, alexa_api: AlexaApiStandIn) -> dict[str, Any]:
    """Needs AWS_ENDPOINT_URL_DYNAMODB / AWS_REGION / credentials in os.environ (see dynamodb.py)."""
    from cramp_helper.dynamodb_store import VersionedDynamoDbAdapter

    tally: Counter = Counter()
    count_dynamodb_requests(tally)
    return run_script(VersionedDynamoDbAdapter(table_name), tally, user_id, alexa_api)


def merged(sqlite: Mapping[str, Any], dynamodb: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """One row per turn with both stores' counts side by side."""
    rows = []
    for index, row in enumerate(sqlite["turns"]):
        combined = {
            "turn": row["turn"],
            "kind": row["kind"],
            "sqlite": {key: row[key] for key in ("read", "write", "delete") if row[key]},
        }
        if dynamodb is not None:
            other = dynamodb["turns"][index]
            combined["dynamodb"] = {key: other[key] for key in ("read", "write", "delete", "other") if other[key]}
        rows.append(combined)
    return rows


def target_met(rows: Sequence[Mapping[str, Any]]) -> bool:
    """Content turns: no store call at all. Preference turns: at most one read and one write
    (a delete counts as the write) — in every store measured."""
    for row in rows:
        for store in ("sqlite", "dynamodb"):
            calls = row.get(store)
            if calls is None:
                continue
            if row["kind"] == CONTENT and sum(calls.values()):
                return False
            if calls.get("read", 0) > 1 or calls.get("write", 0) + calls.get("delete", 0) > 1 or calls.get("other", 0):
                return False
    return True
