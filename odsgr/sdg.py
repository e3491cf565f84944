"""The 17 Sustainable Development Goals: names (es/en), official colours and short descriptions.

This is the only table of SDG facts in odsgr: every label name or colour shown comes from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SDG:
    """One Sustainable Development Goal (Objetivo de Desarrollo Sostenible)."""

    number: int
    name_es: str
    name_en: str
    colour: str
    description_es: str

    def name(self, language: str = "es") -> str:
        """The goal's official short name in ``language`` ("es" or "en")."""
        return self.name_en if language == "en" else self.name_es

    def title(self, language: str = "es") -> str:
        """``"ODS 3 · Salud y bienestar"`` (or ``"SDG 3 · Good Health and Well-being"``)."""
        prefix = "SDG" if language == "en" else "ODS"
        return f"{prefix} {self.number} · {self.name(language)}"


SDGS: dict[int, SDG] = {
    goal.number: goal
    for goal in (
        SDG(
            1,
            "Fin de la pobreza",
            "No Poverty",
            "#E5243B",
            "Poner fin a la pobreza en todas sus formas en todo el mundo.",
        ),
        SDG(
            2,
            "Hambre cero",
            "Zero Hunger",
            "#DDA63A",
            "Poner fin al hambre, lograr la seguridad alimentaria y la mejora de la nutrición y "
            "promover la agricultura sostenible.",
        ),
        SDG(
            3,
            "Salud y bienestar",
            "Good Health and Well-being",
            "#4C9F38",
            "Garantizar una vida sana y promover el bienestar para todos en todas las edades.",
        ),
        SDG(
            4,
            "Educación de calidad",
            "Quality Education",
            "#C5192D",
            "Garantizar una educación inclusiva, equitativa y de calidad y promover oportunidades "
            "de aprendizaje durante toda la vida para todos.",
        ),
        SDG(
            5,
            "Igualdad de género",
            "Gender Equality",
            "#FF3A21",
            "Lograr la igualdad entre los géneros y empoderar a todas las mujeres y las niñas.",
        ),
        SDG(
            6,
            "Agua limpia y saneamiento",
            "Clean Water and Sanitation",
            "#26BDE2",
            "Garantizar la disponibilidad y la gestión sostenible del agua y el saneamiento para "
            "todos.",
        ),
        SDG(
            7,
            "Energía asequible y no contaminante",
            "Affordable and Clean Energy",
            "#FCC30B",
            "Garantizar el acceso a una energía asequible, segura, sostenible y moderna "
            "para todos.",
        ),
        SDG(
            8,
            "Trabajo decente y crecimiento económico",
            "Decent Work and Economic Growth",
            "#A21942",
            "Promover el crecimiento económico sostenido, inclusivo y sostenible, el empleo pleno "
            "y productivo y el trabajo decente para todos.",
        ),
        SDG(
            9,
            "Industria, innovación e infraestructura",
            "Industry, Innovation and Infrastructure",
            "#FD6925",
            "Construir infraestructuras resilientes, promover la industrialización inclusiva y "
            "sostenible y fomentar la innovación.",
        ),
        SDG(
            10,
            "Reducción de las desigualdades",
            "Reduced Inequalities",
            "#DD1367",
            "Reducir la desigualdad en los países y entre ellos.",
        ),
        SDG(
            11,
            "Ciudades y comunidades sostenibles",
            "Sustainable Cities and Communities",
            "#FD9D24",
            "Lograr que las ciudades y los asentamientos humanos sean inclusivos, seguros, "
            "resilientes y sostenibles.",
        ),
        SDG(
            12,
            "Producción y consumo responsables",
            "Responsible Consumption and Production",
            "#BF8B2E",
            "Garantizar modalidades de consumo y producción sostenibles.",
        ),
        SDG(
            13,
            "Acción por el clima",
            "Climate Action",
            "#3F7E44",
            "Adoptar medidas urgentes para combatir el cambio climático y sus efectos.",
        ),
        SDG(
            14,
            "Vida submarina",
            "Life Below Water",
            "#0A97D9",
            "Conservar y utilizar sosteniblemente los océanos, los mares y los recursos marinos.",
        ),
        SDG(
            15,
            "Vida de ecosistemas terrestres",
            "Life on Land",
            "#56C02B",
            "Proteger, restablecer y promover el uso sostenible de los ecosistemas terrestres, "
            "gestionar los bosques, luchar contra la desertificación y detener la pérdida de "
            "biodiversidad.",
        ),
        SDG(
            16,
            "Paz, justicia e instituciones sólidas",
            "Peace, Justice and Strong Institutions",
            "#00689D",
            "Promover sociedades pacíficas e inclusivas, facilitar el acceso a la justicia y "
            "construir instituciones eficaces, responsables e inclusivas.",
        ),
        SDG(
            17,
            "Alianzas para lograr los objetivos",
            "Partnerships for the Goals",
            "#19486A",
            "Fortalecer los medios de implementación y revitalizar la Alianza Mundial para el "
            "Desarrollo Sostenible.",
        ),
    )
}


def sdg(number: int) -> SDG:
    """The SDG with this number; raises ``KeyError`` for numbers outside 1–17."""
    return SDGS[int(number)]


def label_name(number: int, language: str = "es") -> str:
    """Official short name of SDG ``number`` in ``language``."""
    return sdg(number).name(language)
