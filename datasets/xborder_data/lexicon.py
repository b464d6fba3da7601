"""The languages of the world's buyers: search terms, modifiers, brand words, reviews and messages.

Data apart from code, like reference.py. Buyers in a non-English market search and write mostly
in their own language (Spanish in ES and CL, Portuguese in BR, …) and partly in English; the
share is a course assumption (ENGLISH_SHARE). Modifier phrases are chosen so that they need no
grammatical agreement with the product noun (a Spanish buyer types "funda con imán", never an
adjective that must agree), which is why some concepts have no form in some languages (None).
"""

from __future__ import annotations

import re

COUNTRY_LANGUAGE = {"US": "en", "GB": "en", "IL": "en", "RU": "ru", "ES": "es", "CL": "es", "FR": "fr", "BR": "pt",
                    "KR": "ko", "PL": "pl", "NL": "nl", "DE": "de"}
LANGUAGES = ("en", "fr", "es", "ru", "pt", "ko", "pl", "nl", "de")
# share of a market's searches typed in English besides its own language [course assumption]
ENGLISH_SHARE = {"US": 1.0, "GB": 1.0, "IL": 1.0, "NL": 0.45, "DE": 0.3, "PL": 0.25, "KR": 0.15, "FR": 0.15,
                 "ES": 0.15, "CL": 0.12, "RU": 0.1, "BR": 0.1}
# Israel: the store's Israeli buyers use the English site; Hebrew is not modelled [course assumption]


def _table(text: str) -> dict[str, dict[str, str]]:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    head = [h.strip() for h in lines[0].split("|")]
    out = {}
    for ln in lines[1:]:
        cells = [c.strip() for c in ln.split("|")]
        if len(cells) != len(head):
            raise ValueError(f"lexicon row has {len(cells)} cells, expected {len(head)}: {ln!r}")
        out[cells[0]] = {h: (None if c == "-" else c) for h, c in zip(head[1:], cells[1:])}
    return out


# The product keyword as buyers of each language type it.
KEYWORD_NAMES = _table("""
keyword | fr | es | ru | pt | ko | pl | nl | de
phone case | coque téléphone | funda móvil | чехол для телефона | capinha celular | 휴대폰 케이스 | etui na telefon | telefoonhoesje | handyhülle
magnetic phone case | coque magnétique | funda magnética | магнитный чехол | capinha magnética | 마그네틱 케이스 | etui magnetyczne | magnetisch hoesje | magnetische handyhülle
clear phone case | coque transparente | funda transparente | прозрачный чехол | capinha transparente | 투명 케이스 | etui przezroczyste | transparant hoesje | durchsichtige handyhülle
leather wallet case | coque portefeuille cuir | funda cartera cuero | чехол книжка кожаный | capinha carteira couro | 가죽 지갑 케이스 | etui z klapką skórzane | leren bookcase | leder klapphülle
tempered glass screen protector | verre trempé | cristal templado | защитное стекло | película de vidro | 강화유리 필름 | szkło hartowane | gehard glas screenprotector | panzerglas
privacy screen protector | verre trempé anti espion | protector pantalla antiespía | защитное стекло антишпион | película privacidade | 사생활 보호 필름 | szkło prywatyzujące | privacy screenprotector | privacy schutzglas
camera lens protector | protection objectif caméra | protector lente cámara | защитное стекло на камеру | película câmera | 카메라 렌즈 보호필름 | szkło na aparat | camera lens beschermer | kameraschutz glas
usb c cable | câble usb c | cable usb c | кабель usb c | cabo usb c | c타입 케이블 | kabel usb c | usb c kabel | usb c kabel
fast charging cable | câble charge rapide | cable carga rápida | кабель быстрой зарядки | cabo carregamento rápido | 고속충전 케이블 | kabel do szybkiego ładowania | snellaadkabel | schnellladekabel
wireless charger | chargeur sans fil | cargador inalámbrico | беспроводная зарядка | carregador sem fio | 무선 충전기 | ładowarka bezprzewodowa | draadloze oplader | kabelloses ladegerät
magnetic wireless charger | chargeur sans fil magnétique | cargador inalámbrico magnético | магнитная беспроводная зарядка | carregador sem fio magnético | 마그네틱 무선 충전기 | ładowarka magnetyczna | magnetische draadloze oplader | magnetisches ladegerät
car phone holder | support téléphone voiture | soporte móvil coche | держатель телефона в машину | suporte celular carro | 차량용 거치대 | uchwyt na telefon do auta | telefoonhouder auto | handyhalterung auto
phone stand | support téléphone | soporte móvil | подставка для телефона | suporte celular mesa | 휴대폰 거치대 | stojak na telefon | telefoonstandaard | handyständer
selfie stick | perche à selfie | palo selfie | селфи палка | pau de selfie | 셀카봉 | kijek do selfie | selfiestick | selfiestange
ring light | anneau lumineux | aro de luz | кольцевая лампа | ring light | 링라이트 | lampa pierścieniowa | ringlamp | ringlicht
power bank | batterie externe | batería externa | повербанк | carregador portátil | 보조배터리 | powerbank | powerbank | powerbank
mini power bank | mini batterie externe | mini batería externa | мини повербанк | mini carregador portátil | 미니 보조배터리 | mini powerbank | mini powerbank | mini powerbank
usb c charger | chargeur usb c | cargador usb c | зарядное устройство usb c | carregador usb c | c타입 충전기 | ładowarka usb c | usb c oplader | usb c ladegerät
gan charger | chargeur gan | cargador gan | зарядка gan | carregador gan | gan 충전기 | ładowarka gan | gan oplader | gan ladegerät
bluetooth earphones | écouteurs bluetooth | auriculares bluetooth | bluetooth наушники | fone bluetooth | 블루투스 이어폰 | słuchawki bluetooth | bluetooth oordopjes | bluetooth kopfhörer
wireless earbuds | écouteurs sans fil | auriculares inalámbricos | беспроводные наушники | fone sem fio | 무선 이어폰 | słuchawki bezprzewodowe | draadloze oordopjes | kabellose kopfhörer
earbuds case | étui écouteurs | funda auriculares | чехол для наушников | capinha fone | 이어폰 케이스 | etui na słuchawki | oordopjes hoesje | kopfhörer hülle
phone lanyard | cordon téléphone | cordón colgante móvil | шнурок для телефона | cordão celular | 휴대폰 스트랩 | smycz do telefonu | telefoonkoord | handykette
phone grip | poignée téléphone | agarre móvil | держатель на палец | suporte de dedo | 휴대폰 그립 | uchwyt na palec | telefoon grip | handy griff
card holder | porte carte téléphone | tarjetero móvil | кардхолдер на телефон | porta cartão celular | 카드 홀더 | etui na karty | pasjeshouder telefoon | kartenhalter handy
otg adapter | adaptateur otg | adaptador otg | переходник otg | adaptador otg | otg 젠더 | adapter otg | otg adapter | otg adapter
usb hub | hub usb | hub usb | usb хаб | hub usb | usb 허브 | hub usb | usb hub | usb hub
smart watch band | bracelet montre connectée | correa reloj inteligente | ремешок для смарт часов | pulseira smartwatch | 스마트워치 밴드 | pasek do smartwatcha | smartwatch bandje | smartwatch armband
watch screen protector | protection écran montre | protector pantalla reloj | защитное стекло для часов | película smartwatch | 워치 보호필름 | szkło na zegarek | smartwatch screenprotector | smartwatch schutzfolie
gaming trigger | gâchette jeu mobile | gatillos juego móvil | триггеры для телефона | gatilho celular | 게임 트리거 | triggery do telefonu | game triggers | handy trigger
phone cooler | refroidisseur téléphone | ventilador móvil | кулер для телефона | cooler celular | 휴대폰 쿨러 | chłodzenie do telefonu | telefoon koeler | handy kühler
tablet case | housse tablette | funda tablet | чехол для планшета | capa tablet | 태블릿 케이스 | etui na tablet | tablethoes | tablet hülle
stylus pen | stylet | lápiz táctil | стилус | caneta touch | 터치펜 | rysik | stylus pen | eingabestift
car charger | chargeur voiture | cargador coche | автомобильная зарядка | carregador veicular | 차량용 충전기 | ładowarka samochodowa | autolader | kfz ladegerät
cable organizer | range câble | organizador cables | органайзер для проводов | organizador de cabos | 케이블 정리 | organizer na kable | kabelorganizer | kabelhalter
phone strap | dragonne téléphone | correa móvil | ремешок для телефона | alça celular | 폰 스트랩 | pasek do telefonu | telefoon polsbandje | handyband
summer dress | robe d'été | vestido verano | летнее платье | vestido de verão | 여름 원피스 | sukienka letnia | zomerjurk | sommerkleid
maxi dress | robe longue | vestido largo | платье макси | vestido longo | 롱 원피스 | sukienka maxi | maxi jurk | maxikleid
floral dress | robe fleurie | vestido floral | платье в цветочек | vestido floral | 꽃무늬 원피스 | sukienka w kwiaty | bloemenjurk | blumenkleid
bodycon dress | robe moulante | vestido ajustado | облегающее платье | vestido justo | 바디콘 원피스 | sukienka dopasowana | bodycon jurk | figurbetontes kleid
knit sweater | pull en maille | jersey de punto | вязаный свитер | suéter de tricô | 니트 스웨터 | sweter z dzianiny | gebreide trui | strickpullover
cardigan | cardigan | cárdigan | кардиган | cardigã | 가디건 | kardigan | gebreid vest | strickjacke
oversized hoodie | sweat à capuche oversize | sudadera oversize | худи оверсайз | moletom oversized | 오버핏 후드티 | bluza oversize | oversized hoodie | oversized hoodie
crop top | crop top | top corto | кроп топ | cropped | 크롭탑 | crop top | croptop | bauchfreies top
tank top | débardeur | camiseta de tirantes | майка | regata | 나시 | top na ramiączkach | hemdje | tanktop
blouse | chemisier | blusa | блузка | blusa | 블라우스 | bluzka | blouse | bluse
linen shirt | chemise en lin | camisa de lino | льняная рубашка | camisa de linho | 린넨 셔츠 | koszula lniana | linnen blouse | leinenhemd
wide leg pants | pantalon large | pantalón ancho | широкие брюки | calça pantalona | 와이드 팬츠 | spodnie szerokie | wijde broek | weite hose
high waist jeans | jean taille haute | vaqueros tiro alto | джинсы с высокой талией | calça jeans cintura alta | 하이웨스트 청바지 | jeansy z wysokim stanem | high waist jeans | high waist jeans
cargo pants | pantalon cargo | pantalón cargo | брюки карго | calça cargo | 카고 팬츠 | spodnie cargo | cargobroek | cargohose
pleated skirt | jupe plissée | falda plisada | плиссированная юбка | saia plissada | 플리츠 스커트 | spódnica plisowana | plooirok | plisseerock
mini skirt | mini jupe | minifalda | мини юбка | minissaia | 미니스커트 | spódniczka mini | minirok | minirock
yoga leggings | legging yoga | mallas yoga | леггинсы для йоги | legging fitness | 요가 레깅스 | legginsy do jogi | yoga legging | yoga leggings
sports bra | brassière sport | sujetador deportivo | спортивный топ | top fitness | 스포츠 브라 | stanik sportowy | sportbeha | sport bh
puffer jacket | doudoune | chaqueta acolchada | пуховик | jaqueta puffer | 패딩 점퍼 | kurtka puchowa | pufferjas | steppjacke
trench coat | trench | gabardina | тренч | trench coat | 트렌치코트 | trencz | trenchcoat | trenchcoat
wool coat | manteau en laine | abrigo de lana | шерстяное пальто | casaco de lã | 울 코트 | płaszcz wełniany | wollen jas | wollmantel
faux leather jacket | veste simili cuir | chaqueta de cuero sintético | куртка из экокожи | jaqueta de couro sintético | 레더 자켓 | kurtka z ekoskóry | nepleren jas | kunstlederjacke
denim jacket | veste en jean | chaqueta vaquera | джинсовая куртка | jaqueta jeans | 청자켓 | kurtka jeansowa | spijkerjas | jeansjacke
two piece set | ensemble deux pièces | conjunto dos piezas | костюм двойка | conjunto duas peças | 투피스 세트 | komplet dwuczęściowy | tweedelige set | zweiteiler
pajama set | pyjama | pijama | пижама | pijama | 잠옷 세트 | piżama | pyjama set | schlafanzug
swimsuit | maillot de bain | bañador | купальник | maiô | 수영복 | strój kąpielowy | badpak | badeanzug
bikini set | bikini | bikini | бикини | biquíni | 비키니 | bikini | bikini | bikini
beach cover up | paréo | pareo | пляжная туника | saída de praia | 비치 커버업 | tunika plażowa | strandjurk | strandkleid
t shirt | t-shirt | camiseta | футболка | camiseta básica | 티셔츠 | koszulka | t-shirt | t-shirt
turtleneck | col roulé | cuello alto | водолазка | gola alta | 터틀넥 | golf | coltrui | rollkragenpullover
long sleeve top | haut manches longues | camiseta manga larga | лонгслив | blusa manga longa | 긴팔 티셔츠 | bluzka z długim rękawem | longsleeve | langarmshirt
jumpsuit | combinaison | mono | комбинезон | macacão | 점프수트 | kombinezon | jumpsuit | jumpsuit
shorts | short | pantalón corto | шорты | short | 반바지 | szorty | korte broek | shorts
vest | gilet | chaleco | жилет | colete | 조끼 | kamizelka | gilet | weste
blazer | blazer | blazer | блейзер | blazer | 블레이저 | marynarka | blazer | blazer
maternity dress | robe de grossesse | vestido premamá | платье для беременных | vestido gestante | 임부복 원피스 | sukienka ciążowa | zwangerschapsjurk | umstandskleid
led strip lights | ruban led | tira led | светодиодная лента | fita led | led 스트립 | taśma led | led strip | led streifen
fairy lights | guirlande lumineuse | guirnalda de luces | гирлянда | cordão de luz | 앵두전구 | lampki girlanda | lichtsnoer | lichterkette
night light | veilleuse | luz nocturna | ночник | luminária noturna | 무드등 | lampka nocna | nachtlampje | nachtlicht
storage box | boîte de rangement | caja de almacenaje | коробка для хранения | caixa organizadora | 수납함 | pudełko do przechowywania | opbergdoos | aufbewahrungsbox
drawer organizer | organisateur tiroir | organizador cajón | органайзер для ящика | organizador de gaveta | 서랍 정리함 | organizer do szuflady | ladeverdeler | schubladen organizer
kitchen organizer | rangement cuisine | organizador cocina | органайзер для кухни | organizador cozinha | 주방 정리대 | organizer kuchenny | keuken organizer | küchen organizer
spice rack | étagère à épices | especiero | полка для специй | porta temperos | 양념통 선반 | stojak na przyprawy | kruidenrek | gewürzregal
silicone baking mat | tapis de cuisson silicone | tapete silicona horno | силиконовый коврик для выпечки | tapete de silicone | 실리콘 베이킹 매트 | mata silikonowa do pieczenia | siliconen bakmat | silikon backmatte
vegetable chopper | coupe légumes | picadora verduras | овощерезка | cortador de legumes | 야채 다지기 | szatkownica | groentesnijder | gemüseschneider
garlic press | presse ail | prensa ajos | чеснокодавилка | espremedor de alho | 마늘 다지기 | praska do czosnku | knoflookpers | knoblauchpresse
reusable food bags | sacs congélation réutilisables | bolsas reutilizables alimentos | многоразовые пакеты для продуктов | saco reutilizável alimentos | 다회용 지퍼백 | woreczki wielorazowe | herbruikbare zakjes | wiederverwendbare beutel
shower curtain | rideau de douche | cortina de ducha | шторка для ванной | cortina de box | 샤워 커튼 | zasłona prysznicowa | douchegordijn | duschvorhang
bath mat | tapis de bain | alfombra de baño | коврик для ванной | tapete banheiro | 욕실 매트 | dywanik łazienkowy | badmat | badematte
towel rack | porte serviette | toallero | держатель для полотенец | porta toalha | 수건걸이 | wieszak na ręczniki | handdoekrek | handtuchhalter
wall stickers | stickers muraux | vinilos pared | наклейки на стену | adesivo de parede | 벽 스티커 | naklejki ścienne | muurstickers | wandtattoo
artificial plants | plantes artificielles | plantas artificiales | искусственные растения | plantas artificiais | 조화 | sztuczne rośliny | kunstplanten | kunstpflanzen
plant pot | pot de fleur | maceta | горшок для цветов | vaso de planta | 화분 | doniczka | bloempot | blumentopf
garden hose nozzle | pistolet arrosage | pistola riego | насадка для шланга | esguicho mangueira | 호스 노즐 | pistolet do węża | tuinspuit | gartenbrause
solar garden lights | lampe solaire jardin | luces solares jardín | солнечные фонари для сада | luminária solar jardim | 태양광 정원등 | lampy solarne ogrodowe | solar tuinverlichting | solarleuchten garten
bird feeder | mangeoire oiseaux | comedero pájaros | кормушка для птиц | comedouro pássaros | 새 모이통 | karmnik dla ptaków | vogelvoederhuisje | vogelfutterhaus
pillow cover | housse de coussin | funda cojín | наволочка декоративная | capa de almofada | 쿠션 커버 | poszewka na poduszkę | kussenhoes | kissenbezug
blackout curtains | rideaux occultants | cortinas opacas | шторы блэкаут | cortina blackout | 암막 커튼 | zasłony zaciemniające | verduisterende gordijnen | verdunkelungsvorhänge
table runner | chemin de table | camino de mesa | дорожка на стол | trilho de mesa | 테이블 러너 | bieżnik | tafelloper | tischläufer
door mat | paillasson | felpudo | придверный коврик | capacho | 현관 매트 | wycieraczka | deurmat | fußmatte
vacuum storage bags | sacs sous vide rangement | bolsas al vacío | вакуумные пакеты | saco a vácuo | 압축팩 | worki próżniowe | vacuümzakken | vakuumbeutel
clothes hanger | cintre | perchas | вешалки для одежды | cabide | 옷걸이 | wieszaki na ubrania | kledinghangers | kleiderbügel
shoe rack | étagère à chaussures | zapatero | обувница | sapateira | 신발장 | szafka na buty | schoenenrek | schuhregal
wall clock | horloge murale | reloj de pared | настенные часы | relógio de parede | 벽시계 | zegar ścienny | wandklok | wanduhr
photo frame | cadre photo | marco de fotos | фоторамка | porta retrato | 액자 | ramka na zdjęcia | fotolijst | bilderrahmen
candle holder | bougeoir | portavelas | подсвечник | castiçal | 캔들 홀더 | świecznik | kandelaar | kerzenhalter
aroma diffuser | diffuseur d'huiles essentielles | difusor de aromas | аромадиффузор | difusor de aromas elétrico | 디퓨저 | dyfuzor zapachowy | aroma diffuser | aroma diffuser
ice cube tray | bac à glaçons | cubitera | форма для льда | forma de gelo | 얼음틀 | foremka do lodu | ijsblokjesvorm | eiswürfelform
coffee grinder | moulin à café | molinillo de café | кофемолка | moedor de café | 커피 그라인더 | młynek do kawy | koffiemolen | kaffeemühle
water bottle | gourde | botella de agua | бутылка для воды | garrafa de água | 물병 | butelka na wodę | waterfles | trinkflasche
lunch box | boîte à lunch | fiambrera | ланч бокс | marmita | 도시락통 | lunchbox | lunchbox | brotdose
christmas ornaments | décorations de noël | adornos navideños | ёлочные игрушки | enfeites de natal | 크리스마스 장식 | bombki choinkowe | kerstballen | weihnachtsschmuck
makeup brush set | kit pinceaux maquillage | set brochas maquillaje | набор кистей для макияжа | kit pincéis maquiagem | 메이크업 브러쉬 세트 | zestaw pędzli do makijażu | make-up kwastenset | make-up pinsel set
beauty blender | beauty blender | beauty blender | бьюти блендер | beauty blender | 뷰티 블렌더 | beauty blender | beauty blender | beauty blender
eyelash curler | recourbe cils | rizador de pestañas | щипцы для завивки ресниц | curvex | 뷰러 | zalotka | wimperkruller | wimpernzange
false eyelashes | faux cils | pestañas postizas | накладные ресницы | cílios postiços | 인조 속눈썹 | sztuczne rzęsy | nepwimpers | künstliche wimpern
eyebrow razor | rasoir sourcils | cuchilla cejas | бритва для бровей | navalha sobrancelha | 눈썹칼 | golarka do brwi | wenkbrauwmesje | augenbrauenrasierer
nail art stickers | stickers ongles | pegatinas uñas | наклейки для ногтей | adesivo de unha | 네일 스티커 | naklejki na paznokcie | nagelstickers | nagelsticker
gel nail polish | vernis semi permanent | esmalte semipermanente | гель лак | esmalte em gel | 젤네일 | lakier hybrydowy | gellak | gel nagellack
uv nail lamp | lampe uv ongles | lámpara uñas uv | уф лампа для ногтей | cabine uv unhas | 젤네일 램프 | lampa uv do paznokci | uv nagellamp | uv nagellampe
nail drill | ponceuse ongles | torno uñas | аппарат для маникюра | lixa elétrica unha | 네일 드릴 | frezarka do paznokci | nagelfrees | nagelfräser
press on nails | faux ongles | uñas postizas | накладные ногти | unhas postiças | 네일팁 | sztuczne paznokcie | plaknagels | press on nägel
hair clips | barrettes cheveux | pinzas pelo | заколки для волос | presilhas de cabelo | 머리핀 | spinki do włosów | haarspeldjes | haarspangen
claw clip | pince crabe | pinza garra | крабик для волос | piranha de cabelo | 집게핀 | klamra do włosów | haarklem | haarklammer
scrunchies | chouchous | coleteros | резинки для волос | xuxinha | 곱창 머리끈 | gumki do włosów | scrunchies | haargummis
heatless curler | bigoudi sans chaleur | rulos sin calor | бигуди без нагрева | modelador de cachos sem calor | 노히트 컬러 | lokówka bez ciepła | heatless curler | heatless curler
hair straightener | lisseur | plancha de pelo | выпрямитель для волос | chapinha | 고데기 | prostownica | stijltang | glätteisen
curling iron | fer à boucler | rizador de pelo | плойка | modelador de cachos | 봉고데기 | lokówka | krultang | lockenstab
hair dryer brush | brosse soufflante | cepillo secador | фен щетка | escova secadora | 드라이 브러쉬 | suszarko lokówka | föhnborstel | warmluftbürste
facial roller | rouleau visage | rodillo facial | роллер для лица | rolinho facial | 페이스 롤러 | roller do twarzy | gezichtsroller | gesichtsroller
gua sha | gua sha | gua sha | гуаша | gua sha | 괄사 | gua sha | gua sha | gua sha
face mask | masque visage | mascarilla facial | маска для лица | máscara facial | 마스크팩 | maseczka do twarzy | gezichtsmasker | gesichtsmaske
blackhead remover | aspirateur points noirs | extractor puntos negros | вакуумный очиститель пор | removedor de cravos | 블랙헤드 제거기 | usuwacz zaskórników | mee-eter verwijderaar | mitesser entferner
electric shaver | rasoir électrique | afeitadora eléctrica | электробритва | barbeador elétrico | 전기면도기 | golarka elektryczna | scheerapparaat | elektrorasierer
epilator | épilateur | depiladora | эпилятор | depilador elétrico | 제모기 | depilator | epilator | epilierer
makeup organizer | organisateur maquillage | organizador maquillaje | органайзер для косметики | organizador de maquiagem | 화장품 정리함 | organizer na kosmetyki | make-up organizer | make-up organizer
cosmetic bag | trousse maquillage | neceser | косметичка | necessaire | 화장품 파우치 | kosmetyczka | make-up tasje | kosmetiktasche
mirror with lights | miroir lumineux | espejo con luz | зеркало с подсветкой | espelho com luz | led 거울 | lusterko z podświetleniem | spiegel met verlichting | spiegel mit beleuchtung
tweezers | pince à épiler | pinzas depilar | пинцет | pinça | 족집게 | pęseta | pincet | pinzette
nail clipper | coupe ongles | cortaúñas | кусачки для ногтей | cortador de unha | 손톱깎이 | obcinacz do paznokci | nagelknipper | nagelknipser
derma roller | dermaroller | dermaroller | мезороллер | dermaroller | 더마롤러 | dermaroller | dermaroller | dermaroller
teeth whitening kit | kit blanchiment dentaire | kit blanqueamiento dental | набор для отбеливания зубов | kit clareamento dental | 치아미백 키트 | zestaw do wybielania zębów | tandenbleekset | zahnaufhellung set
lip gloss | gloss | brillo de labios | блеск для губ | gloss labial | 립글로스 | błyszczyk | lipgloss | lipgloss
eyeliner stamp | tampon eyeliner | sello delineador | штамп для стрелок | carimbo delineador | 아이라이너 스탬프 | stempel do kresek | eyeliner stempel | eyeliner stempel
brush cleaner | nettoyeur pinceaux | limpiador brochas | очиститель кистей | limpador de pincéis | 브러쉬 클리너 | czyścik do pędzli | kwastenreiniger | pinselreiniger
hair towel | serviette cheveux | toalla pelo | полотенце для волос | toalha de cabelo | 헤어 타월 | turban do włosów | haarhanddoek | haarturban
scalp massager | masseur cuir chevelu | masajeador capilar | массажер для головы | massageador capilar | 두피 마사지기 | masażer do głowy | hoofdhuid massageborstel | kopfhautmassagegerät
makeup sponge | éponge maquillage | esponja de maquillaje | спонж для макияжа | esponja maquiagem | 메이크업 스펀지 | gąbka do makijażu | make-up sponsje | make-up schwamm
building blocks | blocs de construction | bloques de construcción | конструктор | blocos de montar | 블록 장난감 | klocki konstrukcyjne | bouwstenen | bausteine
puzzle | puzzle | puzzle | пазлы | quebra cabeça | 퍼즐 | puzzle | puzzel | puzzle
fidget toys | jouets anti stress | juguetes antiestrés | антистресс игрушки | brinquedos anti stress | 피젯 장난감 | zabawki antystresowe | fidget speelgoed | fidget spielzeug
pop it | pop it | pop it | поп ит | pop it | 팝잇 | pop it | pop it | pop it
squishy toy | squishy | squishy | сквиш | squishy | 말랑이 | squishy | squishy | squishy
speed cube | cube magique | cubo mágico | кубик головоломка | cubo mágico | 큐브 퍼즐 | kostka logiczna | kubus puzzel | zauberwürfel
rc car | voiture télécommandée | coche teledirigido | машинка на радиоуправлении | carrinho de controle remoto | rc카 | samochód zdalnie sterowany | rc auto | ferngesteuertes auto
drone | drone | dron | квадрокоптер | drone | 드론 | dron | drone | drohne
plush toy | peluche | peluche | мягкая игрушка | pelúcia | 봉제인형 | maskotka | knuffel | plüschtier
doll | poupée | muñeca | кукла | boneca | 아기 인형 | lalka | pop | puppe
doll house | maison de poupée | casa de muñecas | кукольный домик | casa de bonecas | 인형의 집 | domek dla lalek | poppenhuis | puppenhaus
action figure | figurine | figura de acción | фигурка | boneco de ação | 액션 피규어 | figurka | actiefiguur | actionfigur
model kit | maquette | maqueta | сборная модель | kit de montar | 프라모델 | model do sklejania | modelbouwpakket | modellbausatz
diecast car | voiture miniature | coche a escala | машинка металлическая | miniatura carro | 다이캐스트 | model samochodu | modelauto | modellauto
slime kit | kit slime | kit slime | набор для слайма | kit slime | 슬라임 키트 | zestaw slime | slijm set | schleim set
drawing board | ardoise magique | pizarra mágica | планшет для рисования | lousa mágica | 드로잉 보드 | tablet do rysowania | tekenbord | zeichenbrett
magnetic tiles | jeu de construction magnétique | bloques magnéticos | магнитный конструктор | blocos magnéticos | 자석 블록 | klocki magnetyczne | magnetische tegels | magnetbausteine
wooden toys | jouets en bois | juguetes de madera | деревянные игрушки | brinquedos de madeira | 원목 장난감 | zabawki drewniane | houten speelgoed | holzspielzeug
baby rattle | hochet | sonajero | погремушка | chocalho | 딸랑이 | grzechotka | rammelaar | rassel
bath toys | jouets de bain | juguetes baño | игрушки для ванной | brinquedos de banho | 목욕 장난감 | zabawki do kąpieli | badspeelgoed | badespielzeug
kite | cerf-volant | cometa | воздушный змей | pipa | 연 | latawiec | vlieger | drachen
water gun | pistolet à eau | pistola de agua | водяной пистолет | pistola de água | 물총 | pistolet na wodę | waterpistool | wasserpistole
bubble machine | machine à bulles | máquina de burbujas | генератор мыльных пузырей | máquina de bolhas | 버블 머신 | maszyna do baniek | bellenblaasmachine | seifenblasenmaschine
board game | jeu de société | juego de mesa | настольная игра | jogo de tabuleiro | 보드게임 | gra planszowa | bordspel | brettspiel
card game | jeu de cartes | juego de cartas | карточная игра | jogo de cartas | 카드게임 | gra karciana | kaartspel | kartenspiel
magic tricks | tours de magie | trucos de magia | набор фокусов | truques de mágica | 마술 도구 | sztuczki magiczne | goocheltrucs | zaubertricks
science kit | kit scientifique | kit de ciencia | набор для опытов | kit de ciências | 과학 실험 키트 | zestaw naukowy | wetenschapsset | experimentierkasten
toy kitchen | cuisine jouet | cocinita juguete | детская кухня | cozinha de brinquedo | 소꿉놀이 주방 | kuchnia dla dzieci | speelgoedkeuken | spielküche
dinosaur toy | jouet dinosaure | dinosaurio juguete | игрушка динозавр | dinossauro de brinquedo | 공룡 장난감 | zabawka dinozaur | dinosaurus speelgoed | dinosaurier spielzeug
stuffed animal | animal en peluche | animal de peluche | плюшевая игрушка | bicho de pelúcia | 동물 인형 | pluszak | knuffeldier | kuscheltier
baby teether | anneau de dentition | mordedor bebé | прорезыватель | mordedor | 치발기 | gryzak | bijtring | beißring
balance bike | draisienne | bicicleta sin pedales | беговел | bicicleta de equilíbrio | 밸런스 바이크 | rowerek biegowy | loopfiets | laufrad
toy blocks | cubes jouets | cubos juguete | кубики | cubos de brinquedo | 쌓기 블록 | klocki dla dzieci | speelgoedblokken | bauklötze
sand toys | jouets de plage | juguetes de arena | игрушки для песочницы | brinquedos de areia | 모래놀이 | zabawki do piasku | zandspeelgoed | sandspielzeug
yo yo | yoyo | yoyó | йо-йо | ioiô | 요요 | jojo | jojo | jojo
anime figure | figurine anime | figura anime | аниме фигурка | boneco anime | 애니 피규어 | figurka anime | anime figuur | anime figur
resistance bands | bandes de résistance | bandas elásticas | резинки для фитнеса | faixa elástica exercício | 저항 밴드 | gumy oporowe | weerstandsbanden | widerstandsbänder
yoga mat | tapis de yoga | esterilla yoga | коврик для йоги | tapete de yoga | 요가 매트 | mata do jogi | yogamat | yogamatte
jump rope | corde à sauter | comba | скакалка | corda de pular | 줄넘기 | skakanka | springtouw | springseil
dumbbells | haltères | mancuernas | гантели | halteres | 덤벨 | hantle | dumbbells | hanteln
fitness tracker | bracelet connecté | pulsera de actividad | фитнес браслет | smartband | 스마트 밴드 | opaska sportowa | activity tracker | fitness tracker
cycling gloves | gants vélo | guantes ciclismo | велоперчатки | luva ciclismo | 자전거 장갑 | rękawiczki rowerowe | fietshandschoenen | fahrradhandschuhe
bike light | éclairage vélo | luz bicicleta | фонарь для велосипеда | farol bike | 자전거 라이트 | lampka rowerowa | fietslamp | fahrradlicht
bike phone mount | support téléphone vélo | soporte móvil bicicleta | держатель телефона на велосипед | suporte celular bike | 자전거 휴대폰 거치대 | uchwyt na telefon do roweru | telefoonhouder fiets | handyhalterung fahrrad
cycling jersey | maillot cyclisme | maillot ciclismo | велоджерси | camisa ciclismo | 자전거 져지 | koszulka rowerowa | fietsshirt | radtrikot
fishing lure | leurre pêche | señuelo pesca | приманка для рыбалки | isca artificial | 루어 | przynęta wędkarska | kunstaas | angelköder
fishing reel | moulinet | carrete pesca | катушка для рыбалки | molinete | 낚시 릴 | kołowrotek | vismolen | angelrolle
fishing line | fil de pêche | hilo de pesca | леска | linha de pesca | 낚싯줄 | żyłka | vislijn | angelschnur
camping lantern | lanterne camping | farol camping | кемпинговый фонарь | lanterna camping | 캠핑 랜턴 | lampa kempingowa | kampeerlamp | campinglampe
tent | tente | tienda de campaña | палатка | barraca | 텐트 | namiot | tent | zelt
sleeping bag | sac de couchage | saco de dormir | спальный мешок | saco de dormir | 침낭 | śpiwór | slaapzak | schlafsack
hiking backpack | sac à dos randonnée | mochila senderismo | туристический рюкзак | mochila trilha | 등산 배낭 | plecak turystyczny | wandelrugzak | wanderrucksack
trekking poles | bâtons de randonnée | bastones trekking | трекинговые палки | bastão de caminhada | 등산 스틱 | kije trekkingowe | wandelstokken | wanderstöcke
water bladder | poche à eau | bolsa de hidratación | питьевая система | bolsa de hidratação | 하이드레이션 팩 | bukłak | drinkzak | trinkblase
ski gloves | gants de ski | guantes de esquí | горнолыжные перчатки | luva de esqui | 스키 장갑 | rękawice narciarskie | skihandschoenen | skihandschuhe
ski goggles | masque de ski | gafas de esquí | горнолыжная маска | óculos de esqui | 스키 고글 | gogle narciarskie | skibril | skibrille
thermal underwear | sous vêtement thermique | ropa interior térmica | термобелье | roupa térmica | 내복 | bielizna termoaktywna | thermo ondergoed | thermounterwäsche
running belt | ceinture running | cinturón running | пояс для бега | pochete corrida | 러닝 벨트 | pas biegowy | hardloopriem | laufgürtel
knee support | genouillère | rodillera | наколенник | joelheira | 무릎 보호대 | stabilizator kolana | kniebrace | kniebandage
compression socks | chaussettes de compression | calcetines de compresión | компрессионные носки | meia de compressão | 압박 양말 | skarpety kompresyjne | compressiekousen | kompressionsstrümpfe
swimming goggles | lunettes de natation | gafas de natación | очки для плавания | óculos de natação | 수경 | okulary pływackie | zwembril | schwimmbrille
swim cap | bonnet de bain | gorro de natación | шапочка для плавания | touca de natação | 수모 | czepek pływacki | badmuts | badekappe
tennis racket | raquette de tennis | raqueta de tenis | теннисная ракетка | raquete de tênis | 테니스 라켓 | rakieta tenisowa | tennisracket | tennisschläger
badminton set | set badminton | set bádminton | набор для бадминтона | kit badminton | 배드민턴 세트 | zestaw do badmintona | badmintonset | federball set
golf balls | balles de golf | pelotas de golf | мячи для гольфа | bolas de golfe | 골프공 | piłki golfowe | golfballen | golfbälle
football | ballon de foot | balón de fútbol | футбольный мяч | bola de futebol | 축구공 | piłka nożna | voetbal | fußball
basketball | ballon de basket | balón de baloncesto | баскетбольный мяч | bola de basquete | 농구공 | piłka do koszykówki | basketbal | basketball
skateboard | skateboard | monopatín | скейтборд | skate | 스케이트보드 | deskorolka | skateboard | skateboard
roller skates | patins à roulettes | patines | роликовые коньки | patins | 롤러스케이트 | wrotki | rolschaatsen | rollschuhe
massage gun | pistolet de massage | pistola de masaje | массажный пистолет | pistola de massagem | 마사지건 | pistolet do masażu | massage gun | massagepistole
ab roller | roue abdominale | rueda abdominal | ролик для пресса | roda abdominal | 복근 롤러 | kółko do ćwiczeń | buikspierwiel | bauchroller
pull up bar | barre de traction | barra dominadas | турник | barra fixa | 철봉 | drążek do podciągania | optrekstang | klimmzugstange
""")

# Modifier concepts buyers add to a keyword. en: "phrase" and whether it goes before (p) or after (s) the
# keyword; other languages append it after the keyword (Korean puts it before). None = not used there.
CONCEPTS = _table("""
concept | en | pos | fr | es | ru | pt | ko | pl | nl | de
for_iphone | for iphone 16 | s | pour iphone 16 | para iphone 16 | для iphone 16 | para iphone 16 | 아이폰16용 | do iphone 16 | voor iphone 16 | für iphone 16
for_samsung | for samsung galaxy | s | pour samsung galaxy | para samsung galaxy | для samsung galaxy | para samsung galaxy | 갤럭시용 | do samsung galaxy | voor samsung galaxy | für samsung galaxy
magnetic | magnetic | p | magnétique | con imán | с магнитом | com ímã | 마그네틱 | z magnesem | magnetisch | magnetisch
shockproof | shockproof | p | antichoc | antigolpes | - | anti impacto | 충격방지 | - | schokbestendig | stoßfest
cute | cute | p | kawaii | kawaii | - | - | 귀여운 | - | schattig | süß
card | with card holder | s | porte carte | con tarjetero | с карманом для карт | com porta cartão | 카드수납 | z kieszenią na karty | met pasjeshouder | mit kartenfach
fast | fast charging | p | charge rapide | carga rápida | быстрая зарядка | carregamento rápido | 고속충전 | szybkie ładowanie | snelladen | schnellladen
typec | type c | s | type c | tipo c | type c | tipo c | c타입 | typ c | type c | typ c
w65 | 65w | p | 65w | 65w | 65w | 65w | 65w | 65w | 65w | 65w
w100 | 100w | p | 100w | 100w | 100w | 100w | 100w | 100w | 100w | 100w
mah | 20000mah | p | 20000mah | 20000mah | 20000mah | 20000mah | 20000mah | 20000mah | 20000mah | 20000mah
m2 | 2m | s | 2m | 2m | 2m | 2m | 2m | 2m | 2m | 2m
wireless | wireless | p | sans fil | - | - | sem fio | 무선 | - | draadloos | kabellos
car | for car | s | voiture | coche | для авто | carro | 차량용 | do samochodu | auto | auto
portable | portable | p | portable | portátil | - | portátil | 휴대용 | - | draagbaar | tragbar
mini | mini | p | mini | mini | мини | mini | 미니 | mini | mini | mini
women | women | s | femme | mujer | для женщин | - | 여성 | - | dames | damen
men | men | s | homme | hombre | для мужчин | - | 남성 | - | heren | herren
summer | summer | p | été | verano | лето | verão | 여름 | na lato | zomer | sommer
winter | winter | p | hiver | invierno | зима | inverno | 겨울 | na zimę | winter | winter
plus | plus size | p | grande taille | talla grande | больших размеров | plus size | 빅사이즈 | duże rozmiary | grote maten | große größen
y2k | y2k | p | y2k | y2k | y2k | y2k | y2k | y2k | y2k | y2k
elegant | elegant | p | chic | elegante | - | elegante | 우아한 | - | elegant | elegant
kids | for kids | s | enfant | para niños | для детей | infantil | 어린이 | dla dzieci | kinderen | kinder
baby | baby | p | bébé | bebé | для малышей | bebê | 아기 | dla niemowląt | baby | baby
gift | gift | s | cadeau | regalo | подарок | presente | 선물 | prezent | cadeau | geschenk
set | set | s | kit | kit | набор | kit | 세트 | zestaw | set | set
montessori | montessori | p | montessori | montessori | монтессори | montessori | 몬테소리 | montessori | montessori | montessori
electric | electric | p | électrique | - | - | - | 전동 | - | elektrisch | elektrisch
professional | professional | p | pro | profesional | - | profissional | 전문가용 | - | professioneel | profi
rechargeable | rechargeable | p | rechargeable | recargable | - | recarregável | 충전식 | - | oplaadbaar | akku
led | led | p | led | led | led | led | led | led | led | led
waterproof | waterproof | p | étanche | impermeable | - | à prova d'água | 방수 | - | waterdicht | wasserdicht
large | large | p | - | grande | - | grande | 대형 | - | groot | groß
kitchen | kitchen | p | cuisine | cocina | для кухни | cozinha | 주방 | do kuchni | keuken | küche
bathroom | bathroom | p | salle de bain | baño | для ванной | banheiro | 욕실 | do łazienki | badkamer | bad
christmas | christmas | p | noël | navidad | новый год | natal | 크리스마스 | na święta | kerst | weihnachten
outdoor | outdoor | p | extérieur | exterior | - | - | 야외 | - | buiten | outdoor
adjustable | adjustable | p | réglable | ajustable | - | ajustável | 조절 | - | verstelbaar | verstellbar
lightweight | lightweight | p | - | - | - | leve | 경량 | - | lichtgewicht | leicht
home | for home | s | maison | casa | для дома | casa | 가정용 | do domu | thuis | zuhause
anime | anime | p | anime | anime | аниме | anime | 애니 | anime | anime | anime
beginner | for beginners | s | débutant | principiantes | для начинающих | iniciante | 초보자용 | dla początkujących | beginners | anfänger
""")

# The world's one list of brand words (是否品牌原词): the platform flags a search term that uses one of
# them as a brand term, and a title may not claim them without authorisation. Compatibility wording
# ("for iPhone 16", "pour iphone 16", "아이폰16용") names a model the product fits, not a brand claim.
BRAND_WORDS = (
    "adidas", "airpods", "anker", "apple", "barbie", "baseus", "decathlon", "disney", "dji", "dyson", "huawei",
    "ikea", "iphone", "lego", "maybelline", "nike", "otterbox", "philips", "pokemon", "samsung", "shein", "xiaomi",
    "zara", "айфон", "самсунг", "갤럭시", "삼성", "아이폰", "에어팟", "샤오미",
)
# words that turn the brand after them into compatibility wording, per language
COMPAT_MARKERS = {"for", "pour", "para", "для", "do", "voor", "für", "fuer", "compatible", "compatível", "kompatybilny"}
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def brand_claims(text: str) -> list[str]:
    """Brand words that `text` uses as a brand (not as compatibility wording), in order of appearance.

    >>> brand_claims("Magnetic Phone Case for iPhone 16 Shockproof")
    []
    >>> brand_claims("iphone 16 case"), brand_claims("Anker Power Bank"), brand_claims("아이폰16용 케이스")
    (['iphone'], ['anker'], [])
    """
    tokens = _TOKEN.findall(str(text).lower())
    found = []
    for i, tok in enumerate(tokens):
        brand = _brand_of(tok)
        if brand is None:
            continue
        compat = tok.endswith("용") or (i >= 1 and tokens[i - 1] in COMPAT_MARKERS)
        # "for samsung galaxy": the model word after a compatible brand is compatibility wording too
        if not compat and i >= 2 and tokens[i - 2] in COMPAT_MARKERS and _brand_of(tokens[i - 1]):
            compat = True
        if not compat:
            found.append(brand)
    return found


def _brand_of(token: str) -> str | None:
    """The brand word a token is (iphone16, 아이폰16용 → iphone / 아이폰), else None."""
    core = token[:-1] if token.endswith("용") else token
    core = core.rstrip("0123456789")
    return core if core in BRAND_WORDS else None


def _phrases(text: str) -> dict:
    """key | lang | phrase // phrase … -> {key: {lang: [phrases]}}"""
    out: dict = {}
    for ln in text.strip().splitlines():
        if not ln.strip():
            continue
        key, lang, phrases = (c.strip() for c in ln.split("|", 2))
        out.setdefault(key, {})[lang] = [p.strip() for p in phrases.split("//")]
    return out


# Review sentences by topic and sentiment (+ / -). {days}: days the parcel took.
REVIEW_PHRASES = _phrases("""
整体评价+ | en | Great product, exactly what I needed. // Love it! Highly recommend. // Very happy with this purchase. // Perfect, will buy again.
整体评价+ | fr | Super produit, exactement ce qu'il me fallait. // Je recommande ! // Très contente de mon achat. // Parfait, je rachèterai.
整体评价+ | es | Muy buen producto, justo lo que necesitaba. // ¡Me encanta! Lo recomiendo. // Muy contenta con la compra. // Perfecto, volveré a comprar.
整体评价+ | ru | Отличный товар, то что нужно. // Всё супер, рекомендую! // Очень довольна покупкой. // Идеально, буду заказывать ещё.
整体评价+ | pt | Produto ótimo, exatamente o que eu precisava. // Amei! Recomendo. // Muito satisfeita com a compra. // Perfeito, vou comprar de novo.
整体评价+ | ko | 딱 필요했던 제품이에요. // 너무 좋아요! 추천합니다. // 구매 만족합니다. // 완벽해요, 재구매 의사 있어요.
整体评价+ | pl | Świetny produkt, dokładnie tego szukałam. // Polecam! // Jestem bardzo zadowolona z zakupu. // Idealny, kupię ponownie.
整体评价+ | nl | Top product, precies wat ik zocht. // Super blij mee, aanrader! // Erg tevreden met deze aankoop. // Perfect, ik bestel opnieuw.
整体评价+ | de | Tolles Produkt, genau was ich gesucht habe. // Super, klare Empfehlung! // Bin sehr zufrieden mit dem Kauf. // Perfekt, würde wieder kaufen.
质量+ | en | Good quality, feels solid. // Quality is better than expected.
质量+ | fr | Bonne qualité, bien solide. // Qualité meilleure que prévu.
质量+ | es | Buena calidad, se nota resistente. // La calidad es mejor de lo que esperaba.
质量+ | ru | Качество хорошее, крепкий. // Качество лучше, чем ожидала.
质量+ | pt | Boa qualidade, bem resistente. // Qualidade melhor do que eu esperava.
质量+ | ko | 품질 좋고 튼튼해요. // 생각보다 품질이 좋아요.
质量+ | pl | Dobra jakość, solidnie wykonany. // Jakość lepsza niż się spodziewałam.
质量+ | nl | Goede kwaliteit, voelt stevig aan. // Kwaliteit is beter dan verwacht.
质量+ | de | Gute Qualität, wirkt stabil. // Qualität besser als erwartet.
质量- | en | Poor quality, broke after a few days. // Feels cheap, the material is thin.
质量- | fr | Mauvaise qualité, cassé au bout de quelques jours. // Fait bas de gamme, matière très fine.
质量- | es | Mala calidad, se rompió a los pocos días. // Se ve barato, el material es muy fino.
质量- | ru | Плохое качество, сломался через пару дней. // Выглядит дёшево, материал тонкий.
质量- | pt | Qualidade ruim, quebrou em poucos dias. // Parece barato, material fino.
质量- | ko | 품질이 별로예요, 며칠 만에 고장났어요. // 싸구려 느낌이고 재질이 얇아요.
质量- | pl | Słaba jakość, zepsuł się po kilku dniach. // Wygląda tandetnie, cienki materiał.
质量- | nl | Slechte kwaliteit, na een paar dagen kapot. // Voelt goedkoop, dun materiaal.
质量- | de | Schlechte Qualität, nach ein paar Tagen kaputt. // Wirkt billig, das Material ist dünn.
物流+ | en | Fast shipping, arrived in {days} days. // Delivery was quicker than promised.
物流+ | fr | Livraison rapide, reçu en {days} jours. // Arrivé plus tôt que prévu.
物流+ | es | Envío rápido, llegó en {days} días. // Llegó antes de lo previsto.
物流+ | ru | Доставка быстрая, пришло за {days} дн. // Пришло раньше срока.
物流+ | pt | Entrega rápida, chegou em {days} dias. // Chegou antes do prazo.
物流+ | ko | 배송 빨라요, {days}일 만에 받았어요. // 예상보다 빨리 도착했어요.
物流+ | pl | Szybka dostawa, doszło w {days} dni. // Przyszło szybciej niż obiecano.
物流+ | nl | Snelle levering, binnen {days} dagen in huis. // Sneller geleverd dan beloofd.
物流+ | de | Schneller Versand, nach {days} Tagen da. // Schneller geliefert als angegeben.
物流- | en | Shipping took forever, {days} days. // Package arrived late and the tracking did not update.
物流- | fr | Livraison très longue, {days} jours. // Colis arrivé en retard, le suivi ne bougeait pas.
物流- | es | El envío tardó muchísimo, {days} días. // El paquete llegó tarde y el seguimiento no se actualizaba.
物流- | ru | Доставка очень долгая, {days} дн. // Посылка пришла поздно, трек не обновлялся.
物流- | pt | Demorou demais para chegar, {days} dias. // Chegou atrasado e o rastreio não atualizava.
物流- | ko | 배송이 너무 오래 걸렸어요, {days}일. // 늦게 도착했고 배송조회가 안 됐어요.
物流- | pl | Dostawa trwała wieki, {days} dni. // Paczka przyszła późno, śledzenie nie działało.
物流- | nl | Levering duurde eindeloos, {days} dagen. // Pakket kwam te laat en de track & trace werkte niet.
物流- | de | Versand hat ewig gedauert, {days} Tage. // Paket kam spät und die Sendungsverfolgung ging nicht.
描述相符+ | en | Exactly as described. // Looks just like the pictures.
描述相符+ | fr | Conforme à la description. // Identique aux photos.
描述相符+ | es | Tal como se describe. // Igual que en las fotos.
描述相符+ | ru | Полностью соответствует описанию. // Как на фото.
描述相符+ | pt | Igual à descrição. // Idêntico às fotos.
描述相符+ | ko | 설명이랑 똑같아요. // 사진이랑 똑같아요.
描述相符+ | pl | Zgodny z opisem. // Wygląda jak na zdjęciach.
描述相符+ | nl | Precies zoals beschreven. // Ziet eruit zoals op de foto's.
描述相符+ | de | Genau wie beschrieben. // Sieht aus wie auf den Bildern.
描述相符- | en | Not as described, the color is different. // Does not look like the photos at all.
描述相符- | fr | Pas conforme, la couleur est différente. // Rien à voir avec les photos.
描述相符- | es | No es como se describe, el color es distinto. // No se parece nada a las fotos.
描述相符- | ru | Не соответствует описанию, цвет другой. // Совсем не как на фото.
描述相符- | pt | Não é como na descrição, a cor é diferente. // Nada a ver com as fotos.
描述相符- | ko | 설명과 달라요, 색상이 달라요. // 사진이랑 완전 달라요.
描述相符- | pl | Niezgodny z opisem, inny kolor. // W ogóle nie jak na zdjęciach.
描述相符- | nl | Niet zoals beschreven, de kleur is anders. // Lijkt totaal niet op de foto's.
描述相符- | de | Nicht wie beschrieben, die Farbe ist anders. // Sieht überhaupt nicht aus wie auf den Fotos.
尺码+ | en | True to size, fits perfectly.
尺码+ | fr | Taille normalement, parfait.
尺码+ | es | La talla es correcta, me queda perfecto.
尺码+ | ru | Размер соответствует, сидит идеально.
尺码+ | pt | Tamanho certinho, serviu perfeitamente.
尺码+ | ko | 사이즈 딱 맞아요.
尺码+ | pl | Rozmiar zgodny, leży idealnie.
尺码+ | nl | Valt normaal, past perfect.
尺码+ | de | Passt genau, fällt normal aus.
尺码- | en | Runs small, order one size up. // Too big, the size chart is wrong.
尺码- | fr | Taille petit, prenez une taille au-dessus. // Trop grand, le guide des tailles est faux.
尺码- | es | Talla pequeño, pedid una talla más. // Muy grande, la tabla de tallas está mal.
尺码- | ru | Маломерит, берите на размер больше. // Слишком большой, размерная сетка неверная.
尺码- | pt | Veste pequeno, peça um número maior. // Ficou grande, a tabela de medidas está errada.
尺码- | ko | 작게 나와요, 한 치수 크게 주문하세요. // 너무 커요, 사이즈표가 틀려요.
尺码- | pl | Zaniżona rozmiarówka, bierzcie większy. // Za duże, tabela rozmiarów się nie zgadza.
尺码- | nl | Valt klein, bestel een maat groter. // Te groot, de maattabel klopt niet.
尺码- | de | Fällt klein aus, eine Nummer größer bestellen. // Zu groß, die Größentabelle stimmt nicht.
价格+ | en | Great value for the price.
价格+ | fr | Excellent rapport qualité-prix.
价格+ | es | Muy buena relación calidad-precio.
价格+ | ru | Отличное соотношение цены и качества.
价格+ | pt | Ótimo custo-benefício.
价格+ | ko | 가성비 최고예요.
价格+ | pl | Świetny stosunek jakości do ceny.
价格+ | nl | Prima prijs-kwaliteitverhouding.
价格+ | de | Super Preis-Leistungs-Verhältnis.
价格- | en | Too expensive for this quality. // Way overpriced, the same thing is half the price elsewhere.
价格- | fr | Trop cher pour cette qualité. // Bien trop cher, on trouve la même chose moitié prix ailleurs.
价格- | es | Demasiado caro para esta calidad. // Carísimo, lo mismo está a mitad de precio en otras tiendas.
价格- | ru | Слишком дорого для такого качества. // Сильно завышена цена, в других магазинах в два раза дешевле.
价格- | pt | Caro demais para essa qualidade. // Muito caro, o mesmo produto custa metade em outras lojas.
价格- | ko | 이 품질에 비해 너무 비싸요. // 다른 데서는 반값이에요, 너무 비싸요.
价格- | pl | Za drogo jak na tę jakość. // Zdecydowanie za drogo, gdzie indziej to samo za pół ceny.
价格- | nl | Te duur voor deze kwaliteit. // Veel te duur, elders is hetzelfde half zo duur.
价格- | de | Zu teuer für diese Qualität. // Viel zu teuer, woanders gibt es das für die Hälfte.
电池+ | en | Battery lasts a long time.
电池+ | fr | La batterie tient longtemps.
电池+ | es | La batería dura mucho.
电池+ | ru | Аккумулятор держит долго.
电池+ | pt | A bateria dura bastante.
电池+ | ko | 배터리가 오래가요.
电池+ | pl | Bateria trzyma długo.
电池+ | nl | Batterij gaat lang mee.
电池+ | de | Akku hält lange.
电池- | en | Battery drains really fast. // Stopped charging after two weeks.
电池- | fr | La batterie se vide très vite. // Ne charge plus au bout de deux semaines.
电池- | es | La batería se agota enseguida. // Dejó de cargar a las dos semanas.
电池- | ru | Батарея быстро садится. // Через две недели перестал заряжаться.
电池- | pt | A bateria descarrega muito rápido. // Parou de carregar depois de duas semanas.
电池- | ko | 배터리가 너무 빨리 닳아요. // 2주 만에 충전이 안 돼요.
电池- | pl | Bateria bardzo szybko się rozładowuje. // Po dwóch tygodniach przestał się ładować.
电池- | nl | Batterij is heel snel leeg. // Laadt na twee weken niet meer op.
电池- | de | Akku ist sehr schnell leer. // Lädt nach zwei Wochen nicht mehr.
包装+ | en | Well packed.
包装+ | fr | Bien emballé.
包装+ | es | Bien embalado.
包装+ | ru | Хорошо упаковано.
包装+ | pt | Bem embalado.
包装+ | ko | 포장이 꼼꼼해요.
包装+ | pl | Dobrze zapakowane.
包装+ | nl | Goed verpakt.
包装+ | de | Gut verpackt.
包装- | en | Box arrived damaged.
包装- | fr | Colis arrivé abîmé.
包装- | es | La caja llegó dañada.
包装- | ru | Коробка пришла помятая.
包装- | pt | A caixa chegou amassada.
包装- | ko | 박스가 찌그러져서 왔어요.
包装- | pl | Pudełko przyszło zgniecione.
包装- | nl | Doos kwam beschadigd aan.
包装- | de | Karton kam beschädigt an.
""")

# A buyer's first message to customer service, by issue type. Slots: {order} order number, {days} days
# waited, {variant} what was ordered, {height}/{kg} body size, {fee} what was paid at the door, {model} a phone.
TICKET_PHRASES = _phrases("""
物流查询 | en | Hi, where is my order {order}? Tracking has not updated for {days} days. // when will my package arrive?? // Tracking number not working pls help
物流查询 | fr | Bonjour, où en est ma commande {order} ? Le suivi ne bouge plus depuis {days} jours. // Quand est-ce que mon colis arrive ? // Le numéro de suivi ne marche pas, aidez-moi svp
物流查询 | es | Hola, ¿dónde está mi pedido {order}? El seguimiento no se actualiza desde hace {days} días. // ¿Cuándo llega mi paquete? // El número de seguimiento no funciona, ayuda por favor
物流查询 | ru | Здравствуйте, где мой заказ {order}? Трек не обновляется уже {days} дн. // Когда придёт посылка? // Трек-номер не отслеживается, помогите пожалуйста
物流查询 | pt | Olá, cadê meu pedido {order}? O rastreio não atualiza há {days} dias. // Quando meu pacote vai chegar? // O código de rastreio não funciona, me ajudem por favor
物流查询 | ko | 안녕하세요, 주문 {order} 어디쯤 왔나요? {days}일째 배송조회가 안 돼요. // 택배 언제 도착해요? // 운송장 번호 조회가 안 돼요 도와주세요
物流查询 | pl | Dzień dobry, gdzie jest moje zamówienie {order}? Śledzenie nie zmienia się od {days} dni. // Kiedy dotrze paczka? // Numer przesyłki nie działa, proszę o pomoc
物流查询 | nl | Hallo, waar is mijn bestelling {order}? De track & trace staat al {days} dagen stil. // Wanneer komt mijn pakket? // Trackingnummer werkt niet, help aub
物流查询 | de | Hallo, wo ist meine Bestellung {order}? Die Sendungsverfolgung steht seit {days} Tagen. // Wann kommt mein Paket? // Trackingnummer funktioniert nicht, bitte helfen
未收到货 | en | I still have not received my parcel, it has been {days} days. // Tracking says delivered but I got nothing!! // Order {order} never arrived. I want a refund.
未收到货 | fr | Je n'ai toujours pas reçu mon colis, ça fait {days} jours. // Le suivi dit livré mais je n'ai rien reçu ! // Commande {order} jamais arrivée, je veux un remboursement.
未收到货 | es | Todavía no he recibido mi paquete, ya van {days} días. // Pone entregado pero no me ha llegado nada!! // El pedido {order} nunca llegó. Quiero el reembolso.
未收到货 | ru | Посылку так и не получила, прошло уже {days} дн. // Пишет вручено, но я ничего не получала! // Заказ {order} не пришёл. Верните деньги.
未收到货 | pt | Ainda não recebi meu pacote, já faz {days} dias. // Consta como entregue mas não recebi nada!! // O pedido {order} nunca chegou. Quero reembolso.
未收到货 | ko | {days}일이 지났는데 아직 택배를 못 받았어요. // 배송완료로 뜨는데 받은 게 없어요!! // 주문 {order} 안 왔어요. 환불해 주세요.
未收到货 | pl | Nadal nie dostałam paczki, minęło już {days} dni. // Status dostarczono, a nic nie przyszło! // Zamówienie {order} nie dotarło. Proszę o zwrot pieniędzy.
未收到货 | nl | Ik heb mijn pakket nog steeds niet, al {days} dagen. // Er staat bezorgd maar ik heb niks ontvangen!! // Bestelling {order} is nooit aangekomen. Ik wil mijn geld terug.
未收到货 | de | Ich habe mein Paket immer noch nicht, schon {days} Tage. // Laut Tracking zugestellt, aber hier ist nichts angekommen!! // Bestellung {order} ist nie angekommen. Ich möchte mein Geld zurück.
货不对版 | en | The color is different from the picture. // I ordered {variant} but received a different one. // the item looks much cheaper than in the photos
货不对版 | fr | La couleur n'est pas celle de la photo. // J'ai commandé {variant} et j'ai reçu autre chose. // l'article fait beaucoup plus bas de gamme que sur les photos
货不对版 | es | El color no es el de la foto. // Pedí {variant} y me llegó otra cosa. // el artículo parece mucho más barato que en las fotos
货不对版 | ru | Цвет не как на фото. // Заказывала {variant}, а пришло другое. // товар выглядит гораздо дешевле чем на фото
货不对版 | pt | A cor é diferente da foto. // Pedi {variant} e veio outra coisa. // o produto parece bem mais barato do que nas fotos
货不对版 | ko | 사진이랑 색상이 달라요. // {variant}로 주문했는데 다른 게 왔어요. // 사진보다 훨씬 싸구려 같아요
货不对版 | pl | Kolor inny niż na zdjęciu. // Zamówiłam {variant}, a przyszło coś innego. // produkt wygląda dużo taniej niż na zdjęciach
货不对版 | nl | De kleur is anders dan op de foto. // Ik heb {variant} besteld maar iets anders gekregen. // het product ziet er veel goedkoper uit dan op de foto's
货不对版 | de | Die Farbe ist anders als auf dem Bild. // Ich habe {variant} bestellt und etwas anderes bekommen. // der Artikel wirkt viel billiger als auf den Fotos
尺码 | en | Which size should I choose? I am {height} cm and {kg} kg. // The item is too small, the size chart is wrong. // size M or L?
尺码 | fr | Quelle taille choisir ? Je fais {height} cm et {kg} kg. // C'est trop petit, le guide des tailles est faux. // taille M ou L ?
尺码 | es | ¿Qué talla me pido? Mido {height} cm y peso {kg} kg. // Me queda pequeño, la tabla de tallas está mal. // ¿talla M o L?
尺码 | ru | Какой размер выбрать? Рост {height} см, вес {kg} кг. // Маломерит, размерная сетка неправильная. // размер M или L?
尺码 | pt | Qual tamanho devo escolher? Tenho {height} cm e {kg} kg. // Ficou pequeno, a tabela de medidas está errada. // tamanho M ou G?
尺码 | ko | 사이즈 뭐로 해야 돼요? 키 {height}cm 몸무게 {kg}kg이에요. // 너무 작아요, 사이즈표가 틀려요. // M이랑 L 중에 뭐가 맞아요?
尺码 | pl | Jaki rozmiar wybrać? Mam {height} cm i {kg} kg. // Za małe, tabela rozmiarów jest zła. // rozmiar M czy L?
尺码 | nl | Welke maat moet ik nemen? Ik ben {height} cm en {kg} kg. // Het is te klein, de maattabel klopt niet. // maat M of L?
尺码 | de | Welche Größe soll ich nehmen? Ich bin {height} cm und {kg} kg. // Zu klein, die Größentabelle stimmt nicht. // Größe M oder L?
退换货 | en | I want to return this item, how do I do it? // Can I exchange it for another color? // how to return?? the product is defective
退换货 | fr | Je veux retourner cet article, comment faire ? // Est-ce que je peux l'échanger contre une autre couleur ? // comment faire un retour ?? le produit est défectueux
退换货 | es | Quiero devolver este artículo, ¿cómo lo hago? // ¿Puedo cambiarlo por otro color? // ¿cómo lo devuelvo? el producto viene defectuoso
退换货 | ru | Хочу вернуть товар, как это сделать? // Можно обменять на другой цвет? // как оформить возврат?? товар бракованный
退换货 | pt | Quero devolver este produto, como faço? // Posso trocar por outra cor? // como devolvo?? o produto veio com defeito
退换货 | ko | 반품하고 싶은데 어떻게 하나요? // 다른 색상으로 교환 가능한가요? // 불량이에요 반품 어떻게 해요??
退换货 | pl | Chcę zwrócić ten produkt, jak to zrobić? // Czy mogę wymienić na inny kolor? // jak zrobić zwrot?? produkt jest wadliwy
退换货 | nl | Ik wil dit artikel retourneren, hoe werkt dat? // Kan ik het ruilen voor een andere kleur? // hoe retourneer ik?? het product is defect
退换货 | de | Ich möchte den Artikel zurückschicken, wie geht das? // Kann ich ihn gegen eine andere Farbe umtauschen? // wie funktioniert die Rücksendung?? das Produkt ist defekt
关税 | en | Why do I have to pay customs tax for this order? // The courier asks for import duty, is it not included? // I had to pay {fee} extra at delivery!!
关税 | fr | Pourquoi je dois payer des frais de douane pour cette commande ? // Le transporteur me demande des frais d'importation, ce n'était pas inclus ? // J'ai dû payer {fee} de plus à la livraison !!
关税 | es | ¿Por qué tengo que pagar aduana por este pedido? // El mensajero me pide impuestos de importación, ¿no estaban incluidos? // ¡¡Tuve que pagar {fee} más al recibirlo!!
关税 | ru | Почему я должна платить таможенную пошлину за этот заказ? // Курьер требует оплатить пошлину, разве она не включена? // Пришлось доплатить {fee} при получении!!
关税 | pt | Por que tenho que pagar imposto de importação neste pedido? // A transportadora está cobrando taxa, não estava incluída? // Tive que pagar {fee} a mais na entrega!!
关税 | ko | 이 주문 관세를 왜 내야 하나요? // 택배사에서 관부가세를 내라는데 포함 아니었나요? // 받을 때 {fee} 더 냈어요!!
关税 | pl | Dlaczego mam płacić cło za to zamówienie? // Kurier każe dopłacić podatek, nie był wliczony? // Musiałam dopłacić {fee} przy odbiorze!!
关税 | nl | Waarom moet ik invoerrechten betalen voor deze bestelling? // De bezorger vraagt invoerkosten, zat dat er niet bij in? // Ik moest {fee} bijbetalen bij bezorging!!
关税 | de | Warum muss ich für diese Bestellung Zoll zahlen? // Der Paketdienst verlangt Einfuhrabgaben, war das nicht enthalten? // Musste bei Lieferung {fee} nachzahlen!!
产品咨询 | en | Is this compatible with {model}? // Is this in stock? Do you ship to my country? // What are the exact dimensions? // Is the material safe for kids?
产品咨询 | fr | C'est compatible avec {model} ? // Vous l'avez en stock ? Vous livrez en France ? // Quelles sont les dimensions exactes ? // La matière est sans danger pour les enfants ?
产品咨询 | es | ¿Es compatible con {model}? // ¿Hay stock? ¿Hacen envíos a mi país? // ¿Cuáles son las medidas exactas? // ¿El material es seguro para niños?
产品咨询 | ru | Подходит для {model}? // Есть в наличии? Доставка в Россию есть? // Какие точные размеры? // Материал безопасен для детей?
产品咨询 | pt | É compatível com {model}? // Tem em estoque? Entrega no Brasil? // Quais são as medidas exatas? // O material é seguro para crianças?
产品咨询 | ko | {model} 호환되나요? // 재고 있나요? 한국 배송 되나요? // 정확한 사이즈가 어떻게 되나요? // 아이가 써도 안전한 소재인가요?
产品咨询 | pl | Czy pasuje do {model}? // Jest na stanie? Wysyłacie do Polski? // Jakie są dokładne wymiary? // Czy materiał jest bezpieczny dla dzieci?
产品咨询 | nl | Is dit geschikt voor {model}? // Is dit op voorraad? Verzenden jullie naar Nederland? // Wat zijn de exacte afmetingen? // Is het materiaal veilig voor kinderen?
产品咨询 | de | Passt das für {model}? // Ist das auf Lager? Liefert ihr nach Deutschland? // Wie sind die genauen Maße? // Ist das Material sicher für Kinder?
""")
# what a buyer pays at the door, in the money they think in
LOCAL_MONEY = {"en": "${x:.0f}", "fr": "{x:.0f} €", "es": "{x:.0f} €", "ru": "{x:.0f} €", "pt": "R$ {x:.0f}", "ko": "{x:.0f}달러",
               "pl": "{x:.0f} zł", "nl": "{x:.0f} euro", "de": "{x:.0f} Euro"}
GREETINGS = {"en": ["Hello", "Hi", "hey"], "fr": ["Bonjour", "Salut"], "es": ["Hola", "Buenas"], "ru": ["Здравствуйте", "Добрый день"],
             "pt": ["Olá", "Oi", "Bom dia"], "ko": ["안녕하세요"], "pl": ["Dzień dobry", "Cześć"], "nl": ["Hallo", "Hoi"],
             "de": ["Hallo", "Guten Tag"]}
EMOJIS = ["🙏", "😡", "😊", "😢", "👍", "❤️", "🤔"]
