"""Cold starts: a fresh Python process per measurement, from spawn to the first answer.

Method (the same for both skills): the parent reads CLOCK_MONOTONIC just before it spawns
`cold_driver.py` with the venv's python; the child reads the same clock once its first response is
serialised. The difference is interpreter start + imports + building the skill + the first request,
which is what a Lambda cold start costs in Python (process exit is not included). Cases run
round-robin, one discarded run each first (page cache), so drift hits every case alike. Each skill runs
from its deployed copy, bytecode included (run.deployed_copies), as Lambda runs it from /var/task.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .scenarios import Expectation

DRIVER = Path(__file__).with_name("cold_driver.py")
RESULT_PREFIX = "BENCH-RESULT "
CHILD_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class ColdCase:
    """One kind of cold start: which skill, which first request, in which environment."""

    name: str
    skill_dir: Path
    event_file: Path
    env: Mapping[str, str]
    expect: Expectation
    boto3_client: bool = False
    python: str = sys.executable  # the runtime's Python when the function was built with it

    def command(self, *python_flags: str) -> list[str]:
        extra = ["--boto3-client"] if self.boto3_client else []
        return [self.python, *python_flags, str(DRIVER), str(self.skill_dir), str(self.event_file), *extra]


@dataclass
class ColdSample:
    """One cold start, in milliseconds (total = startup + driver + import + first turn)."""

    total_ms: float
    startup_ms: float
    import_ms: float
    first_turn_ms: float
    peak_rss_mib: float
    failure: str | None = None


@dataclass
class ColdResult:
    case: str
    samples: list[ColdSample] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Medians of every part, plus the raw totals."""

        def median(attribute: str) -> float:
            return round(statistics.median(getattr(sample, attribute) for sample in self.samples), 2)

        if not self.samples:
            return {"runs": 0, "failures": self.failures}
        return {
            "median_ms": median("total_ms"),
            "startup_ms": median("startup_ms"),
            "import_ms": median("import_ms"),
            "first_turn_ms": median("first_turn_ms"),
            "peak_rss_mib": median("peak_rss_mib"),
            "runs": len(self.samples),
            "totals_ms": [round(sample.total_ms, 2) for sample in self.samples],
        }


def child_result(stdout: str) -> dict[str, Any]:
    """The driver's BENCH-RESULT line."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX) :])
    raise RuntimeError("the child printed no result")


def run_once(case: ColdCase) -> ColdSample:
    """Spawn one child and time it; a crash or a wrong answer is recorded as the sample's failure."""
    spawned = time.clock_gettime(time.CLOCK_MONOTONIC)
    completed = subprocess.run(
        case.command(), env=dict(case.env), capture_output=True, text=True, timeout=CHILD_TIMEOUT_SECONDS
    )
    try:
        result = child_result(completed.stdout)
    except (RuntimeError, ValueError):
        tail = completed.stderr.strip().splitlines()[-3:]
        return ColdSample(0, 0, 0, 0, 0, failure=f"{case.name}: child exited {completed.returncode}: {tail}")
    ms = 1000.0  # seconds to milliseconds
    return ColdSample(
        total_ms=(result["answered"] - spawned) * ms,
        startup_ms=(result["started"] - spawned) * ms,
        import_ms=(result["imported"] - result["before_import"]) * ms,
        first_turn_ms=(result["answered"] - result["imported"]) * ms,
        peak_rss_mib=result["peak_rss_kib"] / 1024.0,
        failure=case.expect.failure(result["response"]),
    )


def run_cases(cases: Sequence[ColdCase], runs: int, warmups: int = 1) -> dict[str, ColdResult]:
    """`runs` measured cold starts of every case, interleaved, after `warmups` discarded rounds."""
    results = {case.name: ColdResult(case.name) for case in cases}
    for round_number in range(warmups + runs):
        for case in cases:
            sample, result = run_once(case), results[case.name]
            if sample.failure:
                if sample.failure not in result.failures:
                    result.failures.append(sample.failure)
            elif round_number >= warmups:
                result.samples.append(sample)
    return results


def failures(results: Mapping[str, ColdResult]) -> list[str]:
    """Every distinct wrong answer or crash, across all cases."""
    return [failure for result in results.values() for failure in result.failures]


# -- where the time goes: python -X importtime ----------------------------------------------------
@dataclass(frozen=True)
class ImportLine:
    name: str
    self_us: int
    cumulative_us: int
    depth: int


def parse_importtime(stderr: str) -> list[ImportLine]:
    """`-X importtime` lines in the order Python prints them (a module after everything it imported)."""
    lines = []
    for raw in stderr.splitlines():
        if not raw.startswith("import time:") or "self [us]" in raw:
            continue
        self_us, cumulative_us, name = raw[len("import time:") :].split("|", 2)
        stripped = name.lstrip(" ")
        lines.append(ImportLine(stripped.strip(), int(self_us), int(cumulative_us), (len(name) - len(stripped)) // 2))
    return lines


def importers(lines: Sequence[ImportLine]) -> dict[str, str]:
    """module -> the module whose import statement loaded it (the next line printed one level up)."""
    parents: dict[str, str] = {}
    for index, line in enumerate(lines):
        for later in lines[index + 1 :]:
            if later.depth < line.depth:
                parents[line.name] = later.name
                break
    return parents


def own_importer(module: str, parents: Mapping[str, str], own_prefixes: Sequence[str]) -> str:
    """The nearest ancestor of `module` that belongs to the skill itself (e.g. cramp_helper.api_client)."""
    current = module
    while current in parents:
        current = parents[current]
        if current.startswith(tuple(own_prefixes)):
            return current
    return "?"


def extra_imports(
    case: ColdCase, baseline: ColdCase, own_prefixes: Sequence[str], top: int = 10
) -> list[dict[str, Any]]:
    """Top-level packages the case imports and the baseline does not, by self time (ms), each
    with the skill module that first pulled it in. One run each under -X importtime (inflated)."""

    def imports_of(cold_case: ColdCase) -> list[ImportLine]:
        completed = subprocess.run(
            cold_case.command("-X", "importtime"),
            env=dict(cold_case.env),
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_SECONDS,
        )
        return parse_importtime(completed.stderr)

    lines, baseline_names = imports_of(case), {line.name for line in imports_of(baseline)}
    parents = importers(lines)
    groups: dict[str, dict[str, Any]] = {}
    for line in lines:
        if line.name in baseline_names:
            continue
        package = line.name.split(".")[0]
        group = groups.setdefault(package, {"package": package, "self_ms": 0.0, "modules": 0, "pulled_in_by": None})
        group["self_ms"] += line.self_us / 1000.0
        group["modules"] += 1
        if group["pulled_in_by"] is None and not package.startswith(tuple(own_prefixes)):
            group["pulled_in_by"] = own_importer(line.name, parents, own_prefixes)
    ranked = sorted(groups.values(), key=lambda group: group["self_ms"], reverse=True)[:top]
    for group in ranked:
        group["self_ms"] = round(group["self_ms"], 1)
    return ranked


def child_environment(base: Mapping[str, str], **overrides: str) -> dict[str, str]:
    """The parent's environment without anything that would steer the skill, plus `overrides`."""
    steering = ("PREFERENCES_", "AWS_", "SKILL_ID", "PYTHONPATH", "PYTHONSTARTUP")
    env = {key: value for key, value in base.items() if not key.startswith(steering)}
    env.update(overrides)
    return env
