"""What each exercise is: its steps, which are held or counted and for how long, its place in the bedtime
routine, and what is offered once it is done. Defined once, here; the words live per locale in
`content/<locale>.json` under `exercises.<id>` (title, name, intro, one text per step, done, slot words).

Adding an exercise is one entry in EXERCISES (its place among them is its place in the routine) plus its
words in each language's content, then `make models` (the slot values and the spoken list "I know
three: …" are built from this list).
"""

from __future__ import annotations

from typing import NamedTuple


class Step(NamedTuple):
    """One instruction. A hold is timed silence with a gentle count; reps are counted aloud."""

    hold_seconds: int = 0
    reps: int = 0


class Exercise(NamedTuple):
    id: str
    steps: tuple[Step, ...]
    in_routine: bool = True  # part of "start my bedtime routine", in the order of EXERCISES
    follow_up: str | None = None  # the exercise offered when this one is done on its own (None: a reminder)


EXERCISES: tuple[Exercise, ...] = (
    Exercise("calf", (Step(), Step(), Step(hold_seconds=20), Step(), Step(hold_seconds=20)), follow_up="hamstring"),
    Exercise("hamstring", (Step(), Step(hold_seconds=20))),
    Exercise("toe_curls", (Step(), Step(reps=10))),
    # for someone who can't stand: the calf stretch sitting or lying in bed, a towel around the foot
    Exercise("lying_calf", (Step(), Step(), Step(hold_seconds=20), Step(hold_seconds=20)), in_routine=False),
)
BY_ID: dict[str, Exercise] = {exercise.id: exercise for exercise in EXERCISES}
if len(BY_ID) != len(EXERCISES):  # a copied entry left with its old id would silently replace the other
    raise ValueError(f"two exercises share an id in EXERCISES: {[exercise.id for exercise in EXERCISES]}")
ROUTINE: tuple[str, ...] = tuple(exercise.id for exercise in EXERCISES if exercise.in_routine)


def step_count(exercise_id: str) -> int:
    return len(BY_ID[exercise_id].steps)


def routine_neighbour(exercise_id: str, offset: int) -> str | None:
    """The exercise `offset` places after (or before) this one in the routine, if there is one."""
    if exercise_id not in ROUTINE:
        return None
    index = ROUTINE.index(exercise_id) + offset
    return ROUTINE[index] if 0 <= index < len(ROUTINE) else None
