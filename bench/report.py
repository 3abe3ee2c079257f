"""Turning measurements into ratios, target verdicts, a printed table and results JSON files.

Targets are reported, never enforced: timings vary from machine to machine, so `make bench` only
fails when a skill answers wrongly. The JSON in bench/results/ lets the next run print its delta.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .package_size import MIB

# Cold-start case names (see run.py).
BASELINE, BASELINE_BOTO3 = "hello world", "hello world + boto3 client"
BASELINE_TZ = "hello world + time zone (SDK)"  # DefaultApiClient and the settings service, the SDK's usual way
CONTENT_SQLITE, CONTENT_DYNAMODB = "content turn, embedded store", "content turn, DynamoDB"
PREFERENCE_SQLITE, PREFERENCE_DYNAMODB = "preference turn, embedded store", "preference turn, DynamoDB"
DIARY_DYNAMODB = "diary turn, DynamoDB"
DIARY_FULL_DYNAMODB = "diary turn, DynamoDB, full diary"  # 500 entries: must cost about what an empty one does
CONTENT_SCREEN = "content turn on an Echo Show"  # the step's APL document loaded and sent (embedded store)
DIARY_TURNS = ("launch", "history")  # the warm turns measured for each diary (scenarios.DIARY_NAMES)
DIARIES = ("full diary", "four weeks' diary", "empty diary")
# Which baseline each skill case is compared with (a full diary: the same turn with an empty one).
COMPARED_WITH = {
    CONTENT_SQLITE: BASELINE,
    CONTENT_DYNAMODB: BASELINE,
    CONTENT_SCREEN: BASELINE,
    DIARY_DYNAMODB: BASELINE_BOTO3,
    DIARY_FULL_DYNAMODB: DIARY_DYNAMODB,
    PREFERENCE_SQLITE: BASELINE,
    PREFERENCE_DYNAMODB: BASELINE_BOTO3,
}


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    limit: float
    unit: str

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value <= self.limit

    def line(self) -> str:
        verdict = {True: "PASS", False: "MISS", None: "n/a "}[self.met]
        value = "?" if self.value is None else f"{self.value:.2f}{self.unit}"
        return f"  [{verdict}] {self.name}: {value} (target <= {self.limit:g}{self.unit})"


def _median(cold: Mapping[str, Any], case: str) -> float | None:
    return cold.get(case, {}).get("median_ms")


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 3)


def ratios(results: Mapping[str, Any]) -> dict[str, float | None]:
    cold, warm = results["cold_start"], results["warm"]
    found = {
        f"cold {case} / {base}": _ratio(_median(cold, case), _median(cold, base))
        for case, base in COMPARED_WITH.items()
    }
    found[f"cold {CONTENT_SQLITE} / {BASELINE_TZ}"] = _ratio(_median(cold, CONTENT_SQLITE), _median(cold, BASELINE_TZ))
    found["warm p50 skill / hello world"] = _ratio(warm["skill"]["p50_ms"], warm["baseline"]["p50_ms"])
    found["warm p99 skill / hello world"] = _ratio(warm["skill"]["p99_ms"], warm["baseline"]["p99_ms"])
    diaries = warm.get("diaries", {})
    for turn in DIARY_TURNS:
        full, month, empty = (diaries.get(f"{turn}, {diary}", {}).get("p50_ms") for diary in DIARIES)
        found[f"warm {turn} p50, full diary / empty diary"] = _ratio(full, empty)
        found[f"warm {turn} p50, full diary / four weeks' diary"] = _ratio(full, month)
    return found


def targets(results: Mapping[str, Any], store_target_met: bool) -> list[Target]:
    cold, found = results["cold_start"], results["ratios"]
    content_rss = [cold.get(case, {}).get("peak_rss_mib") for case in (CONTENT_SQLITE, CONTENT_DYNAMODB)]
    known_rss = [value for value in content_rss if value is not None]
    return [
        Target(
            "content-turn cold start, embedded store / hello world + time zone (SDK)",
            found.get(f"cold {CONTENT_SQLITE} / {BASELINE_TZ}"),
            0.8,
            "x",
        ),
        Target(
            "content-turn cold start, embedded store / hello world",
            found[f"cold {CONTENT_SQLITE} / {BASELINE}"],
            1.25,
            "x",
        ),
        Target(
            "content-turn cold start, DynamoDB configured / hello world",
            found[f"cold {CONTENT_DYNAMODB} / {BASELINE}"],
            1.25,
            "x",
        ),
        Target(
            "preference-turn cold start, DynamoDB / (hello world + boto3 client)",
            found[f"cold {PREFERENCE_DYNAMODB} / {BASELINE_BOTO3}"],
            1.10,
            "x",
        ),
        Target("warm turn p50 / hello world", found["warm p50 skill / hello world"], 1.3, "x"),
        Target(
            "diary-turn cold start on DynamoDB, full diary / empty diary",
            found.get(f"cold {DIARY_FULL_DYNAMODB} / {DIARY_DYNAMODB}"),
            2.0,
            "x",
        ),
        *(
            Target(
                f"warm {turn} p50, full diary / {other}", found.get(f"warm {turn} p50, full diary / {other}"), 2.0, "x"
            )
            for turn in DIARY_TURNS
            for other in ("empty diary", "four weeks' diary")
        ),
        Target(
            "store calls: content 0, preference <= 1 read + 1 write (0 = met, 1 = missed)",
            0.0 if store_target_met else 1.0,
            0,
            "",
        ),
        Target("peak RSS of a cold content turn", max(known_rss) if known_rss else None, 40, " MiB"),
    ]


# -- printing ------------------------------------------------------------------------------------
def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        cell.ljust(width) if index == 0 else cell.rjust(width)
        for index, (cell, width) in enumerate(zip(cells, widths, strict=False))
    )


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def cold_table(cold: Mapping[str, Any], found: Mapping[str, float | None]) -> list[str]:
    widths = (40, 9, 9, 9, 9, 9, 8, 8)
    lines = [
        _row(
            ("cold start (ms, median)", "total", "py start", "import", "1st turn", "peak MiB", "ratio", "runs"), widths
        )
    ]
    for case, summary in cold.items():
        ratio = found.get(f"cold {case} / {COMPARED_WITH.get(case)}")
        lines.append(
            _row(
                (
                    case,
                    _ms(summary.get("median_ms")),
                    _ms(summary.get("startup_ms")),
                    _ms(summary.get("import_ms")),
                    _ms(summary.get("first_turn_ms")),
                    _ms(summary.get("peak_rss_mib")),
                    "" if ratio is None else f"{ratio:.2f}x",
                    str(summary.get("runs", 0)),
                ),
                widths,
            )
        )
    lines.append(
        "  (ratio: content turns and the embedded-store preference turn vs hello world; the DynamoDB preference"
        " and diary turns vs hello world + boto3 client; a full diary vs the same turn with an empty one)"
    )
    tz_ratio = found.get(f"cold {CONTENT_SQLITE} / {BASELINE_TZ}")
    if tz_ratio is not None:
        lines.append(f"  content turn, embedded store vs {BASELINE_TZ}: {tz_ratio:.2f}x")
    return lines


def warm_table(warm: Mapping[str, Any]) -> list[str]:
    widths = (40, 9, 9, 9, 9)
    lines = [_row(("warm turn (ms)", "p50", "p99", "mean", "turns"), widths)]
    rows = [("Cramp Helper (conversation mix)", warm["skill"]), ("hello world (launch/intent)", warm["baseline"])]
    rows += [(f"Cramp Helper {name}", summary) for name, summary in warm.get("diaries", {}).items()]
    for label, summary in rows:
        lines.append(
            _row(
                (
                    label,
                    f"{summary['p50_ms']:.3f}",
                    f"{summary['p99_ms']:.3f}",
                    f"{summary['mean_ms']:.3f}",
                    str(summary["turns"]),
                ),
                widths,
            )
        )
    return lines


def _calls(calls: Mapping[str, int] | None) -> str:
    if calls is None:
        return "-"
    plural = {"read": "reads", "write": "writes", "delete": "deletes", "other": "others"}
    return ", ".join(f"{count} {kind if count == 1 else plural[kind]}" for kind, count in calls.items()) or "none"


def store_table(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    widths = (44, 11, 22, 22)
    lines = [_row(("store calls per turn", "kind", "embedded (SQLite)", "DynamoDB (HTTP)"), widths)]
    content = [row for row in rows if row["kind"] == "content"]
    if content:
        sqlite_total = sum(sum(row["sqlite"].values()) for row in content)
        dynamodb_total = sum(sum((row.get("dynamodb") or {}).values()) for row in content)
        lines.append(
            _row(
                (
                    f"{len(content)} content turns (launch..stop mix)",
                    "content",
                    f"{sqlite_total} in total",
                    f"{dynamodb_total} in total",
                ),
                widths,
            )
        )
    for row in rows:
        if row["kind"] != "content":
            lines.append(_row((row["turn"], row["kind"], _calls(row["sqlite"]), _calls(row.get("dynamodb"))), widths))
    return lines


def package_table(package: Mapping[str, Any]) -> list[str]:
    lines = []
    built = package.get("built")
    if built:
        lines.append(
            f"  as built ({built['how']}): {built['zipped_bytes'] / MIB:.2f} MiB zipped, "
            f"{built['bytes'] / MIB:.2f} MiB unzipped, {built['files']} files"
        )
        lines.append("  estimated from the venv (source only):")
    for label, key in (("Cramp Helper", "skill"), ("hello world", "baseline")):
        report = package[key]
        total = report["total"]
        lines.append(
            f"  {label}: {total['bytes'] / MIB:.2f} MiB unzipped, ~{total['zipped_bytes'] / MIB:.2f} MiB "
            f"zipped, {total['files']} files"
        )
        biggest = sorted(report["parts"].items(), key=lambda item: item[1]["bytes"], reverse=True)[:6]
        lines.append("    " + ", ".join(f"{name} {part['bytes'] / MIB:.2f}" for name, part in biggest))
    lines.append(
        "  excluded (provided by the Lambda runtime): " + ", ".join(package["skill"]["excluded_runtime_provided"])
    )
    return lines


def imports_table(imports: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = [
        "  imported by the Cramp Helper's cold content turn and not by the hello world (python -X importtime, self ms):"
    ]
    for group in imports:
        origin = f"  <- {group['pulled_in_by']}" if group.get("pulled_in_by") else ""
        lines.append(f"    {group['self_ms']:6.1f}  {group['package']} ({group['modules']} modules){origin}")
    return lines


def render(results: Mapping[str, Any], target_list: Sequence[Target]) -> str:
    lines = [
        f"Night Leg Cramp Helper vs hello world — {results['timestamp']} "
        f"({results['machine']['cpus']} CPUs, Python {results['machine']['python']})",
        "",
    ]
    lines += [*cold_table(results["cold_start"], results["ratios"]), ""]
    lines += warm_table(results["warm"])
    cold_python = _python_version(results["settings"].get("cold_start_python"))
    lines += [
        f"  (cold starts on Python {cold_python}, warm turns on "
        f"Python {results['settings'].get('warm_turns_python') or '?'})",
        "",
    ]
    lines += [*store_table(results["store_calls"]), ""]
    lines += ["deployment package", *package_table(results["package"]), ""]
    if results.get("imports"):
        lines += [*imports_table(results["imports"]), ""]
    if results.get("screens"):
        from .screen_sizes import table

        lines += [*table(results["screens"]), ""]
    lines += ["targets (reported, not enforced)"] + [target.line() for target in target_list]
    return "\n".join(lines)


def _python_version(executable: str | None) -> str:
    """'3.13' from '/root/.pyenv/versions/3.13.0/bin/python3.13' (the path is in the results file)."""
    name = Path(executable or "?").name
    return name.removeprefix("python") or name


# -- results files and deltas ----------------------------------------------------------------------
def headline(results: Mapping[str, Any]) -> dict[str, float | None]:
    """The few numbers worth comparing between runs."""
    numbers: dict[str, float | None] = {
        f"cold {case} ms": summary.get("median_ms") for case, summary in results["cold_start"].items()
    }
    numbers["cold content turn peak RSS MiB"] = results["cold_start"].get(CONTENT_SQLITE, {}).get("peak_rss_mib")
    for key in ("skill", "baseline"):
        numbers[f"warm {key} p50 ms"] = results["warm"][key]["p50_ms"]
        numbers[f"warm {key} p99 ms"] = results["warm"][key]["p99_ms"]
    numbers["package zipped MiB"] = round(results["package"]["skill"]["total"]["zipped_bytes"] / MIB, 3)
    if results["package"].get("built"):
        numbers["built package zipped MiB"] = round(results["package"]["built"]["zipped_bytes"] / MIB, 3)
    numbers.update(results["ratios"])
    return numbers


def delta_lines(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> list[str]:
    if not previous:
        return ["no previous bench/results/latest.json: nothing to compare with"]
    try:
        before = headline(previous)
    except (KeyError, TypeError):
        return ["previous bench/results/latest.json has another layout: nothing to compare with"]
    lines = [f"change since {previous.get('timestamp', '?')} (commit {previous.get('git', {}).get('commit', '?')}):"]
    for name, now in headline(current).items():
        was = before.get(name)
        if now is None or was is None:
            continue
        change = f"{(now - was) / was * 100:+.0f}%" if was else ""
        lines.append(f"  {name}: {was:g} -> {now:g} {change}")
    return lines


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_results(results: Mapping[str, Any], folder: Path, stamp: str, update_latest: bool) -> tuple[Path, ...]:
    """bench/results/<stamp>.json and (unless told not to) bench/results/latest.json."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, default=_jsonable) + "\n"
    written = [folder / f"{stamp}.json"]
    if update_latest:
        written.append(folder / "latest.json")
    for path in written:
        path.write_text(text, encoding="utf-8")
    return tuple(written)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Target):
        return {**asdict(value), "met": value.met}
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON: {type(value).__name__}")
