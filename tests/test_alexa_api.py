"""The Alexa API stand-in, driven through the SDK's own Reminders and Settings (UPS) clients over TLS."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import certifi
import pytest
import requests
from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_model.services import ServiceException
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Trigger,
    TriggerType,
)

from cramp_helper.api_client import TimeoutApiClient
from simulator.alexa_api import (
    MAX_DELAY_SECONDS,
    AlexaApiStandIn,
    describe,
    describe_schedule,
    parse_rrule,
    validate_reminder,
)
from tests.fixtures_alexa_api import service_client_factory  # the fixtures come from conftest's pytest_plugins

TEXT = "Time to stretch your calves before bed."
DEVICE = "amzn1.ask.device.TESTDEVICE"


def nightly(hour: int = 21, minute: int = 0, zone: str = "America/New_York") -> ReminderRequest:
    """A reminder as the skill builds it: daily RRULE, local (zone-less) times."""
    return ReminderRequest(
        request_time=datetime(2024, 3, 1, 12, 0, 0),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=datetime(2024, 3, 1, hour, minute),
            time_zone_id=zone,
            recurrence=Recurrence(recurrence_rules=[f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0"]),
        ),
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale="en-US", text=TEXT)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def reminders_client(api: AlexaApiStandIn, **kwargs):
    return service_client_factory(api, **kwargs).get_reminder_management_service()


def status_of(call) -> int:
    with pytest.raises(ServiceException) as raised:
        call()
    return raised.value.status_code


# -- TLS and lifecycle --------------------------------------------------------------------------


def test_serves_https_trusted_only_through_its_own_bundle(alexa_api):
    assert alexa_api.endpoint.startswith("https://127.0.0.1:")
    url = f"{alexa_api.endpoint}/v2/devices/{DEVICE}/settings/System.timeZone"
    headers = {"Authorization": "Bearer anything"}
    assert requests.get(url, headers=headers, verify=alexa_api.ca_bundle, timeout=5).json() == "America/New_York"
    with pytest.raises(requests.exceptions.SSLError):  # the public roots do not vouch for it
        requests.get(url, headers=headers, verify=certifi.where(), timeout=5)
    localhost = url.replace("127.0.0.1", "localhost")
    assert requests.get(localhost, headers=headers, verify=alexa_api.ca_bundle, timeout=5).status_code == 200


def test_sdk_client_refuses_plain_http_so_the_stand_in_must_be_https(alexa_api):
    api = service_client_factory(alexa_api)
    api.api_configuration.api_endpoint = alexa_api.endpoint.replace("https://", "http://")
    assert status_of(lambda: api.get_ups_service().get_system_time_zone(DEVICE)) == 500  # ApiClientException


def test_context_manager_stops_and_removes_the_certificate():
    with AlexaApiStandIn() as api:
        bundle = Path(api.ca_bundle)
        assert bundle.exists() and b"BEGIN CERTIFICATE" in bundle.read_bytes()
        port = api.port
    assert not bundle.exists()
    with pytest.raises(RuntimeError):
        _ = api.endpoint
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"https://127.0.0.1:{port}/", verify=False, timeout=2)


# -- Reminders ----------------------------------------------------------------------------------


def test_create_needs_the_reminders_permission(alexa_api):
    client = reminders_client(alexa_api)
    with pytest.raises(ServiceException) as raised:
        client.create_reminder(nightly())
    assert raised.value.status_code == 401
    # create_reminder declares no 401 model, so the SDK hands over the raw JSON body
    body = json.loads(raised.value.body)
    assert body["code"] == "NO_PERMISSION" and "permission" in body["message"]
    assert alexa_api.reminders == {}
    assert alexa_api.requests_log[-1].method == "POST" and alexa_api.requests_log[-1].authorized


def test_create_stores_the_reminder_as_posted(alexa_api):
    alexa_api.grant_reminders()
    created = reminders_client(alexa_api).create_reminder(nightly())
    assert created.status.value == "ON" and created.version == "1"
    assert created.href == f"/v1/alerts/reminders/{created.alert_token}"
    assert created.created_time.endswith("Z")
    stored = alexa_api.reminders[created.alert_token]
    assert stored["trigger"]["recurrence"]["recurrenceRules"] == ["FREQ=DAILY;BYHOUR=21;BYMINUTE=0;BYSECOND=0"]
    assert stored["trigger"]["scheduledTime"] == "2024-03-01T21:00:00"
    assert stored["alertInfo"]["spokenInfo"]["content"][0]["text"] == TEXT
    assert describe(stored) == f"every day at 9:00 PM (America/New_York): '{TEXT}'"


def test_revoked_permission_answers_401_again(alexa_api):
    alexa_api.grant_reminders()
    client = reminders_client(alexa_api)
    token = client.create_reminder(nightly()).alert_token
    alexa_api.revoke_reminders()
    assert status_of(lambda: client.delete_reminder(token)) == 401
    assert token in alexa_api.reminders


def test_permission_is_per_access_token(alexa_api):
    alexa_api.grant_reminders("someone-else")
    assert status_of(lambda: reminders_client(alexa_api).create_reminder(nightly())) == 401
    assert reminders_client(alexa_api, token="someone-else").create_reminder(nightly()).alert_token


def test_get_reminder_returns_it_but_the_sdk_cannot_read_alert_info(alexa_api):
    """ask-sdk-model 1.82 names a module that does not exist (alert_info_spoken_info) for
    AlertInfo.spoken_info, so GET answers carrying alertInfo fail to deserialise: the skill must not
    depend on get_reminder/get_reminders (alexa/alexa-apis-for-python#30)."""
    alexa_api.grant_reminders()
    client = reminders_client(alexa_api)
    token = client.create_reminder(nightly()).alert_token
    with pytest.raises(SerializationException, match="alert_info_spoken_info"):
        client.get_reminder(token)
    raw = requests.get(
        f"{alexa_api.endpoint}/v1/alerts/reminders/{token}",
        timeout=5,
        headers={"Authorization": "Bearer test-api-access-token"},
    ).json()
    assert raw["alertToken"] == token and raw["status"] == "ON"
    assert raw["trigger"]["timeZoneId"] == "America/New_York"
    assert raw["alertInfo"]["spokenInfo"]["content"][0]["text"] == TEXT


def test_list_reminders(alexa_api):
    alexa_api.grant_reminders()
    client = reminders_client(alexa_api)
    empty = client.get_reminders()
    assert empty.total_count == "0" and empty.alerts == []
    token = client.create_reminder(nightly()).alert_token
    listed = requests.get(
        f"{alexa_api.endpoint}/v1/alerts/reminders",
        timeout=5,
        headers={"Authorization": "Bearer test-api-access-token"},
    ).json()
    assert listed["totalCount"] == "1" and [a["alertToken"] for a in listed["alerts"]] == [token]


def test_update_replaces_the_reminder_and_bumps_the_version(alexa_api):
    alexa_api.grant_reminders()
    client = reminders_client(alexa_api)
    token = client.create_reminder(nightly()).alert_token
    updated = client.update_reminder(token, nightly(22, 30))
    assert updated.alert_token == token and updated.version == "2"
    assert describe_schedule(alexa_api.reminders[token]) == "every day at 10:30 PM America/New_York"
    assert status_of(lambda: client.update_reminder("no-such-token", nightly())) == 404


def test_delete_removes_and_unknown_tokens_are_404(alexa_api):
    alexa_api.grant_reminders()
    client = reminders_client(alexa_api)
    token = client.create_reminder(nightly()).alert_token
    client.delete_reminder(token)
    assert alexa_api.reminders == {}
    assert status_of(lambda: client.delete_reminder(token)) == 404
    assert status_of(lambda: client.delete_reminder("never-existed")) == 404
    assert [(c.method, c.status) for c in alexa_api.calls("DELETE")] == [
        ("DELETE", 200),
        ("DELETE", 404),
        ("DELETE", 404),
    ]


def test_a_malformed_reminder_is_rejected_with_400(alexa_api):
    alexa_api.grant_reminders()
    client = reminders_client(alexa_api)
    no_alert = nightly()
    no_alert.alert_info = None
    with pytest.raises(ServiceException) as raised:
        client.create_reminder(no_alert)
    assert raised.value.status_code == 400 and raised.value.body.code == "INVALID_ALERT_INFO"
    aware = nightly()  # a zone-aware datetime serialises with an offset, which Alexa refuses
    aware.trigger.scheduled_time = datetime(2024, 3, 1, 21, 0, tzinfo=UTC)
    with pytest.raises(ServiceException) as raised:
        client.create_reminder(aware)
    assert raised.value.body.code == "INVALID_TRIGGER_SCHEDULED_TIME_FORMAT"
    assert alexa_api.reminders == {}


VALID = json.loads(
    json.dumps(
        {
            "requestTime": "2024-03-01T12:00:00",
            "trigger": {
                "type": "SCHEDULED_ABSOLUTE",
                "timeZoneId": "America/New_York",
                "recurrence": {"recurrenceRules": ["FREQ=DAILY;BYHOUR=21;BYMINUTE=0"]},
            },
            "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": TEXT}]}},
            "pushNotification": {"status": "ENABLED"},
        }
    )
)


def _without(path: str) -> dict:
    body = json.loads(json.dumps(VALID))
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node[key]
    del node[last]
    return body


def _with(path: str, value) -> dict:
    body = json.loads(json.dumps(VALID))
    *parents, last = path.split(".")
    node = body
    for key in parents:
        node = node[key]
    node[last] = value
    return body


@pytest.mark.parametrize(
    "body, code",
    [
        (_without("trigger"), "INVALID_TRIGGER"),
        (_without("alertInfo"), "INVALID_ALERT_INFO"),
        (_with("alertInfo.spokenInfo.content", []), "INVALID_ALERT_INFO"),
        (_with("alertInfo.spokenInfo.content", [{"locale": "en-US"}]), "INVALID_ALERT_INFO"),
        (_with("trigger.type", "SOMETIME"), "INVALID_TRIGGER_TYPE"),
        (_without("trigger.recurrence"), "INVALID_TRIGGER"),  # absolute, no time at all
        (_with("trigger.scheduledTime", "2024-03-01T21:00:00Z"), "INVALID_TRIGGER_SCHEDULED_TIME_FORMAT"),
        (_with("trigger.timeZoneId", "Mars/Olympus_Mons"), "INVALID_TIME_ZONE_ID"),
        (_with("trigger.recurrence", {"recurrenceRules": ["FREQ=DAILY;BYHOUR=25"]}), "INVALID_TRIGGER_RECURRENCE"),
        (_with("trigger.recurrence", {"recurrenceRules": ["BYHOUR=21"]}), "INVALID_TRIGGER_RECURRENCE"),
        (
            _with(
                "trigger",
                {
                    "type": "SCHEDULED_ABSOLUTE",
                    "scheduledTime": "2024-03-01T21:00:00",
                    "recurrence": {"freq": "HOURLY"},
                },
            ),
            "INVALID_TRIGGER_RECURRENCE",
        ),
        (_with("trigger", {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 0}), "INVALID_TRIGGER"),
        (_with("pushNotification", {"status": "LOUD"}), "INVALID_PUSH_NOTIFICATION"),
        ([VALID], "INVALID_REQUEST"),
    ],
)
def test_validation_codes(body, code):
    assert validate_reminder(VALID) is None
    problem = validate_reminder(body)
    assert problem is not None and problem[0] == code


def test_invalid_json_is_400(alexa_api):
    alexa_api.grant_reminders()
    answer = requests.post(
        f"{alexa_api.endpoint}/v1/alerts/reminders",
        data="{not json",
        timeout=5,
        headers={"Authorization": "Bearer test-api-access-token"},
    )
    assert answer.status_code == 400 and answer.json()["code"] == "INVALID_REQUEST"


# -- Settings (time zone) -----------------------------------------------------------------------


def test_time_zone_default_and_per_device(alexa_api):
    ups = service_client_factory(alexa_api).get_ups_service()
    assert ups.get_system_time_zone(DEVICE) == "America/New_York"
    alexa_api.set_time_zone("Europe/London", device_id="kitchen")
    assert ups.get_system_time_zone("kitchen") == "Europe/London"
    assert ups.get_system_time_zone(DEVICE) == "America/New_York"
    alexa_api.set_time_zone(None)
    assert ups.get_system_time_zone(DEVICE) is None  # 204 No Content: the device has no zone set
    assert alexa_api.calls("GET", "/v2/devices/kitchen/")[0].status == 200


def test_time_zone_without_a_token_is_401_and_logged_as_unauthorised(alexa_api):
    answer = requests.get(f"{alexa_api.endpoint}/v2/devices/{DEVICE}/settings/System.timeZone", timeout=5)
    assert answer.status_code == 401 and set(answer.json()) == {"code", "message"}
    assert alexa_api.requests_log[-1].authorized is False


# -- error injection and hangs ------------------------------------------------------------------


@pytest.mark.parametrize("status", [401, 403, 429, 500, 503, 504])
def test_fail_next_reminders(alexa_api, status):
    alexa_api.grant_reminders()
    client = reminders_client(alexa_api)
    alexa_api.fail_next("reminders", status)
    assert status_of(lambda: client.create_reminder(nightly())) == status
    assert alexa_api.reminders == {}
    assert client.create_reminder(nightly()).alert_token  # only the next call failed


def test_fail_next_counts_and_filters_by_method_and_api(alexa_api):
    alexa_api.grant_reminders()
    factory = service_client_factory(alexa_api)
    client, ups = factory.get_reminder_management_service(), factory.get_ups_service()
    alexa_api.fail_next("POST reminders", 429, times=2)
    alexa_api.fail_next("/v2/devices/", 500)
    assert client.get_reminders().total_count == "0"  # GET is not POST
    assert status_of(lambda: ups.get_system_time_zone(DEVICE)) == 500
    assert ups.get_system_time_zone(DEVICE) == "America/New_York"
    assert status_of(lambda: client.create_reminder(nightly())) == 429
    assert status_of(lambda: client.create_reminder(nightly())) == 429
    assert client.create_reminder(nightly()).version == "1"
    with pytest.raises(ValueError):
        alexa_api.fail_next("weather", 500)


def test_a_hung_api_makes_the_timeout_client_give_up(alexa_api):
    alexa_api.grant_reminders()
    alexa_api.delay_next(2.0, "reminders")
    client = reminders_client(alexa_api, api_client=TimeoutApiClient(timeout=0.3))
    started = time.monotonic()
    with pytest.raises(ServiceException) as raised:
        client.create_reminder(nightly())
    assert time.monotonic() - started < 1.5
    assert raised.value.status_code == 500 and "Call to service failed" in str(raised.value)
    assert reminders_client(alexa_api).create_reminder(nightly()).alert_token  # served again


def test_the_skills_client_reaches_only_a_trusted_https_endpoint(alexa_api, monkeypatch):
    def time_zone(client: TimeoutApiClient, endpoint: str = alexa_api.endpoint) -> str:
        factory = service_client_factory(alexa_api, api_client=client)
        factory.api_configuration.api_endpoint = endpoint
        return factory.get_ups_service().get_system_time_zone(DEVICE)

    assert time_zone(TimeoutApiClient()) == "America/New_York"
    plain_http = alexa_api.endpoint.replace("https://", "http://")
    assert status_of(lambda: time_zone(TimeoutApiClient(), plain_http)) == 500
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")  # certifi's public roots do not vouch for the stand-in
    assert status_of(lambda: time_zone(TimeoutApiClient())) == 500
    assert len(alexa_api.calls("GET", "/v2/devices/")) == 1


def test_a_short_delay_is_waited_out(alexa_api):
    alexa_api.delay_next(0.2, "settings")
    started = time.monotonic()
    assert (
        service_client_factory(alexa_api, api_client=DefaultApiClient()).get_ups_service().get_system_time_zone(DEVICE)
        == "America/New_York"
    )
    assert time.monotonic() - started >= 0.2


def test_delays_are_bounded(alexa_api):
    with pytest.raises(ValueError):
        alexa_api.delay_next(MAX_DELAY_SECONDS + 1)


def test_reset_forgets_everything(alexa_api):
    alexa_api.grant_reminders()
    reminders_client(alexa_api).create_reminder(nightly())
    alexa_api.fail_next("*", 500)
    alexa_api.reset()
    assert alexa_api.reminders == {} and alexa_api.requests_log == []
    assert status_of(lambda: reminders_client(alexa_api).create_reminder(nightly())) == 401


# -- describing reminders for people ------------------------------------------------------------


def _reminder(trigger: dict, text: str = "Stretch") -> dict:
    return {"trigger": trigger, "alertInfo": {"spokenInfo": {"content": [{"locale": "en-US", "text": text}]}}}


@pytest.mark.parametrize(
    "trigger, expected",
    [
        (
            {
                "type": "SCHEDULED_ABSOLUTE",
                "timeZoneId": "Europe/London",
                "recurrence": {"recurrenceRules": ["FREQ=DAILY;BYHOUR=7;BYMINUTE=5;BYSECOND=0"]},
            },
            "every day at 7:05 AM (Europe/London): 'Stretch'",
        ),
        (
            {
                "type": "SCHEDULED_ABSOLUTE",
                "timeZoneId": "America/New_York",
                "recurrence": {"recurrenceRules": ["FREQ=WEEKLY;BYDAY=WE,MO;BYHOUR=0;BYMINUTE=30"]},
            },
            "every Monday and Wednesday at 12:30 AM (America/New_York): 'Stretch'",
        ),
        (
            {
                "type": "SCHEDULED_ABSOLUTE",
                "scheduledTime": "2024-03-01T12:00:00",
                "recurrence": {"freq": "WEEKLY", "byDay": ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]},
            },
            "every day at 12:00 PM (device time zone): 'Stretch'",
        ),
        (
            {"type": "SCHEDULED_ABSOLUTE", "scheduledTime": "2024-03-01T21:15:00", "timeZoneId": "UTC"},
            "on Fri 01 Mar 2024 at 9:15 PM (UTC): 'Stretch'",
        ),
        ({"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 600}, "in 10 minutes: 'Stretch'"),
    ],
)
def test_describe(trigger, expected):
    assert describe(_reminder(trigger)) == expected


def test_describe_uses_the_given_zone_and_ssml_when_there_is_no_text():
    reminder = {
        "trigger": {"type": "SCHEDULED_ABSOLUTE", "recurrence": {"recurrenceRules": ["FREQ=DAILY;BYHOUR=21"]}},
        "alertInfo": {
            "spokenInfo": {"content": [{"locale": "en-US", "ssml": "<speak>Stretch <break time='1s'/>now</speak>"}]}
        },
    }
    assert describe(reminder, "Asia/Tokyo") == "every day at 9:00 PM (Asia/Tokyo): 'Stretch now'"


def test_parse_rrule():
    assert parse_rrule("RRULE:FREQ=DAILY;BYHOUR=21;BYMINUTE=0;") == {"FREQ": "DAILY", "BYHOUR": "21", "BYMINUTE": "0"}


def test_skill_scheduled_time_is_accepted(alexa_api):
    """A trigger built like the skill's (next occurrence, naive local time) passes validation."""
    alexa_api.grant_reminders()
    request = nightly()
    request.trigger.scheduled_time = (datetime.now() + timedelta(days=1)).replace(microsecond=0)
    assert reminders_client(alexa_api).create_reminder(request).alert_token
