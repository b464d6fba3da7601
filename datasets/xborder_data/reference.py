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
INDUSTRIES = pd.DataFrame(
    [
        ("phone-accessories", "手机配件", "Phone Accessories"),
        ("womens-clothing", "女装", "Women's Clothing"),
        ("home-garden", "家居园艺", "Home & Garden"),
        ("beauty-tools", "美妆工具", "Beauty Tools"),
        ("toys", "玩具", "Toys & Hobbies"),
        ("sports", "运动户外", "Sports & Outdoors"),
    ],
    columns=["code", "zh", "en"],
).set_index("code")

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
        "building blocks", "puzzle", "fidget toys", "pop it", "squishy toy", "rubik cube",
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
