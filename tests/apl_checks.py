"""Checks for APL and APL-T documents where apl-suggester is blind (facts.md): unknown component types,
imports it would silently skip, graphics a component names but the document lacks, `${...}` expressions
that name nothing in scope, and data-source paths the data does not have.

`problems(document, data)` walks the document as the device would inflate it with `data` (the
RenderDocument's datasources): it follows `when` clauses that test one data value, so a branch the data
switches off (no figure) is not required to find its graphic.
"""

from __future__ import annotations

import re
from typing import Any

APL_COMPONENTS = {
    "Container",
    "Frame",
    "Image",
    "Pager",
    "ScrollView",
    "Sequence",
    "GridSequence",
    "Text",
    "TouchWrapper",
    "VectorGraphic",
    "Video",
    "EditText",
}
APLT_COMPONENTS = {"Container", "Pager", "ScrollView", "Sequence", "Text", "TimeText"}
# names every expression may use: the document's clock, the device, the expression library
BUILT_INS = {
    "elapsedTime",
    "localTime",
    "utcTime",
    "viewport",
    "environment",
    "Math",
    "Time",
    "String",
    "Array",
    "Object",
    "true",
    "false",
    "null",
    "data",
    "index",
    "length",
    "ordinal",
    "event",
}
AVG_ITEMS = {
    "group": {
        "type",
        "items",
        "opacity",
        "rotation",
        "pivotX",
        "pivotY",
        "scaleX",
        "scaleY",
        "translateX",
        "translateY",
        "description",
    },
    "path": {
        "type",
        "pathData",
        "fill",
        "fillOpacity",
        "stroke",
        "strokeOpacity",
        "strokeWidth",
        "strokeLineCap",
        "strokeLineJoin",
        "description",
    },
}
CHILD_KEYS = ("item", "items", "firstItem", "lastItem")
_EXPRESSION = re.compile(r"\$\{([^}]*)\}")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_NAME = re.compile(r"(?<![\w.@$])([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)*)")
_RESOURCE = re.compile(r"@([A-Za-z_]\w*)")
_PATH_DATA = re.compile(r"^[MmLlHhVvAaQqCcZz0-9 ,.\-${}*()\w]+$")


def expressions(value: Any) -> list[str]:
    """Every `${...}` inside a string, a list or an object."""
    if isinstance(value, str):
        return _EXPRESSION.findall(value)
    if isinstance(value, list):
        return [found for item in value for found in expressions(item)]
    if isinstance(value, dict):
        return [found for item in value.values() for found in expressions(item)]
    return []


def names_in(expression: str) -> list[tuple[str, list[str]]]:
    """(first name, the dotted path after it) for each name an expression reads, strings left out."""
    bare = _STRING.sub("''", expression)
    return [(match.group(1), [part for part in match.group(2).split(".") if part]) for match in _NAME.finditer(bare)]


def lookup(data: Any, path: list[str]) -> tuple[bool, Any]:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False, None
        data = data[part]
    return True, data


def problems(document: dict[str, Any], datasources: dict[str, Any]) -> list[str]:
    """Everything wrong with `document` inflated with `datasources` ([] when nothing is)."""
    found: list[str] = []
    aplt = document.get("type") == "APLT"
    if document.get("type") not in ("APL", "APLT"):
        found.append(f"not an APL document: {document.get('type')!r}")
    if document.get("import"):
        found.append("imports packages, which apl-suggester cannot see into")
    resources = {
        name
        for block in document.get("resources", [])
        for kind in block.values()
        if isinstance(kind, dict)
        for name in kind
    }
    graphics = document.get("graphics", {})
    template = document.get("mainTemplate", {})
    parameters = template.get("parameters", [])
    for parameter in parameters:
        if parameter not in datasources:
            found.append(f"mainTemplate parameter {parameter!r} has no data source")
    components = APLT_COMPONENTS if aplt else APL_COMPONENTS | set(document.get("layouts", {}))

    def check_expressions(where: str, value: Any, scope: set[str]) -> None:
        for expression in expressions(value):
            if expression.count("(") != expression.count(")") or expression.count("'") % 2:
                found.append(f"{where}: unbalanced expression ${{{expression}}}")
            for resource in _RESOURCE.findall(expression):
                if resource not in resources:
                    found.append(f"{where}: no resource @{resource}")
            for name, path in names_in(expression):
                if name in parameters:
                    known, _ = lookup(datasources.get(name), path)
                    if not known:
                        found.append(f"{where}: the data has no {'.'.join([name, *path])}")
                elif name not in scope and name not in BUILT_INS:
                    found.append(f"{where}: ${{{expression}}} reads {name!r}, which nothing binds")

    def inflated(component: dict[str, Any]) -> bool:
        """False when a `when` that reads one data value is false for this data."""
        condition = component.get("when")
        match = re.fullmatch(r"\$\{(\w+)((?:\.\w+)+)\}", condition) if isinstance(condition, str) else None
        if match is None or match.group(1) not in parameters:
            return True
        known, value = lookup(datasources[match.group(1)], match.group(2).split(".")[1:])
        return not known or bool(value)

    def walk(component: Any, where: str, scope: set[str]) -> None:
        if isinstance(component, list):
            for number, child in enumerate(component):
                walk(child, f"{where}[{number}]", scope)
            return
        if not isinstance(component, dict):
            found.append(f"{where}: a component that is not an object")
            return
        kind = component.get("type")
        if kind not in components:
            found.append(f"{where}: unknown component type {kind!r}")
        scope = scope | {bind["name"] for bind in component.get("bind", [])}
        here = f"{where}/{kind}"
        check_expressions(here, {key: value for key, value in component.items() if key not in CHILD_KEYS}, scope)
        if kind == "VectorGraphic" and inflated(component):
            source = component.get("source")
            if source not in graphics:
                found.append(f"{here}: graphic {source!r} is not in the document")
            else:
                declared = {
                    parameter["name"] if isinstance(parameter, dict) else parameter
                    for parameter in graphics[source].get("parameters", [])
                }
                standard = {
                    "type",
                    "source",
                    "width",
                    "height",
                    "scale",
                    "align",
                    "when",
                    "spacing",
                    "grow",
                    "shrink",
                    "paddingLeft",
                    "paddingRight",
                    "paddingTop",
                    "paddingBottom",
                    "description",
                }
                for key in set(component) - standard - declared:
                    found.append(f"{here}: {key!r} is neither a property nor a parameter of {source!r}")
        for key in CHILD_KEYS:
            if key in component:
                walk(component[key], f"{here}.{key}", scope)

    walk(template.get("item", template.get("items", [])), "mainTemplate", set())
    for name, graphic in graphics.items():
        found.extend(avg_problems(name, graphic))
    return found


def avg_problems(name: str, graphic: dict[str, Any]) -> list[str]:
    """An AVG graphic drawn only with the groups and paths tools/draw_figures.py can also draw as SVG,
    whose expressions read only the graphic's own parameters."""
    found = []
    if graphic.get("type") != "AVG" or not isinstance(graphic.get("width"), int | float):
        found.append(f"graphic {name}: not an AVG graphic of fixed size")
    declared = {
        parameter["name"] if isinstance(parameter, dict) else parameter for parameter in graphic.get("parameters", [])
    }

    def walk(items: list[Any], where: str) -> None:
        for number, item in enumerate(items):
            kind = item.get("type")
            here = f"graphic {name}{where}[{number}] {kind}"
            if kind not in AVG_ITEMS:
                found.append(f"{here}: an AVG item other than group or path")
                continue
            for key in set(item) - AVG_ITEMS[kind]:
                found.append(f"{here}: property {key!r} not allowed")
            if kind == "path" and not _PATH_DATA.match(str(item.get("pathData", ""))):
                found.append(f"{here}: path data {item.get('pathData')!r}")
            for expression in expressions({key: value for key, value in item.items() if key != "items"}):
                for word, _ in names_in(expression):
                    if word not in declared and word not in BUILT_INS:
                        found.append(f"{here}: ${{{expression}}} reads {word!r}, not a parameter")
            walk(item.get("items", []), f"{where}[{number}]")

    walk(graphic.get("items", []), "")
    return found


def send_events(component: Any) -> list[list[Any]]:
    """The arguments of every SendEvent command a document's touchable components send."""
    found: list[list[Any]] = []
    if isinstance(component, list):
        for child in component:
            found += send_events(child)
    elif isinstance(component, dict):
        commands = component.get("onPress", [])
        for command in commands if isinstance(commands, list) else [commands]:
            if isinstance(command, dict) and command.get("type") == "SendEvent":
                found.append(command.get("arguments", []))
        for key in (*CHILD_KEYS, "mainTemplate"):
            if key in component:
                found += send_events(component[key])
    return found
