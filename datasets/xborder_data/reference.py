"""Fixed reference data of the synthetic world: calendar, countries, industries, keywords.

Data apart from code: generators read these tables, they never hard-code them.
Shares and ranges follow DOMAIN.md §4 (marked there as course assumptions where no public figure exists).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

# The world's calendar: twelve months of daily activity; "today" for the store is END.
START = dt.date(2025, 11, 1)
END = dt.date(2026, 10, 31)

# Target countries (ISO-2), with the store's long-run order share, typical AOV and delivery days.
COUNTRIES = pd.DataFrame(
    [
        # code, zh, en, order_share, aov_usd, logistics_days
        ("US", "美国", "United States", 0.18, 31.0, 12),
        ("RU", "俄罗斯", "Russia", 0.16, 21.0, 18),
        ("ES", "西班牙", "Spain", 0.12, 24.0, 11),
        ("FR", "法国", "France", 0.09, 27.0, 12),
        ("BR", "巴西", "Brazil", 0.08, 14.0, 28),
        ("KR", "韩国", "South Korea", 0.06, 26.0, 9),
        ("PL", "波兰", "Poland", 0.06, 19.0, 10),
        ("NL", "荷兰", "Netherlands", 0.04, 28.0, 10),
        ("IL", "以色列", "Israel", 0.04, 25.0, 16),
        ("GB", "英国", "United Kingdom", 0.07, 29.0, 10),
        ("DE", "德国", "Germany", 0.05, 30.0, 11),
        ("CL", "智利", "Chile", 0.05, 17.0, 25),
    ],
    columns=["code", "zh", "en", "order_share", "aov_usd", "logistics_days"],
).set_index("code")

# Level-1 industries the store and its competitors sell in, with the keywords buyers use.
# commission: the platform's commission (referral fee) on the transaction price of the category,
# the one rate every notebook that prices or costs a product uses (marketplaces charge 5-8 %).
INDUSTRIES = pd.DataFrame(
    [
        ("phone-accessories", "手机配件", "Phone Accessories", 0.08),
        ("womens-clothing", "女装", "Women's Clothing", 0.08),
        ("home-garden", "家居园艺", "Home & Garden", 0.08),
        ("beauty-tools", "美妆工具", "Beauty Tools", 0.06),
        ("toys", "玩具", "Toys & Hobbies", 0.05),
        ("sports", "运动户外", "Sports & Outdoors", 0.08),
    ],
    columns=["code", "zh", "en", "commission"],
).set_index("code")

# 平台佣金率，按一级类目（中文名）· platform commission rate by level-1 category (Chinese name)
COMMISSION: dict[str, float] = dict(zip(INDUSTRIES["zh"], INDUSTRIES["commission"].astype(float)))

# 客服团队的关键词表（P-3.3）：按规则顺序，每个问题类型一份“语言 → 关键词”（小写）；第一个命中的类型决定，都不中是产品咨询
# the service team's keyword sheet (P-3.3): in the rule order, per issue type a dict language → keywords (lower case); the first
# type whose words a message holds decides, none gives 产品咨询 (product question)
SERVICE_KEYWORDS: dict[str, dict[str, list[str]]] = {
    "未收到货": {
        "en": ["not received", "delivered but", "not arrived", "still have not", "never arrived"],
        "fr": ["pas reçu", "rien reçu", "jamais arrivé"],
        "es": ["no he recibido", "no me ha llegado", "nunca llegó"],
        "ru": ["не получ", "вручено", "не пришёл", "не пришел"],
        "pt": ["não recebi", "nunca chegou"],
        "ko": ["못 받았", "받은 게 없", "안 왔"],
        "pl": ["nie dostał", "nic nie przyszło", "nie dotarł"],
        "nl": ["nog steeds niet", "niks ontvangen", "nooit aangekomen"],
        "de": ["immer noch nicht", "nichts angekommen", "nie angekommen"],
    },
    "货不对版": {
        "en": ["different", "not as", "cheaper"],
        "fr": ["pas celle", "autre chose", "bas de gamme"],
        "es": ["no es el de", "otra cosa", "más barato"],
        "ru": ["не как на", "другое", "дешевле"],
        "pt": ["diferente", "outra coisa", "mais barato"],
        "ko": ["달라요", "다른 게", "싸구려"],
        "pl": ["inny niż", "coś innego", "taniej"],
        "nl": ["anders dan", "iets anders", "goedkoper"],
        "de": ["anders als", "etwas anderes", "billiger"],
    },
    "尺码": {
        "en": ["size", "too small", "too big"],
        "fr": ["taille", "trop petit", "trop grand"],
        "es": ["talla", "pequeño", "grande"],
        "ru": ["какой размер", "размер m", "размерн", "маломер", "большемер"],
        "pt": ["tamanho", "pequeno", "tabela de medidas"],
        "ko": ["사이즈표", "사이즈 뭐", "작아요", "커요", "뭐가 맞아요"],
        "pl": ["rozmiar", "za mał", "za duż"],
        "nl": ["maat", "te klein", "te groot"],
        "de": ["größe", "grösse", "zu klein", "zu groß", "zu gross"],  # ß and ss: lower() and casefold() readers alike
    },
    "退换货": {
        "en": ["return", "exchange"],
        "fr": ["retour", "échange"],
        "es": ["devol", "devuel", "cambiar"],
        "ru": ["вернуть", "возврат", "обмен"],
        "pt": ["devol", "trocar"],
        "ko": ["반품", "교환"],
        "pl": ["zwrot", "zwróc", "wymieni"],
        "nl": ["retour", "ruilen"],
        "de": ["zurückschicken", "rücksendung", "umtausch"],
    },
    "关税": {
        "en": ["tax", "duty", "customs", "at delivery"],
        "fr": ["douane", "importation", "payer"],
        "es": ["aduana", "impuesto", "pagar"],
        "ru": ["пошлин", "таможен", "доплатить"],
        "pt": ["imposto", "taxa", "pagar"],
        "ko": ["관세", "부가세", "더 냈"],
        "pl": ["cło", "podatek", "dopłaci"],
        "nl": ["invoer", "bijbetalen"],
        "de": ["zoll", "einfuhr", "nachzahlen"],
    },
    "物流查询": {
        "en": ["where is", "tracking", "arrive", "when will"],
        "fr": ["où en est", "suivi", "arrive"],
        "es": ["dónde está", "seguimiento", "llega"],
        "ru": ["где мой", "трек", "посылк"],
        "pt": ["cadê", "rastreio", "chegar"],
        "ko": ["어디쯤", "배송조회", "택배", "운송장"],
        "pl": ["gdzie jest", "śledzeni", "dotrze", "przesyłki"],
        "nl": ["waar is", "track", "wanneer komt"],
        "de": ["wo ist", "sendungsverfolgung", "tracking", "wann kommt"],
    },
}

# Product keywords (商品关键词) per industry: English noun phrases as buyers type them.
KEYWORDS: dict[str, list[str]] = {
    "phone-accessories": [
        "phone case", "magnetic phone case", "clear phone case", "leather wallet case",
        "tempered glass screen protector", "privacy screen protector", "camera lens protector",
        "usb c cable", "fast charging cable", "wireless charger", "magnetic wireless charger",
        "car phone holder", "phone stand", "selfie stick", "ring light", "power bank",
        "mini power bank", "usb c charger", "gan charger", "bluetooth earphones",
        "wireless earbuds", "earbuds case", "phone lanyard", "phone grip", "card holder",
        "otg adapter", "usb hub", "smart watch band", "watch screen protector",
        "gaming trigger", "phone cooler", "tablet case", "stylus pen", "car charger",
        "cable organizer", "phone strap",
    ],
    "womens-clothing": [
        "summer dress", "maxi dress", "floral dress", "bodycon dress", "knit sweater",
        "cardigan", "oversized hoodie", "crop top", "tank top", "blouse", "linen shirt",
        "wide leg pants", "high waist jeans", "cargo pants", "pleated skirt", "mini skirt",
        "yoga leggings", "sports bra", "puffer jacket", "trench coat", "wool coat",
        "faux leather jacket", "denim jacket", "two piece set", "pajama set", "swimsuit",
        "bikini set", "beach cover up", "t shirt", "turtleneck", "long sleeve top",
        "jumpsuit", "shorts", "vest", "blazer", "maternity dress",
    ],
    "home-garden": [
        "led strip lights", "fairy lights", "night light", "storage box", "drawer organizer",
        "kitchen organizer", "spice rack", "silicone baking mat", "vegetable chopper",
        "garlic press", "reusable food bags", "shower curtain", "bath mat", "towel rack",
        "wall stickers", "artificial plants", "plant pot", "garden hose nozzle",
        "solar garden lights", "bird feeder", "pillow cover", "blackout curtains",
        "table runner", "door mat", "vacuum storage bags", "clothes hanger",
        "shoe rack", "wall clock", "photo frame", "candle holder", "aroma diffuser",
        "ice cube tray", "coffee grinder", "water bottle", "lunch box", "christmas ornaments",
    ],
    "beauty-tools": [
        "makeup brush set", "beauty blender", "eyelash curler", "false eyelashes",
        "eyebrow razor", "nail art stickers", "gel nail polish", "uv nail lamp",
        "nail drill", "press on nails", "hair clips", "claw clip", "scrunchies",
        "heatless curler", "hair straightener", "curling iron", "hair dryer brush",
        "facial roller", "gua sha", "face mask", "blackhead remover", "electric shaver",
        "epilator", "makeup organizer", "cosmetic bag", "mirror with lights",
        "tweezers", "nail clipper", "derma roller", "teeth whitening kit",
        "lip gloss", "eyeliner stamp", "brush cleaner", "hair towel", "scalp massager",
        "makeup sponge",
    ],
    "toys": [
        "building blocks", "puzzle", "fidget toys", "pop it", "squishy toy", "speed cube",
        "rc car", "drone", "plush toy", "doll", "doll house", "action figure",
        "model kit", "diecast car", "slime kit", "drawing board", "magnetic tiles",
        "wooden toys", "baby rattle", "bath toys", "kite", "water gun", "bubble machine",
        "board game", "card game", "magic tricks", "science kit", "toy kitchen",
        "dinosaur toy", "stuffed animal", "baby teether", "balance bike", "toy blocks",
        "sand toys", "yo yo", "anime figure",
    ],
    "sports": [
        "resistance bands", "yoga mat", "jump rope", "dumbbells", "fitness tracker",
        "cycling gloves", "bike light", "bike phone mount", "cycling jersey",
        "fishing lure", "fishing reel", "fishing line", "camping lantern", "tent",
        "sleeping bag", "hiking backpack", "trekking poles", "water bladder",
        "ski gloves", "ski goggles", "thermal underwear", "running belt",
        "knee support", "compression socks", "swimming goggles", "swim cap",
        "tennis racket", "badminton set", "golf balls", "football", "basketball",
        "skateboard", "roller skates", "massage gun", "ab roller", "pull up bar",
    ],
}

# Seasonality of each industry by month (1..12): multiplier of baseline demand.
INDUSTRY_MONTH_SEASON: dict[str, list[float]] = {
    "phone-accessories": [1.0, 0.95, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.15, 1.05, 1.1, 1.2],
    "womens-clothing":   [0.9, 0.9, 1.05, 1.15, 1.25, 1.25, 1.15, 1.0, 0.95, 1.0, 1.05, 1.0],
    "home-garden":       [0.95, 0.9, 1.05, 1.15, 1.15, 1.05, 0.95, 0.95, 1.0, 1.05, 1.1, 1.3],
    "beauty-tools":      [0.95, 1.05, 1.0, 1.0, 1.05, 1.0, 0.95, 0.95, 1.0, 1.0, 1.1, 1.25],
    "toys":              [0.8, 0.8, 0.85, 0.9, 0.95, 1.05, 1.0, 0.95, 0.95, 1.05, 1.3, 1.7],
    "sports":            [1.1, 0.95, 1.0, 1.1, 1.25, 1.3, 1.25, 1.1, 0.95, 0.9, 0.95, 1.0],
}

# Sales events: (first day, last day, multiplier on the peak day). Dates in the world's calendar.
EVENTS = [
    ("双11 Singles' Day", dt.date(2025, 11, 11), dt.date(2025, 11, 11), 4.5),
    ("黑五 Black Friday", dt.date(2025, 11, 28), dt.date(2025, 11, 28), 2.4),
    ("网一 Cyber Monday", dt.date(2025, 12, 1), dt.date(2025, 12, 1), 2.0),
    ("周年庆 Anniversary Sale", dt.date(2026, 3, 26), dt.date(2026, 3, 28), 2.2),
    ("年中大促 Mid-year Sale", dt.date(2026, 6, 16), dt.date(2026, 6, 18), 1.6),
    ("开学季 Back to School", dt.date(2026, 8, 24), dt.date(2026, 8, 28), 1.3),
]
# Christmas: buying rises until the shipping cut-off, then falls; Chinese New Year slows supply.
CHRISTMAS_CUTOFF = dt.date(2025, 12, 15)
CHINESE_NEW_YEAR = dt.date(2026, 2, 17)

# Reporting windows the back-end offers (统计周期).
PERIODS = {"1d": 1, "7d": 7, "30d": 30}
PERIOD_LABELS = {"1d": "最近1天", "7d": "最近7天", "30d": "最近30天"}

# Exchange rate used by the store's finance sheet (CNY per USD).
FX_CNY_PER_USD = 7.10

# Colours each industry sells, most popular first (the "Color" attribute of every family that has one).
COLORS: dict[str, list[str]] = {
    "phone-accessories": ["Black", "Clear", "Blue", "Pink", "White", "Green", "Purple"],
    "womens-clothing": ["Black", "White", "Beige", "Pink", "Green", "Blue", "Brown"],
    "home-garden": ["White", "Black", "Grey", "Green", "Wood", "Transparent"],
    "beauty-tools": ["Pink", "Black", "White", "Purple", "Gold", "Rose Gold"],
    "toys": ["Multicolor", "Pink", "Blue", "Yellow", "Green"],
    "sports": ["Black", "Blue", "Red", "Green", "Grey", "Orange"],
}

# Product families: the attributes a listing of the family has (most popular value first; "Color" is
# inserted second where color=True), the search modifiers buyers add (lexicon.CONCEPTS) and the brands
# that appear in brand search terms. A power bank has a capacity, never a glass material.
FAMILIES: dict[str, dict] = {
    "case": dict(attrs=[("Material", ["TPU", "Silicone", "PC", "Leather", "Aramid Fiber"]),
                        ("Compatible Brand", ["Apple", "Samsung", "Xiaomi", "Huawei", "Google"]),
                        ("Function", ["Shockproof", "Magnetic", "Card Holder", "Kickstand", "Ultra Thin"])],
                 color=True, concepts=["for_iphone", "for_samsung", "magnetic", "shockproof", "cute", "card"],
                 brands=["iphone", "samsung", "otterbox"]),
    "protector": dict(attrs=[("Material", ["Tempered Glass", "Hydrogel", "PET"]), ("Hardness", ["9H", "10H", "3H"]),
                             ("Compatible Brand", ["Apple", "Samsung", "Xiaomi", "Huawei", "Google"]),
                             ("Function", ["Full Cover", "Anti Spy", "Anti Blue Light", "Anti Fingerprint"])],
                      color=False, concepts=["for_iphone", "for_samsung"], brands=["iphone", "samsung"]),
    "cable": dict(attrs=[("Connector", ["USB C to USB C", "USB A to USB C", "USB C to Lightning"]),
                         ("Length", ["1m", "2m", "0.5m", "3m"]), ("Power", ["60W", "100W", "240W", "27W"])],
                  color=True, concepts=["fast", "typec", "m2", "w100"], brands=["anker", "baseus", "apple"]),
    "charger": dict(attrs=[("Output Power", ["20W", "15W", "30W", "65W", "100W"]), ("Ports", ["1 Port", "2 Ports", "3 Ports"]),
                           ("Function", ["Fast Charging", "Foldable Plug", "LED Indicator"])],
                    color=True, concepts=["fast", "w65", "typec", "for_iphone", "wireless"],
                    brands=["anker", "baseus", "apple", "samsung"]),
    "power": dict(attrs=[("Capacity", ["10000mAh", "5000mAh", "20000mAh", "30000mAh"]),
                         ("Output Power", ["22.5W", "20W", "65W", "15W"]),
                         ("Function", ["Fast Charging", "Wireless Charging", "Magnetic", "Built-in Cable"])],
                  color=True, concepts=["mah", "fast", "magnetic", "mini", "portable"], brands=["anker", "xiaomi", "baseus"]),
    "audio": dict(attrs=[("Connectivity", ["Bluetooth 5.3", "Bluetooth 5.4", "Bluetooth 5.0"]),
                         ("Function", ["Noise Cancelling", "Waterproof", "Low Latency", "Long Battery Life"]),
                         ("Style", ["In-Ear", "Open-Ear", "Neckband"])],
                  color=True, concepts=["wireless", "waterproof", "for_iphone", "mini"], brands=["airpods", "samsung", "xiaomi"]),
    "holder": dict(attrs=[("Material", ["ABS", "Aluminium Alloy", "Silicone", "Zinc Alloy"]),
                          ("Mount", ["Desktop", "Magnetic", "Air Vent", "Dashboard", "Tripod"]),
                          ("Function", ["360 Rotation", "Foldable", "Adjustable", "Bluetooth Remote"])],
                   color=True, concepts=["magnetic", "car", "adjustable", "for_iphone", "portable"], brands=["baseus"]),
    "gadget": dict(attrs=[("Material", ["ABS", "Aluminium Alloy", "Silicone"]),
                          ("Compatible Brand", ["Universal", "Apple", "Samsung", "Xiaomi", "Huawei"]),
                          ("Interface", ["USB C", "Lightning", "USB A", "Bluetooth"])],
                   color=True, concepts=["for_iphone", "for_samsung", "typec", "portable", "mini"], brands=["xiaomi"]),
    "strap": dict(attrs=[("Material", ["Nylon", "Silicone", "Leather", "Polyester", "Beaded"]),
                         ("Compatible Brand", ["Universal", "Apple", "Samsung", "Xiaomi", "Huawei"]),
                         ("Style", ["Crossbody", "Wrist", "Adhesive", "Magnetic"])],
                  color=True, concepts=["for_iphone", "cute", "adjustable", "women"], brands=["apple"]),
    "dress": dict(attrs=[("Material", ["Polyester", "Cotton", "Viscose", "Linen", "Spandex", "Chiffon"]),
                         ("Style", ["Casual", "Elegant", "Boho", "Vintage", "Sexy", "Office Lady"]),
                         ("Sleeve Length", ["Short Sleeve", "Sleeveless", "Long Sleeve", "Three Quarter"])],
                  color=True, concepts=["women", "summer", "plus", "elegant", "y2k"], brands=["zara", "shein"]),
    "top": dict(attrs=[("Material", ["Cotton", "Polyester", "Acrylic", "Linen", "Viscose", "Wool Blend"]),
                       ("Style", ["Casual", "Streetwear", "Elegant", "Vintage", "Y2K", "Office Lady"]),
                       ("Sleeve Length", ["Long Sleeve", "Short Sleeve", "Sleeveless", "Three Quarter"])],
                color=True, concepts=["women", "plus", "y2k", "summer", "winter"], brands=["zara", "shein"]),
    "bottom": dict(attrs=[("Material", ["Polyester", "Cotton", "Denim", "Linen", "Spandex"]),
                          ("Style", ["Casual", "Streetwear", "Elegant", "Y2K", "Vintage"]),
                          ("Waist", ["High Waist", "Mid Waist", "Elastic Waist"])],
                   color=True, concepts=["women", "plus", "y2k", "summer"], brands=["zara", "shein"]),
    "outer": dict(attrs=[("Material", ["Polyester", "Wool Blend", "Faux Leather", "Denim", "Cotton", "Nylon"]),
                         ("Style", ["Casual", "Elegant", "Streetwear", "Vintage", "Office Lady"]),
                         ("Closure", ["Zipper", "Button", "Single Breasted", "Double Breasted"])],
                  color=True, concepts=["women", "winter", "plus", "elegant"], brands=["zara", "shein"]),
    "active": dict(attrs=[("Material", ["Nylon", "Spandex", "Polyester", "Cotton"]),
                          ("Style", ["Seamless", "High Support", "Scrunch", "Casual"]),
                          ("Waist", ["High Waist", "Mid Waist", "Elastic Waist"])],
                   color=True, concepts=["women", "plus", "set"], brands=["nike", "adidas"]),
    "lounge": dict(attrs=[("Material", ["Polyester", "Cotton", "Nylon", "Spandex", "Satin", "Viscose"]),
                          ("Style", ["Casual", "Sexy", "Boho", "Cute", "Elegant"]),
                          ("Pattern", ["Solid", "Floral", "Striped", "Leopard"])],
                   color=True, concepts=["women", "plus", "summer", "set"], brands=["shein", "zara"]),
    "lighting": dict(attrs=[("Power Source", ["USB", "Battery", "Plug", "Solar"]),
                            ("Light Color", ["Warm White", "RGB", "Cool White", "Multicolor"]),
                            ("Length", ["5m", "10m", "2m", "20m"])],
                     color=True, concepts=["led", "outdoor", "rechargeable", "christmas", "home"], brands=["philips", "xiaomi"]),
    "storage": dict(attrs=[("Material", ["Plastic", "Bamboo", "Fabric", "Metal", "Acrylic"]),
                           ("Style", ["Modern", "Nordic", "Minimalist", "Vintage", "Cute"]),
                           ("Size", ["Medium", "Large", "Small", "Set of 3"])],
                    color=True, concepts=["large", "set", "kitchen", "bathroom", "home"], brands=["ikea"]),
    "kitchen": dict(attrs=[("Material", ["Plastic", "Stainless Steel", "Silicone", "Glass", "Bamboo"]),
                           ("Feature", ["BPA Free", "Dishwasher Safe", "Leakproof", "Manual", "Electric"]),
                           ("Style", ["Modern", "Minimalist", "Cute", "Nordic"])],
                    color=True, concepts=["set", "kitchen", "portable", "electric", "large"], brands=["ikea"]),
    "textile": dict(attrs=[("Material", ["Polyester", "Cotton", "Linen", "Microfiber", "Rubber"]),
                           ("Style", ["Modern", "Nordic", "Boho", "Minimalist", "Vintage"]),
                           ("Pattern", ["Solid", "Geometric", "Floral", "Striped"])],
                    color=True, concepts=["bathroom", "christmas", "set", "large", "home"], brands=["ikea"]),
    "decor": dict(attrs=[("Material", ["Plastic", "Ceramic", "Metal", "Wood", "Glass", "Resin"]),
                         ("Style", ["Modern", "Nordic", "Minimalist", "Vintage", "Cute"]),
                         ("Size", ["Medium", "Small", "Large", "Set of 3"])],
                  color=True, concepts=["home", "christmas", "set", "large", "outdoor"], brands=["ikea"]),
    "makeup": dict(attrs=[("Material", ["Synthetic Hair", "Silicone", "Stainless Steel", "ABS", "PU Leather"]),
                          ("Use", ["Face", "Eyes", "Lips", "Travel"]),
                          ("Pieces", ["1 Piece", "Set of 5", "Set of 10", "Set of 20"])],
                   color=True, concepts=["professional", "set", "portable", "mini", "women"], brands=["maybelline"]),
    "nails": dict(attrs=[("Type", ["Gel", "Sticker", "Acrylic", "Stainless Steel"]),
                         ("Finish", ["Glossy", "Matte", "Glitter", "French"]),
                         ("Pieces", ["24 Pieces", "1 Piece", "Set of 6", "Set of 12"])],
                  color=True, concepts=["professional", "set", "portable", "cute"], brands=["maybelline"]),
    "hair_acc": dict(attrs=[("Material", ["Acetate", "Satin", "Silk", "Plastic", "Microfiber"]),
                            ("Hair Type", ["All Hair Types", "Thick Hair", "Fine Hair", "Curly Hair"]),
                            ("Pieces", ["Set of 6", "1 Piece", "Set of 12", "Set of 3"])],
                     color=True, concepts=["women", "set", "cute", "large"], brands=[]),
    "hair_tool": dict(attrs=[("Plate Material", ["Ceramic", "Tourmaline", "Titanium", "ABS"]),
                             ("Power Source", ["Plug", "USB Rechargeable", "Battery"]),
                             ("Hair Type", ["All Hair Types", "Thick Hair", "Fine Hair", "Curly Hair"])],
                      color=True, concepts=["professional", "portable", "mini", "rechargeable"], brands=["dyson", "philips"]),
    "skin": dict(attrs=[("Material", ["Jade", "Rose Quartz", "Stainless Steel", "Silicone", "Titanium"]),
                        ("Use", ["Face", "Eyes", "Body", "Neck"]),
                        ("Skin Type", ["All Skin Types", "Dry Skin", "Oily Skin", "Sensitive Skin"])],
                 color=True, concepts=["set", "women", "professional"], brands=[]),
    "appliance": dict(attrs=[("Power Source", ["USB Rechargeable", "Plug", "Battery"]),
                             ("Use", ["Face", "Body", "Nails", "Teeth", "Legs"]),
                             ("Function", ["Waterproof", "LED Display", "Timer", "Cordless"])],
                      color=True, concepts=["rechargeable", "portable", "professional", "mini"], brands=["philips"]),
    "educational": dict(attrs=[("Material", ["Plastic", "Wood", "Paper", "Magnetic Plastic"]),
                               ("Age Range", ["3-6Y", "6-12Y", "12-14Y", "14+Y", "0-3Y"]),
                               ("Type", ["Educational", "Puzzle", "Strategy", "STEM", "Creative"])],
                        color=True, concepts=["kids", "montessori", "gift", "set"], brands=["lego", "disney"]),
    "sensory": dict(attrs=[("Material", ["Silicone", "Plastic", "TPR", "Foam"]),
                           ("Age Range", ["3-6Y", "6-12Y", "12-14Y", "14+Y"]),
                           ("Type", ["Stress Relief", "Outdoor", "Creative", "Novelty"])],
                    color=True, concepts=["kids", "gift", "set", "mini", "large"], brands=["disney"]),
    "plush": dict(attrs=[("Material", ["Plush", "PVC", "Plastic", "Cotton", "Vinyl"]),
                         ("Age Range", ["3-6Y", "6-12Y", "14+Y", "0-3Y"]),
                         ("Theme", ["Animal", "Anime", "Cartoon", "Movie", "Dinosaur"])],
                  color=True, concepts=["kids", "gift", "large", "cute", "anime"], brands=["pokemon", "disney", "barbie"]),
    "rc": dict(attrs=[("Material", ["Plastic", "Alloy", "Metal", "Wood"]),
                      ("Age Range", ["6-12Y", "3-6Y", "12-14Y", "14+Y"]),
                      ("Control", ["Remote Control", "Manual", "App Control"])],
               color=True, concepts=["kids", "gift", "beginner"], brands=["dji", "lego"]),
    "baby": dict(attrs=[("Material", ["Silicone", "Plastic", "Wood", "Cotton"]),
                        ("Age Range", ["0-6M", "6-12M", "1-3Y"]),
                        ("Type", ["Sensory", "Teething", "Bath", "Musical"])],
                 color=True, concepts=["baby", "set", "gift", "montessori"], brands=["disney"]),
    "fitness": dict(attrs=[("Material", ["TPE", "Latex", "NBR", "Steel", "PVC", "ABS"]),
                           ("Use", ["Fitness", "Yoga", "Home Gym", "Recovery"]),
                           ("Gender", ["Unisex", "Women", "Men"])],
                    color=True, concepts=["women", "men", "set", "adjustable", "home"],
                    brands=["nike", "adidas", "xiaomi", "decathlon"]),
    "cycling": dict(attrs=[("Material", ["Polyester", "Aluminium", "Silicone", "Lycra"]),
                           ("Use", ["Road Bike", "Mountain Bike", "Commuting"]),
                           ("Feature", ["Waterproof", "USB Rechargeable", "Breathable", "Shockproof"])],
                    color=True, concepts=["waterproof", "rechargeable", "men", "women"], brands=["decathlon"]),
    "fishing": dict(attrs=[("Material", ["Carbon Fibre", "Aluminium", "Nylon", "Fluorocarbon", "ABS"]),
                           ("Use", ["Freshwater", "Saltwater", "Fly Fishing"]),
                           ("Feature", ["Sinking", "Floating", "High Strength", "Smooth Drag"])],
                    color=True, concepts=["set", "beginner", "professional"], brands=["decathlon"]),
    "camping": dict(attrs=[("Material", ["Nylon", "Polyester", "Aluminium", "Carbon Fibre", "TPU"]),
                           ("Use", ["Camping", "Hiking", "Trekking"]),
                           ("Feature", ["Waterproof", "Ultralight", "Foldable", "USB Rechargeable"])],
                    color=True, concepts=["waterproof", "lightweight", "portable", "outdoor"], brands=["decathlon"]),
    "wear": dict(attrs=[("Material", ["Polyester", "Nylon", "Neoprene", "Spandex", "Silicone"]),
                        ("Use", ["Running", "Skiing", "Swimming", "Fitness"]),
                        ("Gender", ["Unisex", "Women", "Men"])],
                 color=True, concepts=["women", "men", "winter", "waterproof", "kids"], brands=["nike", "adidas", "decathlon"]),
    "ball": dict(attrs=[("Material", ["Rubber", "Carbon Fibre", "PU Leather", "Aluminium", "Maple Wood"]),
                        ("Use", ["Outdoor", "Indoor", "Training"]),
                        ("Level", ["Beginner", "Intermediate", "Professional"])],
                 color=True, concepts=["kids", "professional", "beginner", "set"], brands=["nike", "adidas"]),
}

# Per keyword: family | packed weight g | packed length, width, height cm | share of listings with a built-in
# battery | unit cost CNY (medians; each listing varies around them). Weights and sizes are those of the
# parcel a buyer receives, so that some products exceed the postal limits (≤ 2 kg, L+W+H ≤ 90 cm, ≤ 60 cm).
_SPECS = """
phone case | case | 38 | 18 | 10 | 2 | 0 | 6
magnetic phone case | case | 48 | 18 | 10 | 2 | 0 | 9
clear phone case | case | 32 | 18 | 10 | 2 | 0 | 4.5
leather wallet case | case | 90 | 19 | 11 | 3 | 0 | 14
tempered glass screen protector | protector | 35 | 20 | 11 | 1 | 0 | 3
privacy screen protector | protector | 38 | 20 | 11 | 1 | 0 | 5
camera lens protector | protector | 15 | 12 | 8 | 1.5 | 0 | 3
usb c cable | cable | 45 | 12 | 10 | 3 | 0 | 6
fast charging cable | cable | 55 | 12 | 10 | 3 | 0 | 8
wireless charger | charger | 120 | 12 | 12 | 4 | 0 | 25
magnetic wireless charger | charger | 95 | 11 | 11 | 4 | 0 | 32
car phone holder | holder | 110 | 14 | 10 | 7 | 0 | 12
phone stand | holder | 160 | 15 | 10 | 4 | 0 | 10
selfie stick | holder | 190 | 24 | 7 | 5 | 0.9 | 18
ring light | holder | 380 | 30 | 30 | 6 | 0.3 | 28
power bank | power | 240 | 15 | 9 | 3 | 1 | 55
mini power bank | power | 140 | 11 | 7 | 3 | 1 | 38
usb c charger | charger | 90 | 9 | 7 | 5 | 0 | 16
gan charger | charger | 130 | 9 | 8 | 5 | 0 | 45
bluetooth earphones | audio | 110 | 12 | 10 | 5 | 1 | 40
wireless earbuds | audio | 95 | 11 | 9 | 5 | 1 | 48
earbuds case | case | 25 | 10 | 8 | 3 | 0 | 4
phone lanyard | strap | 25 | 15 | 10 | 2 | 0 | 4
phone grip | holder | 22 | 9 | 7 | 2 | 0 | 3
card holder | strap | 18 | 11 | 8 | 1 | 0 | 3
otg adapter | gadget | 15 | 9 | 6 | 2 | 0 | 4
usb hub | gadget | 75 | 13 | 7 | 2 | 0 | 22
smart watch band | strap | 35 | 20 | 6 | 2 | 0 | 6
watch screen protector | protector | 15 | 10 | 8 | 1 | 0 | 2.5
gaming trigger | gadget | 30 | 12 | 8 | 3 | 0 | 6
phone cooler | gadget | 85 | 9 | 8 | 5 | 0.5 | 35
tablet case | case | 320 | 28 | 21 | 3 | 0 | 25
stylus pen | gadget | 35 | 19 | 4 | 2 | 0.5 | 15
car charger | charger | 55 | 9 | 5 | 4 | 0 | 12
cable organizer | strap | 20 | 12 | 8 | 2 | 0 | 2.5
phone strap | strap | 20 | 15 | 10 | 2 | 0 | 4
summer dress | dress | 260 | 30 | 25 | 3 | 0 | 32
maxi dress | dress | 380 | 32 | 26 | 4 | 0 | 42
floral dress | dress | 280 | 30 | 25 | 3 | 0 | 34
bodycon dress | dress | 230 | 28 | 22 | 3 | 0 | 30
knit sweater | top | 480 | 32 | 26 | 5 | 0 | 48
cardigan | top | 420 | 32 | 26 | 5 | 0 | 42
oversized hoodie | top | 620 | 34 | 28 | 6 | 0 | 52
crop top | top | 140 | 25 | 20 | 2 | 0 | 16
tank top | top | 120 | 25 | 20 | 2 | 0 | 14
blouse | top | 200 | 28 | 22 | 3 | 0 | 26
linen shirt | top | 240 | 30 | 24 | 3 | 0 | 36
wide leg pants | bottom | 420 | 32 | 26 | 4 | 0 | 40
high waist jeans | bottom | 560 | 34 | 26 | 5 | 0 | 52
cargo pants | bottom | 520 | 34 | 26 | 5 | 0 | 46
pleated skirt | bottom | 300 | 30 | 25 | 3 | 0 | 30
mini skirt | bottom | 200 | 26 | 20 | 3 | 0 | 22
yoga leggings | active | 240 | 26 | 20 | 3 | 0 | 26
sports bra | active | 130 | 22 | 18 | 3 | 0 | 18
puffer jacket | outer | 950 | 40 | 32 | 10 | 0 | 120
trench coat | outer | 1050 | 40 | 32 | 8 | 0 | 110
wool coat | outer | 1350 | 42 | 34 | 9 | 0 | 150
faux leather jacket | outer | 900 | 38 | 30 | 7 | 0 | 95
denim jacket | outer | 780 | 36 | 30 | 6 | 0 | 80
two piece set | lounge | 420 | 32 | 26 | 4 | 0 | 48
pajama set | lounge | 380 | 32 | 26 | 4 | 0 | 40
swimsuit | lounge | 160 | 24 | 18 | 3 | 0 | 26
bikini set | lounge | 120 | 22 | 16 | 3 | 0 | 20
beach cover up | lounge | 180 | 26 | 20 | 3 | 0 | 22
t shirt | top | 180 | 26 | 22 | 2 | 0 | 18
turtleneck | top | 300 | 28 | 24 | 4 | 0 | 30
long sleeve top | top | 220 | 28 | 22 | 3 | 0 | 24
jumpsuit | dress | 420 | 32 | 26 | 4 | 0 | 48
shorts | bottom | 200 | 26 | 20 | 3 | 0 | 20
vest | outer | 320 | 30 | 25 | 4 | 0 | 34
blazer | outer | 650 | 36 | 30 | 6 | 0 | 78
maternity dress | dress | 330 | 30 | 25 | 4 | 0 | 38
led strip lights | lighting | 260 | 16 | 16 | 6 | 0 | 22
fairy lights | lighting | 180 | 15 | 12 | 6 | 0 | 12
night light | lighting | 150 | 12 | 10 | 8 | 0.5 | 16
storage box | storage | 650 | 34 | 26 | 10 | 0 | 28
drawer organizer | storage | 280 | 30 | 20 | 7 | 0 | 16
kitchen organizer | storage | 720 | 36 | 24 | 10 | 0 | 34
spice rack | storage | 850 | 36 | 22 | 9 | 0 | 38
silicone baking mat | kitchen | 180 | 30 | 12 | 4 | 0 | 10
vegetable chopper | kitchen | 620 | 24 | 14 | 12 | 0 | 32
garlic press | kitchen | 190 | 20 | 7 | 4 | 0 | 12
reusable food bags | kitchen | 220 | 22 | 16 | 4 | 0 | 14
shower curtain | textile | 520 | 30 | 24 | 5 | 0 | 22
bath mat | textile | 750 | 36 | 26 | 6 | 0 | 26
towel rack | decor | 680 | 48 | 12 | 6 | 0 | 30
wall stickers | decor | 140 | 40 | 6 | 6 | 0 | 6
artificial plants | decor | 380 | 40 | 18 | 12 | 0 | 20
plant pot | decor | 520 | 18 | 18 | 16 | 0 | 18
garden hose nozzle | decor | 230 | 20 | 12 | 6 | 0 | 14
solar garden lights | lighting | 680 | 34 | 24 | 10 | 1 | 36
bird feeder | decor | 420 | 24 | 18 | 14 | 0 | 24
pillow cover | textile | 150 | 26 | 22 | 2 | 0 | 8
blackout curtains | textile | 1100 | 36 | 28 | 8 | 0 | 46
table runner | textile | 260 | 30 | 22 | 3 | 0 | 14
door mat | textile | 1400 | 46 | 30 | 5 | 0 | 32
vacuum storage bags | storage | 600 | 30 | 24 | 6 | 0 | 22
clothes hanger | storage | 900 | 45 | 25 | 8 | 0 | 20
shoe rack | storage | 2600 | 62 | 28 | 9 | 0 | 58
wall clock | decor | 620 | 32 | 32 | 6 | 0 | 28
photo frame | decor | 360 | 25 | 20 | 4 | 0 | 14
candle holder | decor | 300 | 14 | 14 | 12 | 0 | 16
aroma diffuser | decor | 420 | 16 | 16 | 20 | 0 | 38
ice cube tray | kitchen | 160 | 24 | 12 | 5 | 0 | 8
coffee grinder | kitchen | 480 | 20 | 12 | 12 | 0.3 | 42
water bottle | kitchen | 320 | 26 | 9 | 9 | 0 | 18
lunch box | kitchen | 420 | 22 | 16 | 9 | 0 | 20
christmas ornaments | decor | 380 | 30 | 20 | 10 | 0 | 16
makeup brush set | makeup | 180 | 22 | 12 | 5 | 0 | 14
beauty blender | makeup | 30 | 10 | 8 | 6 | 0 | 3
eyelash curler | makeup | 40 | 14 | 7 | 3 | 0 | 5
false eyelashes | makeup | 35 | 12 | 8 | 2 | 0 | 5
eyebrow razor | makeup | 25 | 16 | 6 | 2 | 0 | 2.5
nail art stickers | nails | 20 | 14 | 9 | 1 | 0 | 2
gel nail polish | nails | 60 | 10 | 4 | 4 | 0 | 6
uv nail lamp | appliance | 420 | 22 | 20 | 12 | 0 | 35
nail drill | appliance | 380 | 20 | 15 | 8 | 0.5 | 40
press on nails | nails | 45 | 12 | 9 | 2 | 0 | 5
hair clips | hair_acc | 40 | 12 | 9 | 2 | 0 | 3
claw clip | hair_acc | 55 | 12 | 9 | 5 | 0 | 4
scrunchies | hair_acc | 60 | 15 | 12 | 3 | 0 | 4
heatless curler | hair_acc | 120 | 22 | 14 | 5 | 0 | 8
hair straightener | hair_tool | 480 | 32 | 10 | 6 | 0.2 | 48
curling iron | hair_tool | 460 | 34 | 10 | 7 | 0 | 42
hair dryer brush | hair_tool | 720 | 38 | 14 | 10 | 0 | 68
facial roller | skin | 160 | 18 | 8 | 5 | 0 | 10
gua sha | skin | 90 | 12 | 8 | 3 | 0 | 6
face mask | skin | 120 | 20 | 15 | 3 | 0 | 8
blackhead remover | appliance | 230 | 20 | 10 | 6 | 1 | 28
electric shaver | appliance | 310 | 18 | 12 | 7 | 1 | 45
epilator | appliance | 350 | 20 | 12 | 8 | 1 | 52
makeup organizer | makeup | 620 | 30 | 20 | 16 | 0 | 32
cosmetic bag | makeup | 160 | 24 | 16 | 5 | 0 | 12
mirror with lights | appliance | 680 | 28 | 22 | 8 | 0.6 | 38
tweezers | makeup | 25 | 12 | 4 | 2 | 0 | 2.5
nail clipper | nails | 45 | 10 | 5 | 2 | 0 | 3
derma roller | skin | 50 | 16 | 6 | 4 | 0 | 6
teeth whitening kit | appliance | 210 | 18 | 12 | 6 | 0.6 | 22
lip gloss | makeup | 35 | 11 | 3 | 3 | 0 | 4
eyeliner stamp | makeup | 30 | 12 | 4 | 3 | 0 | 4
brush cleaner | appliance | 260 | 16 | 12 | 10 | 0.6 | 24
hair towel | hair_acc | 140 | 22 | 16 | 4 | 0 | 8
scalp massager | hair_tool | 150 | 14 | 10 | 8 | 0.4 | 14
makeup sponge | makeup | 30 | 10 | 8 | 6 | 0 | 2.5
building blocks | educational | 620 | 28 | 20 | 8 | 0 | 38
puzzle | educational | 480 | 30 | 22 | 5 | 0 | 16
fidget toys | sensory | 120 | 18 | 12 | 5 | 0 | 8
pop it | sensory | 90 | 20 | 15 | 2 | 0 | 4
squishy toy | sensory | 80 | 12 | 10 | 8 | 0 | 4
speed cube | educational | 110 | 8 | 8 | 8 | 0 | 8
rc car | rc | 850 | 32 | 18 | 14 | 1 | 65
drone | rc | 620 | 26 | 20 | 10 | 1 | 95
plush toy | plush | 260 | 28 | 20 | 14 | 0 | 18
doll | plush | 320 | 32 | 14 | 8 | 0 | 22
doll house | rc | 1800 | 40 | 30 | 14 | 0 | 85
action figure | plush | 220 | 22 | 14 | 8 | 0 | 24
model kit | rc | 480 | 30 | 20 | 8 | 0 | 42
diecast car | rc | 180 | 16 | 8 | 7 | 0 | 14
slime kit | sensory | 650 | 28 | 20 | 9 | 0 | 24
drawing board | educational | 260 | 30 | 22 | 2 | 0.9 | 14
magnetic tiles | educational | 1250 | 32 | 24 | 10 | 0 | 68
wooden toys | educational | 540 | 26 | 20 | 8 | 0 | 28
baby rattle | baby | 140 | 16 | 12 | 6 | 0 | 8
bath toys | baby | 180 | 20 | 14 | 8 | 0 | 10
kite | sensory | 260 | 70 | 10 | 4 | 0 | 14
water gun | sensory | 380 | 32 | 18 | 7 | 0 | 16
bubble machine | sensory | 340 | 18 | 14 | 14 | 0.5 | 22
board game | educational | 780 | 28 | 28 | 6 | 0 | 34
card game | educational | 160 | 10 | 7 | 3 | 0 | 8
magic tricks | educational | 300 | 26 | 18 | 5 | 0 | 16
science kit | educational | 820 | 32 | 24 | 8 | 0 | 42
toy kitchen | rc | 2900 | 55 | 38 | 14 | 0 | 120
dinosaur toy | plush | 300 | 24 | 14 | 10 | 0 | 18
stuffed animal | plush | 340 | 30 | 22 | 15 | 0 | 22
baby teether | baby | 60 | 12 | 9 | 3 | 0 | 5
balance bike | rc | 3400 | 60 | 30 | 18 | 0 | 150
toy blocks | educational | 700 | 24 | 24 | 12 | 0 | 26
sand toys | sensory | 520 | 30 | 22 | 12 | 0 | 16
yo yo | sensory | 70 | 8 | 8 | 5 | 0 | 5
anime figure | plush | 360 | 22 | 15 | 12 | 0 | 40
resistance bands | fitness | 320 | 20 | 14 | 6 | 0 | 14
yoga mat | fitness | 1050 | 62 | 14 | 14 | 0 | 36
jump rope | fitness | 210 | 20 | 14 | 5 | 0 | 8
dumbbells | fitness | 4200 | 36 | 18 | 14 | 0 | 75
fitness tracker | fitness | 110 | 14 | 8 | 5 | 1 | 45
cycling gloves | cycling | 120 | 22 | 14 | 3 | 0 | 14
bike light | cycling | 150 | 14 | 9 | 6 | 1 | 22
bike phone mount | cycling | 140 | 14 | 10 | 7 | 0 | 14
cycling jersey | cycling | 220 | 28 | 22 | 3 | 0 | 42
fishing lure | fishing | 60 | 14 | 8 | 3 | 0 | 8
fishing reel | fishing | 420 | 14 | 12 | 11 | 0 | 58
fishing line | fishing | 90 | 10 | 10 | 3 | 0 | 10
camping lantern | camping | 380 | 16 | 12 | 12 | 1 | 32
tent | camping | 2300 | 48 | 18 | 18 | 0 | 140
sleeping bag | camping | 1450 | 40 | 22 | 22 | 0 | 85
hiking backpack | camping | 980 | 40 | 30 | 10 | 0 | 72
trekking poles | camping | 560 | 66 | 10 | 8 | 0 | 46
water bladder | camping | 210 | 26 | 18 | 4 | 0 | 24
ski gloves | wear | 260 | 28 | 16 | 6 | 0 | 36
ski goggles | wear | 240 | 20 | 12 | 10 | 0 | 42
thermal underwear | wear | 320 | 28 | 22 | 4 | 0 | 36
running belt | wear | 90 | 22 | 12 | 3 | 0 | 10
knee support | wear | 130 | 20 | 14 | 4 | 0 | 12
compression socks | wear | 80 | 20 | 12 | 2 | 0 | 8
swimming goggles | wear | 80 | 18 | 8 | 5 | 0 | 10
swim cap | wear | 70 | 18 | 12 | 2 | 0 | 6
tennis racket | ball | 330 | 70 | 28 | 4 | 0 | 85
badminton set | ball | 520 | 68 | 24 | 6 | 0 | 34
golf balls | ball | 560 | 18 | 14 | 6 | 0 | 30
football | ball | 450 | 23 | 23 | 23 | 0 | 42
basketball | ball | 650 | 26 | 26 | 26 | 0 | 48
skateboard | ball | 2900 | 82 | 24 | 12 | 0 | 98
roller skates | ball | 2800 | 40 | 32 | 20 | 0 | 120
massage gun | fitness | 1200 | 28 | 22 | 8 | 1 | 95
ab roller | fitness | 950 | 32 | 20 | 20 | 0 | 28
pull up bar | fitness | 2100 | 95 | 10 | 10 | 0 | 60
"""
KEYWORD_SPECS = pd.DataFrame(
    [[c.strip() for c in line.split("|")] for line in _SPECS.strip().splitlines()],
    columns=["keyword", "family", "weight_g", "length_cm", "width_cm", "height_cm", "battery_share", "cost_cny"],
).astype({"weight_g": float, "length_cm": float, "width_cm": float, "height_cm": float, "battery_share": float,
          "cost_cny": float}).set_index("keyword")


def family_attributes(keyword: str) -> list[tuple[str, list[str]]]:
    """The attributes (name, values most popular first) a listing of this keyword has."""
    family = FAMILIES[KEYWORD_SPECS.at[keyword, "family"]]
    attrs = list(family["attrs"])
    if family["color"]:
        industry = next(i for i, kws in KEYWORDS.items() if keyword in kws)
        attrs.insert(1, ("Color", COLORS[industry]))
    fixed = KEYWORD_ATTRIBUTES.get(keyword, {})
    # a value the keyword fixes leads its list (and joins it if the family does not list it)
    return [(name, [fixed[name]] + [v for v in values if v != fixed[name]]) if name in fixed else (name, values)
            for name, values in attrs]

# Store traffic sources (流量来源) with their group, base share of visitors and relative conversion.
TRAFFIC_SOURCES = [
    # group, source, base share, conversion multiplier
    ("站内免费", "搜索", 0.40, 0.95),
    ("站内免费", "类目浏览", 0.08, 0.80),
    ("站内免费", "推荐", 0.10, 0.70),
    ("站内免费", "平台活动", 0.08, 1.10),
    ("站内付费", "直通车", 0.09, 0.85),
    ("站内付费", "联盟营销", 0.04, 1.00),
    ("自主访问", "购物车", 0.05, 2.60),
    ("自主访问", "收藏夹", 0.04, 2.00),
    ("自主访问", "店铺首页", 0.04, 1.30),
    ("站外", "站外-社媒", 0.05, 0.45),
    ("站外", "站外-其他", 0.03, 0.40),
]

# Logistics services: the platform's standard rates (first weight g, first fee USD, additional unit g, additional
# fee USD, registration fee) and each line's rules. Small-packet (经济类/标准类) lines charge the actual weight within
# their limits (≤ 2 kg, length + width + height ≤ 90 cm, longest side ≤ 60 cm); express and warehouse delivery
# charge the larger of actual and volumetric weight (L × W × H ÷ 5000). China Post and ePacket take no batteries.
# carrier_share: what the carrier charges the store, as a share of the standard rate (its contract price).
LOGISTICS_SERVICES = [
    # service, kind, promised days, first g, first fee, add unit g, add fee, registration, vol divisor,
    # max weight g, max L+W+H cm, max side cm, batteries allowed, carrier_share
    ("AliExpress Saver Shipping", "经济类", 25, 100, 1.10, 50, 0.28, 0.0, None, 2000, 90, 60, True, 0.82),
    ("AliExpress Standard Shipping", "标准类", 15, 100, 1.80, 50, 0.45, 0.0, None, 2000, 90, 60, True, 0.85),
    ("China Post Registered Air Mail", "标准类", 30, 50, 0.90, 10, 0.09, 1.20, None, 2000, 90, 60, False, 0.90),
    ("ePacket", "标准类", 14, 50, 1.20, 10, 0.11, 0.0, None, 2000, 90, 60, False, 0.88),
    ("AliExpress Premium Shipping", "快速类", 8, 500, 12.0, 500, 4.50, 0.0, 5000, 30000, None, 120, True, 0.78),
    ("Overseas Warehouse", "海外仓", 4, 500, 3.50, 500, 1.20, 0.0, 5000, 30000, None, 120, True, 0.90),
]
# Countries served from an overseas warehouse of the store (see logistics.WAREHOUSES).
WAREHOUSE_COUNTRIES = {"US": "WH-US-LA", "ES": "WH-ES-MAD", "PL": "WH-PL-WAW", "DE": "WH-DE-FRA"}

# Each country's representative time zone, for the buyer's local time of an order.
TIME_ZONES = {"US": "America/New_York", "RU": "Europe/Moscow", "ES": "Europe/Madrid", "FR": "Europe/Paris",
              "BR": "America/Sao_Paulo", "KR": "Asia/Seoul", "PL": "Europe/Warsaw", "NL": "Europe/Amsterdam",
              "IL": "Asia/Jerusalem", "GB": "Europe/London", "DE": "Europe/Berlin", "CL": "America/Santiago"}
PLATFORM_TZ = "Asia/Shanghai"  # the back-end shows Beijing time; campaigns are set in US Pacific time
CAMPAIGN_TZ = "America/Los_Angeles"

# Platform events the store may register for: the minimum discount the platform asks of registered products.
EVENT_MIN_DISCOUNT = {"双11 Singles' Day": 0.15, "黑五 Black Friday": 0.12, "网一 Cyber Monday": 0.10,
                      "周年庆 Anniversary Sale": 0.12, "年中大促 Mid-year Sale": 0.10, "开学季 Back to School": 0.08}
# The store's membership programme (会员体系) starts here; points: 1 per USD paid; tiers by points.
MEMBERSHIP_LAUNCH = dt.date(2026, 3, 1)
MEMBER_TIERS = [("普通会员", 0), ("银卡", 100), ("金卡", 300), ("VIP", 800)]

AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55+"]
ORDER_STATUSES = ["完成", "取消", "退款", "纠纷"]
SOCIAL_PLATFORMS = ["Facebook", "Instagram", "TikTok", "VK", "Pinterest", "X"]
SERVICE_ISSUES = ["物流查询", "未收到货", "货不对版", "尺码", "退换货", "关税", "产品咨询"]

# Sub-categories (二级类目) of each industry: name (zh, en) and the slice of KEYWORDS[industry] they hold.
SUBCATEGORIES: dict[str, list[tuple[str, str, int, int]]] = {
    "phone-accessories": [("手机壳", "Phone Cases", 0, 4), ("屏幕保护", "Screen Protectors", 4, 7),
                          ("充电器与数据线", "Chargers & Cables", 7, 11), ("支架与自拍", "Holders & Selfie", 11, 15),
                          ("移动电源与耳机", "Power Banks & Audio", 15, 22), ("其他配件", "Other Accessories", 22, 36)],
    "womens-clothing": [("连衣裙", "Dresses", 0, 4), ("上衣", "Tops", 4, 11), ("裤装与裙装", "Bottoms", 11, 18),
                        ("外套", "Outerwear", 18, 23), ("套装与居家", "Sets & Loungewear", 23, 25),
                        ("泳装", "Swimwear", 25, 28), ("其他女装", "Other", 28, 36)],
    "home-garden": [("灯饰", "Lighting", 0, 3), ("收纳", "Storage", 3, 6), ("厨房用品", "Kitchen", 6, 12),
                    ("浴室", "Bathroom", 12, 15), ("家居装饰", "Decor", 15, 17), ("园艺", "Garden", 17, 20),
                    ("纺织品", "Textiles", 20, 24), ("其他家居", "Other", 24, 36)],
    "beauty-tools": [("化妆工具", "Makeup Tools", 0, 5), ("美甲", "Nails", 5, 10), ("美发工具", "Hair Tools", 10, 17),
                     ("护肤工具", "Skin Care Tools", 17, 21), ("个护电器", "Personal Care Appliances", 21, 23),
                     ("其他美妆", "Other", 23, 36)],
    "toys": [("益智玩具", "Educational", 0, 6), ("遥控玩具", "RC & Drones", 6, 8), ("毛绒与娃娃", "Plush & Dolls", 8, 12),
             ("模型", "Models", 12, 14), ("手工与绘画", "Arts & Crafts", 14, 18), ("婴幼儿玩具", "Baby Toys", 18, 20),
             ("户外玩具", "Outdoor Toys", 20, 23), ("其他玩具", "Other", 23, 36)],
    "sports": [("健身", "Fitness", 0, 5), ("骑行", "Cycling", 5, 9), ("垂钓", "Fishing", 9, 12),
               ("露营徒步", "Camping & Hiking", 12, 18), ("冰雪运动", "Winter Sports", 18, 21),
               ("运动护具", "Sports Protection", 21, 24), ("球类与其他", "Ball Sports & Other", 24, 36)],
}

# Brand words and the brand rule live with the other language data.
from .lexicon import BRAND_WORDS, brand_claims  # noqa: E402,F401

# Attribute values a keyword fixes ("magnetic phone case" is magnetic): its listings carry the value and its
# buyers mostly choose it in the hot-attribute report.
KEYWORD_ATTRIBUTES: dict[str, dict[str, str]] = {
    "magnetic phone case": {"Function": "Magnetic"}, "clear phone case": {"Color": "Clear", "Material": "TPU"},
    "leather wallet case": {"Material": "Leather", "Function": "Card Holder"},
    "tempered glass screen protector": {"Material": "Tempered Glass"}, "camera lens protector": {"Material": "Tempered Glass"},
    "privacy screen protector": {"Material": "Tempered Glass", "Function": "Anti Spy"},
    "usb c cable": {"Connector": "USB C to USB C"}, "wireless charger": {"Function": "Wireless"},
    "magnetic wireless charger": {"Function": "Wireless"}, "gan charger": {"Output Power": "65W"},
    "car charger": {"Ports": "2 Ports", "Function": "Fast Charging"}, "mini power bank": {"Capacity": "5000mAh"},
    "car phone holder": {"Mount": "Air Vent"}, "phone stand": {"Mount": "Desktop"}, "selfie stick": {"Mount": "Tripod"},
    "ring light": {"Mount": "Tripod"}, "phone grip": {"Mount": "Magnetic"}, "smart watch band": {"Style": "Wrist"},
    "phone lanyard": {"Style": "Crossbody"}, "card holder": {"Style": "Adhesive"},
    "linen shirt": {"Material": "Linen"}, "wool coat": {"Material": "Wool Blend"},
    "faux leather jacket": {"Material": "Faux Leather"}, "denim jacket": {"Material": "Denim"},
    "high waist jeans": {"Material": "Denim", "Waist": "High Waist"}, "knit sweater": {"Material": "Acrylic"},
    "floral dress": {"Style": "Boho"}, "tank top": {"Sleeve Length": "Sleeveless"},
    "long sleeve top": {"Sleeve Length": "Long Sleeve"}, "turtleneck": {"Sleeve Length": "Long Sleeve"},
    "solar garden lights": {"Power Source": "Solar"}, "silicone baking mat": {"Material": "Silicone"},
    "reusable food bags": {"Material": "Silicone"}, "plant pot": {"Material": "Ceramic"},
    "facial roller": {"Material": "Jade"}, "gua sha": {"Material": "Jade"}, "derma roller": {"Material": "Titanium"},
    "wooden toys": {"Material": "Wood"}, "plush toy": {"Material": "Plush"}, "stuffed animal": {"Material": "Plush"},
    "magnetic tiles": {"Material": "Magnetic Plastic"}, "rc car": {"Control": "Remote Control"},
    "drone": {"Control": "Remote Control"}, "anime figure": {"Theme": "Anime"}, "dinosaur toy": {"Theme": "Dinosaur"},
    "yoga mat": {"Material": "TPE", "Use": "Yoga"}, "dumbbells": {"Material": "Steel", "Use": "Home Gym"},
    "massage gun": {"Use": "Recovery"}, "ski gloves": {"Use": "Skiing"}, "ski goggles": {"Use": "Skiing"},
    "swimming goggles": {"Use": "Swimming", "Material": "Silicone"}, "swim cap": {"Use": "Swimming", "Material": "Silicone"},
    "running belt": {"Use": "Running"}, "tent": {"Use": "Camping"}, "trekking poles": {"Material": "Aluminium"},
}
