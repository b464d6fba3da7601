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

# Exchange rate used by the store's finance sheet (CNY per USD).
FX_CNY_PER_USD = 7.10

# Product attributes per industry: attribute name -> values, most popular first.
ATTRIBUTES: dict[str, dict[str, list[str]]] = {
    "phone-accessories": {
        "Material": ["Silicone", "TPU", "PC", "Leather", "Metal", "Glass"],
        "Color": ["Black", "Clear", "Blue", "Pink", "White", "Green", "Purple"],
        "Compatible Brand": ["Apple", "Samsung", "Xiaomi", "Huawei", "Google", "Universal"],
        "Function": ["Shockproof", "Magnetic", "Fast Charging", "Waterproof", "Foldable"],
    },
    "womens-clothing": {
        "Material": ["Polyester", "Cotton", "Linen", "Spandex", "Viscose", "Wool"],
        "Color": ["Black", "White", "Beige", "Pink", "Green", "Blue", "Brown"],
        "Style": ["Casual", "Elegant", "Streetwear", "Vintage", "Sexy", "Office Lady"],
        "Sleeve Length": ["Long Sleeve", "Short Sleeve", "Sleeveless", "Three Quarter"],
    },
    "home-garden": {
        "Material": ["Plastic", "Stainless Steel", "Bamboo", "Glass", "Silicone", "Ceramic"],
        "Color": ["White", "Black", "Grey", "Green", "Wood", "Transparent"],
        "Style": ["Modern", "Nordic", "Minimalist", "Vintage", "Cute"],
        "Power Source": ["None", "USB", "Battery", "Solar", "Plug"],
    },
    "beauty-tools": {
        "Material": ["Synthetic Hair", "Silicone", "Stainless Steel", "ABS", "Jade", "Natural Fibre"],
        "Color": ["Pink", "Black", "White", "Purple", "Gold", "Rose Gold"],
        "Use": ["Face", "Eyes", "Nails", "Hair", "Body"],
        "Power Source": ["None", "USB Rechargeable", "Battery", "Plug"],
    },
    "toys": {
        "Material": ["Plastic", "Plush", "Wood", "Metal", "Silicone", "Paper"],
        "Age Range": ["3-6Y", "6-12Y", "12-14Y", "14+Y", "0-3Y"],
        "Type": ["Educational", "Electronic", "Stuffed", "Model", "Outdoor"],
        "Color": ["Multicolor", "Pink", "Blue", "Yellow", "Green"],
    },
    "sports": {
        "Material": ["Nylon", "Polyester", "Rubber", "Aluminium", "Carbon Fibre", "EVA"],
        "Color": ["Black", "Blue", "Red", "Green", "Grey", "Orange"],
        "Use": ["Fitness", "Cycling", "Fishing", "Camping", "Winter Sports", "Running"],
        "Gender": ["Unisex", "Men", "Women"],
    },
}

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

LOGISTICS_SERVICES = [
    # service, kind, promised days, first weight g, first fee USD, additional unit g, additional fee USD, registration fee
    ("AliExpress Saver Shipping", "经济类", 25, 100, 1.10, 50, 0.28, 0.0),
    ("AliExpress Standard Shipping", "标准类", 15, 100, 1.80, 50, 0.45, 0.0),
    ("China Post Registered Air Mail", "标准类", 30, 50, 0.90, 10, 0.09, 1.20),
    ("ePacket", "标准类", 14, 50, 1.20, 10, 0.11, 0.0),
    ("AliExpress Premium Shipping", "快速类", 8, 500, 12.0, 500, 4.50, 0.0),
    ("Overseas Warehouse", "海外仓", 4, 500, 3.50, 500, 1.20, 0.0),
]

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

# Search-term variants: modifiers buyers add to a keyword, and brand words (是否品牌原词 = Y).
SEARCH_MODIFIERS: dict[str, list[str]] = {
    "phone-accessories": ["for iphone 15", "for samsung", "magnetic", "cute", "2024", "type c"],
    "womens-clothing": ["women", "summer", "plus size", "black", "y2k", "elegant"],
    "home-garden": ["kitchen", "bathroom", "set", "large", "solar", "for home"],
    "beauty-tools": ["professional", "set", "electric", "for women", "portable", "mini"],
    "toys": ["for kids", "for boys", "for girls", "educational", "gift", "set"],
    "sports": ["for men", "women", "waterproof", "professional", "adjustable", "outdoor"],
}
BRAND_WORDS: dict[str, list[str]] = {
    "phone-accessories": ["iphone", "samsung", "xiaomi", "airpods", "anker", "baseus"],
    "womens-clothing": ["zara", "shein", "nike", "adidas"],
    "home-garden": ["ikea", "xiaomi", "philips"],
    "beauty-tools": ["dyson", "maybelline", "philips"],
    "toys": ["lego", "barbie", "pokemon", "disney"],
    "sports": ["nike", "adidas", "decathlon", "xiaomi"],
}
