"""'Shall I check on you in ten minutes?': the check-in timer through the SDK's Timers client against the local
HTTPS stand-in, the check-in task it launches, and the skill task file as Amazon's rules and OpenAPI 3 want it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ask_smapi_model.v1.skill.manifest.permission_name import PermissionName
from openapi_spec_validator import validate

from cramp_helper.content import content_for
from cramp_helper.timer_api import CHECK_IN_TASK, TIMERS_SCOPE
from simulator.envelopes import Device, connections_response, launch_request
from simulator.nlu import Nlu
from tests.chat import Chat, Reply

PACKAGE = Path(__file__).resolve().parents[1] / "skill-package"
MANIFEST = json.loads((PACKAGE / "skill.json").read_text(encoding="utf-8"))["manifest"]
NIGHT = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 3 AM where the device's zone is UTC
LOCALES = ("en-US", "es-US", "en-GB", "es-ES")


def hear(chat: Chat, said: str) -> Reply:
    return chat.send(Nlu.for_locale(chat.device.locale).resolve(said).request())


def have_a_cramp(chat: Chat) -> Reply:
    chat.launch()
    return hear(chat, "I have a cramp" if chat.device.locale.startswith("en") else "me dio un calambre")


def timer_rings(chat: Chat, alexa_api) -> Reply:
    """Ten minutes pass, the timer rings, the person says yes to Alexa: the skill opens on its task."""
    (timer,) = alexa_api.timers.tick(600)
    chat.new_session()
    return chat.send(launch_request(task=timer.task))


def words(locale: str) -> dict:
    return content_for(locale)["check_in"]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_cramp_now_ends_with_one_offer_to_check_back_in_ten_minutes(alexa_api, locale: str):
    reply = have_a_cramp(Chat(Device(api_endpoint=alexa_api.endpoint, locale=locale)))
    assert reply.text.endswith(words(locale)["offer"]) and reply.reprompt == words(locale)["offer"]
    assert reply.text.count("?") == 1


@pytest.mark.parametrize("locale", LOCALES)
def test_yes_asks_for_the_timers_permission_then_sets_the_check_in_timer(alexa_api, locale: str):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint, locale=locale))
    have_a_cramp(chat)
    asked = hear(chat, "yes" if locale.startswith("en") else "sí")
    (directive,) = asked.directives
    assert directive["type"] == "Connections.SendRequest" and directive["payload"]["permissionScope"] == TIMERS_SCOPE
    assert asked.text == words(locale)["need_permission"] and asked.ended and not alexa_api.timers.timers

    alexa_api.grant_timers(chat.device.api_access_token)
    done = chat.send(connections_response("ACCEPTED", token=directive["token"]))
    assert done.text == words(locale)["set"] and done.ended
    (timer,) = alexa_api.timers.timers.values()
    assert timer.body["duration"] == "PT10M" and timer.body["timerLabel"] == words(locale)["label"]
    assert timer.task == {
        "name": f"{chat.device.skill_id}.{CHECK_IN_TASK}",
        "version": "1",
        "input": {"kind": "cramp_check"},
    }
    assert timer.confirmation(locale) == words(locale)["confirm"]


@pytest.mark.parametrize("locale", LOCALES)
def test_alexas_own_question_when_the_timer_rings_already_says_to_get_urgent_help(locale: str):
    """Someone still in pain may answer Alexa's "continue with…?" with "no, it still hurts", and Alexa then
    never opens the skill: the question itself must carry the advice, before the skill's name is asked about."""
    confirm = words(locale)["confirm"]
    urgent = confirm.index("urgent" if locale.startswith("en") else "urgente")
    assert urgent < confirm.index("{continueWithSkillName}") and confirm.count("{continueWithSkillName}") == 1


@pytest.mark.parametrize("locale", LOCALES)
def test_still_cramping_at_the_check_in_gets_the_long_cramp_line_first(alexa_api, locale: str):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint, locale=locale))
    alexa_api.grant_timers(chat.device.api_access_token)
    have_a_cramp(chat)
    assert hear(chat, "yes" if locale.startswith("en") else "sí").text == words(locale)["set"]
    asked = timer_rings(chat, alexa_api)
    assert asked.text == words(locale)["question"] and not asked.ended
    still = hear(chat, "no it still hurts" if locale.startswith("en") else "no, todavía me duele")
    urgent = content_for(locale)["urgent"]
    assert still.text == f"{urgent['long_cramp']} {urgent['follow_up']}" and not still.ended
    assert ("ten minutes" if locale.startswith("en") else "diez minutos") in still.text


@pytest.mark.parametrize("said", ["no", "I've still got a cramp", "my calf is still cramping", "it still hurts"])
def test_any_way_of_saying_it_has_not_gone_is_urgent(alexa_api, said: str):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint))
    chat.send(launch_request(task={"name": f"{chat.device.skill_id}.{CHECK_IN_TASK}", "version": "1"}))
    reply = hear(chat, said)
    assert reply.text.startswith(content_for("en-US")["urgent"]["long_cramp"]), reply.text
    for harmful in ("rub", "stretch", "walk", "warmth"):
        assert harmful not in reply.text.lower()


def test_a_red_flag_said_at_the_check_in_gets_its_own_more_urgent_line(alexa_api):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint))
    chat.send(launch_request(task={"name": f"{chat.device.skill_id}.{CHECK_IN_TASK}", "version": "1"}))
    reply = hear(chat, "my leg is swollen and red")
    assert reply.text.startswith(content_for("en-US")["urgent"]["clot"]), reply.text


def test_at_night_the_check_in_asks_softly_and_the_urgent_answer_is_not_whispered(alexa_api):
    alexa_api.set_time_zone("UTC")
    chat = Chat(Device(api_endpoint=alexa_api.endpoint, now=NIGHT))
    asked = chat.send(launch_request(task={"name": f"{chat.device.skill_id}.{CHECK_IN_TASK}", "version": "1"}))
    assert asked.ssml.startswith('<speak><prosody volume="soft">')
    urgent = hear(chat, "no")
    assert not urgent.ssml.startswith('<speak><prosody volume="soft">')
    assert urgent.card["title"] == content_for("en-US")["urgent"]["title"]


@pytest.mark.parametrize("locale", ["en-US", "es-US"])
def test_gone_at_the_check_in_is_good_news_then_the_diary_offer(alexa_api, locale: str):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint, locale=locale))
    chat.send(launch_request(task={"name": f"{chat.device.skill_id}.{CHECK_IN_TASK}", "version": "1"}))
    reply = hear(chat, "yes" if locale.startswith("en") else "sí")
    gone = content_for(locale)["cramp_gone"]
    assert reply.text == f"{gone['text']} {gone['offer']}" and not reply.ended


def test_no_to_the_check_in_offers_the_diary_then_a_stretch(alexa_api):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint))
    have_a_cramp(chat)
    declined = hear(chat, "no")
    assert declined.text == f"Okay. {content_for('en-US')['diary']['offer']}" and not alexa_api.timers.timers
    after = hear(chat, "no")
    assert after.text.endswith(content_for("en-US")["cramp_now"]["offer"])


def test_a_declined_permission_says_so_plainly_and_sets_nothing(alexa_api):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint))
    have_a_cramp(chat)
    hear(chat, "yes")
    refused = chat.send(connections_response("DENIED", token="check_in"))
    assert refused.text == words("en-US")["permission_denied"] and refused.ended
    assert refused.card == {"type": "AskForPermissionsConsent", "permissions": [TIMERS_SCOPE]}
    assert not alexa_api.timers.timers


@pytest.mark.parametrize("status", [403, 500, 504])
def test_a_timers_failure_says_so_plainly_with_what_to_do(alexa_api, status: int):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint))
    alexa_api.grant_timers(chat.device.api_access_token)
    alexa_api.fail_next("timers", status)
    have_a_cramp(chat)
    reply = hear(chat, "yes")
    assert reply.text == words("en-US")["not_set"] and reply.ended and not alexa_api.timers.timers


def test_the_check_in_works_on_an_echo_show_too(alexa_api):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint, display="show"))
    alexa_api.grant_timers(chat.device.api_access_token)
    have_a_cramp(chat)
    assert hear(chat, "yes").text == words("en-US")["set"]
    assert timer_rings(chat, alexa_api).text == words("en-US")["question"]
    assert hear(chat, "no").text.startswith(content_for("en-US")["urgent"]["long_cramp"])


def test_a_plain_launch_is_not_a_check_in(alexa_api):
    chat = Chat(Device(api_endpoint=alexa_api.endpoint))
    other = chat.send(launch_request(task={"name": f"{chat.device.skill_id}.SomethingElse", "version": "1"}))
    assert words("en-US")["question"] not in other.text


# -- the skill package ---------------------------------------------------------------------------------


def test_the_manifest_declares_the_check_in_task_and_the_timers_permission():
    assert {"name": CHECK_IN_TASK, "version": "1"} in MANIFEST["apis"]["custom"]["tasks"]
    assert TIMERS_SCOPE in {permission["name"] for permission in MANIFEST["permissions"]}
    assert TIMERS_SCOPE in {member.value for member in PermissionName}


@pytest.mark.parametrize("task", MANIFEST["apis"]["custom"]["tasks"], ids=lambda task: task["name"])
def test_each_declared_task_has_its_file_valid_as_openapi_3_and_as_amazon_asks(task: dict):
    """Amazon's rules: tasks/<Name>.<Version>.json, OpenAPI 3, one path "/<Name>" with a POST whose body is
    application/json only, info.version the task's version, an access scope of public or vendor-private."""
    spec = json.loads((PACKAGE / "tasks" / f"{task['name']}.{task['version']}.json").read_text(encoding="utf-8"))
    validate(spec)
    assert spec["openapi"].startswith("3.") and spec["info"]["version"] == task["version"]
    assert list(spec["paths"]) == [f"/{task['name']}"]
    assert list(spec["paths"][f"/{task['name']}"]["post"]["requestBody"]["content"]) == ["application/json"]
    assert spec["info"].get("x-amzn-alexa-access-scope", "vendor-private") in ("public", "vendor-private")


def test_the_task_file_check_would_catch_a_broken_file():
    spec = json.loads((PACKAGE / "tasks" / "CrampCheck.1.json").read_text(encoding="utf-8"))
    del spec["paths"]["/CrampCheck"]["post"]["responses"]
    with pytest.raises(Exception, match="responses"):
        validate(spec)


# -- the console, as the docs say to try it --------------------------------------------------------

FEATURES = Path(__file__).resolve().parents[1] / "docs" / "features.md"


def check_in_scripts() -> list[tuple[str, list[str]]]:
    """docs/features.md's piped check-in scripts: (the console's arguments, the lines typed)."""
    found = re.findall(
        r"^printf '(open leg cramp helper\\nI have a cramp[^']*|abre ayudante[^']*)' \| make run"
        r'(?: ARGS="([^"]*)")?$',
        FEATURES.read_text(encoding="utf-8"),
        re.M,
    )
    return [(args, script.split("\\n")[:-1]) for script, args in found]


@pytest.mark.parametrize("args, lines", check_in_scripts())
def test_the_documented_check_in_script_ends_with_the_long_cramp_urgent_line(tmp_path, args: str, lines: list[str]):
    from tests.test_simulator import simulator

    result = simulator(args.split(), "\n".join(lines) + "\n", tmp_path)
    assert result.returncode == 0, result.stderr
    locale = args.split()[-1] if args else "en-US"
    out = result.stdout
    assert out.index(words(locale)["set"]) < out.index(f"> {lines[4]}") < out.index(words(locale)["question"])
    assert out.rstrip().splitlines()[-3].startswith(f"Alexa: {content_for(locale)['urgent']['long_cramp'][:40]}")


@pytest.mark.parametrize("args, lines", check_in_scripts())
def test_answering_alexas_own_question_with_anything_but_yes_leaves_the_skill_closed_and_says_so(
    tmp_path, args: str, lines: list[str]
):
    from tests.test_simulator import simulator

    answered = [*lines[:4], f"{lines[4]} {lines[5]}"]  # "tick 10m no it still hurts": said to Alexa's question
    result = simulator(args.split(), "\n".join(answered) + "\n", tmp_path)
    locale = args.split()[-1] if args else "en-US"
    out = result.stdout.rstrip().splitlines()
    assert words(locale)["question"] not in result.stdout
    assert out[-1] in (
        "[Alexa does not open the skill: only yes to its question goes back to the skill]",
        "[Alexa no abre la skill: solo un sí a su pregunta vuelve a la skill]",
    )
    assert any(line.startswith("Alexa: " + words(locale)["confirm"][:40]) for line in out)


def test_the_docs_show_the_check_in_in_english_and_spanish():
    assert [args for args, _ in check_in_scripts()] == ["", "--locale es-US"]
