"""Spanish for the console's NLU: built-in intents' everyday words, how a skill is opened ("abre …",
"pídele a … que …"), stop words, a light stemmer, and AMAZON.TIME / AMAZON.NUMBER as Spanish speakers
say them ("a las nueve de la noche", "a las diez y media", "las once menos cuarto", "21:30").

Text arrives through `nlu.normalise`, so accents are already folded ("recuérdame" → "recuerdame").
Nothing here is about the skill's topics.
"""

from __future__ import annotations

import re

from simulator.nlu import Language

BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": (
        "si",
        "si por favor",
        "claro",
        "claro que si",
        "vale",
        "de acuerdo",
        "esta bien",
        "por supuesto",
        "ok",
        "okey",
        "bueno",
        "dale",
        "adelante",
        "orale",
        "sale",
        "venga",
        "si gracias",
        "perfecto",
        "hazlo",
        "por favor",
    ),
    "AMAZON.NoIntent": (
        "no",
        "no gracias",
        "ahora no",
        "mejor no",
        "nel",
        "para nada",
        "no quiero",
        "todavia no",
        "no por ahora",
        "de momento no",
    ),
    "AMAZON.StopIntent": (
        "para",
        "parar",
        "detente",
        "basta",
        "adios",
        "hasta luego",
        "buenas noches",
        "callate",
        "salir",
        "sal",
        "termina",
        "terminar",
        "ya basta",
        "apagate",
        "chao",
        "nos vemos",
        "eso es todo",
        "ya termine",
        "he terminado",
        "ya acabe",
        "ya he terminado",
    ),
    "AMAZON.CancelIntent": ("cancela", "cancelar", "olvidalo", "dejalo", "no importa", "olvidalo ya"),
    "AMAZON.HelpIntent": (
        "ayuda",
        "ayudame",
        "que puedo decir",
        "que puedes hacer",
        "como funciona",
        "necesito ayuda",
        "que opciones tengo",
        "que sabes hacer",
    ),
    "AMAZON.NextIntent": (
        "siguiente",
        "el siguiente",
        "sigue",
        "listo",
        "lista",
        "ya estoy",
        "hecho",
        "que sigue",
        "el proximo",
        "proximo",
        "proximo paso",
        "ya",
        "seguimos",
        "otro paso",
        "ya esta",
    ),
    "AMAZON.PreviousIntent": (
        "anterior",
        "atras",
        "vuelve",
        "regresa",
        "volver",
        "paso anterior",
        "el anterior",
        "el paso de antes",
        "vuelve atras",
        "regresa al anterior",
    ),
    "AMAZON.RepeatIntent": (
        "repite",
        "repitelo",
        "repetir",
        "otra vez",
        "de nuevo",
        "que dijiste",
        "como",
        "perdon",
        "mande",
        "que",
        "puedes repetir",
        "repite por favor",
        "como dices",
        "no te oi",
        "que fue eso",
        "que fue lo ultimo",
        "repite lo ultimo",
    ),
    "AMAZON.StartOverIntent": (
        "empieza otra vez",
        "vuelve a empezar",
        "empezar de nuevo",
        "reinicia",
        "desde el inicio",
        "otra vez desde el principio",
        "empezar otra vez",
        "volver a empezar",
    ),
    "AMAZON.NavigateHomeIntent": ("inicio", "menu principal", "menu", "ir al inicio", "volver al inicio"),
    "AMAZON.PauseIntent": (
        "pausa",
        "pon pausa",
        "pausar",
        "pausalo",
        "haz una pausa",
        "espera",
        "espera un momento",
        "un momento",
        "dame un minuto",
        "esperame",
        "para un momento",
    ),
    "AMAZON.ResumeIntent": (
        "continua",
        "reanuda",
        "reanudar",
        "sigue donde lo deje",
        "seguir donde lo deje",
        "continua donde lo deje",
        "donde estaba",
        "donde me quede",
        "quita la pausa",
        "continuar",
    ),
}
LAUNCH_VERBS = (
    "abre",
    "abrir",
    "inicia",
    "iniciar",
    "empieza",
    "empezar",
    "comienza",
    "lanza",
    "usa",
    "pon",
    "carga",
    "ejecuta",
    "habla con",
    "activa",
    "abreme",
)
ONE_SHOT_VERBS = (
    "preguntale a",
    "pregunta a",
    "pidele a",
    "pide a",
    "dile a",
    "di a",
    "pregunta en",
    "pide en",
    "abre",
    "inicia",
    "usa",
)
ONE_SHOT_JOINERS = ("que", "si", "por", "sobre", "acerca de", "para que", "de")
NAME_PREPOSITIONS = ("con", "en", "usando", "desde")
BEFORE_NAME = r"(?:(?:el|la|a|al) )?(?:(?:skill|habilidad|aplicacion) (?:de )?)?"
AFTER_NAME = r"(?: skill)?"

STOPWORDS = frozenset(
    "a al ante con de del desde el en la las lo los le les me mi mis para por que se si su "
    "sus tu tus te un una unos unas y o es esta estan hay muy ya yo mas pero como tan "
    "este esto esa eso porfa favor".split()
)
FILLER = re.compile(
    r"^(?:(?:mi|mis|el|la|los|las|un|una|unos|unas|algo de|mas|sobre|de|del|al|tu|su|tomar"
    r"|un poco de)\s+)+|(?:\s+(?:por favor|ahora|ya|otra vez|tambien|porfa))+$"
)
POLITE = re.compile(
    r"^(?:(?:ok|okey|oye|bueno|pues|este|eh|mmm|alexa|por favor|porfa|hola|mira"
    r"|(?:me )?(?:puedes|podrias|quieres)(?: por favor)?|quiero|quisiera|me gustaria|necesito"
    r"|vamos a|dime)\s+)+"
)


def stem(word: str) -> str:
    """Plural and gender endings off ("hinchadas" → "hinchad"); every cry of pain is one word."""
    word = word.replace("'", "")
    if re.fullmatch(r"a+y+(?:a+y+)*|u+y+|a+u+ch+|a+h+|o+u+ch+|au+", word):
        return "ay"
    if word.endswith("es") and len(word) > 5 and word[-3] not in "aeiou":
        word = word[:-2]
    elif word.endswith("s") and len(word) > 4:
        word = word[:-1]
    if word[-1:] in ("a", "o") and len(word) > 4:
        word = word[:-1]
    return word


# -- numbers ------------------------------------------------------------------------------------

_UNITS = {
    w: n
    for n, w in enumerate(
        "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis "
        "diecisiete dieciocho diecinueve veinte veintiuno veintidos veintitres veinticuatro veinticinco "
        "veintiseis veintisiete veintiocho veintinueve".split()
    )
}
_UNITS.update({"un": 1, "una": 1, "veintiun": 21, "veintiuna": 21})
_TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50}


def parse_number(text: str) -> int | None:
    """'21', 'nueve', 'veinticinco', 'treinta y cinco' → an int (0-59 in words); None otherwise."""
    words = text.replace("-", " ").split()
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    if len(words) == 1:
        return _UNITS.get(words[0], _TENS.get(words[0]))
    if len(words) == 3 and words[0] in _TENS and words[1] == "y" and 0 < _UNITS.get(words[2], 0) < 10:
        return _TENS[words[0]] + _UNITS[words[2]]
    return None


# -- times --------------------------------------------------------------------------------------

# A time of day said alone: AMAZON.TIME's codes, or noon and midnight.
_PERIODS = {
    "noche": "NI",
    "la noche": "NI",
    "esta noche": "NI",
    "por la noche": "NI",
    "en la noche": "NI",
    "de noche": "NI",
    "a la noche": "NI",
    "antes de dormir": "NI",
    "antes de acostarme": "NI",
    "la hora de dormir": "NI",
    "a la hora de dormir": "NI",
    "todas las noches": "NI",
    "cada noche": "NI",
    "al anochecer": "EV",
    "el anochecer": "EV",
    "la manana": "MO",
    "por la manana": "MO",
    "en la manana": "MO",
    "esta manana": "MO",
    "de manana": "MO",
    "la tarde": "AF",
    "por la tarde": "AF",
    "en la tarde": "AF",
    "esta tarde": "AF",
    "de tarde": "AF",
    "mediodia": "12:00",
    "el mediodia": "12:00",
    "medio dia": "12:00",
    "medianoche": "00:00",
    "la medianoche": "00:00",
    "media noche": "00:00",
}
# What follows the clock time, and which half of the day it means.
_MERIDIEM = {
    "de la manana": "am",
    "por la manana": "am",
    "en la manana": "am",
    "am": "am",
    "a m": "am",
    "de la madrugada": "early",
    "de madrugada": "early",
    "en la madrugada": "early",
    "del mediodia": "noon",
    "de la tarde": "pm",
    "por la tarde": "pm",
    "en la tarde": "pm",
    "pm": "pm",
    "p m": "pm",
    "de la noche": "night",
    "por la noche": "night",
    "en la noche": "night",
    "esta noche": "night",
    "a la noche": "night",
}
_LEADING = re.compile(
    r"^(?:(?:a|para|sobre|hacia|como a|como|tipo|cerca de|alrededor de|todas las noches a"
    r"|todos los dias a|cada noche a|cada dia a)\s+)?(?:(?:las|la)\s+)?"
)
_TRAILING = re.compile(
    r"\s+(?:en punto|todas las noches|cada noche|todos los dias|cada dia|diario"
    r"|diariamente)$"
)


def parse_time(text: str) -> str | None:
    """What Alexa puts in an AMAZON.TIME slot for Spanish words: 'HH:MM', or 'MO'/'AF'/'EV'/'NI'."""
    words = " ".join(text.replace(".", " ").split())
    nightly = bool(re.search(r"\s(?:todas las noches|cada noche)$", words))
    while True:
        trimmed = _TRAILING.sub("", words)
        if trimmed == words:
            break
        words = trimmed
    if words in _PERIODS:
        return _PERIODS[words]
    words = _LEADING.sub("", words, count=1)
    if words in _PERIODS:
        return _PERIODS[words]
    meridiem = "night" if nightly else None
    for said, half in sorted(_MERIDIEM.items(), key=lambda item: -len(item[0])):
        if words.endswith(" " + said):
            words, meridiem = words[: -len(said) - 1].strip(), half
            break
    clock = _clock(words)
    if clock is None:
        return None
    hour, minute = clock
    if meridiem in ("pm", "night"):
        if hour > 12:
            return None if meridiem == "pm" else f"{hour:02d}:{minute:02d}"
        if hour == 12 and meridiem == "night":
            hour = 0  # "las doce de la noche" is midnight
        elif hour < 12 and not (meridiem == "night" and hour < 4):
            hour += 12
    elif meridiem in ("am", "early"):
        if hour > 12:
            return None
        hour = 0 if hour == 12 else hour
    elif meridiem == "noon" and hour not in (12, 1, 2):
        return None
    elif meridiem == "noon" and hour != 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _clock(words: str) -> tuple[int, int] | None:
    """'9', '9:30', '21:00', 'nueve', 'nueve y media', 'diez y cuarto', 'once menos cuarto',
    'nueve treinta', 'nueve y veinte', 'diez menos diez'."""
    hour: int | None
    minute: int | None
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", words)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        return (hour, minute) if hour < 24 and minute < 60 else None
    match = re.fullmatch(r"(.+?) (y|menos) (media|cuarto|.+?)(?: minutos?)?", words)
    if match:
        hour = parse_number(match.group(1))
        minutes: int | None = {"media": 30, "cuarto": 15}.get(match.group(3)) or parse_number(match.group(3))
        if hour is None or minutes is None or not (0 < minutes < 60 and hour < 24):
            return None
        if match.group(2) == "menos":
            return ((hour - 1) % 24 if hour else 23), 60 - minutes
        return hour, minutes
    parts = words.split()
    for split in range(1, len(parts) + 1):  # "nueve", "nueve treinta", "diez cuarenta y cinco"
        hour = parse_number(" ".join(parts[:split]))
        rest = parts[split:]
        if hour is None or hour > 23:
            continue
        if not rest:
            return hour, 0
        minute = parse_number(" ".join(rest))
        if minute is not None and 10 <= minute < 60:
            return hour, minute
    return None


# -- durations ----------------------------------------------------------------------------------

_DURATION_UNITS = {"segundo": "S", "segundos": "S", "minuto": "M", "minutos": "M", "hora": "H", "horas": "H"}
_BIG_TENS = {"sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90}
_SET_DURATIONS = {
    "medio minuto": "PT30S",
    "media hora": "PT30M",
    "un minuto y medio": "PT1M30S",
    "una hora y media": "PT1H30M",
    "un minuto": "PT1M",
    "una hora": "PT1H",
    "un segundo": "PT1S",
    "unos segundos": "PT5S",
    "unos minutos": "PT3M",
    "un par de minutos": "PT2M",
    "un ratito": "PT3M",
    "un rato": "PT10M",
}


def parse_duration(text: str) -> str | None:
    """What Alexa puts in an AMAZON.DURATION slot for Spanish words, ISO 8601: 'diez minutos' -> 'PT10M',
    'una hora y media' -> 'PT1H30M', 'medio minuto' -> 'PT30S'. None: not a duration."""
    words = " ".join(text.replace("-", " ").split())
    words = re.sub(
        r"^(?:unos|unas|como|casi|mas de|alrededor de|cerca de|por|durante|aproximadamente|solo|"
        r"apenas|mas o menos)\s+",
        "",
        words,
    )
    if words in _SET_DURATIONS:
        return _SET_DURATIONS[words]
    match = re.fullmatch(r"(.+?) (segundos?|minutos?|horas?)(?: y (?:medio|media))?", words)
    if match is None:
        return None
    number = _count(match.group(1))
    if not number:
        return None
    unit = _DURATION_UNITS[match.group(2)]
    if re.search(r" y (?:medio|media)$", words):
        minor = {"H": ("M", 30), "M": ("S", 30)}.get(unit)
        return f"PT{number}{unit}{minor[1]}{minor[0]}" if minor else None
    return f"PT{number}{unit}"


def _count(text: str) -> int | None:
    """'5', 'cinco', 'cuarenta y cinco', 'noventa', 'un par de' -> how many (0-99)."""
    if text in ("un", "una", "uno"):
        return 1
    if text in ("un par de", "par de"):
        return 2
    parts = text.split()
    if parts and parts[0] in _BIG_TENS:
        if len(parts) == 1:
            return _BIG_TENS[parts[0]]
        if len(parts) == 3 and parts[1] == "y" and 0 < _UNITS.get(parts[2], 0) < 10:
            return _BIG_TENS[parts[0]] + _UNITS[parts[2]]
        return None
    return parse_number(text)


LANGUAGE = Language(
    code="es",
    built_in_phrases=BUILT_IN_PHRASES,
    launch_verbs=LAUNCH_VERBS,
    one_shot_verbs=ONE_SHOT_VERBS,
    one_shot_joiners=ONE_SHOT_JOINERS,
    name_prepositions=NAME_PREPOSITIONS,
    before_name=BEFORE_NAME,
    after_name=AFTER_NAME,
    stopwords=STOPWORDS,
    filler=FILLER,
    polite=POLITE,
    stem=stem,
    parse_time=parse_time,
    parse_number=parse_number,
    parse_duration=parse_duration,
    longest_time=9,
)
