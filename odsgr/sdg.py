"""The 17 Sustainable Development Goals: names (es/en), official colours and short descriptions.

This is the only table of SDG facts in odsgr: every label name or colour shown comes from it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from odsgr.sdg_targets import TARGETS_ES


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
    """Official short name of SDG ``number`` in ``language`` («Otro» for :data:`OUT_OF_SCOPE`)."""
    if int(number) == OUT_OF_SCOPE:
        return "Other" if language == "en" else "Otro"
    return sdg(number).name(language)


OUT_OF_SCOPE = 0
"""Label of texts about none of the model's SDGs (rows labelled «otro» in the user's data)."""

# What each SDG is about, in Spanish: citizens' complaints, its keywords, the wording of its
# targets and how studies and reports speak of it. Used as pseudo-examples: the goals a model was
# not trained on become examples of what lies outside it, the others reinforce their own class
# (see :func:`scope_examples`).
ABOUT_ES: dict[int, tuple[str, ...]] = {
    1: (
        "Familias sin ingresos suficientes para cubrir la canasta básica, el arriendo y los "
        "servicios.",
        "Personas en situación de pobreza extrema, mendicidad y vulnerabilidad económica en "
        "el barrio.",
        "Subsidios, transferencias monetarias y programas de protección social para los "
        "hogares más pobres.",
        "Desempleo, trabajo informal y deudas que dejan a las familias sin dinero a fin de mes.",
        "Viviendas precarias, asentamientos informales y hogares que no pueden pagar lo "
        "mínimo para vivir.",
        "Pobreza, ingresos, subsidio, vulnerabilidad, ayudas sociales, hogares pobres, "
        "necesidades básicas.",
        "La meta es reducir al menos a la mitad la proporción de hombres, mujeres y niños que "
        "viven en la pobreza en todas sus dimensiones.",
        "Los sistemas nacionales de protección social, incluidos los pisos de protección, "
        "deben cubrir a los pobres y a los más vulnerables.",
        "El indicador de pobreza multidimensional mide privaciones en ingresos, vivienda, "
        "servicios básicos y acceso a recursos económicos.",
        "La resiliencia de los hogares pobres frente a crisis económicas, sociales y "
        "ambientales depende del acceso a la tierra, al crédito y a la microfinanciación.",
        "Este artículo analiza la evolución de la pobreza monetaria y multidimensional en los "
        "hogares rurales durante la última década.",
        "El estudio evalúa el impacto de los programas de transferencias condicionadas sobre "
        "el consumo y los ingresos de las familias pobres.",
        "Se examinan los mecanismos por los que la informalidad laboral y la falta de activos "
        "perpetúan la pobreza entre generaciones.",
        "El informe propone ampliar los sistemas de protección social y los pisos mínimos de "
        "ingresos para los grupos vulnerables.",
    ),
    2: (
        "Niños con desnutrición y familias que se saltan comidas porque no alcanza para el "
        "mercado.",
        "Comedores comunitarios, ollas comunes y bancos de alimentos para quienes pasan hambre.",
        "Pequeños agricultores y campesinos que pierden sus cosechas y no reciben semillas ni "
        "apoyo técnico.",
        "El precio de los alimentos sube y la seguridad alimentaria de la vereda está en riesgo.",
        "Huertas familiares, agricultura sostenible y producción local de comida sana.",
        "Hambre, nutrición, alimentos, cosechas, agricultura, campesinos, seguridad alimentaria.",
        "La meta es poner fin al hambre y asegurar el acceso de todas las personas a una "
        "alimentación sana, nutritiva y suficiente durante todo el año.",
        "La prevalencia del retraso del crecimiento y de la emaciación en menores de cinco "
        "años sigue siendo alta en las zonas rurales.",
        "Duplicar la productividad agrícola y los ingresos de los productores de alimentos en "
        "pequeña escala, en particular las mujeres y los pueblos indígenas.",
        "Los sistemas de producción de alimentos sostenibles y las prácticas agrícolas "
        "resilientes mantienen los ecosistemas y la diversidad genética de las semillas y el "
        "ganado.",
        "Este artículo analiza los determinantes de la inseguridad alimentaria y la "
        "desnutrición infantil en comunidades rurales.",
        "El estudio evalúa cómo la productividad agrícola de los pequeños productores "
        "responde al acceso a crédito, riego y semillas mejoradas.",
        "Se examinan las cadenas de suministro de alimentos, la volatilidad de los precios de "
        "los cereales y sus efectos sobre el hambre.",
        "El informe revisa políticas de nutrición, agricultura familiar y sistemas "
        "alimentarios sostenibles.",
    ),
    3: (
        "El centro de salud no tiene médicos ni medicamentos y las citas tardan meses.",
        "Enfermedades, vacunación, atención hospitalaria y salud mental de la comunidad.",
        "Embarazo adolescente, mortalidad materna e infantil y controles prenatales.",
        "Consumo de drogas y alcohol, accidentes de tránsito y prevención de enfermedades "
        "crónicas.",
        "Falta de ambulancias, especialistas y camas en el hospital de la región.",
        "Salud, hospital, médico, enfermedad, medicamentos, vacunas, bienestar, EPS.",
        "La meta es reducir la tasa mundial de mortalidad materna y poner fin a las muertes "
        "evitables de recién nacidos y de niños menores de cinco años.",
        "Poner fin a las epidemias del sida, la tuberculosis, la malaria y las enfermedades "
        "tropicales desatendidas.",
        "Lograr la cobertura sanitaria universal, el acceso a servicios de salud esenciales "
        "de calidad y a medicamentos y vacunas seguros y asequibles.",
        "Reducir la mortalidad prematura por enfermedades no transmisibles y promover la "
        "salud mental y el bienestar.",
        "Este artículo analiza las desigualdades en el acceso a los servicios de salud y la "
        "cobertura sanitaria universal.",
        "El estudio evalúa la eficacia de las campañas de vacunación y la carga de "
        "enfermedades transmisibles y crónicas.",
        "Se examinan los factores asociados a la mortalidad materna e infantil y a la calidad "
        "de la atención primaria.",
        "El informe revisa la financiación de los sistemas de salud, el personal sanitario y "
        "el acceso a medicamentos esenciales.",
    ),
    4: (
        "La escuela no tiene suficientes docentes y los salones están en mal estado.",
        "Niños y jóvenes que abandonan el colegio por falta de transporte escolar o de recursos.",
        "Becas, acceso a la universidad, formación técnica y educación para adultos.",
        "Calidad de la enseñanza, aprendizaje de lectura y matemáticas y formación de maestros.",
        "Bibliotecas, computadores, internet para estudiar y educación inclusiva para niños "
        "con discapacidad.",
        "Educación, colegio, escuela, docentes, estudiantes, aprendizaje, universidad, becas.",
        "La meta es asegurar que todas las niñas y todos los niños terminen la enseñanza "
        "primaria y secundaria, gratuita, equitativa y de calidad.",
        "Asegurar el acceso igualitario a una formación técnica, profesional y superior de "
        "calidad, incluida la enseñanza universitaria.",
        "Aumentar el número de jóvenes y adultos con competencias de lectura, escritura y "
        "aritmética y la oferta de docentes calificados.",
        "Construir y adecuar instalaciones educativas que tengan en cuenta las necesidades de "
        "los niños y las personas con discapacidad.",
        "Este artículo analiza los resultados de aprendizaje de los estudiantes y los "
        "factores escolares asociados al rendimiento.",
        "El estudio evalúa políticas de formación docente, permanencia escolar y acceso a la "
        "educación superior.",
        "Se examinan las brechas en la matrícula, la deserción y la calidad de la enseñanza "
        "entre escuelas urbanas y rurales.",
        "El informe revisa los currículos, las evaluaciones estandarizadas y la educación "
        "inclusiva en el sistema educativo.",
    ),
    5: (
        "Mujeres víctimas de violencia de género y de violencia intrafamiliar que no "
        "encuentran protección.",
        "Brecha salarial entre hombres y mujeres y pocas mujeres en cargos de decisión.",
        "Trabajo doméstico y de cuidado no remunerado que recae sobre las madres y las niñas.",
        "Matrimonio infantil, acoso sexual y discriminación contra las mujeres y las niñas.",
        "Empoderamiento femenino, liderazgo de las mujeres y participación política en igualdad.",
        "Igualdad de género, mujeres, niñas, feminicidio, machismo, derechos de la mujer.",
        "La meta es poner fin a todas las formas de discriminación contra todas las mujeres y "
        "las niñas en todo el mundo.",
        "Eliminar todas las formas de violencia contra las mujeres y las niñas en los ámbitos "
        "público y privado, incluidas la trata y la explotación sexual.",
        "Eliminar prácticas nocivas como el matrimonio infantil, precoz y forzado y la "
        "mutilación genital femenina.",
        "Asegurar la participación plena y efectiva de las mujeres y la igualdad de "
        "oportunidades de liderazgo en la vida política, económica y pública, y su acceso a "
        "la salud sexual y reproductiva.",
        "Este artículo analiza la brecha de género en el mercado laboral y en la "
        "participación política de las mujeres.",
        "El estudio evalúa las políticas de prevención de la violencia contra las mujeres y "
        "el acceso de las víctimas a la protección.",
        "Se examinan las normas sociales que sostienen la división sexual del trabajo y el "
        "trabajo de cuidados no remunerado.",
        "El informe revisa la legislación sobre igualdad de género, empoderamiento económico "
        "de las mujeres y derechos reproductivos.",
    ),
    6: (
        "El barrio pasa días sin agua potable y el acueducto entrega agua turbia.",
        "Falta de alcantarillado, pozos sépticos desbordados y aguas residuales a cielo abierto.",
        "El río y las quebradas están contaminados por vertimientos y basuras.",
        "Racionamiento de agua, sequía y manantiales que se secan en la vereda.",
        "Baños, letrinas, saneamiento básico e higiene en las comunidades rurales.",
        "Agua, acueducto, alcantarillado, saneamiento, tuberías, tanques, calidad del agua, "
        "cuencas.",
        "La meta es lograr el acceso universal y equitativo al agua potable a un precio "
        "asequible para todos.",
        "Mejorar la calidad del agua reduciendo la contaminación, minimizando la emisión de "
        "productos químicos y reduciendo a la mitad las aguas residuales sin tratar.",
        "Aumentar la eficiencia del uso de los recursos hídricos en todos los sectores y "
        "asegurar la sostenibilidad de la extracción de agua dulce para hacer frente a la "
        "escasez y el estrés hídrico.",
        "Implementar la gestión integrada de los recursos hídricos y proteger los ecosistemas "
        "relacionados con el agua, como ríos, acuíferos, lagos y humedales.",
        "Este artículo analiza la gobernanza del agua y la gestión de las cuencas "
        "hidrográficas frente a la creciente demanda.",
        "El estudio evalúa la calidad del agua de ríos y acuíferos, la contaminación por "
        "nutrientes y el tratamiento de aguas residuales.",
        "Se examinan las tarifas, la inversión y la regulación de las empresas de servicios "
        "de agua potable y saneamiento.",
        "El informe revisa la escasez hídrica, el uso del agua para riego y la protección de "
        "los ecosistemas acuáticos.",
    ),
    7: (
        "Cortes de luz frecuentes y tarifas de energía eléctrica imposibles de pagar.",
        "Veredas sin conexión a la red eléctrica que cocinan con leña y velas.",
        "Paneles solares, energía eólica y fuentes renovables para las comunidades.",
        "Eficiencia energética, alumbrado público y transición hacia energías limpias.",
        "El gas domiciliario no llega y el combustible es cada vez más caro.",
        "Energía, electricidad, luz, gas, solar, renovables, apagones, tarifa eléctrica.",
        "La meta es garantizar el acceso universal a servicios energéticos asequibles, "
        "fiables y modernos.",
        "Aumentar considerablemente la proporción de energía renovable en el conjunto de "
        "fuentes energéticas, como la solar, la eólica, la hidroeléctrica y la geotérmica.",
        "Duplicar la tasa mundial de mejora de la eficiencia energética en edificios, "
        "industria y transporte.",
        "Ampliar la infraestructura y mejorar la tecnología para el suministro de "
        "electricidad, la generación distribuida, las redes eléctricas y los combustibles "
        "limpios para cocinar.",
        "Este artículo analiza la transición energética y la penetración de las energías "
        "renovables en el sistema eléctrico.",
        "El estudio evalúa políticas de eficiencia energética, tarifas de electricidad y "
        "subsidios a los combustibles fósiles.",
        "Se examinan la inversión en generación solar y eólica, el almacenamiento de energía "
        "y la estabilidad de la red.",
        "El informe revisa el acceso a la electricidad y a combustibles limpios para cocinar "
        "en los hogares de bajos ingresos.",
    ),
    8: (
        "Jóvenes sin empleo formal y trabajadores con salarios que no alcanzan.",
        "Emprendimientos y pequeños negocios que no consiguen crédito para crecer.",
        "Trabajo infantil, explotación laboral y falta de seguridad social para los trabajadores.",
        "Crecimiento económico de la región, turismo y oportunidades de empleo digno.",
        "Contratos precarios, jornadas excesivas y accidentes laborales sin protección.",
        "Empleo, trabajo decente, salario, emprendimiento, economía, derechos laborales.",
        "La meta es mantener el crecimiento económico per cápita y lograr niveles más "
        "elevados de productividad mediante la diversificación y la modernización "
        "tecnológica.",
        "Lograr el empleo pleno y productivo y el trabajo decente para todas las mujeres y "
        "los hombres, con igualdad de remuneración por trabajo de igual valor.",
        "Adoptar medidas para erradicar el trabajo forzoso, la esclavitud moderna y el "
        "trabajo infantil, y proteger los derechos laborales.",
        "Promover políticas que apoyen las microempresas y las pequeñas y medianas empresas, "
        "el turismo sostenible y el acceso a servicios bancarios y financieros.",
        "Este artículo analiza el crecimiento económico, la productividad y la creación de "
        "empleo formal.",
        "El estudio evalúa las condiciones laborales, los salarios mínimos y la protección de "
        "los derechos de los trabajadores.",
        "Se examinan el desempleo juvenil, la informalidad y las políticas activas de mercado "
        "de trabajo.",
        "El informe revisa el acceso de las pequeñas empresas al financiamiento y el "
        "desarrollo del turismo sostenible.",
    ),
    9: (
        "Las carreteras y puentes de la región están destruidos y las vías terciarias son "
        "intransitables.",
        "Falta de conectividad a internet y de cobertura de telefonía en zonas rurales.",
        "Apoyo a la industria local, la innovación, la investigación y la tecnología.",
        "Infraestructura resiliente, obras públicas y parques industriales sostenibles.",
        "Las pequeñas empresas no acceden a maquinaria, financiación ni cadenas de valor.",
        "Infraestructura, vías, industria, innovación, tecnología, conectividad, investigación.",
        "La meta es desarrollar infraestructuras fiables, sostenibles, resilientes y de "
        "calidad, incluidas infraestructuras regionales y transfronterizas.",
        "Promover una industrialización inclusiva y sostenible y aumentar la contribución de "
        "la industria manufacturera al empleo y al producto interno bruto.",
        "Aumentar la investigación científica, el gasto en investigación y desarrollo y la "
        "capacidad tecnológica de los sectores industriales.",
        "Aumentar el acceso a la tecnología de la información y las comunicaciones y "
        "proporcionar acceso universal y asequible a internet.",
        "Este artículo analiza la inversión en infraestructura de transporte y su efecto "
        "sobre el desarrollo regional.",
        "El estudio evalúa los sistemas nacionales de innovación, el gasto en investigación y "
        "desarrollo y la transferencia tecnológica.",
        "Se examinan la industrialización, la manufactura y la integración de las pequeñas "
        "industrias en cadenas de valor.",
        "El informe revisa la brecha digital, la conectividad de banda ancha y la "
        "infraestructura resiliente.",
    ),
    10: (
        "Discriminación contra migrantes, pueblos indígenas y comunidades afrodescendientes.",
        "Personas con discapacidad sin accesibilidad ni oportunidades en igualdad de condiciones.",
        "La desigualdad de ingresos entre zonas urbanas y rurales sigue creciendo.",
        "Inclusión social, económica y política de todas las personas sin importar su origen.",
        "Migrantes y refugiados sin documentos que no acceden a servicios ni a trabajo.",
        "Desigualdad, inclusión, discriminación, migración, minorías, equidad, exclusión.",
        "La meta es lograr progresivamente que los ingresos del 40 % más pobre de la "
        "población crezcan a una tasa superior a la media nacional.",
        "Potenciar y promover la inclusión social, económica y política de todas las "
        "personas, independientemente de su edad, sexo, discapacidad, raza, etnia, origen, "
        "religión o situación económica.",
        "Facilitar la migración y la movilidad ordenadas, seguras, regulares y responsables "
        "de las personas, y reducir los costos de las remesas.",
        "Adoptar políticas fiscales, salariales y de protección social que reduzcan la "
        "desigualdad entre países y dentro de ellos.",
        "Este artículo analiza la distribución del ingreso, el coeficiente de Gini y la "
        "movilidad social.",
        "El estudio evalúa la situación de los migrantes y refugiados y su inclusión en los "
        "países de acogida.",
        "Se examinan la discriminación étnica y racial y las barreras que enfrentan las "
        "personas con discapacidad.",
        "El informe revisa las políticas fiscales redistributivas y la representación de los "
        "países en desarrollo en las instituciones financieras.",
    ),
    11: (
        "Falta de vivienda digna y asequible y barrios sin espacios públicos ni parques.",
        "El transporte público es caro, inseguro y no llega a los barrios periféricos.",
        "Recolección de basuras deficiente y mala calidad del aire en la ciudad.",
        "Gestión del riesgo de desastres, deslizamientos e inundaciones en zonas urbanas.",
        "Patrimonio cultural, urbanismo sostenible y planificación participativa de la ciudad.",
        "Ciudad, vivienda, transporte público, movilidad, espacio público, urbanismo, barrios.",
        "La meta es asegurar el acceso de todas las personas a viviendas y servicios básicos "
        "adecuados, seguros y asequibles, y mejorar los barrios marginales.",
        "Proporcionar acceso a sistemas de transporte seguros, asequibles, accesibles y "
        "sostenibles, en particular ampliando el transporte público.",
        "Reducir el impacto ambiental negativo per cápita de las ciudades, prestando atención "
        "a la calidad del aire y a la gestión de los desechos municipales.",
        "Reducir el número de muertes y de personas afectadas por desastres y proteger el "
        "patrimonio cultural y natural.",
        "Este artículo analiza la expansión urbana, los asentamientos informales y el acceso "
        "a la vivienda asequible.",
        "El estudio evalúa los sistemas de transporte público, la movilidad urbana y la "
        "calidad del aire en las ciudades.",
        "Se examinan la planificación urbana, el espacio público y la gestión de residuos "
        "sólidos municipales.",
        "El informe revisa la reducción del riesgo de desastres y la resiliencia de las ciudades.",
    ),
    12: (
        "Se desperdician alimentos en mercados y hogares mientras otros no tienen qué comer.",
        "Reciclaje, separación de residuos en la fuente y economía circular.",
        "Consumo responsable, reducción de plásticos de un solo uso y productos sostenibles.",
        "Las empresas deben informar sobre su impacto ambiental y producir de forma limpia.",
        "Manejo de químicos y desechos peligrosos, y compras públicas sostenibles.",
        "Consumo, producción, reciclaje, residuos, plásticos, desperdicio, economía circular.",
        "La meta es lograr la gestión sostenible y el uso eficiente de los recursos naturales.",
        "Reducir a la mitad el desperdicio de alimentos per cápita en la venta al por menor y "
        "a nivel de los consumidores, y las pérdidas en las cadenas de producción y "
        "suministro.",
        "Reducir considerablemente la generación de desechos mediante actividades de "
        "prevención, reducción, reciclado y reutilización.",
        "Alentar a las empresas a adoptar prácticas sostenibles e incorporar información "
        "sobre la sostenibilidad en sus informes.",
        "Este artículo analiza los patrones de consumo y producción y la eficiencia en el uso "
        "de materiales.",
        "El estudio evalúa las pérdidas y el desperdicio de alimentos a lo largo de la cadena "
        "de suministro.",
        "Se examinan la economía circular, el reciclaje y la gestión de residuos peligrosos y "
        "químicos.",
        "El informe revisa los informes de sostenibilidad de las empresas y las compras "
        "públicas sostenibles.",
    ),
    13: (
        "El cambio climático trae sequías más largas, olas de calor y lluvias extremas.",
        "Reducir las emisiones de gases de efecto invernadero y la huella de carbono.",
        "Adaptación al clima, alertas tempranas y planes frente a fenómenos como El Niño.",
        "Educación ambiental sobre el calentamiento global y acción climática local.",
        "Las inundaciones y los incendios forestales afectan cada año más a la comunidad.",
        "Clima, cambio climático, emisiones, calentamiento global, adaptación, carbono.",
        "La meta es fortalecer la resiliencia y la capacidad de adaptación a los riesgos "
        "relacionados con el clima y los desastres naturales.",
        "Incorporar medidas relativas al cambio climático en las políticas, estrategias y "
        "planes nacionales.",
        "Mejorar la educación, la sensibilización y la capacidad humana e institucional "
        "respecto de la mitigación del cambio climático y la reducción de sus efectos.",
        "Movilizar financiación climática para atender las necesidades de los países en "
        "desarrollo respecto de la mitigación y la transparencia de las contribuciones "
        "nacionales.",
        "Este artículo analiza las emisiones de gases de efecto invernadero y las "
        "trayectorias de mitigación del cambio climático.",
        "El estudio evalúa la vulnerabilidad y la adaptación de las comunidades a los "
        "impactos del cambio climático.",
        "Se examinan los mercados de carbono, la financiación climática y las contribuciones "
        "determinadas a nivel nacional.",
        "El informe revisa los escenarios de calentamiento global y las políticas climáticas "
        "de los países.",
    ),
    14: (
        "Los océanos y las playas están llenos de plástico y residuos.",
        "La pesca excesiva y la pesca ilegal agotan los peces y afectan a los pescadores "
        "artesanales.",
        "Los arrecifes de coral, los manglares y las especies marinas están en peligro.",
        "Acidificación del mar, derrames de petróleo y contaminación costera.",
        "Áreas marinas protegidas y uso sostenible de los recursos del mar.",
        "Océano, mar, pesca, costas, manglares, arrecifes, vida marina, playas.",
        "La meta es prevenir y reducir significativamente la contaminación marina de todo "
        "tipo, en particular la producida por actividades realizadas en tierra.",
        "Gestionar y proteger sosteniblemente los ecosistemas marinos y costeros y minimizar "
        "los efectos de la acidificación de los océanos.",
        "Reglamentar la explotación pesquera y poner fin a la pesca excesiva, la pesca "
        "ilegal, no declarada y no reglamentada y las prácticas pesqueras destructivas.",
        "Conservar al menos el 10 % de las zonas costeras y marinas y facilitar el acceso de "
        "los pescadores artesanales a los recursos marinos y los mercados.",
        "Este artículo analiza la sobrepesca, la gestión de las pesquerías y el estado de las "
        "poblaciones de peces.",
        "El estudio evalúa la contaminación marina por plásticos y nutrientes y la "
        "acidificación del océano.",
        "Se examinan las áreas marinas protegidas, los arrecifes de coral y la conservación "
        "de los ecosistemas costeros.",
        "El informe revisa la economía azul y los derechos de los pescadores artesanales.",
    ),
    15: (
        "La deforestación y la tala ilegal destruyen los bosques de la región.",
        "Pérdida de biodiversidad, especies en peligro de extinción y tráfico de fauna silvestre.",
        "Restauración de ecosistemas, reforestación y protección de páramos y humedales.",
        "Desertificación, erosión y degradación de los suelos por la ganadería extensiva.",
        "Minería ilegal que acaba con la selva y los ecosistemas terrestres.",
        "Bosques, biodiversidad, deforestación, fauna, flora, ecosistemas, suelos, páramos.",
        "La meta es asegurar la conservación, el restablecimiento y el uso sostenible de los "
        "ecosistemas terrestres y de agua dulce interiores, en particular los bosques, los "
        "humedales y las montañas.",
        "Promover la gestión sostenible de todos los tipos de bosques, poner fin a la "
        "deforestación y aumentar la forestación y la reforestación.",
        "Luchar contra la desertificación y rehabilitar las tierras y los suelos degradados, "
        "incluidas las afectadas por la sequía y las inundaciones.",
        "Adoptar medidas urgentes para reducir la degradación de los hábitats naturales, "
        "detener la pérdida de biodiversidad y poner fin a la caza furtiva y al tráfico de "
        "especies protegidas.",
        "Este artículo analiza las tasas de deforestación y sus causas, como la expansión "
        "agrícola y la tala ilegal.",
        "El estudio evalúa la pérdida de biodiversidad, las especies amenazadas y la "
        "fragmentación de los hábitats.",
        "Se examinan la degradación de tierras, la desertificación y la restauración de "
        "ecosistemas terrestres.",
        "El informe revisa la gestión forestal sostenible y las áreas protegidas terrestres.",
    ),
    16: (
        "La inseguridad, los robos y los homicidios tienen atemorizado al barrio.",
        "La corrupción en la alcaldía y el mal uso de los recursos públicos.",
        "Acceso a la justicia, jueces, fiscalía y procesos que tardan años sin resolverse.",
        "Conflicto armado, grupos ilegales, reclutamiento de menores y víctimas que esperan "
        "reparación.",
        "Instituciones transparentes, participación ciudadana, rendición de cuentas y "
        "registro civil.",
        "Paz, justicia, seguridad, corrupción, violencia, policía, instituciones, derechos "
        "humanos.",
        "La meta es reducir significativamente todas las formas de violencia y las "
        "correspondientes tasas de mortalidad en todo el mundo.",
        "Poner fin al maltrato, la explotación, la trata y todas las formas de violencia y "
        "tortura contra los niños.",
        "Promover el estado de derecho, garantizar la igualdad de acceso a la justicia y "
        "reducir las corrientes financieras y de armas ilícitas y la delincuencia organizada.",
        "Reducir la corrupción y el soborno, crear instituciones eficaces y transparentes que "
        "rindan cuentas y garantizar una identidad jurídica para todos.",
        "Este artículo analiza el estado de derecho, la independencia judicial y el acceso a "
        "la justicia.",
        "El estudio evalúa la corrupción, la transparencia y la rendición de cuentas de las "
        "instituciones públicas.",
        "Se examinan los conflictos armados, la violencia, el crimen organizado y los "
        "procesos de construcción de paz.",
        "El informe revisa la gobernanza democrática, la legislación, los derechos humanos y "
        "la participación en la toma de decisiones.",
    ),
    17: (
        "Cooperación internacional y alianzas entre el gobierno, las empresas y la sociedad civil.",
        "Financiación para el desarrollo, ayuda oficial y deuda de los países.",
        "Transferencia de tecnología y fortalecimiento de capacidades estadísticas.",
        "Comercio justo, sistemas de datos abiertos y seguimiento de la Agenda 2030.",
        "Alianzas público-privadas y coordinación entre municipios, departamentos y la nación.",
        "Alianzas, cooperación, financiación, comercio, datos, Agenda 2030, desarrollo sostenible.",
        "La meta es fortalecer la movilización de recursos internos, incluso mediante la "
        "cooperación internacional, para mejorar la capacidad de recaudar impuestos.",
        "Ayudar a los países en desarrollo a lograr la sostenibilidad de la deuda a largo "
        "plazo y promover sistemas de inversión.",
        "Mejorar la cooperación regional e internacional en materia de ciencia, tecnología e "
        "innovación y la transferencia de tecnologías ecológicamente racionales.",
        "Promover un sistema de comercio multilateral universal, abierto y equitativo, y "
        "mejorar la disponibilidad de datos oportunos, fiables y desglosados.",
        "Este artículo analiza la cooperación internacional para el desarrollo y la ayuda "
        "oficial al desarrollo.",
        "El estudio evalúa la sostenibilidad de la deuda externa y la movilización de "
        "recursos fiscales internos.",
        "Se examinan el comercio internacional, los acuerdos multilaterales y la "
        "transferencia de tecnología.",
        "El informe revisa las alianzas entre múltiples actores y los sistemas estadísticos "
        "para el seguimiento de los objetivos.",
    ),
}
# The same SDGs in the words of community consultations (local terms, no accents, as people
# type them) and in the vocabulary of their indicators: more varied evidence of what each goal
# is about, chosen by the development protocol of ``benchmarks/scope.py``. Used like ABOUT_ES.
EVERYDAY_ES: dict[int, tuple[str, ...]] = {
    1: (
        "No nos alcanza la plata para el arriendo, los servicios y la comida; vivimos del "
        "rebusque y al dia.",
        "Muchas familias del sector viven en ranchos de lata y carton, sin ingresos fijos y "
        "endeudadas con el gota a gota.",
        "Pedimos que el subsidio para adultos mayores y familias vulnerables llegue a quienes"
        " de verdad lo necesitan.",
        "Los hogares en pobreza extrema no tienen ahorros ni activos y cualquier crisis, una "
        "enfermedad o un despido, los hunde mas.",
        "El informe estima la linea de pobreza, la brecha de ingresos de los hogares pobres y"
        " la cobertura de los programas de asistencia social.",
        "La pobreza se transmite de padres a hijos cuando faltan ingresos, tierra, credito y "
        "proteccion frente a los choques economicos.",
    ),
    2: (
        "En la casa se come una sola vez al dia y los niños estan bajitos de peso y con anemia.",
        "El campesino siembra pero no tiene como sacar la cosecha ni a quien venderla a buen "
        "precio.",
        "Pedimos restaurante escolar, mercados campesinos, semillas, abonos y asistencia "
        "tecnica para los cultivos.",
        "La comida esta muy cara: el arroz, el aceite, los huevos y la carne suben cada semana.",
        "El documento examina el rendimiento de los cultivos, la produccion de granos, la "
        "ganaderia de pequeña escala y el acceso de los productores a los mercados.",
        "La subalimentacion, el retraso del crecimiento y la emaciacion infantil se "
        "relacionan con la disponibilidad y el precio de los alimentos.",
    ),
    3: (
        "En el puesto de salud no hay medico ni medicamentos y para una cita con el "
        "especialista hay que esperar meses.",
        "Los niños se enferman de gripa y diarrea y no hay ambulancia para llevarlos al hospital.",
        "Pedimos brigadas de salud, vacunacion, control prenatal y atencion en salud mental "
        "para los jovenes.",
        "El informe analiza la mortalidad materna e infantil, la cobertura de vacunacion y la"
        " prevalencia de enfermedades cronicas e infecciosas.",
        "El acceso a servicios de salud, el gasto de bolsillo en medicamentos y la atencion "
        "primaria determinan la esperanza de vida.",
        "La tuberculosis, el VIH, la malaria, la diabetes y las enfermedades cardiovasculares"
        " requieren diagnostico y tratamiento oportunos.",
    ),
    4: (
        "La escuela de la vereda tiene un solo profesor para todos los grados y los pupitres "
        "estan rotos.",
        "Los muchachos dejan el colegio para ponerse a trabajar y no hay cupos en la "
        "universidad publica.",
        "Pedimos transporte escolar, profesores de ingles y matematicas, biblioteca y "
        "computadores para los estudiantes.",
        "El informe analiza la matricula, la tasa de finalizacion de la primaria y la "
        "secundaria y los resultados de aprendizaje en lectura y matematicas.",
        "La formacion docente, el curriculo y la educacion de la primera infancia determinan "
        "la calidad de la enseñanza.",
        "La alfabetizacion de adultos y la formacion tecnica y profesional amplian las "
        "oportunidades de aprendizaje a lo largo de la vida.",
    ),
    5: (
        "A las mujeres nos toca la casa, los hijos y los viejos, y encima nos pagan menos en "
        "el trabajo.",
        "El marido le pega a la señora y la comisaria no hace nada; necesitamos proteccion "
        "para las mujeres maltratadas.",
        "Pedimos que haya mujeres en la junta, en el concejo y en los cargos de decision, no "
        "solo hombres.",
        "Las niñas no deben casarse ni ser madres siendo menores; hay que frenar el abuso y "
        "el acoso.",
        "El estudio examina la brecha salarial de genero, el uso del tiempo en tareas de "
        "cuidado y la representacion politica de las mujeres.",
        "La violencia de pareja, el feminicidio y la discriminacion por sexo vulneran los "
        "derechos de las mujeres y las niñas.",
    ),
    6: (
        "El agua que sale de la llave viene turbia y con olor; toca hervirla y aun asi da "
        "dolor de estomago.",
        "El acueducto no da abasto, el agua llega por turnos y en verano el carrotanque no "
        "sube al barrio.",
        "Las aguas negras corren por la calle porque el alcantarillado esta tapado y las "
        "letrinas se rebosan.",
        "Pedimos planta de tratamiento, tanques, tuberias nuevas y baños dignos en las escuelas.",
        "El informe examina la cobertura de agua potable y saneamiento, el tratamiento de "
        "aguas residuales y la escasez de agua en las cuencas.",
        "La higiene, el lavado de manos y el acceso a agua segura reducen las enfermedades "
        "transmitidas por el agua.",
    ),
    7: (
        "La luz se va todos los dias y el recibo de la energia llega carisimo.",
        "En la vereda no hay red electrica; cocinamos con leña y alumbramos con velas y linternas.",
        "Pedimos paneles solares, estufas de gas, alumbrado publico y que arreglen los "
        "transformadores.",
        "El estudio analiza el acceso a la electricidad, los combustibles limpios para "
        "cocinar, las energias renovables y la eficiencia energetica.",
        "La generacion solar, eolica e hidroelectrica y las redes de transmision definen la "
        "matriz energetica del pais.",
        "Los subsidios a la gasolina, al diesel y al gas y las tarifas de energia pesan en el"
        " presupuesto de los hogares y las empresas.",
    ),
    8: (
        "No hay trabajo y los pocos empleos son informales, sin contrato, sin prima y sin seguro.",
        "En la empresa nos explotan con jornadas largas, no pagan horas extras y despiden al "
        "que reclama.",
        "Pedimos empleo para los jovenes, credito para el negocio y apoyo a los "
        "emprendimientos y al turismo.",
        "El informe analiza la tasa de desempleo, la informalidad laboral, el salario minimo "
        "y el crecimiento economico.",
        "El trabajo decente exige derechos laborales, seguridad social, libertad sindical y "
        "erradicacion del trabajo infantil.",
        "La productividad, la diversificacion economica y el acceso de las pymes a servicios "
        "financieros impulsan el empleo.",
    ),
    9: (
        "La carretera esta llena de huecos y cuando llueve no entra ni sale nadie de la vereda.",
        "No hay señal de celular ni internet; los muchachos tienen que subir a la loma para "
        "conectarse.",
        "Pedimos pavimento, puentes, antenas, fibra optica y apoyo a las pequeñas fabricas y "
        "talleres.",
        "El estudio examina la inversion en infraestructura vial, portuaria y de "
        "telecomunicaciones y el gasto en investigacion e innovacion.",
        "La industria manufacturera, la tecnologia, las patentes y la conectividad de banda "
        "ancha impulsan la competitividad.",
        "La infraestructura resiliente y el acceso al credito de las pequeñas industrias "
        "favorecen la industrializacion inclusiva.",
    ),
    10: (
        "A los migrantes los discriminan, no les arriendan y les pagan menos por el mismo trabajo.",
        "Las personas con discapacidad no pueden entrar a los edificios ni subirse al bus "
        "porque no hay rampas.",
        "Los indigenas y los afros son tratados con racismo en las oficinas y en los almacenes.",
        "Pedimos igualdad de trato, inclusion de todas las personas y que se acabe la "
        "desigualdad entre el centro y la periferia.",
        "El informe analiza el coeficiente de Gini, la distribucion del ingreso y el costo de"
        " las remesas de los migrantes.",
        "La discriminacion por origen, etnia, discapacidad, religion u orientacion sexual "
        "reproduce la exclusion y la desigualdad.",
    ),
    11: (
        "El bus no sube al barrio, no hay andenes ni ciclorrutas y el trancon es de todos los"
        " dias.",
        "La basura se acumula en las esquinas porque el carro recolector no pasa.",
        "Las casas estan en zona de riesgo, se inundan en invierno y hay derrumbes en la loma.",
        "Pedimos vivienda digna y asequible, parques, espacio publico y un plan de "
        "ordenamiento del municipio.",
        "El estudio analiza el crecimiento urbano, los barrios informales, el transporte "
        "publico y la calidad del aire en las ciudades.",
        "La planificacion urbana, la gestion de residuos solidos y la proteccion del "
        "patrimonio hacen ciudades sostenibles y seguras.",
    ),
    12: (
        "En la plaza botan la comida que sobra y nadie separa la basura para reciclar.",
        "Los almacenes regalan bolsas plasticas y los productos vienen con demasiado empaque.",
        "Pedimos canecas de reciclaje, compostaje, apoyo a los recicladores y menos plastico "
        "de un solo uso.",
        "El informe examina el desperdicio de alimentos, la generacion de residuos, el "
        "reciclaje y la economia circular.",
        "La produccion limpia, el manejo de quimicos y desechos peligrosos y los reportes de "
        "sostenibilidad de las empresas.",
        "El consumo responsable y las compras publicas sostenibles reducen el uso de "
        "materiales y de recursos naturales.",
    ),
    13: (
        "El clima esta loco: sequias largas, aguaceros fuertes y calores que no se aguantan.",
        "Las inundaciones y los incendios forestales son cada año peores por el cambio climatico.",
        "Pedimos alertas tempranas, un plan de adaptacion al cambio climatico y que se "
        "reduzcan las emisiones.",
        "El estudio analiza las emisiones de gases de efecto invernadero, la temperatura "
        "media y los eventos climaticos extremos.",
        "La mitigacion, la adaptacion, la financiacion climatica y las contribuciones "
        "nacionales frente al calentamiento global.",
        "La huella de carbono del transporte, la industria y la energia y la educacion sobre "
        "el cambio climatico.",
    ),
    14: (
        "Los pescadores ya no sacan nada porque los barcos grandes pescan con redes de arrastre.",
        "La playa amanece llena de plastico, botellas y aceite que trae el mar.",
        "Estan tumbando los manglares y se estan muriendo los corales, los peces y las tortugas.",
        "Pedimos veda, control de la pesca ilegal, areas marinas protegidas y limpieza de las"
        " costas.",
        "El informe analiza las poblaciones de peces, la sobrepesca, la acidificacion del "
        "oceano y la contaminacion marina.",
        "La conservacion de ecosistemas marinos y costeros y el acceso de los pescadores "
        "artesanales a los recursos del mar.",
    ),
    15: (
        "Estan tumbando el monte para potreros y sacando la madera en camiones.",
        "Ya no se ven los animales del monte por la caceria, la tala y el trafico de fauna.",
        "La mineria ilegal y las quemas dejaron el paramo y el suelo pelados.",
        "Pedimos reforestar con arboles nativos, proteger los humedales y castigar la tala ilegal.",
        "El estudio analiza la deforestacion, la perdida de biodiversidad, las especies "
        "amenazadas y la degradacion de tierras.",
        "La conservacion de bosques, montañas y ecosistemas terrestres y la lucha contra la "
        "desertificacion.",
    ),
    16: (
        "En el barrio roban, atracan y extorsionan y la policia no llega cuando uno la llama.",
        "La plata de las obras se la roban los politicos y nadie va a la carcel por corrupcion.",
        "Las denuncias se quedan en la fiscalia años sin que pase nada; aqui no hay justicia.",
        "Pedimos seguridad, presencia del estado, justicia para las victimas y veedurias "
        "ciudadanas.",
        "El informe analiza la tasa de homicidios, la corrupcion, el soborno y la confianza "
        "en las instituciones.",
        "El acceso a la justicia, el estado de derecho, la paz, los derechos humanos y la "
        "rendicion de cuentas de los gobiernos.",
    ),
    17: (
        "Cada entidad hace sus proyectos por su lado y nadie coordina con la comunidad.",
        "La plata de la cooperacion internacional se queda en consultorias y no llega a las "
        "veredas.",
        "Pedimos alianzas entre la alcaldia, la gobernacion, las empresas, las universidades "
        "y las organizaciones sociales.",
        "El informe analiza la ayuda oficial al desarrollo, la deuda externa, la recaudacion "
        "de impuestos y el comercio internacional.",
        "Las alianzas entre multiples actores, la transferencia de tecnologia y los sistemas "
        "de datos y estadisticas.",
        "La financiacion del desarrollo sostenible y el seguimiento de los objetivos de la "
        "Agenda 2030.",
    ),
}
SCOPE_COMBINATIONS = 10
"""Longer pseudo-examples per SDG, each joining ``SCOPE_SENTENCES`` of its sentences at random."""
SCOPE_SENTENCES = 4


def scope_examples(known: Iterable[int], seed: int = 0) -> tuple[list[str], list[int]]:
    """Pseudo-examples from :data:`ABOUT_ES`, :data:`EVERYDAY_ES` and the sentences of every
    target (:data:`odsgr.sdg_targets.TARGETS_ES`): the sentences of every SDG and, joined at
    random, longer texts. SDGs in ``known`` keep their number, the others are
    labelled :data:`OUT_OF_SCOPE`.

    Returns:
        ``(texts, labels)``, the same for the same arguments.
    """
    known = {int(k) for k in known}
    rng = random.Random(seed)
    texts: list[str] = []
    labels: list[int] = []
    for number, own in ABOUT_ES.items():
        sentences = own + EVERYDAY_ES.get(number, ()) + TARGETS_ES.get(number, ())
        label = number if number in known else OUT_OF_SCOPE
        joined = [
            " ".join(rng.sample(sentences, SCOPE_SENTENCES)) for _ in range(SCOPE_COMBINATIONS)
        ]
        texts += [*sentences, *joined]
        labels += [label] * (len(sentences) + len(joined))
    return texts, labels
