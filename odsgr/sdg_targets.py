"""Two Spanish sentences per official target of each of the 17 SDGs (169 targets).

For every target of the 2030 Agenda, one sentence in the words of a community consultation
(regional terms, often typed without accents) and one in the register of a municipal diagnosis
or indicator sheet, written for odsgr. They widen what :func:`odsgr.sdg.scope_examples` knows of
each goal: the goals a model was not trained on become examples of what lies outside it. Chosen
by the development protocol of ``benchmarks/scope.py`` (held-out-SDG cross-validation).
"""

from __future__ import annotations

TARGETS_ES: dict[int, tuple[str, ...]] = {
    1: (
        # 1.1
        "Tenemos familias en el asentamiento que viven con menos de dos dolares al dia, en "
        "casitas de carton y sin plata ni para el pasaje del bus",
        "El 14 % de los hogares del municipio se encuentra bajo la línea de pobreza extrema, con "
        "ingresos diarios inferiores a 2,15 dólares por persona.",
        # 1.2
        "Somos muchos los que no llegamos a fin de mes: el sueldo no cubre el arriendo, la luz y "
        "el mercado, y la pobreza se nota en cada cuadra del barrio.",
        "El índice de pobreza multidimensional del distrito alcanza el 31 %, con privaciones "
        "simultáneas en vivienda, educación, salud y empleo, sobre todo en hogares con jefatura "
        "femenina.",
        # 1.3
        "Mi mamá tiene 72 años y nunca cotizó, no recibe pensión ni ningún apoyo del gobierno, y "
        "nosotros tampoco tenemos seguro si nos quedamos sin chamba.",
        "Solo el 38 % de la población ocupada está afiliada a algún régimen de seguridad social y"
        " la cobertura de pensiones no contributivas para personas mayores sigue siendo "
        "insuficiente.",
        # 1.4
        "Llevamos veinte años en este lote y todavia no tenemos escrituras, por eso ningun banco "
        "nos presta y tampoco nos llegan las cloacas ni el gas",
        "Un 45 % de los predios rurales carece de título formal de propiedad, lo que limita el "
        "acceso de los hogares pobres al crédito, la herencia y los servicios básicos.",
        # 1.5
        "Cada vez que se desborda el río perdemos todo, las gallinas, la milpa y hasta los "
        "colchones, y los más pobres somos los que nunca nos recuperamos.",
        "Las familias en situación de pobreza concentran el 70 % de las viviendas dañadas por "
        "inundaciones y sequías, y carecen de seguros o ahorros para reponerse tras cada "
        "desastre.",
        # 1.a
        "Antes venia una cooperacion extranjera que financiaba los comedores y los proyectos "
        "productivos, pero se fue y el municipio dice que no tiene fondos para seguir",
        "La proporción del presupuesto municipal destinada a programas de reducción de la pobreza"
        " es del 6 %, y la ayuda oficial al desarrollo recibida cayó un 40 % en cinco años.",
        # 1.b
        "Queremos que el plan del ayuntamiento piense primero en los más pobres y en las mujeres "
        "que sacan adelante solas a sus hijos, no solo en las obras del centro.",
        "El plan de desarrollo local no incorpora un enfoque de género ni prioriza de forma "
        "explícita el gasto público hacia los grupos en situación de pobreza.",
    ),
    2: (
        # 2.1
        "Hay días en que solo comemos una vez, un plato de arroz con huevo, y a fin de mes ni "
        "eso; en la olla común somos cada vez más vecinos.",
        "La prevalencia de inseguridad alimentaria moderada o grave, medida con la escala FIES, "
        "alcanza al 29 % de los hogares encuestados en la comuna.",
        # 2.2
        "Se ven muchos niños chiquitos y flaquitos en la comunidad, con baja talla, y las mamas "
        "embarazadas no tienen como comer bien ni tomar vitaminas",
        "La desnutrición crónica afecta al 42 % de los menores de cinco años del municipio, y la "
        "anemia alcanza al 35 % de las gestantes y mujeres lactantes.",
        # 2.3
        "Los que sembramos papa en la puna vendemos a precio de regalo al intermediario, no "
        "tenemos crédito ni asistencia técnica y la cosecha apenas da para vivir.",
        "El ingreso medio de los pequeños productores agrícolas es un 60 % inferior al promedio "
        "departamental, con escaso acceso a tierra, insumos, financiamiento y mercados.",
        # 2.4
        "Con tanto químico la tierra ya no rinde, y ahora con la sequía queremos aprender a hacer"
        " abonos orgánicos y a sembrar de forma que aguante el cambio del clima.",
        "Apenas el 12 % de la superficie agrícola aplica prácticas sostenibles como rotación de "
        "cultivos, agroforestería o manejo integrado de suelos resilientes a la variabilidad "
        "climática.",
        # 2.5
        "Mi abuela guardaba semillas de maiz criollo de muchos colores y ya casi nadie las tiene,"
        " ahora todos compran semilla hibrida y se pierden las variedades de aca",
        "La casa comunitaria de semillas conserva 85 variedades nativas de maíz, frijol y papa, "
        "pero no existe un registro de razas locales de ganado en riesgo de extinción.",
        # 2.a
        "Necesitamos caminos rurales, un centro de acopio y técnicos del ministerio que vengan a "
        "la finca, porque la investigación agrícola nunca llega hasta acá.",
        "La inversión pública en infraestructura rural, extensión agraria e investigación "
        "agropecuaria representa menos del 1 % del gasto total del gobierno regional.",
        # 2.b
        "Nosotros los tamberos no podemos competir con la leche en polvo importada que viene "
        "subsidiada de afuera, asi nos estan fundiendo a todos",
        "Los subsidios a la exportación y los aranceles de los países importadores distorsionan "
        "los precios del café y reducen los márgenes de las cooperativas exportadoras locales.",
        # 2.c
        "Un mes el frijol y el maíz están carísimos y al otro los regalan; no hay bodegas ni "
        "reservas, y cuando escasean los acaparadores se llenan de pisto.",
        "La volatilidad del precio de los alimentos básicos superó el 25 % anual y el municipio "
        "carece de reservas alimentarias y de información oportuna sobre mercados.",
    ),
    3: (
        # 3.1
        "Aqui las mujeres todavia paren en la casa porque el centro de salud queda a cuatro "
        "horas, y el año pasado se nos murio una vecina en el parto",
        "La razón de mortalidad materna del departamento es de 96 por cada 100.000 nacidos vivos,"
        " y solo el 68 % de los partos es atendido por personal calificado.",
        # 3.2
        "A mi comadre se le murió el bebé a los pocos días de nacer, y aquí varios niños pequeños"
        " fallecen por diarreas y neumonías que se podrían curar.",
        "La tasa de mortalidad neonatal asciende a 14 por mil nacidos vivos y la de menores de "
        "cinco años a 28 por mil, principalmente por infecciones respiratorias y diarreicas.",
        # 3.3
        "Por acá en la selva el paludismo y el dengue no paran, y también hay jóvenes con VIH y "
        "tuberculosis que no reciben su tratamiento completo.",
        "Se notificaron 320 casos de malaria, 45 nuevos diagnósticos de VIH y una incidencia de "
        "tuberculosis de 62 por 100.000 habitantes, junto con brotes de hepatitis A.",
        # 3.4
        "Ahora hasta los jovenes tienen diabetes, presion alta y depresion, y en el pueblo no hay"
        " psicologo; dos muchachos se quitaron la vida este año",
        "Las enfermedades cardiovasculares, el cáncer y la diabetes causan el 62 % de las muertes"
        " prematuras, y la tasa de suicidio duplica la media nacional.",
        # 3.5
        "Nuestros chavos se juntan en la plaza a fumar piedra y a tomar desde temprano, y no hay "
        "ningún centro donde las familias puedan pedir ayuda para rehabilitarlos.",
        "El consumo nocivo de alcohol afecta al 18 % de los adultos y la cobertura de tratamiento"
        " para trastornos por uso de drogas no supera el 10 %.",
        # 3.6
        "Sobre la carretera que cruza el barrio ya murieron tres motociclistas y un niño "
        "atropellado; no hay semáforos, ni resaltos, ni control de velocidad.",
        "Los siniestros viales dejaron 54 fallecidos y más de 600 lesionados en el último año, "
        "con motociclistas y peatones como los usuarios más afectados.",
        # 3.7
        "Las chicas del barrio quedan embarazadas a los quince porque nadie les habla de "
        "anticonceptivos, y en la salita te miran feo si pedís preservativos.",
        "La tasa de fecundidad adolescente es de 72 nacimientos por mil mujeres de 15 a 19 años, "
        "y el 30 % de la demanda de planificación familiar no está satisfecha.",
        # 3.8
        "Para ver a un especialista hay que esperar meses y pagar de tu bolsillo, y en la "
        "farmacia del consultorio nunca estan los remedios que te recetan",
        "El 40 % del gasto en salud de los hogares es de bolsillo, la disponibilidad de "
        "medicamentos esenciales llega al 65 % y la cobertura de vacunación infantil cae al 78 %.",
        # 3.9
        "Desde que abrieron la mina los niños tienen plomo en la sangre, el río baja turbio y el "
        "humo de la ladrillera no nos deja respirar.",
        "Se estiman 210 muertes anuales atribuibles a la contaminación del aire, además de "
        "intoxicaciones por plaguicidas y metales pesados presentes en suelos y agua.",
        # 3.a
        "Se sigue fumando adentro de los bares de aca, venden cigarros sueltos a los chamacos "
        "afuera de la secundaria y nadie controla nada",
        "La prevalencia de tabaquismo en la población de 15 años y más es del 21 %, y no se "
        "fiscaliza la prohibición de fumar en espacios públicos cerrados.",
        # 3.b
        "La medicina para la hepatitis C cuesta una fortuna porque tiene patente, y aquí nadie "
        "investiga vacunas ni tratamientos para las enfermedades del trópico.",
        "El acceso a medicamentos asequibles se ve limitado por el precio de los productos "
        "patentados, y la inversión nacional en investigación de vacunas es mínima.",
        # 3.c
        "Un solo medico viene a la posta dos veces al mes y las enfermeras se van a la ciudad "
        "porque aca les pagan poco y no hay donde vivir",
        "La densidad de personal sanitario es de 11 médicos, enfermeras y parteras por cada "
        "10.000 habitantes, por debajo del umbral recomendado y con alta rotación rural.",
        # 3.d
        "Cuando llegó la pandemia el hospital colapsó en una semana, no había oxígeno ni plan de "
        "emergencia, y hoy seguimos sin alerta temprana para los brotes.",
        "El municipio no cuenta con un sistema de vigilancia epidemiológica ni con protocolos de "
        "alerta temprana para responder a epidemias y otras emergencias sanitarias.",
    ),
    4: (
        # 4.1
        "Mis hijos terminan la primaria sin saber leer bien ni hacer cuentas, y para la "
        "secundaria hay que pagar uniforme, cuotas y pasaje, por eso muchos la dejan.",
        "La tasa de finalización de la secundaria es del 58 % y solo un tercio del alumnado de "
        "sexto grado alcanza niveles mínimos de competencia en lectura y matemáticas.",
        # 4.2
        "No hay jardin infantil en la vereda, los peques se quedan solos o con la abuela y llegan"
        " al colegio sin haber agarrado nunca un lapiz",
        "Solo el 41 % de los niños y niñas de 3 a 5 años asiste a educación inicial, y no existen"
        " servicios de atención a la primera infancia en las zonas rurales.",
        # 4.3
        "Quería estudiar enfermería en el instituto técnico, pero la matrícula y el alquiler en "
        "la ciudad son imposibles, y la universidad pública tiene poquísimos cupos.",
        "La tasa bruta de matrícula en educación superior y formación técnico-profesional es del "
        "22 %, con fuertes brechas según nivel de ingreso y área de residencia.",
        # 4.4
        "Terminando la prepa, los chamacos no saben usar una computadora ni hacer una hoja de "
        "cálculo, y así nadie los contrata ni pueden poner su propio negocio.",
        "Apenas el 27 % de los jóvenes y adultos posee competencias digitales básicas, y la "
        "oferta de formación en habilidades para el empleo y el emprendimiento es reducida.",
        # 4.5
        "A mi hijo con discapacidad no lo reciben en la escuela, y a las niñas de la comunidad "
        "indigena las sacan antes para que ayuden en la casa",
        "Las tasas de escolarización de estudiantes con discapacidad, indígenas y rurales están "
        "entre 15 y 30 puntos por debajo del promedio, con mayor exclusión de las niñas.",
        # 4.6
        "Mi vieja nunca aprendió a leer y le da vergüenza firmar con el dedo; en el barrio hay un"
        " montón de adultos que tampoco saben sacar cuentas.",
        "La tasa de analfabetismo en población de 15 años y más es del 9 %, concentrada en "
        "mujeres adultas rurales, y los programas de alfabetización tienen baja cobertura.",
        # 4.7
        "Deberian enseñar en el cole a cuidar el medio ambiente, respetar los derechos humanos y "
        "convivir en paz, no solo a memorizar cosas que luego se olvidan",
        "Los currículos locales integran de forma limitada la educación ambiental, la ciudadanía "
        "global, la igualdad de género y la cultura de paz en la formación escolar.",
        # 4.a
        "La escuelita no tiene baños que sirvan, ni agua, ni luz, ni internet, y para el niño en "
        "silla de ruedas no hay rampa; encima hay peleas y acoso.",
        "El 35 % de los centros educativos carece de agua potable y electricidad, el 70 % no "
        "dispone de internet y solo el 12 % tiene infraestructura adaptada a la discapacidad.",
        # 4.b
        "Gracias a una beca mi hija estudia ingeniería en el extranjero, pero casi ninguna llega "
        "a los pueblos porque nadie nos informa de las convocatorias.",
        "El número de becas internacionales de estudio concedidas a estudiantes de la región "
        "disminuyó, y la información sobre convocatorias no alcanza a las zonas rurales.",
        # 4.c
        "El profe de matematicas no tiene titulo, da clases a tres grados juntos y nunca lo han "
        "capacitado; cuando renuncia pasamos meses sin maestro",
        "El 28 % del personal docente de primaria no cuenta con la cualificación pedagógica "
        "mínima requerida y la oferta de formación continua del profesorado es insuficiente.",
    ),
    5: (
        # 5.1
        "Nos discriminan por ser mujeres: en la comunidad dicen que las niñas no necesitan "
        "estudiar y que la mujer no debe opinar en la asamblea.",
        "Persisten normas locales y prácticas institucionales discriminatorias contra mujeres y "
        "niñas, sin un mecanismo municipal para recibir denuncias por discriminación de género.",
        # 5.2
        "Aca a muchas compañeras las golpea el marido y cuando van a denunciar el policia les "
        "dice que lo arreglen en casa; tambien desaparecen chicas captadas por redes de trata",
        "El 34 % de las mujeres alguna vez en pareja declaró haber sufrido violencia física o "
        "sexual, y se registraron 12 feminicidios y 27 casos de trata con fines de explotación "
        "sexual.",
        # 5.3
        "En algunas aldeas todavía casan a las patojas de catorce años con hombres mayores, y los"
        " papás lo arreglan sin preguntarles nada a ellas.",
        "El 21 % de las mujeres de 20 a 24 años estaba unida antes de los 18 años, y persisten "
        "casos de mutilación genital femenina en algunas comunidades.",
        # 5.4
        "Yo trabajo afuera todo el dia y igual llego a cocinar, lavar y cuidar a mi suegra "
        "enferma, mientras mi marido se sienta a ver la tele",
        "Las mujeres dedican en promedio 38 horas semanales al trabajo doméstico y de cuidados no"
        " remunerado, frente a 14 horas de los hombres, sin servicios públicos de cuidado "
        "suficientes.",
        # 5.5
        "De once concejales, solo una es mujer, y en la junta de acción comunal siempre mandan "
        "los mismos señores de hace años.",
        "Las mujeres ocupan el 18 % de los escaños del concejo municipal y el 22 % de los cargos "
        "directivos en empresas y organizaciones locales.",
        # 5.6
        "Me pidieron la firma de mi esposo en el centro de salud para ponerme el implante; yo "
        "quiero decidir sobre mi cuerpo sin pedirle permiso a nadie.",
        "Solo el 52 % de las mujeres de 15 a 49 años toma decisiones propias e informadas sobre "
        "relaciones sexuales, uso de anticonceptivos y atención de salud reproductiva.",
        # 5.a
        "Toda la tierra quedo a nombre de mis hermanos varones cuando murio mi papa, y a las "
        "mujeres del ejido no nos dan credito por no tener parcela propia",
        "Las mujeres representan solo el 19 % de las personas titulares de tierras agrícolas y "
        "acceden a menos de un tercio de los créditos rurales otorgados en el municipio.",
        # 5.b
        "Muchas señoras de la cooperativa no tienen celular propio ni saben usar internet, y así "
        "no podemos vender nuestras artesanías en línea ni capacitarnos.",
        "La brecha de género en tenencia de teléfono móvil alcanza 14 puntos y solo el 31 % de "
        "las mujeres rurales utiliza internet de forma habitual.",
        # 5.c
        "Pedimos que la alcaldía tenga una oficina de la mujer con presupuesto de verdad y que "
        "las leyes de igualdad no se queden solo en el papel.",
        "El municipio carece de una política de igualdad de género con presupuesto etiquetado y "
        "de un sistema de seguimiento de los recursos destinados al empoderamiento de las "
        "mujeres.",
    ),
    6: (
        # 6.1
        "El agua llega por tandeo a la colonia dos veces por semana y sale amarilla, así que "
        "compramos garrafones que nos cuestan un dineral.",
        "El 23 % de los hogares rurales no dispone de agua potable gestionada de forma segura y "
        "depende de pozos, ríos o camiones cisterna sin control de calidad.",
        # 6.2
        "Ni desague ni baño tenemos, hacemos nuestras necesidades en letrina o en el monte, y en "
        "la escuela no hay agua ni jabon para lavarse las manos",
        "El 31 % de la población carece de saneamiento básico, el 6 % practica la defecación al "
        "aire libre y la mitad de las escuelas no tiene instalaciones para lavado de manos.",
        # 6.3
        "Las aguas negras del pueblo y los desechos de la curtiembre van directo a la quebrada, "
        "que antes era limpia y ahora apesta y ya no tiene peces.",
        "Solo el 18 % de las aguas residuales urbanas recibe tratamiento antes de su vertido, y "
        "el 40 % de los puntos de monitoreo del río incumple los estándares de calidad.",
        # 6.4
        "Los pozos cada vez estan mas hondos por las plantaciones de palta que se llevan toda el "
        "agua, y a nosotros nos abastece un camion aljibe",
        "Las pérdidas en la red de distribución alcanzan el 45 % del agua producida y las "
        "extracciones superan la recarga del acuífero, con un nivel alto de estrés hídrico.",
        # 6.5
        "Nunca se sientan juntos los de arriba de la cuenca, los de abajo y las empresas para "
        "decidir cómo repartir el agua del río, y cada uno saca lo que quiere.",
        "La cuenca compartida por tres municipios y dos países carece de un plan de gestión "
        "integrada de recursos hídricos y de acuerdos operativos de cooperación transfronteriza.",
        # 6.6
        "El humedal donde llegaban las garzas lo están rellenando para construir, y en el páramo "
        "arrancan los frailejones que son los que nos dan el agua.",
        "La superficie de humedales se redujo un 35 % en dos décadas y los ecosistemas de páramo,"
        " acuíferos y bosque ribereño que regulan el caudal presentan fuerte degradación.",
        # 6.a
        "Una ONG de afuera nos enseñó a cosechar agua de lluvia y a tratar las aguas grises, pero"
        " necesitamos más capacitación y equipos para seguir adelante.",
        "La cooperación internacional en agua y saneamiento se concentra en las capitales, con "
        "escasa transferencia de tecnologías de desalinización, reúso y depuración de aguas "
        "residuales.",
        # 6.b
        "La junta de agua del caserio la manejamos los vecinos, pero la municipalidad decide todo"
        " sin consultarnos y no nos dejan opinar sobre las tarifas",
        "Solo el 30 % de las juntas administradoras de agua rurales cuenta con procedimientos "
        "formales de participación comunitaria en la planificación y gestión del saneamiento.",
    ),
    7: (
        # 7.1
        "Todavía no llega la luz eléctrica a nuestra comunidad y cocinamos con leña dentro de la "
        "casa; el humo enferma a los niños y a las abuelas.",
        "El 9 % de las viviendas rurales no tiene acceso a electricidad y el 38 % utiliza leña o "
        "carbón como combustible principal para cocinar.",
        # 7.2
        "Sobra sol y viento todo el año aqui, y sin embargo la energia viene de una planta a "
        "diesel que contamina; queremos paneles solares para el pueblo",
        "La participación de fuentes renovables no convencionales en la matriz eléctrica regional"
        " es del 7 %, pese al alto potencial solar, eólico y minihidráulico.",
        # 7.3
        "La factura de la luz en el piso se nos dispara porque la nevera es viejísima y las "
        "ventanas no aíslan; necesitamos ayudas para rehabilitar los edificios.",
        "La intensidad energética de la economía local no ha disminuido en la última década y el "
        "alumbrado público sigue usando luminarias de sodio de alto consumo.",
        # 7.a
        "Escuchamos que hay fondos internacionales para energía limpia, pero aquí nunca llegan; "
        "ninguna empresa quiere invertir en un parque solar en la provincia.",
        "Los flujos financieros internacionales destinados a investigación y proyectos de energía"
        " limpia se redujeron, y la inversión privada en infraestructura renovable es limitada.",
        # 7.b
        "El tendido electrico de la zona es viejo, se corta la luz cada vez que llueve y los "
        "transformadores se queman; hay que modernizar toda la red",
        "La capacidad instalada de generación renovable por habitante es baja y la red de "
        "transmisión requiere modernización tecnológica para llevar el servicio a zonas aisladas.",
    ),
    8: (
        # 8.1
        "La economía de la provincia lleva años estancada, todo sube y los ingresos no, y cada "
        "vez hay menos plata circulando en el pueblo.",
        "El producto interno bruto per cápita del departamento creció un 0,4 % anual en el último"
        " quinquenio, muy por debajo del promedio nacional.",
        # 8.2
        "Todo depende del cafe aqui, si baja el precio nos hundimos; hacen falta nuevas "
        "industrias, maquinas y tecnologia para producir mas y mejor",
        "La productividad laboral por persona ocupada se mantiene estancada y la estructura "
        "productiva depende de actividades primarias con bajo valor agregado y escasa innovación.",
        # 8.3
        "Tengo un puesto de empanadas en la feria, pero formalizarme sale carísimo, los bancos no"
        " le prestan a una emprendedora como yo y termino pidiendo al gota a gota.",
        "El 64 % de las microempresas opera en la informalidad, y solo el 15 % de las pymes "
        "accede a crédito bancario o a programas públicos de apoyo al emprendimiento.",
        # 8.4
        "Las fábricas del polígono gastan agua y energía a lo loco y tiran los residuos sin "
        "reciclar; se puede crecer sin destrozar el entorno.",
        "El consumo material por unidad de producto aumentó un 12 %, lo que evidencia que el "
        "crecimiento económico local no se ha desacoplado de la degradación ambiental.",
        # 8.5
        "Nadie le da chamba a mi hermano que tiene discapacidad, y en la maquila a las mujeres "
        "nos pagan menos que a los hombres por el mismo trabajo",
        "La tasa de desempleo es del 11 %, asciende al 24 % en personas con discapacidad, y la "
        "brecha salarial entre hombres y mujeres por igual trabajo alcanza el 18 %.",
        # 8.6
        "Un montón de pibes del barrio ni estudian ni laburan, se la pasan en la esquina porque "
        "no consiguen nada y la escuela ya la dejaron.",
        "El 27 % de los jóvenes de 15 a 24 años no estudia, no trabaja ni recibe capacitación, "
        "proporción que supera el 35 % entre las mujeres jóvenes.",
        # 8.7
        "Trabajan niños de diez años en la mina y en la zafra de caña, y a unos paisanos los "
        "tienen encerrados pagando deudas que nunca terminan",
        "El 13 % de los niños y niñas de 5 a 17 años realiza trabajo infantil, y se identificaron"
        " casos de trabajo forzoso por deudas en explotaciones agrícolas y mineras.",
        # 8.8
        "Sin casco ni arnés trabajamos en la obra, no hay contrato, y a los compañeros "
        "venezolanos les pagan la mitad y los amenazan si reclaman.",
        "Se registraron 9,2 accidentes laborales por cada 1.000 trabajadores y menos del 5 % de "
        "la fuerza laboral está sindicalizada, con mayor desprotección entre trabajadores "
        "migrantes.",
        # 8.9
        "Vienen muchos turistas al lago pero los hoteles son de afuera; queremos un turismo que "
        "deje trabajo aca y que venda nuestros tejidos y comida tipica",
        "El turismo aporta el 6 % del empleo local, pero solo una minoría de los establecimientos"
        " incorpora productos, guías y expresiones culturales de la comunidad.",
        # 8.10
        "Ni un cajero hay en el pueblo, tampoco agencia bancaria; para cobrar el giro o mandar "
        "dinero tenemos que viajar dos horas a la cabecera.",
        "El municipio cuenta con 0,8 sucursales bancarias y 3 cajeros automáticos por cada "
        "100.000 adultos, y solo el 41 % de la población adulta posee una cuenta financiera.",
        # 8.a
        "Nos dijeron que había un programa de cooperación para ayudarnos a exportar el cacao, "
        "pero los fondos se quedaron en la capital y los pequeños no vimos nada.",
        "Los compromisos y desembolsos de ayuda para el comercio orientados a fortalecer "
        "capacidades exportadoras e infraestructura comercial del país se redujeron un 20 %.",
        # 8.b
        "El ayuntamiento no tiene ningun plan para que los jovenes consigan su primer curro; "
        "salimos del instituto y nadie nos da una oportunidad",
        "No existe una estrategia municipal de empleo juvenil con presupuesto asignado, en línea "
        "con el Pacto Mundial para el Empleo de la OIT.",
    ),
    9: (
        # 9.1
        "En nuestra vereda de Boyacá el puente colgante se cae a pedazos y cuando llueve los "
        "niños no pueden cruzar a la escuela ni sacamos la cosecha.",
        "El diagnóstico vial identifica que el 40 % de los caminos rurales del municipio carece "
        "de pavimento y drenaje, lo que interrumpe el acceso a mercados y servicios en temporada "
        "de lluvias.",
        # 9.2
        "cerraron la maquiladora y la fabrica de hilos aqui en Puebla, ya no hay chamba en la "
        "industria y los jovenes se van a la ciudad o al norte",
        "La participación del sector manufacturero en el empleo local descendió en la última "
        "década, por lo que se busca atraer industrias limpias que generen puestos formales y "
        "valor agregado.",
        # 9.3
        "Tengo un tallercito de carpintería en Arequipa y ningún banco me presta; para comprar "
        "una máquina nueva tuve que endeudarme con prestamistas que cobran intereses altísimos.",
        "Las pequeñas industrias del cantón enfrentan barreras para acceder a crédito asequible y"
        " rara vez logran integrarse como proveedoras en las cadenas de valor de empresas "
        "mayores.",
        # 9.4
        "la curtiembre del barrio sigue laburando con maquinas viejas que gastan un monton de "
        "agua y luz, deberian modernizarlas con tecnologia limpia",
        "Para reducir el consumo energético por unidad producida, se plantea apoyar la "
        "reconversión tecnológica de las plantas del polígono industrial y sustituir procesos "
        "contaminantes por tecnologías limpias.",
        # 9.5
        "Casi no hay plata para investigar en la universidad de mi provincia; los científicos "
        "jóvenes que conozco terminan yéndose a Buenos Aires o al extranjero.",
        "El gasto en investigación y desarrollo representa menos del 0,3 % del producto regional "
        "y el número de investigadores por millón de habitantes sigue muy por debajo del promedio"
        " nacional.",
        # 9.a
        "Nos dijeron en el Peten que el nuevo puente lo financia un banco de desarrollo "
        "internacional con asistencia tecnica de otro pais, ojala no se quede en promesa",
        "El programa de infraestructura resiliente de la región se financia parcialmente con "
        "cooperación técnica y préstamos concesionales de bancos multilaterales destinados a "
        "países en desarrollo.",
        # 9.b
        "Queremos que las cooperativas de cacao de San Martín no solo vendan grano, sino que "
        "tengan su propia tecnología para hacer chocolate aquí y no afuera.",
        "El plan de desarrollo productivo prevé incentivos a la innovación tecnológica nacional y"
        " a la diversificación industrial, con el fin de añadir valor a las materias primas antes"
        " de exportarlas.",
        # 9.c
        "en mi caserio de la sierra de Piura no llega señal de celular ni internet, para hacer "
        "una tarea o un tramite tenemos que bajar dos horas al pueblo",
        "Solo el 28 % de los hogares rurales del distrito cuenta con conexión de banda ancha, y "
        "el costo del plan mensual supera el 5 % del ingreso familiar promedio.",
    ),
    10: (
        # 10.1
        "Los que ganamos el mínimo en Medellín vemos que todo sube menos nuestro sueldo; los "
        "ricos cada vez tienen más y los de abajo seguimos igual.",
        "Entre 2015 y 2022, el ingreso per cápita del 40 % más pobre de los hogares del "
        "departamento creció a un ritmo inferior al del promedio de la población.",
        # 10.2
        "a mi hermano que usa silla de ruedas y a los vecinos indigenas casi nunca los invitan a "
        "las reuniones del barrio ni a los proyectos del municipio",
        "El diagnóstico constata que personas con discapacidad, población indígena y adultos "
        "mayores participan en menor proporción en la vida económica, social y política del "
        "municipio.",
        # 10.3
        "Cuando voy a pedir pega y ven que soy afro o que vivo en la población, me dicen que ya "
        "se llenó la vacante; eso es discriminación pura.",
        "Se identificaron normativas municipales con cláusulas discriminatorias en el acceso a "
        "licencias comerciales, y se recomienda derogarlas junto con medidas de igualdad de "
        "oportunidades.",
        # 10.4
        "el currante paga los mismos impuestos que el que tiene tres pisos aqui en Andalucia, y "
        "las ayudas sociales no llegan a quien de verdad las necesita",
        "La estructura tributaria local es regresiva: las tasas municipales pesan más sobre los "
        "hogares de menor renta, y la cobertura de protección social no compensa esa brecha.",
        # 10.5
        "Con el corralito nos quedamos sin ahorros de un día para otro; nadie controlaba a los "
        "bancos ni a la especulación financiera que venía de afuera.",
        "El informe advierte que la escasa regulación de los flujos de capital especulativo "
        "expone a la economía regional a crisis financieras globales con impacto directo en el "
        "empleo.",
        # 10.6
        "siempre son los paises ricos los que mandan en el FMI y el Banco Mundial, a paises como "
        "Honduras nadie les pregunta nada cuando fijan las reglas",
        "Los países en desarrollo mantienen una cuota de voto minoritaria en los órganos de "
        "decisión de las instituciones financieras internacionales, pese a su peso creciente en "
        "la economía mundial.",
        # 10.7
        "Mi primo cruzó el Darién a pie porque no había forma legal de migrar; pedimos que "
        "existan caminos seguros y ordenados para quien se tiene que ir.",
        "El municipio fronterizo registra un flujo creciente de población migrante sin "
        "documentación, por lo que se plantea un centro de atención para regularización y "
        "orientación segura.",
        # 10.a
        "los bananeros de aca dicen que las reglas del comercio internacional deberian dar un "
        "trato especial a paises pobres como Ecuador, no las mismas que a Europa",
        "La aplicación del trato especial y diferenciado previsto en los acuerdos comerciales "
        "multilaterales permitiría a los exportadores nacionales plazos más flexibles de "
        "desgravación arancelaria.",
        # 10.b
        "Casi no llega inversión extranjera a Chiquimula; las empresas y la ayuda internacional "
        "se quedan en la capital y no donde más se necesita.",
        "Los flujos de ayuda oficial al desarrollo e inversión extranjera directa recibidos por "
        "el país se concentran en regiones de renta media, relegando a los territorios con "
        "mayores carencias.",
        # 10.c
        "cada vez que mi hija me manda dolares desde Estados Unidos la agencia se queda con casi "
        "diez por ciento de comision, es un robo",
        "El costo promedio de enviar 200 dólares en remesas hacia la provincia supera el 6 %, "
        "lejos del umbral del 3 % considerado aceptable para los hogares receptores.",
    ),
    11: (
        # 11.1
        "Vivimos ocho personas en un cuarto de lámina en la colonia, sin drenaje, y la renta de "
        "una casa decente se come todo el salario.",
        "El 23 % de la población urbana reside en asentamientos informales con tenencia insegura,"
        " materiales precarios y acceso deficiente a agua y saneamiento.",
        # 11.2
        "la micro pasa cada hora y va repleta, para la gente mayor o con muletas es imposible "
        "subirse, y encima el pasaje esta carisimo",
        "La red de transporte público cubre apenas el 55 % del área urbana, con tarifas elevadas,"
        " unidades no accesibles y una alta siniestralidad vial en los accesos escolares.",
        # 11.3
        "A nuestro barrio lo planificaron desde una oficina; nunca nos preguntaron dónde "
        "queríamos la escuela o el parque, y la ciudad crece sin orden hacia los cerros.",
        "La expansión urbana dispersa supera el crecimiento demográfico y el plan de ordenamiento"
        " territorial se elaboró sin mecanismos efectivos de participación ciudadana.",
        # 11.4
        "la casona colonial de la plaza se esta cayendo y nadie la restaura, tambien estan "
        "destruyendo los petroglifos del rio por sacar piedra",
        "El inventario patrimonial registra 47 inmuebles históricos en riesgo de deterioro y un "
        "sitio arqueológico afectado por la extracción de áridos, sin presupuesto asignado para "
        "su protección.",
        # 11.5
        "El huaico del año pasado se llevó diez casas y murieron dos vecinos; seguimos viviendo "
        "junto a la quebrada sin ninguna obra de protección.",
        "Las inundaciones y deslizamientos de los últimos cinco años provocaron pérdidas "
        "económicas equivalentes al 2 % del presupuesto municipal y afectaron a más de 3.000 "
        "personas.",
        # 11.6
        "Entre el humo de los camiones y la basura que no recogen en semanas, el aire en "
        "Tlalnepantla es irrespirable y los niños andan siempre con tos.",
        "La concentración media anual de partículas PM2,5 duplica el valor guía de la OMS y solo "
        "el 60 % de los residuos sólidos urbanos se dispone en rellenos sanitarios controlados.",
        # 11.7
        "en la villa no hay una plaza donde los pibes puedan jugar tranquilos, y de noche las "
        "mujeres no salen porque esta todo oscuro y sin vigilancia",
        "La ciudad dispone de 2,1 metros cuadrados de espacio verde público por habitante, con "
        "parques mal iluminados y escasa accesibilidad para personas mayores y con discapacidad.",
        # 11.a
        "Los campesinos que traemos verdura a la ciudad no tenemos carretera ni plaza de mercado "
        "propia; la planeación de la capital se olvida del campo de al lado.",
        "La estrategia regional propone articular los municipios rurales y periurbanos con el "
        "núcleo metropolitano mediante corredores logísticos, servicios compartidos y "
        "planificación conjunta.",
        # 11.b
        "el ayuntamiento de mi pueblo no tiene ningun plan para cuando venga otra ola de calor o "
        "una riada, cada concejalia va por su lado",
        "El municipio carece de una estrategia local de reducción del riesgo de desastres "
        "alineada con el Marco de Sendai y de una política urbana integrada de adaptación y "
        "eficiencia de recursos.",
        # 11.c
        "Con ayuda de una ONG aprendimos a levantar casas de bahareque y adobe reforzado, con "
        "materiales de la zona, que aguantan mejor los temblores.",
        "El proyecto de cooperación financia viviendas sismorresistentes construidas con bambú y "
        "tierra estabilizada de origen local, reduciendo costos y huella de carbono frente al "
        "bloque de cemento.",
    ),
    12: (
        # 12.1
        "haria falta que el gobierno tenga un programa serio de consumo y produccion sostenibles,"
        " no solo campañas sueltas de reciclaje cada tanto",
        "A nivel nacional aún no se ha adoptado un plan nacional de consumo y producción "
        "sostenibles ni se ha incorporado ese enfoque como prioridad en las políticas "
        "sectoriales.",
        # 12.2
        "Las mineras y las agroexportadoras se llevan el agua del valle como si no se acabara, y "
        "los pequeños agricultores de Ica nos quedamos secos.",
        "La extracción de agua subterránea del acuífero supera su tasa de recarga en un 35 %, y "
        "el consumo de materiales per cápita de la región sigue en aumento.",
        # 12.3
        "en la central de abastos tiran toneladas de fruta que se maltrata, y en las casas "
        "tambien se bota mucha comida mientras hay familias que no comen",
        "Se estima que el 30 % de la producción hortícola se pierde entre la cosecha y el mercado"
        " por falta de cadena de frío, y cada hogar desperdicia unos 70 kilos de alimentos al "
        "año.",
        # 12.4
        "Los envases de agroquímicos quedan tirados en la orilla del río y el taller mecánico "
        "vierte el aceite usado por la alcantarilla sin que nadie diga nada.",
        "No existe un sistema de gestión de residuos peligrosos en el municipio: baterías, "
        "aceites usados y envases de plaguicidas terminan en vertederos comunes o en cursos de "
        "agua.",
        # 12.5
        "separar la basura en origen y tener puntos de reciclaje en cada barrio es lo que pedimos"
        " en Cordoba, porque todo termina mezclado en el basural",
        "La tasa de reciclaje municipal se sitúa en el 8 % del total de residuos generados, y la "
        "producción de basura per cápita aumentó un 12 % en el último quinquenio.",
        # 12.6
        "La empresa salmonera dice ser verde, pero nunca publica cuánto contamina ni qué hace con"
        " sus desechos; exigimos que rindan cuentas con informes públicos.",
        "Solo el 15 % de las grandes empresas con sede en la provincia publica memorias de "
        "sostenibilidad con indicadores ambientales y sociales verificables.",
        # 12.7
        "Cuando la alcaldía compra uniformes o comida para los comedores escolares, podría elegir"
        " a productores locales y productos ecológicos en vez de lo más barato.",
        "Los pliegos de contratación pública del ayuntamiento no incluyen criterios ambientales "
        "ni sociales, por lo que se sugiere una política de compras públicas sostenibles.",
        # 12.8
        "la gente del barrio no sabe que se puede compostar ni reparar las cosas, haria falta que"
        " en la escuela y en la radio enseñen a vivir sin tanto desperdicio",
        "La encuesta de percepción muestra que apenas un tercio de la población conoce prácticas "
        "de consumo responsable, y la educación ambiental en las escuelas es esporádica.",
        # 12.a
        "Nuestras cooperativas quieren producir de manera más limpia, pero necesitamos "
        "laboratorios, técnicos y apoyo de otros países para aprender esas tecnologías.",
        "Un convenio con centros de investigación extranjeros busca fortalecer la capacidad "
        "científica y tecnológica nacional en producción más limpia y economía circular.",
        # 12.b
        "Los cruceros llenan Cartagena de turistas, pero la plata no se queda en los barrios; "
        "pedimos un turismo que compre artesanía local y respete nuestra cultura.",
        "No se dispone de indicadores para medir los impactos del turismo en el destino; conviene"
        " un sistema de seguimiento que valore el empleo local, la cultura y los productos "
        "regionales.",
        # 12.c
        "ese subsidio a la gasolina lo aprovechan mas los que tienen camionetas grandes, mejor "
        "que esa lana vaya al transporte publico y a los pobres",
        "Los subsidios a los combustibles fósiles representan el 1,8 % del PIB y benefician sobre"
        " todo al quintil de mayores ingresos, incentivando además un consumo ineficiente de "
        "energía.",
    ),
    13: (
        # 13.1
        "Cada vez las sequías son más largas y las tormentas más fuertes; en la aldea no tenemos "
        "cómo protegernos ni reservas de agua para aguantar.",
        "La evaluación de vulnerabilidad climática identifica 12 comunidades con baja capacidad "
        "de adaptación ante sequías prolongadas, olas de calor y lluvias extremas.",
        # 13.2
        "el plan de desarrollo del municipio ni menciona el cambio climatico, siguen aprobando "
        "urbanizaciones en zonas que se inundan cada vez mas",
        "Conviene incorporar metas de mitigación y adaptación al cambio climático en el plan de "
        "ordenamiento territorial y en los presupuestos sectoriales del gobierno local.",
        # 13.3
        "A los chavales del colegio de mi hija nunca les han explicado qué es el calentamiento "
        "global ni qué hacer si suena una alerta por inundación.",
        "Solo el 20 % de los docentes del distrito ha recibido formación sobre cambio climático, "
        "y la población desconoce los protocolos de alerta temprana ante fenómenos extremos.",
        # 13.a
        "prometieron millones de dolares del fondo climatico para paises como el nuestro, pero a "
        "las comunidades de la costa no ha llegado ni un peso",
        "El país ha captado una fracción reducida de los recursos del Fondo Verde para el Clima, "
        "pese al compromiso internacional de movilizar 100.000 millones de dólares anuales.",
        # 13.b
        "Las mujeres y los jóvenes de la comunidad queremos capacitarnos para hacer nuestros "
        "propios planes frente al cambio climático, pero nadie nos forma ni nos toma en cuenta.",
        "El programa busca fortalecer la capacidad de planificación climática en municipios de "
        "alta marginación, con énfasis en la participación de mujeres, jóvenes y comunidades "
        "indígenas.",
    ),
    14: (
        # 14.1
        "A la playa de Puntarenas llegan montones de plásticos y las aguas negras de la ciudad "
        "salen directo al mar sin ningún tratamiento.",
        "El monitoreo costero detecta altas concentraciones de nitrógeno procedente de "
        "fertilizantes agrícolas y una densidad de residuos plásticos flotantes superior a la "
        "media regional.",
        # 14.2
        "los manglares de la cienaga los estan rellenando para hacer hoteles, y con eso se van "
        "los cangrejos y los peces de los que vivimos",
        "La superficie de manglar del estuario se redujo un 18 % en dos décadas, y los arrecifes "
        "de coral cercanos muestran blanqueamiento y pérdida de cobertura viva.",
        # 14.3
        "Los viejos pescadores de Chiloé dicen que el mar está cambiando, que las conchas de los "
        "choritos salen más delgadas y frágiles que antes.",
        "Las mediciones de la estación oceanográfica registran un descenso sostenido del pH del "
        "agua de mar, con efectos sobre moluscos y organismos calcificadores de interés pesquero.",
        # 14.4
        "vienen barcos grandes de noche a pescar con redes de arrastre donde esta prohibido, y ya"
        " casi no sale merluza ni corvina",
        "Tres de las cinco principales pesquerías de la zona se encuentran sobreexplotadas y se "
        "documenta pesca ilegal, no declarada y no reglamentada en aguas jurisdiccionales.",
        # 14.5
        "Pedimos que declaren reserva marina la bahía donde desovan las tortugas, porque si no la"
        " protegen pronto se la come el desarrollo turístico.",
        "Las áreas marinas protegidas cubren apenas el 4 % de la zona costera y marina del "
        "departamento, por debajo de la meta internacional del 10 %.",
        # 14.6
        "El gobierno le da combustible subsidiado a las flotas industriales que vacían el mar, "
        "mientras a los pescadores chicos no nos ayudan en nada.",
        "Las subvenciones al combustible para la flota industrial contribuyen a la sobrecapacidad"
        " pesquera; se aconseja eliminarlas y reorientar esos recursos a la gestión sostenible.",
        # 14.7
        "en las islas vivimos del mar, pero los que ganan con el atun son las empresas "
        "extranjeras, nosotros solo vemos pasar los barcos",
        "La pesca sostenible, la acuicultura de pequeña escala y el turismo costero representan "
        "el 22 % del producto insular, con potencial para ampliar los beneficios económicos "
        "locales.",
        # 14.a
        "Ni un laboratorio hay aquí para estudiar el mar; los biólogos que vienen son de fuera y "
        "se llevan los datos sin compartirlos con la comunidad.",
        "La capacidad nacional de investigación marina es limitada: el país cuenta con un único "
        "buque oceanográfico y escaso personal científico especializado en ciencias del mar.",
        # 14.b
        "Los pescadores artesanales de la caleta no podemos vender directo en el mercado; los "
        "intermediarios nos pagan una miseria y las empresas nos quitan las zonas de pesca.",
        "Siete de cada diez pescadores artesanales de la provincia carecen de permisos formales "
        "de acceso a caladeros y de infraestructura de frío para comercializar sus capturas.",
        # 14.c
        "uno como pescador no sabe que leyes rigen en alta mar, pero vemos barcos extranjeros que"
        " no respetan ningun tratado internacional",
        "Persisten vacíos en la aplicación de la Convención de las Naciones Unidas sobre el "
        "Derecho del Mar para la gestión de recursos oceánicos y la delimitación de zonas "
        "marítimas.",
    ),
    15: (
        # 15.1
        "El humedal donde antes llegaban las garzas lo están secando para sembrar palma, y el río"
        " ya no trae la misma agua que cuando yo era niño.",
        "En las últimas dos décadas se ha transformado el 35 % de los humedales y bosques de "
        "ribera del municipio, y solo una fracción menor cuenta con alguna figura de "
        "conservación.",
        # 15.2
        "por aca en el Chaco pasan las topadoras desmontando todos los dias para soja y ganado, y"
        " nadie replanta nada",
        "La tasa de deforestación anual del departamento alcanza 4.500 hectáreas, mientras que "
        "las superficies reforestadas con especies nativas no superan las 300 hectáreas por año.",
        # 15.3
        "La tierra de mi finca en Almería está cada vez más dura y salitrosa, ya no produce como "
        "antes y con las sequías el viento se lleva el suelo.",
        "Procesos de degradación del suelo y desertificación afectan al 42 % de la superficie "
        "provincial, agravados por la erosión hídrica, el sobrepastoreo y las sequías "
        "recurrentes.",
        # 15.4
        "ya estan sembrando papa mas arriba en el paramo y metiendo ganado, y de ahi sale el agua"
        " que tomamos todos en el pueblo",
        "Los ecosistemas de alta montaña de la cuenca, incluidos páramos y bosques nublados, "
        "pierden cobertura por el avance de la frontera agrícola, comprometiendo su regulación "
        "hídrica.",
        # 15.5
        "Ya casi no se ven venados ni el oso de anteojos por aquí; mi abuelo dice que antes había"
        " muchos animales que hoy están desapareciendo.",
        "La lista roja regional incluye 38 especies amenazadas de fauna y flora en el municipio, "
        "cuyo principal factor de riesgo es la fragmentación y pérdida de hábitat natural.",
        # 15.6
        "Una farmacéutica patentó una planta que nuestras abuelas usaban para curar, y la "
        "comunidad no recibió ni reconocimiento ni un peso por ese saber.",
        "No existen protocolos de consentimiento previo ni acuerdos de distribución justa de "
        "beneficios derivados del uso de recursos genéticos y conocimientos tradicionales "
        "indígenas.",
        # 15.7
        "venden loros, monos y tortugas en el mercado que sacan de la selva, y todos sabemos "
        "quienes los cazan pero nadie hace nada",
        "Las autoridades ambientales decomisaron más de 1.200 ejemplares de fauna silvestre en el"
        " último año, evidencia de redes activas de caza furtiva y tráfico de especies "
        "protegidas.",
        # 15.8
        "El retamo espinoso invadió los potreros y la laguna se llenó de buchón; las plantas "
        "nativas ya no tienen dónde crecer.",
        "Se identificaron cinco especies exóticas invasoras con impacto significativo sobre los "
        "ecosistemas locales, sin un programa municipal de control o erradicación.",
        # 15.9
        "Cuando el municipio aprueba una carretera o un proyecto minero nunca cuenta lo que valen"
        " el bosque y el agua para nosotros; solo miran la plata.",
        "Los instrumentos de planificación y las cuentas públicas locales no incorporan el valor "
        "de los servicios ecosistémicos ni de la biodiversidad en la evaluación de proyectos.",
        # 15.a
        "los guardaparques de la reserva son solo tres para miles de hectareas, no les alcanza ni"
        " para gasolina porque no hay presupuesto para conservar",
        "El presupuesto asignado a la conservación de la biodiversidad equivale al 0,2 % del "
        "gasto municipal, por lo que se proponen mecanismos como el pago por servicios "
        "ambientales.",
        # 15.b
        "Si cuidamos el bosque del ejido en vez de talarlo, alguien nos tiene que pagar por eso; "
        "con apoyos para manejo forestal podríamos vivir del monte sin acabarlo.",
        "Los incentivos financieros para la gestión forestal sostenible, incluidos fondos de "
        "cooperación internacional, cubren solo un 10 % de los bosques comunitarios "
        "certificables.",
        # 15.c
        "A los muchachos de la comunidad los contratan para sacar animales de la selva porque no "
        "hay otro trabajo; con ecoturismo o proyectos productivos dejarían la cacería.",
        "El proyecto combina el refuerzo del control contra el tráfico de fauna con alternativas "
        "de sustento sostenible para las comunidades locales, como el ecoturismo y la apicultura.",
    ),
    16: (
        # 16.1
        "En la colonia ya hubo tres asesinatos este año y los balazos se escuchan casi cada "
        "noche; uno vive con miedo de salir a la calle.",
        "La tasa de homicidios del municipio asciende a 38 por cada 100.000 habitantes, y el 45 %"
        " de la población declara sentirse insegura al caminar sola de noche.",
        # 16.2
        "hay niños de once o doce años que los ponen a vender droga o a trabajar en la mina, y a "
        "otros los maltratan en la casa y nadie denuncia",
        "Se registraron 230 denuncias de maltrato y abuso sexual infantil en el último año, "
        "además de casos de trata de menores con fines de explotación laboral en zonas mineras.",
        # 16.3
        "Para poner una denuncia en la fiscalía hay que ir hasta la cabecera y, si no tienes "
        "abogado ni plata, tu caso se queda durmiendo años.",
        "En el centro penitenciario regional, el 60 % de las personas privadas de libertad sigue "
        "en prisión preventiva sin sentencia, y la población rural carece de defensoría pública "
        "cercana.",
        # 16.4
        "todos saben que por la frontera pasan armas y que los narcos lavan plata comprando "
        "ganado y hoteles, pero nunca les quitan nada",
        "Los decomisos de armas de fuego ilícitas aumentaron en el corredor fronterizo, y la "
        "unidad de inteligencia financiera detecta operaciones de lavado vinculadas al crimen "
        "organizado.",
        # 16.5
        "Para que te den la licencia de funcionamiento en la municipalidad tienes que pasarle una"
        " coima al funcionario, si no el trámite nunca sale.",
        "Según la encuesta de integridad empresarial, el 27 % de las empresas reconoce haber "
        "pagado sobornos a funcionarios públicos para agilizar permisos.",
        # 16.6
        "Nadie en el ayuntamiento sabe en qué se gastó el dinero del polideportivo; queremos "
        "cuentas claras y una administración que funcione de verdad.",
        "El índice de transparencia municipal se sitúa en 42 sobre 100 y solo la mitad de la "
        "ciudadanía se declara satisfecha con su última experiencia en los servicios públicos.",
        # 16.7
        "las decisiones del presupuesto las toman cuatro concejales entre ellos, a los jovenes y "
        "a las comunidades mapuche nunca nos llaman a opinar",
        "La propuesta consiste en institucionalizar el presupuesto participativo y garantizar la "
        "representación de mujeres, jóvenes y pueblos originarios en los consejos de decisión "
        "local.",
        # 16.8
        "Países como Bolivia apenas tienen voz en las cumbres mundiales donde se deciden las "
        "reglas de todo; siempre mandan los mismos.",
        "La participación de los países en desarrollo en los órganos de gobernanza mundial, como "
        "consejos y juntas directivas de organismos internacionales, sigue siendo minoritaria.",
        # 16.9
        "Mi abuela nunca tuvo partida de nacimiento ni cédula, y por eso no puede cobrar la "
        "pensión ni atenderse en el centro de salud sin problemas.",
        "Se estima que el 7 % de los nacimientos en comunidades rurales dispersas no se inscribe "
        "en el registro civil durante el primer año de vida, limitando el acceso a servicios.",
        # 16.10
        "al periodista de la radio comunitaria lo amenazaron por denunciar a la alcaldia, y "
        "cuando pedimos informacion publica nunca nos responden",
        "El informe documenta agresiones contra periodistas y defensores de derechos humanos en "
        "la región, así como un bajo cumplimiento de las solicitudes de acceso a la información "
        "pública.",
        # 16.a
        "Ojalá la policía, la fiscalía y los jueces trabajen juntos y con apoyo de otros países "
        "para frenar al crimen organizado que se metió al pueblo.",
        "El convenio de cooperación internacional fortalece las capacidades de la policía y la "
        "fiscalía local para prevenir la violencia, el terrorismo y la delincuencia "
        "transnacional.",
        # 16.b
        "Necesitamos que se cumpla la ley contra la discriminación; a mi pareja y a mí nos "
        "negaron el arriendo del departamento por ser dos mujeres.",
        "Una oficina municipal de igualdad debería vigilar la aplicación de las normas "
        "antidiscriminatorias y revisar las ordenanzas vigentes para eliminar disposiciones "
        "excluyentes.",
    ),
    17: (
        # 17.1
        "Como tesorero municipal le digo que recaudamos muy poco predial; con un catastro "
        "actualizado podríamos financiar nuestras obras sin depender de las transferencias.",
        "La recaudación tributaria propia representa el 9 % de los ingresos municipales y la "
        "presión fiscal nacional está por debajo del promedio regional, lo que limita los "
        "recursos internos.",
        # 17.2
        "en la ong de Valencia donde coordino lo vemos cada año: los paises ricos prometieron el "
        "0,7 de su renta para ayuda al desarrollo y casi ninguno cumple",
        "La ayuda oficial al desarrollo neta de los donantes ronda el 0,33 % de su renta nacional"
        " bruta, y la destinada a los países menos adelantados no alcanza el 0,15 %.",
        # 17.3
        "Estoy buscando plata de todas partes como alcaldesa: remesas de los paisanos, fondos de "
        "cooperación y empresas privadas, porque el presupuesto público no alcanza.",
        "La cartera de inversiones combina recursos de cooperación internacional, inversión "
        "extranjera directa, remesas y financiación privada para cubrir la brecha de "
        "financiamiento del desarrollo.",
        # 17.4
        "El país se la pasa pagando intereses de la deuda externa; en el municipio lo sentimos "
        "porque recortan las transferencias para salud y escuelas.",
        "El servicio de la deuda externa absorbe el 28 % de los ingresos por exportaciones, lo "
        "que exige reestructuración y alivio para garantizar su sostenibilidad a largo plazo.",
        # 17.5
        "nosotros desde la camara de comercio pedimos un regimen de promocion de inversiones para"
        " la region, porque sin garantias ni incentivos nadie viene a invertir",
        "Entre las medidas sugeridas figuran regímenes de promoción de inversiones para los "
        "países menos adelantados, con garantías, ventanillas únicas y marcos jurídicos estables.",
        # 17.6
        "Gracias a un intercambio con técnicos de Brasil y Cuba, nuestra cooperativa aprendió a "
        "usar sensores y software para el riego; esa cooperación entre países del Sur funciona.",
        "El programa de cooperación triangular facilita el intercambio de conocimientos "
        "científicos y tecnológicos entre universidades latinoamericanas, africanas y socios "
        "europeos.",
        # 17.7
        "Nos interesan paneles solares y biodigestores para la comunidad, pero la tecnología "
        "limpia viene de afuera y con patentes tan caras que no la podemos pagar.",
        "El acceso a tecnologías ambientalmente racionales sigue limitado por el costo de "
        "licencias y patentes; se promueven acuerdos de transferencia en condiciones "
        "concesionales y preferenciales.",
        # 17.8
        "en la secretaria de innovacion del municipio no tenemos ni banda ancha decente ni gente "
        "capacitada en tecnologias digitales, dependemos de apoyos que nunca llegan",
        "A través del Banco de Tecnología de las Naciones Unidas, se busca fortalecer la "
        "capacidad en ciencia, tecnología e innovación de los países menos adelantados y ampliar "
        "el uso de las TIC.",
        # 17.9
        "Los talleres de la cooperación española nos sirvieron mucho en la oficina de planeación:"
        " aprendimos a formular y monitorear el plan de desarrollo con metas medibles.",
        "Mediante asistencia técnica internacional se refuerzan las capacidades de los equipos "
        "públicos para implementar y dar seguimiento a los planes nacionales de desarrollo "
        "sostenible.",
        # 17.10
        "Los exportadores de café del Huila necesitamos reglas de comercio justas y parejas para "
        "todos los países, no que los grandes pongan barreras cuando les conviene.",
        "Un sistema multilateral de comercio abierto, basado en normas, no discriminatorio y "
        "equitativo, en el marco de la Organización Mundial del Comercio, resulta clave para los "
        "exportadores del país.",
        # 17.11
        "nuestra asociacion de artesanas quiere vender afuera, pero las exportaciones de la "
        "region son casi nada comparadas con todo lo que importamos",
        "Las exportaciones de bienes y servicios de la provincia representan menos del 0,1 % del "
        "comercio mundial, por lo que se diseña un programa de internacionalización de pymes.",
        # 17.12
        "Para que nuestra quinua entre a Europa sin aranceles ni cupos hay que cumplir reglas de "
        "origen tan complicadas que los pequeños productores nos rendimos.",
        "Se analiza el aprovechamiento de las preferencias de acceso libre de derechos y de "
        "contingentes, así como la simplificación de las normas de origen aplicables a las "
        "exportaciones.",
        # 17.13
        "Con cada devaluación y cada subida de tasas en Estados Unidos aquí se disparan los "
        "precios; como concejal veo que el municipio no puede planificar nada.",
        "La volatilidad macroeconómica global, reflejada en el tipo de cambio y las tasas de "
        "interés, afecta la estabilidad fiscal y exige mayor coordinación de políticas entre "
        "países.",
        # 17.14
        "un ministerio da creditos para tumbar monte y otro paga por conservar el bosque, como "
        "lider indigena le pido al gobierno que sus politicas no se contradigan",
        "El análisis detecta incoherencias entre las políticas agrícola, energética y ambiental, "
        "y recomienda un mecanismo interministerial de coherencia de políticas para el desarrollo"
        " sostenible.",
        # 17.15
        "Desde el gobierno regional queremos que los donantes respeten nuestras prioridades; no "
        "pueden venir a imponer condiciones que nada tienen que ver con lo que necesita el "
        "territorio.",
        "Los acuerdos de cooperación revisados se alinean en un 60 % con los marcos de resultados"
        " definidos por el propio país, respetando su margen de decisión política y su liderazgo.",
        # 17.16
        "Armamos una mesa con la universidad, una fundación alemana y las juntas de acción "
        "comunal para compartir conocimiento y recursos y llevar agua a las veredas.",
        "La alianza mundial multiactor reúne a gobiernos, sector privado, academia y sociedad "
        "civil para movilizar conocimientos, tecnología y recursos financieros en apoyo del "
        "desarrollo.",
        # 17.17
        "la municipalidad, la empresa de agua y las juntas vecinales hicimos una alianza publico "
        "privada para el saneamiento del barrio y funciono",
        "El municipio promueve alianzas público-privadas y con organizaciones de la sociedad "
        "civil, con reglas de transparencia y reparto de riesgos, para la gestión de servicios "
        "urbanos.",
        # 17.18
        "Yo, que soy dirigente de la comunidad, veo que las estadísticas oficiales no separan "
        "datos de mujeres, indígenas ni personas con discapacidad, así que nuestros problemas no "
        "aparecen.",
        "El sistema estadístico local carece de datos desglosados por sexo, edad, etnia, "
        "discapacidad e ingresos, lo que impide medir brechas y focalizar políticas públicas.",
        # 17.19
        "el ultimo censo en mi provincia fue hace mas de diez años y como tecnico del municipio "
        "creo que medir solo el PIB no dice cuanto bienestar tenemos",
        "Fortalecer la capacidad estadística nacional, garantizar censos periódicos y desarrollar"
        " indicadores de progreso que complementen el producto interno bruto son prioridades de "
        "la ficha técnica.",
    ),
}
