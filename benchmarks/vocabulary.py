"""Word lists for the synthetic corpus: real-looking names (so spaCy finds entities), places, and plain words.

Countries and cities are real places (their names are what the model knows); people, organisations and outlets
are invented combinations. Nothing here is meant to describe real events.
"""
from __future__ import annotations

GIVEN_NAMES = (
    "Anna", "Boris", "Carlos", "Daniel", "Elena", "Fatima", "Georg", "Hana", "Igor", "Julia", "Kenji", "Laura",
    "Mikhail", "Nadia", "Oleg", "Paolo", "Quentin", "Rosa", "Sergei", "Tomas", "Ursula", "Viktor", "Wang",
    "Yuri", "Zainab", "Ahmed", "Beatriz", "Chen", "Dmitri", "Emma", "Farid", "Grace", "Hiroshi", "Ingrid",
    "Jonas", "Katarina", "Lucas", "Maria", "Nikolai", "Olga", "Pierre", "Rania", "Stefan", "Tatiana", "Victor",
    "William", "Xavier", "Yasmin", "Andrei", "Bianca", "Claire", "David", "Erik", "Felix", "Gabriel", "Helen",
    "Ivan", "Javier", "Karim", "Lena", "Marco", "Natalia", "Oscar", "Petra", "Ricardo", "Sofia", "Thomas",
    "Valentina", "Walter", "Yannick", "Alexei", "Min-jun", "Seo-yeon", "Ji-ho", "Hyun-woo", "Soo-ah", "Takeshi",
    "Aiko", "Rahul", "Priya", "Arjun", "Mei", "Li", "Omar", "Leila", "Mustafa", "Amina", "Jean", "Margaux",
    "Hans", "Greta", "Piotr", "Agnieszka", "Mateusz", "Ivana", "Luka", "Milan", "Jana", "Kwame", "Ama", "Tunde",
    "Chiara", "Giulia", "Lorenzo", "Jacob", "Olivia", "Nathan", "Hannah", "Samuel", "Rebecca", "Martin",
)

SURNAMES = (
    "Kowalski", "Petrov", "Garcia", "Novak", "Schmidt", "Ivanova", "Rossi", "Tanaka", "Kim", "Park", "Lee",
    "Choi", "Nakamura", "Silva", "Müller", "Dubois", "Moreau", "Fischer", "Weber", "Horvat", "Popescu",
    "Kuznetsov", "Sokolov", "Volkov", "Morozov", "Lebedev", "Romero", "Ortega", "Navarro", "Costa", "Ferreira",
    "Jensen", "Larsen", "Nielsen", "Andersson", "Lindqvist", "Haddad", "Khalil", "Mansour", "Rahman", "Hossain",
    "Chowdhury", "Sharma", "Patel", "Iyer", "Menon", "Wang", "Zhang", "Liu", "Zhao", "Huang", "Okafor",
    "Mensah", "Adeyemi", "Boateng", "Abebe", "Brennan", "Gallagher", "Walsh", "Murphy", "Thompson", "Harris",
    "Clarke", "Bennett", "Hughes", "Turner", "Foster", "Reyes", "Castillo", "Mendoza", "Vargas", "Herrera",
    "Yilmaz", "Demir", "Kaya", "Aydin", "Papadopoulos", "Nikolaidis", "Kovacs", "Nagy", "Szabo", "Dvorak",
    "Svoboda", "Marek", "Zielinski", "Wozniak", "Bauer", "Hoffmann", "Keller", "Vogel", "Lambert", "Girard",
    "Fontaine", "Marchetti", "Bianchi", "Esposito", "Greco", "Yamamoto", "Suzuki", "Watanabe", "Sato", "Jung",
    "Kang", "Cho", "Yoon", "Han", "Lim", "Abdullah", "Karimov", "Aliyev", "Nazarbayeva", "Orlov", "Belov",
    "Vasquez", "Pereira", "Santos", "Almeida", "Barros", "Duarte", "Moretti", "Ricci", "Conti", "Sorensen",
)

PERSON_ROLES = (
    "Foreign Minister", "Defence Minister", "President", "Prime Minister", "Deputy Foreign Minister",
    "Ambassador", "Senator", "Governor", "General", "spokesperson", "analyst", "professor", "envoy",
    "Trade Minister", "Finance Minister", "mayor", "chief negotiator", "senior official", "researcher",
)

COUNTRIES = (
    "Russia", "North Korea", "South Korea", "China", "Japan", "the United States", "Ukraine", "Germany",
    "France", "Britain", "India", "Iran", "Turkey", "Poland", "Italy", "Spain", "Canada", "Brazil", "Mexico",
    "Vietnam", "Mongolia", "Kazakhstan", "Belarus", "Finland", "Sweden", "Norway", "Egypt", "Israel",
    "Saudi Arabia", "Indonesia", "Australia", "Pakistan", "Nigeria", "Kenya", "South Africa", "Argentina",
    "Chile", "Georgia", "Armenia", "Azerbaijan", "Syria", "Iraq", "Qatar", "Singapore", "Thailand",
    "the Philippines", "Malaysia", "Romania", "Hungary", "Greece", "Serbia", "Austria", "Switzerland",
)

CITIES = (
    "Moscow", "Pyongyang", "Seoul", "Beijing", "Tokyo", "Washington", "Kyiv", "Berlin", "Paris", "London",
    "New Delhi", "Tehran", "Ankara", "Warsaw", "Rome", "Madrid", "Ottawa", "Brasilia", "Vladivostok",
    "Khabarovsk", "Busan", "Osaka", "Shanghai", "Hong Kong", "Geneva", "Vienna", "Brussels", "Helsinki",
    "Stockholm", "Oslo", "Cairo", "Jerusalem", "Riyadh", "Jakarta", "Sydney", "Istanbul", "Minsk", "Astana",
    "Ulaanbaatar", "Hanoi", "Manila", "Bangkok", "Singapore", "Doha", "Dubai", "Kursk", "Belgorod", "Kharkiv",
    "Odesa", "St. Petersburg", "Novosibirsk", "Sapporo", "Incheon", "Dandong", "Harbin", "Nairobi", "Lagos",
)

NATIONALITIES = (
    "Russian", "North Korean", "South Korean", "Chinese", "Japanese", "American", "Ukrainian", "German",
    "French", "British", "Indian", "Iranian", "Turkish", "Polish", "Italian", "European", "Western",
    "Soviet", "Korean", "Asian", "Mongolian", "Belarusian", "Finnish", "Swedish", "Canadian", "Brazilian",
)

PLACES_NOT_COUNTRIES = (
    "the Korean Peninsula", "the Pacific", "the Sea of Japan", "the Black Sea", "the Baltic Sea",
    "Siberia", "the Arctic", "Eastern Europe", "the Middle East", "Southeast Asia", "the Yellow Sea",
)

FACILITIES = (
    "the Vostochny Cosmodrome", "the Kremlin", "the White House", "Kim Il Sung Square", "the Blue House",
    "the Yongbyon complex", "Sheremetyevo Airport", "the Kursk power plant", "the Port of Rajin",
)

EVENTS = (
    "World War II", "the Korean War", "the Eastern Economic Forum", "the G20 summit", "the Olympic Games",
    "the Victory Day parade", "the Cold War",
)

ORG_STEMS = (
    "Institute for Strategic Studies", "Centre for Security Policy", "Foundation for Democracy",
    "Council on Foreign Relations", "Institute of International Affairs", "Trade Association",
    "Energy Corporation", "Shipping Company", "Railways", "Development Bank", "Chamber of Commerce",
    "Academy of Sciences", "Peace Research Institute", "Defence Industries", "Aerospace Agency",
    "Press Agency", "Broadcasting Corporation", "University", "Policy Forum", "Human Rights Watch Group",
)

FIXED_ORGS = (
    "the United Nations", "NATO", "the European Union", "the Security Council", "the Kremlin press office",
    "the Foreign Ministry", "the Defence Ministry", "the Korean Central News Agency", "Yonhap", "TASS",
    "Reuters", "the Associated Press", "the International Atomic Energy Agency", "the World Bank",
    "the International Monetary Fund", "the Workers' Party of Korea", "the State Department", "the Pentagon",
    "Gazprom", "Rosatom", "Roscosmos", "the National Intelligence Service", "the Joint Chiefs of Staff",
    "the Group of Seven", "the Shanghai Cooperation Organisation", "the Red Cross", "Interfax", "Kyodo",
)

# Organisations that relay other people's words (quote conduits).
CONDUITS = ("the Korean Central News Agency", "TASS", "Yonhap", "Interfax", "Kyodo", "Reuters",
            "the Associated Press", "state media", "RIA Novosti")

OUTLET_PATTERNS = (
    "The {place} Herald", "{place} Daily News", "The {place} Courier", "{place} Times", "The {place} Observer",
    "{place} Post", "{place} Morning Star", "The {place} Ledger", "{place} Tribune", "{place} Gazette",
    "{place} Evening Standard", "The {place} Chronicle", "{place} Weekly", "{place} Wire", "{place} Dispatch",
)
OUTLET_PLACES = (
    "Northfield", "Harbor", "Riverside", "Eastbay", "Lakeside", "Westmoor", "Kingsport", "Bellmont", "Ashford",
    "Stonebridge", "Fairhaven", "Oakridge", "Millbrook", "Brightwater", "Redcliff", "Silverton", "Greenhill",
    "Marston", "Clearwater", "Highgate", "Elmstead", "Thornbury", "Southwick", "Copperfield", "Mapleton",
)

TOPICS = (
    "military cooperation", "the supply of artillery shells", "satellite technology", "food aid", "sanctions",
    "a new rail link", "energy exports", "the grain deal", "a partnership treaty", "the border crossing",
    "fishing rights", "nuclear talks", "troop deployments", "an arms embargo", "tourism", "labour migration",
    "the price cap on oil", "missile launches", "joint exercises", "air defence systems", "a bridge project",
    "debt relief", "port access", "space cooperation", "humanitarian corridors", "prisoner exchanges",
    "the summit agenda", "cyber attacks", "a ceasefire proposal", "shipping routes", "the export ban",
)

VERBS_PAST = (
    "discussed", "criticised", "welcomed", "rejected", "praised", "questioned", "announced", "signed",
    "postponed", "defended", "reviewed", "endorsed", "condemned", "proposed", "outlined", "confirmed",
)

SPEECH_VERBS = ("said", "told reporters", "said in a statement", "added", "wrote", "told lawmakers",
                "said on state television", "warned", "insisted", "noted")

QUOTE_SUBJECTS = (
    "Our government", "Our country", "This agreement", "The government", "Nobody", "Our main partner",
    "The public", "This visit", "The treaty", "The decision", "Our side", "The region", "Every nation",
    "Such a threat", "This meeting",
)
QUOTE_PREDICATES = (
    "will not accept pressure from outside", "has opened a new chapter in our relations",
    "must respect international law", "is ready to continue the dialogue", "will defend its sovereignty",
    "cannot ignore what is happening on the border", "has nothing to hide", "wants peace and stability",
    "will respond to any provocation", "should be judged by results, not words", "is a matter of principle",
    "remains committed to the agreement", "has been misunderstood by the press", "will not change course",
    "needs more time to study the proposal", "deserves a fair hearing", "is stronger than ever",
    "will keep every promise it made", "was a historic moment", "brings real benefits to ordinary people",
    "is only the first step", "must stop immediately", "depends on mutual trust", "will be decided by the voters",
)
QUOTE_TAILS = (
    "", "", "", "and everyone knows it", "whatever others may say", "in the coming months",
    "for the sake of our children", "as we have always said", "and that is final", "in every respect",
    "at this difficult time", "for years to come",
)

FILLER_OPENERS = (
    "The meeting lasted more than three hours", "Officials gave few details about the schedule",
    "The talks took place behind closed doors", "Markets reacted calmly to the news",
    "The statement did not mention any figures", "Observers said the timing was significant",
    "It was not immediately clear what had been agreed", "The visit had been planned for several months",
    "Several questions remained unanswered", "The announcement followed weeks of speculation",
    "No date was set for the next round", "Journalists were not allowed to attend the session",
    "The programme included a visit to a factory", "Security was tight throughout the day",
    "The delegation travelled by train", "Prices of staple goods have risen sharply this year",
    "The ministry declined to comment further", "Analysts expect more meetings of this kind",
)
FILLER_TAILS = (
    "according to people familiar with the matter", "and both sides described the atmosphere as friendly",
    "while protesters gathered outside", "as the weather turned cold", "and the documents were not published",
    "though critics called it a show", "which surprised many diplomats", "and more talks are expected",
    "despite earlier warnings", "as trade figures were released", "and photographs were shared online",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

TITLE_VERBS = ("meets", "warns", "signs deal with", "hosts", "criticises", "visits", "calls", "praises",
               "rejects offer from", "talks with")
