"""Mask personal data in Spanish citizen texts before they are stored.

Everything runs offline with precompiled regular expressions and small embedded word lists:
e-mail addresses, phone numbers, Colombian ID numbers (cédula, tarjeta de identidad, NIT), URLs
that carry a query string and person names found by cues ("me llamo", "Sra.", "la docente") or by
a list of common Latin-American first names. Each match is replaced by a placeholder such as
``[CORREO]``; placeholders never match again, so masking twice gives the same text.

What is and is not detected, and the measured recall, is written down in ``docs/privacy.md``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

CORREO = "CORREO"
TELEFONO = "TELEFONO"
CEDULA = "CEDULA"
NIT = "NIT"
URL = "URL"
NOMBRE = "NOMBRE"

TEXTO_OMITIDO = "TEXTO_OMITIDO"

ENTITY_TYPES: tuple[str, ...] = (CORREO, TELEFONO, CEDULA, NIT, URL, NOMBRE)
PLACEHOLDERS: dict[str, str] = {label: f"[{label}]" for label in (*ENTITY_TYPES, TEXTO_OMITIDO)}

# A text with more candidate matches than this (per character) is not a citizen writing but a
# list or an attack: it is stored as one ``[TEXTO_OMITIDO]``, which keeps masking cheap (each
# candidate costs microseconds in Python) and errs on the side of privacy.
MAX_CANDIDATES_PER_CHAR = 1 / 50
MIN_CANDIDATE_BUDGET = 200


@dataclass(frozen=True)
class MaskResult:
    """A masked text and how many entities of each type were replaced."""

    text: str
    counts: dict[str, int]


@dataclass(frozen=True)
class Entity:
    """One piece of personal data found in a text: ``text[start:end]`` is of type ``label``."""

    label: str
    start: int
    end: int
    text: str


# ---------------------------------------------------------------------------------------------
# Patterns. Compiled once at import; building them has no side effect beyond that.
# ---------------------------------------------------------------------------------------------

_WORD = "a-záéíóúüñA-ZÁÉÍÓÚÜÑ"
_DIGIT = re.compile(r"\d")

_EMAIL = re.compile(r"(?<![\w.+%-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")

_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.|(?<![@\w.])wa\.me/|(?<![@\w.])(?:[\w-]+\.)+[a-z]{2,}/(?=\S*\?))"
    r"[^\s<>\"'«»]+",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]}»\"'¡¿"
# WhatsApp links carry the phone number in the path, not in a query string.
_PHONE_LINK = "wa.me/"

# Words allowed between a cue ("cédula", "NIT", "celular") and the number it introduces:
# punctuation and at most a few short words ("de ciudadanía No.", "es la", "de la fundación es").
_FILLER = rf"(?:[\s:.,#°º()-]|[{_WORD}]{{1,12}}(?![{_WORD}])){{0,12}}?"

_NIT_NUMBER = r"\d{1,3}(?:[.\s]?\d{3}){2}(?:\s?-\s?\d)?"
_NIT_CUE = re.compile(
    rf"(?<![{_WORD}])nit(?![{_WORD}])\.?{_FILLER}(?<!\d)(?P<number>{_NIT_NUMBER})(?![\d]|[.,]\d)",
    re.IGNORECASE,
)
_NIT_BARE = re.compile(r"(?<![\d.,$])\d{3}\.?\d{3}\.?\d{3}\s?-\s?\d(?![\d]|[.,]\d)")

_ID_CUE_WORDS = (
    rf"c\.?\s?c(?![{_WORD}])\.?|c\.\s?e\.|t\.\s?i\.|c[eé]dula|documento|identificaci[oó]n|identificad[oa]"
    r"|tarjeta\s+de\s+identidad|nuip|registro\s+civil|pasaporte"
)
# An optional upper-case letter prefix covers passports ("AB123456").
# Thousands may be grouped with dots, spaces or apostrophes ("52'345.678").
_ID_NUMBER = r"(?-i:[A-Z]{1,2})?(?:\d{1,3}(?:[.\s'’]\d{3}){1,3}|\d{6,10})"
_CEDULA_CUE = re.compile(
    rf"(?<![{_WORD}.])(?:{_ID_CUE_WORDS}){_FILLER}(?<![\d$])(?P<number>{_ID_NUMBER})"
    r"(?![\d]|[.,]\d)",
    re.IGNORECASE,
)

# A run of digits that looks like a cédula without any cue: 8–10 plain digits, or 7–10 digits in
# groups of three ("52.345.678"). Amounts, counts and case numbers are filtered in code.
_CEDULA_BARE = re.compile(
    r"(?<![\w$.,/'’-])(?:\d{8,10}|\d{1,3}(?:[.'’]\d{3}){2,3})(?![\w]|[.,/'’-]\d)"
)
_AMOUNT_BEFORE = re.compile(
    r"(?:\$|cop|usd|us\$|€|pesos|valor|vale|cuesta|cost[oó]|pag[oóa]\w*|invirti[oó]|invierte"
    r"|suma|monto|presupuesto|salario|sueldo|deuda|precio|radicad[oa]|expediente|contrato|factura"
    r"|proceso|pedido|orden|c[oó]digo|ficha|resoluci[oó]n|decreto|ley|acuerdo|art[ií]culo|n[uú]mero"
    r"\s+de\s+radicado)\W{0,3}(?:(?:no|nro|n°|de)\.?\s*)?$",
    re.IGNORECASE,
)
# Every cue of _AMOUNT_BEFORE starts with a letter or a currency sign: a window without one
# cannot match, and skipping the search keeps digit-dense hostile texts cheap.
_AMOUNT_CUE_START = re.compile(r"[^\W\d_]|[$€]")
_AMOUNT_AFTER = re.compile(
    r"^\s*(?:de\s+)?(?:pesos|cop|usd|d[oó]lares|euros|millones|mil|habitantes|personas|hogares"
    r"|familias|ni[nñ]os|estudiantes|hect[aá]reas|ha\b|toneladas|kil[oó]metros|km|metros|m2|litros"
    r"|kg|casos|votos|usuarios|viviendas|empleos|mensuales|anuales)",
    re.IGNORECASE,
)

_SEP = r"[\s.-]?"
_COUNTRY = r"(?:(?:\+|00)\s?57\s?[\s.-]?|\(\s?\+?57\s?\)\s?[\s.-]?)"
_PHONE = re.compile(
    rf"(?<![\w$.,/+-])(?:{_COUNTRY}?(?:\(\s?3\d{{2}}\s?\)|3\d{{2}}){_SEP}\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}"
    rf"|{_COUNTRY}?(?:\(\s?60[1-8]\s?\)|60[1-8]){_SEP}\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}"
    rf"|{_COUNTRY}\(?[1-8]\)?{_SEP}\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}"
    r"|3(?: \d){9})(?![\d]|[.,]\d)"
)
_PHONE_CUE = re.compile(
    rf"(?<![{_WORD}])(?:tel[eé]fonos?|tel|tfno|cel(?:ular)?|m[oó]vil|fijo|whats?app|wpp|wsp"
    rf"|ll[aá]m(?:ar|en|e|eme|enme)(?:me)?\s+al){_FILLER}"
    r"(?<![\d$])(?P<number>\+?\(?\d[\d\s().-]{5,18}\d)(?![\d]|[.,]\d)",
    re.IGNORECASE,
)

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

_FIRST_NAMES_TEXT = """
Adriana Agustín Aída Alba Alberto Alejandra Alejandro Alexander Alexandra Alfonso Alfredo Alicia
Álvaro Amalia Amparo Ana Andrea Andrés Ángel Ángela Angélica Aníbal Antonia Antonio Ariel Armando
Arturo Aurora Beatriz Benjamín Bernardo Blanca Brayan Brian Camila Camilo Carlos Carmen Carmenza
Carolina Catalina Cecilia Celina Cristian Cristina Claudia Clara Clemencia Consuelo Constanza
Daniel Daniela Dario Darío David Deisy Diana Diego Dilan Dora Doris Duván Edgar Edilberto Edison
Eduardo Edwin Efraín Elena Eliana Elías Elizabeth Elkin Elsa Emilio Emiliano Enrique Ernesto
Esperanza Esteban Estefanía Stefany Eugenia Eva Fabián Fabio Fanny Federico Felipe Fernanda
Fernando Francisco Freddy Fredy Gabriel Gabriela Germán Gerardo Gilberto Gladys Gloria Gonzalo
Graciela Guillermo Gustavo Harold Héctor Helena Henry Hernán Hernando Hilda Horacio Hugo Humberto
Ignacio Inés Iván Isabel Isabela Isabella Jaime Jairo Javier Jazmín Jenny Jennifer Jesús Jhon
Jhonatan Jhonny Jonathan Johana Johanna Jorge José Josefina Juan Juana Julia Julián Juliana Julio
Karen Karina Katherine Kelly Kevin Laura Leidy Leonardo Leonel Leticia Lida Liliana Lina Lorena
Lucía Luis Luisa Luz Manuel Manuela Marcela Marcos Margarita María Mariana Maribel Marina
Marisol Marleny Marlon Martha Marta Martín Mateo Matías Mauricio Mercedes Miguel Milena Miryam
Miriam Mónica Nancy Natalia Nathalia Nelly Nelson Nicolás Nidia Norma Nubia Óscar Oscar Olga Omar
Orlando Pablo Paola Patricia Paula Pedro Pilar Rafael Ramiro Ramón Raúl Rebeca Ricardo Roberto
Rocío Rodrigo Rosa Rosalba Rosario Rubén Ruth Salomé Samuel Sandra Santiago Sara Sebastián Sergio
Silvia Simón Sofía Sonia Stella Susana Tatiana Teresa Tomás Valentina Valeria Vanessa Verónica
Víctor Victoria Viviana Wilmer Wilson William Ximena Yaneth Yenny Yesenia Yolanda Yuliana Yury
Zulma Jeison Yeison Yesica Jessica Leonor Lucas Emmanuel Gerónimo Jerónimo Maximiliano Alirio
Arley Wilder Yamile Yadira Yenifer Deiby Duvan Dayana Yurani Lorenzo Josué Noemí Abigail Emilse
Cindy Erika Érika Ingrid Jacqueline Janeth Lizeth Luzmila Myriam Rubiela Aleida Edelmira Ofelia
Mireya Marleny Nohora Amanda Alix Angie Karol Tania Nataly Yolima Alcira Bertha Berta Cielo Dolly
Elvia Eloísa Fabiola Flor Gabriela Herminia Irma Judith Lilia Ligia Lucero Maritza Mery Nelcy
Omaira Piedad Rubí Sol Soledad Gregorio Hernany Ismael Jaider Joaquín Leandro Misael Norberto
Octavio Rigoberto Ronald Saúl Uriel Walter Yesid Jhoan Johan Stiven Steven Estiven Alexis Anderson
Daniel Emerson Ferney Franklin Giovanny Jefferson Harvey Hollman Jairo Luz Dary Yenny Yeny Xiomara
Doris Fredy Ever Éver Wilfredo Adolfo Reinaldo Jaime Gildardo Aldemar Argemiro Leidy Mayerli
"""
FIRST_NAMES: frozenset[str] = frozenset(_FIRST_NAMES_TEXT.split())

# First names that are also ordinary words, places or saints: only masked when a surname or a cue
# comes with them ("Luz Marina Betancur" yes, "la luz" / "Santa Rosa" / "Santiago de Cali" no).
AMBIGUOUS_FIRST_NAMES: frozenset[str] = frozenset(
    """Alba Amparo Ángel Aurora Blanca Carmen Cielo Clara Consuelo Esperanza Flor Gloria Jesús Luz
    Lucero Mercedes Pilar Piedad Rocío Rosa Rosario Rubí Santiago Sol Soledad Victoria Simón Salomé
    Sara""".split()
)

# Capitalised words that never start or continue a person name: institutions, roles, places.
_NOT_NAME_TEXT = """
Alcalde Alcaldesa Alcaldía Gobernador Gobernadora Gobernación Secretaría Secretario Secretaria
Ministerio Ministro Ministra Presidente Presidenta Presidencia Concejo Concejal Concejala Edil
Personería Personero Defensoría Defensor Fiscalía Procuraduría Contraloría Registraduría Policía
Ejército Armada Hospital Clínica Colegio Escuela Universidad Institución Instituto Educativa
Junta Acción Comunal Fundación Corporación Asociación Cooperativa Red Programa Plan Ley Decreto
Artículo Resolución Constitución Gobierno Nacional Departamental Municipal Distrital Estado
República Colombia Colombiano Colombiana Objetivo Objetivos Desarrollo Sostenible Salud Educación
Ambiente Agua Dios Virgen Lunes Martes Miércoles Jueves Viernes Sábado Domingo Enero Febrero Marzo
Abril Mayo Junio Julio Agosto Septiembre Setiembre Octubre Noviembre Diciembre Navidad Semana
Santa Santo San Norte Sur Oriente Occidente Centro Barrio Vereda Municipio Departamento Río Parque
Calle Carrera Avenida Transversal Diagonal Plaza Madre Padre Líder Lideresa Comunidad Indígena
Docente Doctor Doctora Ingeniero Ingeniera Licenciado Licenciada Comunitario Comunitaria Cabeza
Familia Familias Mujer Mujeres Niños Niñas Jóvenes Víctima Víctimas Campesino Campesina
Campesinos Internet Facebook Google Instagram Twitter YouTube Nequi Daviplata Bancolombia Banco
Transmilenio Metro Metrocable Ecopetrol Claro Movistar Tigo Hola Gracias Buenos Buenas Días Tardes
Noches Atentamente Cordialmente Firmado Favor Urgente Ayuda Sisbén Bienestar Familiar Mesa
Comisaría Inspección Juzgado Tribunal Corte Senado Cámara Congreso Sede Jardín Hogar Comedor
Biblioteca Estadio Coliseo Teatro Museo Terminal Aeropuerto Puente Estación Portal Localidad
Comuna Corregimiento Urbanización Conjunto Centro Puesto Empresa Empresas Acueducto Consejo
Unidad Agencia Superintendencia Servicio Servicios Nueva Nuevo Gran Puerto Ciudad Valle
Señor Señora Señorita Don Doña Sr Sra Srta Dr Dra Profesor Profesora Profe Rector Rectora
"""
_NOT_NAME: frozenset[str] = frozenset(_NOT_NAME_TEXT.split())

_PLACES_TEXT = """
Bogotá Medellín Cali Barranquilla Cartagena Cúcuta Bucaramanga Pereira Manizales Ibagué Pasto
Neiva Villavicencio Armenia Montería Sincelejo Valledupar Popayán Tunja Quibdó Riohacha Florencia
Yopal Mocoa Leticia Arauca Inírida Mitú Soacha Bello Itagüí Envigado Buenaventura Tumaco Palmira
Tuluá Girardot Fusagasugá Zipaquirá Chía Facatativá Apartadó Turbo Rionegro Sogamoso Duitama
Barrancabermeja Ciénaga Maicao Magangué Ocaña Pamplona Ipiales Caucasia Yumbo Jamundí Cartago
Buga Sabaneta Madrid Funza Cajicá Tocancipá Villagarzón Antioquia Atlántico Boyacá
Caquetá Casanare Cauca Cesar Chocó Cundinamarca Guainía Guaviare Huila Guajira Magdalena Meta
Putumayo Quindío Risaralda Tolima Vaupés Vichada Amazonas Orinoquía Caribe Pacífico Urabá
Catatumbo Kennedy Suba Usme Bosa Engativá Fontibón Usaquén Chapinero Teusaquillo Tunjuelito
Sumapaz Candelaria Manrique Colombia Venezuela Ecuador Perú Bolivia Chile Argentina Uruguay
Paraguay Brasil México Guatemala Honduras Panamá Cuba España Lima Quito Caracas Montevideo
Asunción Guayaquil Medellin Bogota Cucuta
"""
# Departments that are also common surnames ("José María Córdoba") are deliberately absent.
_PLACES: frozenset[str] = frozenset(_PLACES_TEXT.split())

_STOPWORDS: frozenset[str] = frozenset(
    """A Al Ante Aquí Así Ayer Cada Como Con Cuando De Del Desde Durante El Ella Ellas Ellos En
    Entre Es Esa Ese Eso Esta Este Esto Estos Estas Hace Hay Hoy La Las Le Les Lo Los Luego Mañana
    Me Mi Mis Mientras Muy Nos Nosotros O Para Pero Por Porque Pues Que Qué Quien Se Según Si Sin
    Sobre Solo Su Sus También Tras Tu Un Una Uno Unos Unas Usted Ustedes Y Ya Yo Le Todo Todos
    Toda Todas Otro Otra Nuestro Nuestra Nuestros Nuestras Gracias Atentamente
    Cordialmente""".split()
)

# The words right before a capitalised run decide how it is read. They are compared as lowercase
# words without punctuation, which is much faster than one regular expression per cue.
_PLACE_WORDS = frozenset(
    """colegio escuela hospital clínica clinica barrio localidad parque avenida calle carrera
    municipio vereda institución institucion educativa universidad fundación fundacion plaza
    estadio biblioteca sede centro comuna corregimiento urbanización urbanizacion conjunto teatro
    coliseo puente aeropuerto terminal estación estacion portal departamento ciudad río rio
    quebrada ciénaga cienaga caserío caserio resguardo i.e ie ied cra cl av kr ak""".split()
)
# Places named after the owner ("la finca de Carlos Gómez" is about Carlos) only when adjacent.
_ADJACENT_PLACE_WORDS = _PLACE_WORDS | frozenset(
    "finca hacienda tienda empresa almacén almacen restaurante hogar jardín jardin".split()
)
_STRONG_CUE_WORDS = frozenset(
    """señor señora señorita sr sra srta don doña dr dra doctor doctora profe profesor profesora
    docente rector rectora coordinador coordinadora enfermero enfermera médico médica medico
    medica psicólogo psicóloga psicologo psicologa licenciado licenciada lic ing ingeniero
    ingeniera concejal concejala edil agente patrullero líder lider lideresa firmado firmada
    firma atentamente cordialmente atte escribe llamo nombre""".split()
)
_ABBREVIATED_CUES = frozenset("sr sra srta dr dra lic ing atte".split())
_RELATIVE_WORDS = frozenset(
    """hijo hija mamá mama papá papa madre padre esposo esposa hermano hermana tío tía tio tia
    abuelo abuela primo prima vecino vecina compañero compañera pareja sobrino sobrina nieto
    nieta novio novia suegro suegra cuñado cuñada niño niña nino nina joven menor estudiante
    señor señora""".split()
)
_DETERMINERS = frozenset("mi mis su sus el la al del un una nuestro nuestra tu".split())
_CONNECTOR_WORDS = frozenset("de del la los las".split())
_WEAK_CUE_WORDS = frozenset({"soy", "yo"})


def _cue_before(text: str, start: int) -> tuple[str, bool]:
    """How the words before ``text[start]`` qualify a run: ("strong" | "weak" | "", is_place)."""
    window = text[max(0, start - 40) : start]
    words = window.lower().split()
    if start > 40 and words and not window[0].isspace():
        words = words[1:]  # the window cut a word in two
    if not words:
        return "", False
    bare = [word.strip(',:;()"«»') for word in words[-4:]]
    last = bare[-1]
    if last.endswith(".") and last.rstrip(".") not in _ABBREVIATED_CUES:
        return "", False  # a sentence ended right before the run
    last = last.rstrip(".")
    # "la tienda Marina" names a shop; "la tienda, Marina Gutiérrez" names a person.
    if words[-1] == bare[-1]:
        if last in _ADJACENT_PLACE_WORDS:
            return "", True
        trimmed = list(bare)
        while trimmed and trimmed[-1] in _CONNECTOR_WORDS:
            trimmed.pop()
        if len(trimmed) < len(bare) and trimmed and trimmed[-1].rstrip(".") in _PLACE_WORDS:
            return "", True
    previous = bare[-2] if len(bare) > 1 else ""
    if last in _STRONG_CUE_WORDS:
        return "strong", False
    if last in _RELATIVE_WORDS and previous in _DETERMINERS:
        return "strong", False
    before_previous = bare[-3] if len(bare) > 2 else ""
    # "mi nombre es X", "a nombre de X"; but "bajo el nombre de Progresa" names a programme.
    if (last == "es" and previous in {"nombre", "completo"}) or (
        last == "de" and previous == "nombre" and before_previous == "a"
    ):
        return "strong", False
    if last == "social" and previous in {"líder", "lider", "lideresa"}:
        return "strong", False
    if last in _WEAK_CUE_WORDS:
        return "weak", False
    return "", False


# Capitalised words inside a run that act as cues ("Señora Luz Marina", "Doña Rosalba").
_CUE_WORDS = frozenset(
    """Señor Señora Señorita Sr Sra Srta Don Doña Dr Dra Doctor Doctora Profe Profesor Profesora
    Docente Rector Rectora Firmado Firmada Atentamente Cordialmente Atte Concejal Concejala Edil
    Agente Líder Lideresa""".split()
)
_SELF_INTRO_LOWER = re.compile(
    r"(?:\bme\s+llamo|\bmi\s+nombre\s+es)\s+(?P<name>[a-záéíóúñ]+(?:\s+[a-záéíóúñ]+){0,3})",
    re.IGNORECASE,
)

_CAP = rf"[A-ZÁÉÍÓÚÑ](?:[a-záéíóúüñ]+|[A-ZÁÉÍÓÚÜÑ]+)(?![{_WORD}])"
_RUN_GAP = r"(?:[ \t]+(?:de[ \t]+la|de[ \t]+los|del|de)[ \t]+|[ \t]+)"
_CAPITALISED_RUN = re.compile(rf"(?<![{_WORD}\[])(?:{_CAP})(?:{_RUN_GAP}{_CAP})*")
_TOKEN = re.compile(rf"[{_WORD}]+")
_CONNECTORS = frozenset({"de", "del", "la", "los"})
_SENTENCE_END = frozenset('.!?¡¿:;\n"«(—–-')
_MAX_NAME_TOKENS = 6


def _normalise(token: str) -> str:
    return token if not token.isupper() else token.capitalize()


def _is_first_name(token: str) -> bool:
    return _normalise(token) in FIRST_NAMES


def _blocks_name(token: str) -> bool:
    word = _normalise(token)
    return word in _NOT_NAME or word in _STOPWORDS or word in _PLACES


def _name_extent(tokens: list[re.Match[str]], first: int) -> int:
    """Index one past the last token of the name that starts at ``tokens[first]``."""
    end = first + 1
    while end < len(tokens) and end - first < _MAX_NAME_TOKENS:
        word = tokens[end].group()
        if word in _CONNECTORS:
            following = end
            while following < len(tokens) and tokens[following].group() in _CONNECTORS:
                following += 1
            if following == len(tokens) or _blocks_name(tokens[following].group()):
                break
            end = following + 1
            continue
        if _blocks_name(word) or word.isupper() != tokens[first].group().isupper():
            break
        end += 1
    return end


def _find_names(text: str, max_runs: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    runs = list(_CAPITALISED_RUN.finditer(text))
    if not runs:
        return spans
    if len(runs) > max_runs:
        raise _TooDense
    for run in runs:
        cue, is_place = _cue_before(text, run.start())
        if is_place:
            continue
        tokens = list(_TOKEN.finditer(run.group()))
        preceding = text[max(0, run.start() - 10) : run.start()].rstrip()
        at_sentence_start = not preceding or preceding[-1] in _SENTENCE_END
        first = 0
        # Drop leading function words and cue words ("Ayer", "Mi", "Señora", "Soy").
        while first < len(tokens):
            word = _normalise(tokens[first].group())
            if word in {"Soy", "Yo"}:
                cue = cue or "weak"
            elif word in _CUE_WORDS:
                cue = "strong"
            elif word not in _STOPWORDS:
                break
            first += 1
            at_sentence_start = False
        if first == len(tokens):
            continue
        word = _normalise(tokens[first].group())
        # A capitalised ordinary word opening a sentence ("Reporta Germán ...") is not a name.
        if at_sentence_start and not cue and not _is_first_name(word):
            if word in _NOT_NAME or word in _PLACES or first + 1 == len(tokens):
                continue
            first += 1
            while first < len(tokens) and tokens[first].group() in _CONNECTORS:
                first += 1
            if first == len(tokens):
                continue
            word = _normalise(tokens[first].group())
        if _blocks_name(word) or tokens[first].group() in _CONNECTORS:
            continue
        end = _name_extent(tokens, first)
        length = end - first
        is_upper = tokens[first].group().isupper()
        if is_upper and not (_is_first_name(word) and length >= 2):
            continue
        if cue == "strong":
            accepted = True
        elif cue == "weak":
            accepted = _is_first_name(word) or length >= 2
        else:
            accepted = _is_first_name(word) and (word not in AMBIGUOUS_FIRST_NAMES or length >= 2)
        if accepted:
            spans.append((run.start() + tokens[first].start(), run.start() + tokens[end - 1].end()))
    for intro in _SELF_INTRO_LOWER.finditer(text):
        words = intro.group("name").split()
        if not words[0].islower() or words[0].capitalize() not in FIRST_NAMES:
            continue
        kept = 0
        for word in words:
            if word.capitalize() in _STOPWORDS or word in _CONNECTORS:
                break
            kept += 1
        start = intro.start("name")
        end = start + len(" ".join(words[:kept]))
        spans.append((start, end))
    return spans


# ---------------------------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------------------------


class _TooDense(Exception):
    """A text holds more candidate matches than its budget allows."""


class _Claims:
    """Spans already assigned to an entity; later (lower-priority) detectors may not overlap.

    The claimed spans never overlap, so kept sorted by start they are also sorted by end and one
    binary search finds the only neighbours that could overlap: adding stays logarithmic however
    many entities a hostile text holds.
    """

    def __init__(self, budget: int) -> None:
        self.entities: list[Entity] = []
        self._starts: list[int] = []
        self.budget = budget

    def spend(self, amount: int = 1) -> None:
        """Count candidate matches; raise _TooDense once the text's budget is used up."""
        self.budget -= amount
        if self.budget < 0:
            raise _TooDense

    def add(self, text: str, label: str, start: int, end: int) -> None:
        if start >= end:
            return
        index = bisect.bisect_left(self._starts, end)  # claims at or after ``end`` cannot overlap
        if index and self.entities[index - 1].end > start:
            return
        self.entities.insert(index, Entity(label, start, end, text[start:end]))
        self._starts.insert(index, start)


def _looks_like_amount(text: str, start: int, end: int) -> bool:
    digits = re.sub(r"\D", "", text[start:end])
    if digits.endswith("000"):
        return True
    before = text[max(0, start - 30) : start]
    return bool(
        (_AMOUNT_CUE_START.search(before) and _AMOUNT_BEFORE.search(before))
        or _AMOUNT_AFTER.match(text[end : end + 20])
    )


def find_personal_data(text: str, *, names: bool = True) -> list[Entity]:
    """Every piece of personal data in ``text``, sorted by position and never overlapping.

    Args:
        text: a citizen text, possibly already masked.
        names: also look for person names (the least precise detector).

    Returns:
        The entities found, in order of appearance; a text with more candidate matches than
        ``MAX_CANDIDATES_PER_CHAR`` allows gives one ``TEXTO_OMITIDO`` entity spanning it all.
    """
    claims = _Claims(max(MIN_CANDIDATE_BUDGET, int(len(text) * MAX_CANDIDATES_PER_CHAR)))
    try:
        _detect(text, claims, names)
    except _TooDense:
        return [Entity(TEXTO_OMITIDO, 0, len(text), text)]
    return claims.entities


def _detect(text: str, claims: _Claims, names: bool) -> None:
    """Run every detector in priority order, claiming spans in ``claims``."""
    # Cheap membership tests skip the detectors that cannot match; most texts have no digit.
    if "?" in text or _PHONE_LINK in text.lower():
        for match in _URL.finditer(text):
            claims.spend()
            url = match.group().rstrip(_URL_TRAILING)
            if "?" in url or _PHONE_LINK in url.lower():
                claims.add(text, URL, match.start(), match.start() + len(url))
    if "@" in text:
        for match in _EMAIL.finditer(text):
            claims.spend()
            claims.add(text, CORREO, match.start(), match.end())
    if _DIGIT.search(text):
        if "nit" in text.lower():
            for match in _NIT_CUE.finditer(text):
                claims.spend()
                claims.add(text, NIT, match.start("number"), match.end("number"))
        for match in _CEDULA_CUE.finditer(text):
            claims.spend()
            claims.add(text, CEDULA, match.start("number"), match.end("number"))
        for match in _NIT_BARE.finditer(text):
            claims.spend()
            claims.add(text, NIT, match.start(), match.end())
        for match in _PHONE_CUE.finditer(text):
            claims.spend()
            if 7 <= sum(ch.isdigit() for ch in match.group("number")) <= 12:
                claims.add(text, TELEFONO, match.start("number"), match.end("number"))
        for match in _PHONE.finditer(text):
            claims.spend()
            claims.add(text, TELEFONO, match.start(), match.end())
        for match in _CEDULA_BARE.finditer(text):
            claims.spend()
            if not _looks_like_amount(text, match.start(), match.end()):
                claims.add(text, CEDULA, match.start(), match.end())
    if names:
        for start, end in _find_names(text, claims.budget):
            claims.add(text, NOMBRE, start, end)


def mask_personal_data(text: str, *, names: bool = True) -> MaskResult:
    """Replace personal data in ``text`` by placeholders such as ``[CORREO]`` or ``[NOMBRE]``.

    Args:
        text: a citizen text. Already-masked text is returned unchanged.
        names: also mask person names (see ``docs/privacy.md`` for the measured recall).

    Returns:
        The masked text and the number of entities masked per type (types with none are absent).
    """
    entities = find_personal_data(text, names=names)
    if not entities:
        return MaskResult(text=text, counts={})
    pieces: list[str] = []
    position = 0
    for entity in entities:
        pieces.append(text[position : entity.start])
        pieces.append(PLACEHOLDERS[entity.label])
        position = entity.end
    pieces.append(text[position:])
    return MaskResult(text="".join(pieces), counts=dict(Counter(e.label for e in entities)))


def mask_texts(texts: Iterable[str], *, names: bool = True) -> tuple[list[str], dict[str, int]]:
    """Mask many texts.

    Args:
        texts: citizen texts.
        names: also mask person names.

    Returns:
        The masked texts in input order and the total number of entities masked per type.
    """
    masked: list[str] = []
    totals: Counter[str] = Counter()
    for text in texts:
        result = mask_personal_data(text, names=names)
        masked.append(result.text)
        totals.update(result.counts)
    return masked, dict(totals)
