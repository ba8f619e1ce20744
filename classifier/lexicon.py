"""The rule layer's vocabulary, as data. Compiled once by :mod:`classifier.rules`.

Phrases are written as a teacher would write them; they go through the same normalisation
as the input (accents folded, compound hyphens dropped), so ``face-to-face`` matches
``face to face`` only if both forms are listed, but ``Face-to-Face`` and ``facetoface``
match the first. Single words also match with small typos (rapidfuzz) and inside longer
compounds through :data:`STEMS`.
"""

from __future__ import annotations

#: Family name -> phrases. Family names are the rule layer's internal vocabulary.
PHRASES: dict[str, tuple[str, ...]] = {
    # A physical part: school location, the workplace, face-to-face meetings.
    "fysiek": (
        "in the room", "the room", "room", "seminar", "on site", "on campus", "workshop",
        "lecture", "in person", "face to face", "internship company", "at school", "at work",
        "veld", "sportveld", "sporthal", "zaal", "bouwplaats", "magazijn", "winkel",
        "atelier", "studio", "garage", "werkgroep", "werkgroepen", "tutorgroep", "skills lab",
        "simulatieruimte", "oefenruimte", "praktijkruimte", "praktijkkeuken", "restaurant",
        "leerwerkplaats", "ziekenhuis", "zorginstelling", "kantoor", "gastles", "gastcollege",
        "op bezoek", "bij de klant", "werkveld", "in het werkveld", "hogeschool",
        "op de hogeschool", "praktijkhal", "bakkerij", "oefenpraktijk",
        "oefenapotheek", "simulator", "oefenrechtbank", "op de werkplek", "bij het leerbedrijf",
        "in het echt", "fysieke bijeenkomst", "stageplaats", "stageadres", "op het werk",
        "werkgever",
        "bij hun werkgever", "stageschool", "theorieles", "praktijkdag", "kring",
        "in de kring", "klassengesprek", "op de opleiding", "in het gebouw", "lab",
        "lokaal", "lokalen", "klaslokaal", "klas", "klassen", "klassikaal", "klassikale",
        "in de klas", "voor de klas", "op school", "naar school",
        "op locatie", "op de campus", "campus", "stage", "stages", "stageplek", "bpv",
        "werkplek", "werkplekleren", "werkplaats", "werkvloer", "op de werkvloer",
        "leerbedrijf", "stagebedrijf", "praktijkbedrijf", "beroepspraktijk", "practicum",
        "practica", "praktijkles", "praktijklessen",
        "praktijklokaal", "terugkomdag", "terugkomdagen", "hoorcollege", "hoorcolleges",
        "werkcollege", "werkcolleges", "fysiek", "fysieke", "facetoface",
        "f2f", "in persoon", "aanwezig", "aanwezigheid", "collegezaal", "studielandschap",
        "laboratorium", "simulatielokaal", "gymzaal", "keuken", "salon",
        "werkbezoek", "meelopen", "excursie", "bedrijfsbezoek", "meeloopdag", "op het bedrijf",
        "bij het bedrijf", "contactonderwijs", "contactmoment", "contactmomenten",
        "in het lokaal", "op de vestiging", "gebouw", "schoolgebouw", "mentoruur",
        "tutoruur", "coachingsgesprek", "skillslab", "in class", "classroom",
        "lecture hall", "in the lab", "workplace", "internship",
        "offline", "ter plekke", "ter plaatse", "in real life", "irl",
        "to school", "to campus", "in school", "at university", "in the classroom",
        "practical", "practicals", "workshop session", "lab session",
    ),
    # Meetings that are physical unless an online word stands next to them.
    "fysiek_zwak": (
        "les", "lessen", "de les", "in de les", "tijdens de les", "bijeenkomst",
        "bijeenkomsten", "college", "colleges", "lesuur", "lesuren", "sessie", "sessies",
        "workshop", "workshops", "contacturen", "contacttijd", "lesdag", "lesdagen",
        "praktijk", "in de praktijk",
    ),
    # An online part.
    "online": (
        "on zoom", "via zoom", "discussion board", "message board", "online quiz", "recorded",
        "video call", "videos", "website", "padlet", "post", "posts", "nearpod",
        "lessonup", "edpuzzle", "flipgrid", "google classroom", "online draaien",
        "gedeeld document", "google docs", "google drive", "docs", "dashboard", "online lab",
        "teamskanaal", "kanaal", "chatgroep", "whatsappgroep", "per mail", "online omgeving",
        "leeromgeving", "oefenomgeving", "oefentoets", "digitale toets", "webquest", "mooc",
        "online cursus", "serious game", "game", "vr", "360 graden", "screencast", "forms",
        "online logboek", "eportfolio", "portfolio",
        "vlog", "vlogs", "wiki", "online discussie", "online opdracht", "online opdrachten",
        "online", "digitaal", "digitale", "op afstand",
        "elo", "digitale leeromgeving", "leeromgeving online", "lms", "teams", "msteams",
        "zoom", "webex", "google meet", "kennisclip", "kennisclips", "forum", "fora",
        "discussieforum", "elearning", "elearnings", "e learning", "canvas", "brightspace",
        "moodle", "itslearning", "blackboard", "magister", "sharepoint", "onedrive",
        "video", "filmpje", "filmpjes", "film", "webinar", "webinars",
        "podcast", "podcasts", "weblecture", "weblectures", "youtube",
        "mentimeter", "kahoot", "socrative", "quizlet", "feedbackfruits", "h5p",
        "microsoft forms", "blog", "internet", "emodule",
        "onlinemodule", "videobellen", "videocall", "livestream", "inbellen", "inloggen",
        "stream", "de stream", "via de stream", "simulatie", "simulaties",
        "virtueel",
        "virtuele", "mail", "email", "chat", "whatsapp", "uploaden", "upload",
        "inleveren via", "online forum",
        "leerplatform", "platform", "opgenomen", "opname", "opnames",
    ),
    # Learning activities that build on each other.
    "samenhang": (
        "alles met elkaar te maken", "gebruiken we in de les", "gebruik ik in de les",
        "bespreken we", "bespreek ik", "bespreken ze", "komen we op terug", "gaan we verder",
        "over de fouten", "de fouten", "hun fouten", "waarvan ik", "waar ik op", "op voortbouwen",
        "die ze thuis", "die ze online", "wat ze thuis", "wat ze online", "uit de toets",
        "uit de quiz", "uit het forum", "mee aan de slag", "mee verder", "werken verder",
        "werkt verder", "verder aan", "ter voorbereiding op", "als voorbereiding",
        "compare", "compares", "based on", "building on", "follow up on", "in preparation",
        "use their answers",
        "op basis daarvan", "daar begin ik", "begin ik mee", "begin ik de les",
        "waar we mee verder", "gaan we mee verder", "verder met", "vergelijken",
        "vergelijken met", "opgebouwd rond", "komt terug", "komen terug in",
        "voordat", "pas als", "pas na",
        "nodig hebben", "hebben nodig", "uitkomsten", "resultaten van", "met de resultaten",
        "terugblik", "terugblikken", "vervolgopdracht", "voortbouwend",
        "aansluitend", "gebruiken we die",

        "voorbereiding", "ter voorbereiding", "voorbereiden", "bereiden zich voor",
        "bereiden ze zich voor", "voorbereidend", "voorbereidende",
        "bouwt voort",
        "bouwen voort", "voortbouwen", "voortbouwt", "bouwt verder", "bouwen verder",
        "nodig om mee te doen", "nodig voor", "nodig bij", "gebruik ik hun antwoorden",
        "gebruik ik de antwoorden", "hun antwoorden", "hun vragen", "de resultaten gebruik",
        "nabespreking", "nabespreken", "nabesproken", "bespreken we na", "koppeling",
        "koppelen", "gekoppeld", "sluit aan op", "sluiten aan op", "aansluiten op", "aansluit op",
        "sluit aan bij",
        "op basis van", "aan de hand van", "input voor", "als input",
        "terugkoppeling", "terugkoppelen", "vervolg", "als vervolg", "samenhang",
        "samenhangend", "afgestemd", "op elkaar afgestemd", "verbonden", "verbinden",
        "verbinding", "toepassen", "passen toe", "passen ze toe",
        "verwerken", "verwerkingsopdracht",
        "uitdiepen",
        "verdiepen", "verdieping", "flipped", "flipped classroom", "omgedraaid",
        "doorwerken", "verder uitwerken", "werken uit", "werken verder", "uitwerken",
        "komen we op terug", "dat bespreken", "die bespreken", "dat gebruiken",
        "die gebruiken", "die resultaten", "hun resultaten",
        "hun bevindingen", "hun uitwerkingen", "hun uitwerking", "de uitkomsten",
        "komen terug", "terugkomen", "ophalen", "haal ik op", "inbrengen",
        "build on", "builds on", "prepare", "follow up",
        "wat ze hoorden", "wat ze zagen", "wat ze lazen", "wat ze leerden", "wat ze vonden",
        "wat ze maakten", "wat ze schreven", "wat ze bekeken", "wat ze gehoord hebben",
        "wat ze gezien hebben", "wat ze gelezen hebben", "wat ze geleerd hebben",
        "wat ze gemaakt hebben", "wat ze geschreven hebben", "wat ze gevonden hebben",
        "bouwen ze verder", "bouwen ze voort", "werken ze verder", "gaan ze verder",
        "what they watched", "what they read", "what they heard", "what they made",
        "the mistakes", "their mistakes", "their answers", "go over",
        "got wrong", "went wrong", "questions they", "what they learned", "what they found",
        "what they wrote", "their results", "the results", "results of", "their questions",
        "their work", "start with their", "starting from", "in preparation for",
        "to prepare for", "go through", "work further on", "continue with", "put into practice",
        "practise what", "practice what", "builds on", "building on what", "feedback on",
    ),
    # Interaction with fellow students, the teacher or the content.
    "interactie": (
        "comment", "comment on", "comments", "peer feedback", "feedback", "discussion",
        "debate", "each other", "collaborate", "work together", "groups",
        "bespreken", "bespreek", "bespreekt", "besproken", "bespreking", "discussie",
        "discussies", "discussieren", "discussieert", "debat", "debatteren",
        "feedback van elkaar", "peerfeedback", "samenwerken",
        "werken samen", "samen", "samenwerking", "in groepen", "in groepjes", "groepjes",
        "groepje", "groepswerk", "groepsopdracht", "tweetallen", "in duos", "vragen stellen",
        "stellen vragen", "vragen beantwoorden", "overleggen", "overleg", "uitwisselen",
        "wisselen uit", "reageren", "reageer", "reageert", "op elkaar reageren",
        "presenteren", "presentatie", "presentaties", "coachen", "coaching", "begeleiden",
        "begeleiding", "interactie", "interactief", "gesprek", "gesprekken",
        "kringgesprek", "intervisie", "elkaar", "met elkaar", "van elkaar", "peer",
        "peers", "rollenspel", "oefenen met", "brainstorm",
        "brainstormen", "vragenuur", "spreekuur", "consult", "consults", "discuss",
        "peer review", "together", "in groups",
    ),
    # Away from school without saying how: at home, outside class (a place, not "online").
    "thuis": (
        "thuis", "van huis", "vanuit huis", "buiten de les", "buiten lestijd", "buiten school",
        "in hun eigen tijd", "in eigen tijd", "at home", "huiswerk",
    ),
    # Offline work: material on paper.
    "offline": (
        "boek", "boeken", "het boek", "leerboek", "studieboek", "lesboek", "reader", "readers",
        "werkboek", "werkboeken", "papier", "op papier", "papieren", "schrift", "schriften",
        "hand out", "handout", "handouts", "hand outs", "stencil", "stencils", "syllabus",
        "kopie", "kopieen", "werkblad", "werkbladen", "opdrachtenbundel", "bundel",
        "lesbrief", "textbook", "printed", "uitgeprint", "geprint", "on paper", "paper",
        "workbook", "worksheet", "worksheets", "notebook", "schetsboek", "in hun schrift",
    ),
    # Sequence: one activity after another (the order is designed, so they build on it).
    "volgorde": (
        "eerst", "vooraf", "voorafgaand", "van tevoren", "daarna", "vervolgens", "daarop",
        "na afloop", "achteraf", "de week erna", "de dag erna", "de les erna", "de les daarop",
        "de volgende les", "de volgende bijeenkomst", "de volgende dag", "de volgende week",
        "een week later", "later", "waarna", "en dan", "na de les", "na de bijeenkomst",
        "voor de les", "voor de bijeenkomst", "then", "afterwards", "before class",
        "beforehand", "after that", "next lesson", "next session", "na het college",
        "na de praktijkles", "de keer erna", "de volgende keer", "voor de praktijkles",
        "voor het werkcollege", "voor het practicum", "voor de terugkomdag", "voorafgaand aan",
        "voor het college", "voor de werkplaats", "voor de stage", "voor het lab",
    ),
    # Working with what came from another activity: a link when the text has two of them.
    "koppeling": (
        "komt aan bod", "komen aan bod", "aan bod",
        "aansluiten", "aansluit", "sluit aan", "sluiten aan",
        "daarbij", "erop", "daarvoor", "daarop", "waarop", "daarmee", "hierop", "hiermee",
        "waarmee", "daarover", "daarvan", "input",
        "meenemen", "nemen mee", "brengen mee", "uit te werken", "te verwerken", "toe te passen",
        "te bespreken", "verder te werken", "verder te brengen", "voor te bereiden",
        "fout gingen", "fout ging", "fout gaan", "het vaakst fout", "misverstanden",
        "zonder die", "zonder dat", "voorwaarde", "verplicht voor", "ermee", "erover", "eraan",
        "bespreken", "bespreek", "bespreekt", "besproken", "gebruiken", "gebruik", "gebruikt",
        "gebruikte", "oefenen we", "passen toe", "passen ze toe", "toepassen", "verwerken",
        "verbeteren", "verbeteren ze", "hun antwoorden", "hun vragen", "hun werk",
        "die situaties", "die vragen", "die opdrachten", "die antwoorden", "de resultaten",
        "discuss", "use", "apply", "feedback op", "feedback", "geef ik feedback", "geven feedback",
        "geeft feedback", "zelf uitproberen", "zelf proberen", "proberen ze zelf",
        # working with the other group's or fellow students' product
        "elkaars werk", "elkaars", "aanvullen", "vullen aan", "vullen ze aan", "vult aan",
        "each others work", "each others",
    ),
    # Groups that take turns (the Curio note's alternating groups: blended, not hybrid).
    "afwisseling": (
        "wisselen", "wisselen ze", "wisselen om", "wisselen ze om", "wisselt", "gewisseld",
        "om en om", "om de week", "om de beurt", "beurtelings", "rouleren", "rouleert",
        "andersom", "omgekeerd", "vice versa", "de ene week", "de andere week", "wie thuis was",
        "take turns", "swap", "switch",
    ),
    # Students without interaction.
    "solo": (
        "zonder interactie", "geen interactie", "zonder contact", "geen contact",
        "zonder feedback", "geen feedback", "werken alleen", "werkt alleen", "in hun eentje",
        "in je eentje", "helemaal alleen", "ieder voor zich", "niet samen", "niemand reageert",
        "reageert niemand", "niet met elkaar", "passief", "alleen luisteren", "luisteren alleen",
        "kijken alleen", "alleen kijken", "zonder elkaar", "no interaction",
    ),
    # Simultaneity cues for a split group (hybrid / multi-location).
    "gelijktijdig": (
        "aanhaken", "haken aan", "haakt aan", "same time", "half on zoom", "live stream",
        "streamed", "dial in", "join online",
        "gestreamd", "streamt", "meekijkt", "aanschuiven", "schuiven aan", "tegelijk online",
        "microfoon", "microfoons", "meeting owl", "cameras", "teamscall", "teams call",
        "tegelijk", "tegelijkertijd", "gelijktijdig", "terwijl", "op hetzelfde moment",
        "live", "livestream", "livestreamen", "streamen", "stream", "live meekijken",
        "meekijken", "kijken mee", "kijkt mee", "kijkt live mee", "kijken live mee",
        "meeluisteren", "luisteren mee", "luistert mee", "inbellen", "inbelt", "bellen in",
        "belt in", "inbellers", "meedoen via", "doen mee via", "aansluiten via",
        "webcam", "camera", "synchroon meedoen", "dezelfde les", "at the same time",
        "simultaneously",
    ),
    # Part of the group elsewhere.
    "groep_deel": (
        "thuisblijvers", "thuisblijver", "wie thuisblijft", "half", "half of the class",
        "the other half", "half in the room", "some students",
        "andere groep", "de ene groep", "groep a", "groep b", "groep 1", "groep 2",
        "groep een", "groep twee", "de ene helft", "voor wie thuis is",
        "die niet kunnen komen", "wie niet kan komen", "wie ziek is", "mogen kiezen",
        "zelf kiezen", "kiezen of ze", "de rest zit", "students at home", "for students at home",
        "de helft", "helft", "andere helft", "de andere helft", "deel van de klas",
        "deel van de groep", "deel van de studenten", "een deel", "het andere deel",
        "sommige studenten", "een paar studenten", "een aantal studenten", "de rest",
        "de anderen", "anderen", "studenten die thuis", "die thuis zijn", "die thuis zitten",
        "wie thuis is", "thuiszitters", "zieke studenten", "die ziek zijn", "in quarantaine",
    ),
    "hybride": (
        "hybride", "hybride les", "hybride lessen", "hybride lesgeven", "hybride onderwijs",
        "hybride leren", "hybrideles", "multilocatie", "multilocatieleren", "twee locaties",
        "meerdere locaties",
        "multi locatie", "hyflex",
    ),
    # Tools and devices (the tool-only pattern).
    "tool": (
        "nearpod", "quizizz", "plickers", "gimkit", "classroomscreen", "lessonup", "edpuzzle",
        "flipgrid", "genially", "canva", "miro", "mural", "jamboard", "forms", "microsoft forms",
        "google forms",
        "slido", "poll everywhere", "prowise", "promethean", "meestemmen", "stemmen",
        "stemkastje", "tools", "apps", "gadgets", "smartboards", "tablets", "laptops",
        "digitale methode", "onenote", "poll", "polls", "peiling", "stemmen via", "microsoft 365",
        "office 365", "plugins", "wooclap",
        "escape room", "educatieve apps", "interactief whiteboard", "laptopkar", "technologie",
        "technology", "digitaal toetsen", "in plaats van het boek", "in plaats van op papier",
        "in plaats van papier", "overgestapt", "digitaal schoolbord",
        "digitale schoolbord", "digitale schoolborden", "digitale borden", "schoolbord",
        "digibord", "digiborden", "smartboard", "smartborden", "whiteboard",
        "digitaal whiteboard", "touchscreen", "beamer", "ipad", "ipads", "tablet",
        "laptop", "chromebook", "chromebooks", "telefoon", "telefoons",
        "smartphone", "mobiel", "kahoot", "mentimeter", "socrative", "quizlet", "quiz",
        "quizzen", "quizje", "quizapp", "quiz app", "padlet", "app", "tool",
        "ict", "software", "programma", "powerpoint", "prezi", "vr", "vrbril",
        "3d printer", "chatgpt", "ai", "gadget", "device", "devices", "computer",
        "computers", "pc",
        "nieuwe tools", "online tool", "online tools", "stemkastjes", "gekocht",
        "aangeschaft", "ingekocht",
    ),
    # Recording lectures or clips.
    "opname": (
        "opgeslagen", "terug kunnen kijken", "terug te kijken", "ingesproken", "inspreken",
        "voiceover", "later bekijken", "later kijken", "naar kijken",
        "film", "filmt", "film ik", "neem ik op", "neemt op", "opnemen van",
        "record", "recording", "recorded", "lectures online", "explainer", "uitlegfilmpjes",
        "terugkijken", "kijken terug",
        "opnemen", "neem op", "opgenomen", "opname", "opnames", "kennisclip",
        "kennisclips", "videocollege", "videocolleges", "weblecture", "weblectures",
        "video", "videos", "filmpje", "filmpjes", "filmen", "gefilmd", "colleges online",
        "online zetten", "online gezet", "online gezet", "zet ik online", "uploaden",
        "youtube", "screencast", "screencasts", "instructievideo",
        "instructievideos", "uitlegvideo", "uitlegvideos", "lesopname", "microsoft stream",
    ),
    "corona": (
        "griepgolf", "griep", "uitval", "staking", "overmacht", "online draaien",
        "uitwijken naar online", "ineens online", "lockdown", "covid", "pandemic",
        "coronaperiode", "coronajaren", "schoolsluiting", "gebouw dicht", "gesloten",
        "code rood", "storm", "sneeuw", "brand", "lekkage", "stroomstoring", "asbest",
        "noodrooster", "ineens", "opeens", "snel alles online", "2020", "2021", "verplicht online",
        "gedwongen", "tijdelijk", "emergency", "during the lockdown",
        "onder water", "ziek was", "renovatie", "verbouwing", "verbouwd", "avondklok",
        "corona", "covid19", "lockdowns", "pandemie", "coronatijd",
        "coronacrisis", "noodonderwijs", "nood", "noodoplossing", "crisis", "quarantaine",
        "scholen dicht", "school dicht", "scholen gesloten", "school gesloten",
        "maatregelen", "anderhalve meter", "thuis zaten", "noodgedwongen", "ad hoc",
    ),
    "kosten": (
        "mij missen", "kunnen ze mij", "niet meer nodig", "geen baan", "saving money",
        "save money", "cut costs", "cost cutting", "cheaper", "fewer teachers",
        "replace teachers", "replace the teacher",
        "bespaar", "bezuinigd", "kostenbesparend", "docent vervangen", "vervangt docenten",
        "docent overbodig", "docenten overbodig", "mijn baan", "baan kwijt", "baan verdwijnt",
        "ontslag", "wegbezuinigd", "weghalen", "de docent weghalen", "minder contacturen",
        "contacturen betaald", "uren schrappen", "klassen tegelijk", "meer studenten per docent",
        "efficiency", "rendement",
        "computer vervangt", "vervangen door", "robot", "minder nodig",
        "hoeven minder", "financieel", "kostenplaatje", "goedkoper uit", "geld kost",
        "geld besparen", "bezuinigen op", "kosten besparen", "costs", "budget",
        "bezuiniging", "bezuinigingen", "bezuinigen", "bezuinigingsmaatregel",
        "besparen", "besparing", "goedkoper", "goedkoop", "geld", "kosten",
        "minder docenten", "docenten vervangen", "vervangt de docent", "vervangen",
        "klassen samenvoegen", "samenvoegen", "samengevoegd", "efficienter", "efficient",
        "efficientie", "minder personeel", "personeel", "formatie", "lesuren schrappen",
        "minder lesuren", "minder uren", "kostenbesparing", "overbodig", "ontslagen",
        "banen", "minder leraren", "grotere groepen", "grotere klassen",
    ),
    "nieuw": (
        "hype", "fad", "extra work", "yet another", "new lms", "new platform",
        "iets extras", "extra werk", "extra taak", "extra taken", "erbij krijgen",
        "er bovenop", "bovenop komt", "nog meer", "naast mijn lessen", "naast ons werk",
        "naast het gewone werk", "zoveelste", "weer een nieuw", "nieuw project", "van bovenaf",
        "rage", "modegril", "trendy", "buzzword", "gaat wel weer over", "over een paar jaar",
        "uitgevonden", "pas sinds", "nieuw platform", "werkdruk", "geen tijd",
        "new", "something new", "nieuwe methode", "opnieuw beginnen",
        "iets nieuws", "nieuw", "nieuwe", "erbij", "er nog bij", "nog bij", "extra",
        "bovenop", "trend", "modewoord", "modeverschijnsel", "waait over",
        "waait wel over", "gaat wel over", "nieuw lms", "nieuwe elo", "nieuw systeem",
        "nog meer werk", "meer werk", "nog iets", "weer iets", "de zoveelste",
        "vernieuwing", "innovatie", "eerst een nieuw",
    ),
    "al_goed": (
        "wat moet ik dan met", "wat moet ik ermee", "wat heb ik eraan", "good results",
        "already good", "results are good", "why bother", "why change", "works well",
        "het diploma",
        "slagen ze", "slagen allemaal", "studenten slagen", "slagen bijna allemaal",
        "slaagt", "geslaagd", "iedereen slaagt", "diploma", "hun diploma",
        "een 8", "een acht", "goede cijfers", "goede evaluaties", "waarom aanpassen",
        "iets aanpassen", "niet kapot", "geen blended nodig", "hoeft niet", "niet veel beter",
        "zie het probleem niet", "geen probleem", "nut van", "wat is het nut",
        "wat levert het op", "results are great", "works fine",
        "waarom zou je", "al jaren", "bewezen", "het werkt", "werkt al", "goed genoeg",
        "al goed", "gaat prima", "gaan prima", "gaat goed", "gaan goed", "loopt goed",
        "lopen goed", "resultaten zijn goed", "goede resultaten",
        "slagingspercentage", "slagingspercentages", "slaagpercentage", "tevreden",
        "evaluaties", "goed beoordeeld", "hoge cijfers", "werkt prima", "werkt goed",
        "niks mis", "niets mis", "waarom veranderen", "waarom zouden we", "niet nodig",
        "geen reden", "niet stuk", "never change", "winning team", "prima zo",
        "al jaren goed", "studenten zijn tevreden", "waarom zou ik",
    ),
    "schools": (
        "vmbo", "havo", "middelbare", "huiswerkopdrachten", "inlevermomenten", "net school",
        "schoolse", "te veel controle", "too much control", "babysitting", "school like",
        "schoollike", "kleuters", "als kleuters", "als kinderen",
        "basisschool", "huiswerkbegeleiding", "sturing", "te veel sturing", "zelf leren plannen",
        "zelfsturing", "professionals", "checks", "tussentijdse checks", "afvinklijst",
        "opdrachtjes", "handje vasthouden", "micromanagement",
        "te veel opdrachten", "overhoringen", "babysitten", "spoonfeeding", "schoolsheid",
        "verschoolsing", "verschoolst", "verschoolsen", "te schools", "schools",
        "schoolser", "controle", "controles", "controleren", "gecontroleerd",
        "afvinken", "betuttelen", "betuttelend", "betutteling", "aan het handje",
        "handje", "middelbare school", "kleuterschool", "huiswerk controleren",
        "verplichte opdrachten", "meer opdrachten", "verwerkingsopdrachten",
        "zelfstandigheid", "eigen verantwoordelijkheid", "volwassen",
    ),
    "afstand": (
        "studenten op school", "naar school komen", "op school zijn", "fysiek onderwijs",
        "past niet bij", "past daar niet bij", "geloven in", "distance learning",
        "less contact", "no contact",
        "nauwelijks", "bijna niet meer", "niet meer zien", "nooit meer",
        "zie ik mijn studenten bijna niet", "zien we ze niet",
        "thuisstuderen", "thuis studeren", "achter een laptop",
        "zie ik mijn studenten niet", "zie ik ze niet", "nog maar een keer", "persoonlijk contact",
        "face to face contact", "verdwijnt de interactie", "interactie verdwijnt",
        "geen interactie", "aan hun lot", "vereenzamen", "nooit naar school", "online werkt niet",
        "online werkt gewoon niet", "doen online niks", "doen online nooit iets", "gamen",
        "bijna alles online", "geen meerwaarde", "meerwaarde van online",
        "at home alone", "fully online", "everything online", "all online",
        "entirely online", "completely online", "only online",
        "afstand", "op afstand", "afstandsonderwijs", "afstandsleren", "thuisonderwijs",
        "thuis zitten", "thuis zit", "thuiszitten", "minder contact",
        "minder op school",
        "minder naar school", "niet naar school", "minder interactie", "geen contact",
        "alleen online", "volledig online", "helemaal online", "alles online",
        "online doen ze niks", "doen ze niks", "niks doen", "doet niks", "niets doen",
        "achter de computer", "achter een scherm", "vereenzaming", "eenzaam",
        "zien elkaar niet", "zien ze elkaar niet", "minder zien", "van huis uit",
        "alleen thuis", "minder lestijd", "minder contacttijd", "voortaan thuis",
        "vooral thuis", "alleen nog thuis", "thuis laten leren", "from home", "online school",
    ),
    # Nothing else changes / there is nothing more to it.
    "verder_niets": (
        "verder verandert er niets", "verder verandert er niks", "verder niets",
        "verder niks", "meer niet", "meer doen we niet", "dat is alles", "dat is het",
        "alleen", "enkel", "slechts", "niets anders", "niks anders", "verder gewoon",
        "blijft hetzelfde", "blijft gelijk", "verandert niets", "verandert niks",
    ),
    # Activities that stand apart.
    "los": (
        "los van elkaar", "staat los", "staan los", "los van", "geen verband",
        "geen koppeling", "geen relatie", "niets mee", "niks mee", "doe ik niets mee",
        "doe ik niks mee", "niet besproken", "vrijblijvend", "naast elkaar",
        "komt niet terug", "komen niet terug", "niet gebruikt",
        "komt niet aan bod", "komen niet aan bod", "komt nooit aan bod", "komen nooit aan bod",
        "komt nooit terug", "komen nooit terug", "iets heel anders", "iets totaal anders",
        "helemaal los", "los daarvan", "staan apart", "staat apart", "ander onderwerp",
        "een ander onderwerp", "andere onderwerpen", "niks met elkaar te maken",
        "niets met elkaar te maken", "weinig met elkaar te maken", "niks mee te maken",
        "niets mee te maken", "niks te maken", "niets te maken", "geen verbinding",
        "niet op elkaar afgestemd", "niet verbonden", "niet gekoppeld", "apart van",
        "hetzelfde nog een keer", "hetzelfde nog eens", "nog een keer uit", "nog eens uit",
        "dezelfde uitleg", "dezelfde stof nog", "leg ik opnieuw uit", "herhaal ik hetzelfde",
        "dubbel", "dubbelop",
        "not connected", "separate from", "unrelated",
    ),
    "negatie": (
        "niet", "geen", "nooit", "zonder", "nergens", "niks", "niets", "niemand",
        "not", "never", "nothing",
    ),
    # Intent cues.
    "vraagwoord": (
        "wat", "wat is", "wat zijn", "wat houdt", "wat betekent", "wat bedoelen",
        "wat verstaan", "wat versta", "wat wordt bedoeld", "hoe", "welke", "welk",
        "hoeveel", "waarom", "wanneer", "waar", "wie", "waaruit", "waarin", "kun je",
        "kan je", "kunt u", "leg uit", "uitleg", "verschil tussen", "wat is het verschil",
        "definitie", "betekenis", "betekent", "houdt in", "omschrijving",
    ),
    "eerste_persoon": (
        "ik", "mijn", "me", "mij", "wij", "we", "onze", "ons", "bij ons", "mijn les",
        "mijn lessen", "mijn vak", "mijn studenten", "onze studenten", "mijn klas",
        "mijn module", "mijn cursus", "ik geef", "ik laat", "ik doe", "wij doen",
        "in mijn", "onze opleiding", "ons team", "onze school", "mijn team",
    ),
    "blended_check": (
        "is dit blended", "is dat blended", "is het blended", "blended bezig",
        "noem je dat blended", "noem je dit blended", "telt dat als blended",
        "telt dit als blended", "valt dat onder blended", "valt dit onder blended",
        "ben ik blended", "ben ik nu blended", "blended noemen", "blended te noemen",
        "zijn we blended", "zijn wij blended",
        "is mijn les blended", "is mijn vak blended", "dus blended", "blended genoeg",
        "dan blended", "nu blended", "al blended",
    ),
    "overtuiging": (
        "wat moet ik dan met", "wat moet ik ermee", "wat heb ik eraan", "why bother",
        "really", "just", "isnt it", "right",
        "klopt dat", "of niet", "toch niet", "zeg nou zelf",
        "dat wil ik niet", "ik ben bang", "bang dat", "ik ben tegen", "tegen blended",
        "is het niet zo", "isnt", "doesnt", "straks", "daar draait", "de echte reden",
        "het idee achter", "wij zien", "ik wil niet", "zit niet te wachten",
        "zitten niet te wachten",
        "toch", "gewoon", "dus", "eigenlijk", "volgens mij", "ik denk", "ik vind",
        "wij vinden", "mijn collega", "collega zegt", "collegas zeggen", "mijn leidinggevende",
        "de directie", "het management", "teamleider", "men zegt", "iedereen zegt",
        "hoor ik", "heb ik gehoord", "klopt het", "klopt het dat", "is het waar",
        "niet gewoon", "betekent toch", "is toch", "zijn toch",
        "the same as", "same thing as", "is it true", "my colleague", "i think", "i believe",
        "basically", "isnt blended",
    ),
    "groet": (
        "hallo", "hoi", "hey", "hee", "hi", "hello", "goedemorgen", "goedemiddag",
        "goedenavond", "goeiemorgen", "dag", "doei", "tot ziens", "tot later", "fijne dag",
        "welkom", "yo", "moi", "hallo daar", "goedendag",
    ),
    "dank": (
        "bedankt", "dank", "dank je", "dank je wel", "dankjewel", "dankuwel", "thanks",
        "thx", "top", "super", "fijn", "prima", "oke", "ok", "okay", "helder", "duidelijk",
        "mooi", "gaaf", "handig", "nice", "cool", "perfect", "geweldig", "dankzij jou",
    ),
    # Anything about education; a text without any of these is off-topic.
    "domein": (
        "blended", "blend", "blenden", "hybride", "onderwijs", "leren", "lesgeven",
        "onderwijzen", "les", "lessen", "student", "studenten", "leerling", "leerlingen",
        "deelnemer", "deelnemers", "cursist", "cursisten", "docent", "docenten", "leraar",
        "leraren", "cursus", "module", "opleiding", "klas", "online", "fysiek",
        "digitaal", "elo", "leeromgeving", "leeromgevingen", "leeractiviteit",
        "leeractiviteiten", "werkvorm", "werkvormen", "synchroon", "asynchroon",
        "interactie", "kennisclip", "stage", "school", "curriculum", "toets", "toetsen",
        "opdracht", "opdrachten", "college", "hoorcollege", "werkcollege", "vak",
        "leerdoelen", "didactiek", "lesontwerp", "onderwijsontwerp", "herontwerp",
        "leerlijn", "mbo", "hbo", "hogeschool", "roc", "universiteit",
        "onderwijsteam", "visie", "beleid", "implementatie", "invoeren", "elearning",
        "bpv", "practicum", "praktijk", "lokaal", "lesprogramma", "leerervaring",
        "leerervaringen", "flipped", "instructie", "feedback", "quiz", "video", "corona",
        "lockdown", "bezuiniging", "verschoolsing", "afstandsleren", "niveaus",
        "leerproces", "studiepunten", "rooster", "lesrooster", "werkplek", "leerbedrijf",
        "learning", "teaching", "education", "students", "teacher", "teachers", "course",
        "class", "lecture", "lectures", "synchronous", "asynchronous", "environment",
        "environments", "classroom", "lesson", "lessons",
    ),
    # Function words, to tell Dutch from other languages.
    "nl_functie": (
        "de", "het", "een", "en", "is", "van", "ik", "je", "dat", "die", "niet", "op",
        "te", "zijn", "met", "voor", "wat", "hoe", "in", "er", "maar", "ook", "als", "bij",
        "of", "aan", "dit", "wij", "we", "om", "naar", "mijn", "ze", "hun", "nog",
        "wordt", "worden", "heb", "hebben", "kan", "kun", "moet", "toch", "dan", "wel",
        "geen", "welke", "waarom", "zou", "jullie", "uit", "over", "door", "hoeveel",
    ),
    "en_functie": (
        "the", "is", "what", "how", "and", "of", "to", "a", "an", "in", "it", "i", "you",
        "my", "this", "that", "are", "do", "does", "can", "with", "for", "on", "why",
        "which", "learning", "teaching", "students", "course", "where", "when", "we",
        "our", "be", "was", "have", "has", "about", "please", "would", "could", "should",
        "your", "from", "at", "by", "not", "or", "so", "if", "they", "their",
    ),
}

#: Topic words of the definition cards (family ``topic:<card id>``): a question that uses
#: them is probably about that card. English is included because teachers mix it in.
TOPICS: dict[str, tuple[str, ...]] = {
    "def-blended-leren": (
        "definitie", "betekenis", "wat is blended", "blended leren", "blended learning",
        "officiele definitie", "voorwaarden", "kenmerken", "begrip", "omschrijving", "definition",
        "student centraal", "wat houdt blended leren", "goede blend", "een blend", "ingredienten",
        "elementen", "what is blended learning",
    ),
    "def-blended-lesgeven": (
        "lesgeven", "blended lesgeven", "onderwijzen", "docent", "docenten", "leraar", "leraren",
        "docentrol", "begeleider", "faciliteren", "teaching", "teacher", "voor de klas staan",
        "wat doet de docent", "begeleiden", "presenteren", "mijn werk", "als docent", "role",
        "teachers role", "rol van de docent", "rol van de leraar", "coachende rol",
    ),
    "def-blended-onderwijs": (
        "blended onderwijs", "onderwijs", "education", "formele context", "beleid",
        "randvoorwaarden", "directeur", "directie", "bestuur", "instelling", "die term",
        "wat houdt die term",
    ),
    "def-synchroon-asynchroon": (
        "synchroon", "asynchroon", "synchrone", "asynchrone", "gelijktijdig", "niet gelijktijdig",
        "eigen tempo", "eigen tijd", "synchronous", "asynchronous", "tijd en plaats",
        "plaatsonafhankelijk", "tijdsonafhankelijk", "sync", "async", "live of zelfstandig",
    ),
    "def-leeromgevingen": (
        "leeromgeving", "leeromgevingen", "learning environment", "learning environments",
        "environments", "fysieke leeromgeving", "digitale leeromgeving", "beroepspraktijk",
        "hybride leeromgeving", "studielandschap", "werkplekleren", "plekken",
        "plekken om te leren", "plaatsen", "waar leren", "locaties", "places",
    ),
    "def-niveaus": (
        "niveau", "niveaus", "levels", "level", "cursusniveau", "programmaniveau",
        "instellingsniveau", "dimensies", "dimensie", "twaalf", "curriculum", "institutional",
        "governance", "kwaliteitszorg", "flexibiliteit", "blended instelling", "lagen", "laag",
        "schaal", "layers", "course level", "programme level",
    ),
    "def-interactie": (
        "interactie", "interactievormen", "vormen van interactie", "anderson", "interaction",
        "medestudenten", "leerinhoud", "contact met", "soorten interactie",
        "samenwerken", "samenwerking", "met elkaar", "betrokkenheid", "interactief",
        "interactieve",
    ),
    "def-mate-van-online": (
        "hoeveel", "percentage", "percentages", "procent", "aandeel", "verhouding", "allen",
        "seaman", "web facilitated", "webfacilitated", "categorieen", "deel online", "how much",
        "hoeveel online",
    ),
    "def-aan-de-slag": (
        "aan de slag", "beginnen", "starten", "eerste stap", "stappenplan", "tips", "herontwerp",
        "herontwerpen", "ombouwen", "om te bouwen", "omgooien", "klein beginnen", "hoe maak ik",
        "hoe kan ik", "hoe zorg ik", "how do i", "how to", "toolkit", "wave", "didactiek",
        "creatief", "bestaand materiaal", "dubbel", "iets erin", "iets eruit", "weet niet hoe",
        "blended maken", "hoe pak ik", "aanpakken",
    ),
    "def-implementatie": (
        "implementatie", "implementeren", "invoering", "visie", "faciliteiten", "wifi",
        "professionalisering", "scholing", "draagvlak", "schoolleiding", "management",
        "nodig hebben", "implement", "meekrijgen", "mee krijgen", "als school", "ondersteuning",
        "tijd en ruimte", "blended invoeren", "implementation", "implementing", "roll out",
        "need to implement",
    ),
}

#: The names of the concepts the answer cards explain (``shared/spec/cards.md``): a question
#: that names exactly one of them asks about that card ("Wat is hybride leren?"). Matched
#: longest first, so "hybride leeromgeving" names the learning environments, not hybrid.
CONCEPT_NAMES: dict[str, tuple[str, ...]] = {
    "mis-hybride": ("hybride", "hybride leren", "hybride lesgeven", "hybride onderwijs",
                    "hybride les", "hybride lessen", "hybrid", "hybrid learning", "hyflex",
                    "multilocatie", "multilocatieleren", "multi locatie"),
    "mis-afstandsleren": ("afstandsleren", "afstandsonderwijs", "leren op afstand",
                          "onderwijs op afstand", "distance learning", "thuisonderwijs"),
    "mis-noodonderwijs": ("noodonderwijs", "online noodonderwijs", "emergency remote teaching",
                          "emergency teaching"),
    "mis-verschoolsing": ("verschoolsing", "verschoolst", "te schools"),
    "mis-bezuiniging": ("bezuiniging", "bezuinigingen", "bezuinigen", "verkapte bezuiniging"),
    "def-synchroon-asynchroon": ("synchroon", "asynchroon", "synchrone", "asynchrone",
                                 "synchronous", "asynchronous"),
    "def-leeromgevingen": ("leeromgeving", "leeromgevingen", "hybride leeromgeving",
                           "hybride leeromgevingen", "learning environment",
                           "learning environments"),
    "def-interactie": ("anderson", "vormen van interactie", "soorten interactie",
                       "interactievormen"),
    "def-mate-van-online": ("allen en seaman", "seaman", "web facilitated", "webfacilitated"),
    "def-niveaus": ("cursusniveau", "programmaniveau", "instellingsniveau",
                    "niveaus van blended", "twaalf dimensies"),
}

#: The subject's own name: a misconception named beside it is weighed against blended.
BLENDED_WORDS: frozenset[str] = frozenset({"blended", "blend", "blenden"})

#: Digital media that, shown in class, are a tool of instruction rather than an online part.
MEDIA_TERMS: frozenset[str] = frozenset(
    {"video", "videos", "filmpje", "filmpjes", "film", "youtube", "kennisclip", "kennisclips",
     "digitaal", "digitale", "internet", "website", "powerpoint", "podcast", "podcasts",
     "game", "vr", "360 graden", "dashboard"}
)

#: Online or tool words for work that can just as well be done on paper ("een oefentoets
#: op papier"): next to a paper medium they are offline work.
PAPER_ABLE: frozenset[str] = frozenset(
    {"oefentoets", "quiz", "quizje", "quizzen", "portfolio", "game", "post", "posts",
     "opdracht", "opdrachten", "logboek", "blog"}
)

#: Compounds of these are paper-able too ("woordenquiz", "weektoets").
PAPER_ABLE_ENDINGS: tuple[str, ...] = ("quiz", "toets", "opdracht", "opdrachten", "quizzen")


def paper_able(term: str) -> bool:
    """A quiz, test or assignment word that says nothing digital by itself."""
    return term in PAPER_ABLE or (" " not in term and term.endswith(PAPER_ABLE_ENDINGS))


#: Devices that stand in a classroom: a tool on them is used in class.
CLASSROOM_DEVICES: frozenset[str] = frozenset(
    {"digibord", "digiborden", "smartboard", "smartborden", "whiteboard", "digitaal whiteboard",
     "interactief whiteboard", "beamer", "touchscreen", "prowise", "promethean",
     "digitaal schoolbord", "digitale schoolbord", "digitale schoolborden", "digitale borden",
     "schoolbord", "stemkastje", "stemkastjes", "classroomscreen", "laptopkar"}
)

#: Physical places that are the workplace (``werkplek`` in the lesson analysis).
WORKPLACE_TERMS: frozenset[str] = frozenset(
    {"stage", "stages", "stageplek", "stageplaats", "stageadres", "stagebedrijf", "stageschool",
     "bpv", "werkplek", "werkplekleren", "werkvloer", "op de werkvloer", "leerbedrijf",
     "praktijkbedrijf", "beroepspraktijk", "op het werk", "werkgever", "bij hun werkgever",
     "op het bedrijf", "bij het bedrijf", "bedrijfsbezoek", "werkbezoek", "meelopen",
     "meeloopdag", "bij de klant", "op de werkplek", "bij het leerbedrijf", "internship",
     "internship company", "workplace", "at work", "ziekenhuis", "zorginstelling",
     "bouwplaats", "winkel", "op bezoek", "excursie", "werkveld", "in het werkveld"}
)
#: Stems of workplace compounds (``stagebedrijf``, ``bpvdag``).
WORKPLACE_PREFIXES: tuple[str, ...] = ("stage", "bpv", "werkplek", "leerbedrijf")

#: Words of learning design: a text with one of them is about Blendbot's subject even
#: when the rule layer finds no other pattern ("studenten moeten zelfstandig leren").
SUBJECT_WORDS: frozenset[str] = frozenset(
    {"blended", "blend", "blenden", "hybride", "hyflex", "leren", "learning", "didactiek",
     "didactisch", "werkvorm", "werkvormen", "lesontwerp", "onderwijsontwerp", "herontwerp",
     "leeractiviteit", "leeractiviteiten", "leerdoel", "leerdoelen", "leermateriaal",
     "leermaterialen", "leerproces", "leerervaring", "leerervaringen", "leerlijn"}
)
#: Topic words so common in staff-room talk ("welke docenten zijn er vrij?") that they do
#: not show on their own that a text is about blended learning.
GENERIC_TOPIC_TERMS: frozenset[str] = frozenset(
    {"docent", "docenten", "leraar", "leraren", "teacher", "teaching", "onderwijs",
     "education", "hoeveel", "how much", "beginnen", "starten", "management", "directeur",
     "directie", "bestuur", "instelling", "niveau", "level", "lagen", "laag", "schaal",
     "plaatsen", "plekken", "locaties", "places", "twaalf", "allen", "mijn werk",
     "als docent", "presenteren", "begeleiden", "tips", "elementen", "kenmerken",
     "voorwaarden", "begrip", "curriculum", "scholing", "wifi", "faciliteiten"}
)

#: Stems found inside longer compounds: (family, stem, where) with where in
#: {"any", "prefix", "suffix"}. ``videocolleges`` -> online + opname, ``praktijklokaal`` ->
#: fysiek. An online stem wins over a physical one in the same word (``webcollege``).
STEMS: tuple[tuple[str, str, str], ...] = (
    ("fysiek", "lokaal", "any"),
    ("fysiek", "klas", "prefix"),
    ("fysiek", "praktijk", "any"),
    ("fysiek", "werkplaats", "any"),
    ("fysiek", "werkplek", "any"),
    ("fysiek", "stage", "prefix"),
    ("fysiek", "practicum", "any"),
    ("fysiek", "terugkomdag", "any"),
    ("fysiek", "hoorcollege", "any"),
    ("fysiek", "werkcollege", "any"),
    ("fysiek", "fysiek", "any"),
    ("fysiek", "campus", "any"),
    ("fysiek", "bedrijf", "suffix"),
    ("fysiek", "zaal", "suffix"),
    ("fysiek", "ruimte", "suffix"),
    ("fysiek", "lab", "suffix"),
    ("fysiek", "hal", "suffix"),
    ("fysiek", "keuken", "suffix"),
    ("fysiek", "plaats", "suffix"),
    ("fysiek", "lokaal", "suffix"),
    ("fysiek_zwak", "les", "suffix"),
    ("fysiek_zwak", "college", "suffix"),
    ("fysiek_zwak", "bijeenkomst", "any"),
    ("online", "online", "any"),
    ("online", "digita", "prefix"),
    ("online", "video", "any"),
    ("online", "kennisclip", "any"),
    ("online", "clip", "suffix"),
    ("online", "elearning", "any"),
    ("online", "forum", "any"),
    ("online", "webinar", "any"),
    ("online", "weblecture", "any"),
    ("online", "web", "prefix"),
    ("online", "podcast", "any"),
    ("online", "teams", "prefix"),
    ("thuis", "thuis", "prefix"),
    ("online", "quiz", "any"),
    ("online", "film", "any"),
    ("online", "opname", "any"),
    ("online", "elo", "prefix"),
    ("online", "h5p", "prefix"),
    ("online", "google", "prefix"),
    ("online", "app", "suffix"),
    ("samenhang", "voorbereid", "any"),
    ("samenhang", "nabespr", "prefix"),
    ("samenhang", "koppel", "any"),
    ("samenhang", "voortbouw", "any"),
    ("samenhang", "verwerking", "any"),
    ("interactie", "feedback", "any"),
    ("interactie", "discussie", "any"),
    ("interactie", "samenwerk", "any"),
    ("interactie", "groep", "prefix"),
    ("interactie", "interactie", "any"),
    ("interactie", "gesprek", "any"),
    ("topic:def-interactie", "interactie", "any"),
    ("tool", "quiz", "any"),
    ("tool", "digibord", "any"),
    ("tool", "smartbord", "any"),
    ("tool", "whiteboard", "any"),
    ("tool", "kahoot", "any"),
    ("tool", "wooclap", "any"),
    ("tool", "poll", "suffix"),
    ("tool", "mentimeter", "any"),
    ("tool", "ipad", "any"),
    ("tool", "laptop", "any"),
    ("tool", "tablet", "any"),
    ("tool", "tool", "suffix"),
    ("tool", "app", "suffix"),
    ("opname", "video", "any"),
    ("opname", "kennisclip", "any"),
    ("opname", "opname", "any"),
    ("opname", "filmpje", "any"),
    ("opname", "weblecture", "any"),
    ("opname", "screencast", "any"),
    ("corona", "corona", "any"),
    ("corona", "covid", "any"),
    ("corona", "lockdown", "any"),
    ("corona", "noodonderw", "prefix"),
    ("corona", "noodoplos", "prefix"),
    ("corona", "noodles", "prefix"),
    ("corona", "pandemie", "any"),
    ("corona", "storm", "suffix"),
    ("corona", "sneeuw", "prefix"),
    ("corona", "staking", "suffix"),
    ("kosten", "bezuinig", "any"),
    ("kosten", "bespar", "any"),
    ("kosten", "kosten", "any"),
    ("schools", "verschools", "any"),
    ("schools", "controle", "any"),
    ("schools", "betuttel", "any"),
    ("afstand", "afstand", "any"),
    ("hybride", "hybride", "any"),
    ("hybride", "hyflex", "any"),
    ("domein", "onderwijs", "any"),
    ("domein", "blended", "any"),
    ("domein", "student", "any"),
    ("domein", "docent", "any"),
    ("domein", "leer", "prefix"),
    ("domein", "les", "any"),
    ("domein", "opleiding", "any"),
    ("domein", "school", "any"),
    ("domein", "college", "any"),
)

#: Words that mark the end of a clause for the negation window.
#: Dutch separable verbs: the particle often stands words after the verb ("ik neem mijn
#: colleges op", "de les bouwt daarop voort"). (verb forms, particle, family, term); the
#: particle must follow within a few words in the same clause.
SEPARABLE_VERBS: tuple[tuple[frozenset[str], str, str, str], ...] = (
    (frozenset({"neem", "neemt", "nemen", "nam", "namen"}), "op", "opname", "opnemen"),
    (frozenset({"kijk", "kijkt", "kijken", "keek", "keken"}), "terug", "opname", "terugkijken"),
    (frozenset({"kijk", "kijkt", "kijken", "keek", "keken"}), "mee", "gelijktijdig", "meekijken"),
    (frozenset({"bel", "belt", "bellen", "belde", "belden"}), "in", "gelijktijdig", "inbellen"),
    (frozenset({"bouw", "bouwt", "bouwen", "bouwde", "bouwden"}), "voort", "samenhang",
     "voortbouwen"),
    (frozenset({"bereid", "bereidt", "bereiden", "bereidde", "bereidden"}), "voor", "samenhang",
     "voorbereiden"),
    (frozenset({"sluit", "sluiten", "sloot", "sloten"}), "aan", "samenhang", "aansluiten"),
    (frozenset({"zet", "zetten", "zette"}), "online", "opname", "online zetten"),
    (frozenset({"kom", "komt", "komen", "kwam", "kwamen"}), "terug", "samenhang", "terugkomen"),
    (frozenset({"bespreek", "bespreekt", "bespreken", "besprak", "bespraken"}), "na",
     "samenhang", "nabespreken"),
    (frozenset({"werk", "werkt", "werken", "werkte", "werkten"}), "uit", "samenhang",
     "uitwerken"),
    (frozenset({"pas", "past", "passen", "paste", "pasten"}), "toe", "samenhang", "toepassen"),
    (frozenset({"doe", "doet", "doen", "deed", "deden"}), "mee", "gelijktijdig", "meedoen"),
    (frozenset({"log", "logt", "loggen", "logde", "logden"}), "in", "online", "inloggen"),
    (frozenset({"loop", "loopt", "lopen", "liep", "liepen"}), "mee", "fysiek", "meelopen"),
    (frozenset({"er", "daar", "hier"}), "mee", "koppeling", "ermee"),
    (frozenset({"er", "daar", "hier"}), "over", "koppeling", "erover"),
)
#: Words between verb and particle that give the verb another meaning: "ik zet mijn
#: uitleg online" is a recording, "we zetten de les online" is teaching online.
SEPARABLE_NOT_WITH: dict[str, frozenset[str]] = {
    # "doen we er opdrachten mee": the particle belongs to "er" (ermee), not to "doen".
    "meedoen": frozenset({"er", "daar", "hier"}),
    "online zetten": frozenset(
        {"les", "lessen", "lesdag", "lesdagen", "bijeenkomst", "bijeenkomsten", "alles",
         "onderwijs", "vergadering", "toets", "toetsen", "examen", "opleiding"}
    ),
}
#: How many words may stand between a separable verb and its particle.
SEPARABLE_GAP = 7

#: The words of the "negatie" family, for quoting a negation with its negator.
NEGATORS: frozenset[str] = frozenset(PHRASES["negatie"])

CLAUSE_BREAKS: frozenset[str] = frozenset({"maar", "en", "want", "dus", "omdat", "terwijl"})

#: Extra search words per answer card (the messaging extension's keyword search); the card
#: title always counts too.
CARD_KEYWORDS: dict[str, tuple[str, ...]] = {
    "def-blended-leren": ("blended", "blended leren", "definitie", "blend", "mix", "wat is"),
    "def-blended-lesgeven": ("lesgeven", "onderwijzen", "docent", "ontwerpen", "faciliteren"),
    "def-blended-onderwijs": ("onderwijs", "beleid", "randvoorwaarden", "context", "organisatie"),
    "def-synchroon-asynchroon": ("synchroon", "asynchroon", "tegelijk", "eigen tempo",
                                 "eigen tijd"),
    "def-leeromgevingen": ("leeromgeving", "leeromgevingen", "digitaal", "fysiek",
                           "beroepspraktijk", "werkplek", "hybride leeromgeving"),
    "def-niveaus": ("niveaus", "cursus", "programma", "instelling", "dimensies", "curriculum"),
    "def-interactie": ("interactie", "anderson", "medestudenten", "leerinhoud", "contact"),
    "def-mate-van-online": ("hoeveel", "percentage", "procent", "verhouding", "allen seaman",
                            "mate", "aandeel"),
    "def-aan-de-slag": ("aan de slag", "beginnen", "begin", "starten", "start", "herontwerp",
                        "tips", "ontwerp", "stappen"),
    "def-implementatie": ("implementatie", "invoeren", "school", "team", "visie",
                          "faciliteiten", "professionalisering"),
    "mis-bezuiniging": ("bezuiniging", "besparen", "geld", "kosten", "minder docenten"),
    "mis-ict-inzet": ("ict", "tool", "tools", "digibord", "kahoot", "ipad", "laptop", "app"),
    "mis-video": ("video", "kennisclip", "kennisclips", "opname", "flipped", "weblecture",
                  "filmpje"),
    "mis-iets-nieuws": ("nieuw", "hype", "erbij", "extra", "lms", "trend"),
    "mis-al-goed": ("al goed", "resultaten", "tevreden", "slagingspercentage", "prima"),
    "mis-verschoolsing": ("verschoolsing", "schools", "controle", "betutteling"),
    "mis-afstandsleren": ("afstandsleren", "afstand", "thuis", "contact", "online",
                          "afstandsonderwijs"),
    "mis-noodonderwijs": ("noodonderwijs", "corona", "lockdown", "covid", "pandemie", "nood"),
    "mis-hybride": ("hybride", "tegelijk", "livestream", "inbellen", "multilocatie",
                    "helft thuis"),
}

#: Frequent Dutch words that are never "typos" of a lexicon word (``daarom`` is not
#: ``daarop``). Training texts add their own words to this list at load time.
COMMON_WORDS: frozenset[str] = frozenset(
    [
        "aan", "aangezien", "achter", "ieder", "iedere", "iemand", "iets", "al", "alle", "alleen",
        "allemaal", "alles", "als", "altijd", "ander", "andere", "anders", "bij", "bijna", "binnen",
        "boven", "buiten", "daar", "daarna", "daarom", "daardoor", "daarin", "daarmee", "daarover",
        "daaruit", "dan", "dat", "de", "deze", "die", "dit", "doen", "doet", "door", "dus",
        "echter", "een", "eens", "en", "enige", "enkele", "er", "eraan", "erg", "ermee", "ervan",
        "even", "geen", "gehad", "geweest", "gewoon", "graag", "haar", "had", "hebben", "heeft",
        "heel", "hem", "hen", "het", "hier", "hierom", "hij", "hoe", "hoewel", "hun", "ik", "in",
        "is", "ja", "je", "jij", "jou", "jouw", "jullie", "kan", "kon", "konden", "kun", "kunnen",
        "kunt", "laat", "laten", "maar", "me", "meer", "meest", "meestal", "men", "met", "mij",
        "mijn", "misschien", "moet", "moeten", "mogen", "na", "naar", "naast", "natuurlijk", "nee",
        "niet", "niets", "nog", "nooit", "nu", "of", "ofwel", "om", "omdat", "onder", "ons", "onze",
        "ook", "op", "over", "pas", "per", "reeds", "samen", "sinds", "slechts", "sommige", "soms",
        "steeds", "tegen", "tijdens", "toch", "toe", "tot", "tussen", "u", "uit", "uw", "van",
        "vanaf", "vanuit", "veel", "verder", "voor", "vooral", "voordat", "vaak", "waar", "waarom",
        "wanneer", "want", "waren", "was", "wat", "we", "wel", "welke", "werd", "werden", "wie",
        "wij", "wil", "willen", "word", "wordt", "worden", "zal", "zelf", "zich", "zij", "zijn",
        "zo", "zoals", "zodat", "zonder", "zou", "zouden", "zullen", "zeggen", "zegt", "zeker",
        "zowel", "krijgen", "krijgt", "maken", "maakt", "gaan", "gaat", "komen", "komt", "staan",
        "staat", "zitten", "zit", "geven", "geeft", "nemen", "neemt", "zien", "ziet", "vinden",
        "vindt", "weten", "weet", "denken", "denkt", "lijkt", "blijft", "blijven", "houden",
        "houdt", "werken", "werkt", "willen", "wilde", "moest", "moesten", "mocht", "konden",
        "eigenlijk", "precies", "echt", "vandaag", "morgen", "gisteren", "week", "weken", "jaar",
        "jaren", "dag", "dagen", "uur", "uren", "keer", "keren", "goed", "beter", "best", "slecht",
        "nieuw", "nieuwe", "groot", "grote", "klein", "kleine", "lang", "lange", "kort", "korte",
        "hele", "heel", "helemaal", "iedereen", "niemand", "niks", "iets", "elkaar", "eerste",
        "tweede", "derde", "laatste", "vorige", "volgende", "andere", "beide", "verschillende",
        "belangrijk", "belangrijke", "mogelijk", "mogelijke", "waarbij", "waarin", "waarmee",
        "waarop", "waarover", "daarbij", "hierbij", "hiervan", "daarvan", "ervoor", "erover",
        "ondanks", "volgens", "zelfs", "ongeveer", "meteen", "direct", "snel", "langzaam", "samen",
        "apart",
    ]
)
