"""The starting banned-word lists, loaded into the admin-editable lists by a migration.

Dictionary forms: Russian entries are expanded to all their inflected forms.
"stem*" matches words beginning with the stem; entries with spaces are phrases.

Derivatives and spellings are listed rather than guessed (issue 16, item 9):
a stem is made a "stem*" only where no ordinary word begins with it, and the
slogans are listed in both scripts, since a reader who is refused "зиг хайль"
types "zig heil" next. Misspellings the normaliser undoes ("fvck", "ид1от",
"х*й") are not listed: see words.py.
"""

RUSSIAN = """
идиот идиотка дурак дура дебил дебилка кретин кретинка имбецил олигофрен даун урод уродина мразь тварь
сволочь падла падаль подонок ублюдок выродок скотина быдло чмо лох лошара гнида гад гадина паскуда
шлюха проститутка шалава потаскуха курва сука сучка сучара
хуй хуйня хуйло хуев хуевый хуесос пизда пиздец пиздеть пиздёж пиздабол
блядь бля блять блядина блядский ебать ебаный ёбаный ебанутый ебанат ебло ебала ебучий заебать заебал
выебать наебать отъебаться уебок уёбок уебан долбоеб долбоёб мудак мудила мудозвон пидор пидорас пидарас педик
говно говнюк засранец жопа залупа манда хер херня
жид жидовка хохол хохлушка чурка чурбан хач хачик черножопый нерусь нигер
пизд* ебан* ебну* хуе* хуё* охуе* охуи* нахуй похуй
идиотский идиотизм идиотина дурацкий дебильный кретинский уродский мразота сволочной ублюдочный гнидовский
гондон гандон педераст пидр пидар пидорасина мудачье мудачок долбаеб далбаеб долбоящер еблан ебанько
хуета хуило нахуя нихуя похую похуист писдец пездец пиздос выблядок шлюшка жидяра жидовский
хуй* бляд* выбляд* заеб* наеб* выеб* уеб* съеб* проеб* разъеб* долбоеб* долбаеб* пидор* пидар* мудач* пизж*
зига зиговать зигануть
сиг хайль
зиг хаиль
хаиль гитлер
смерть хохлам
смерть хачам
смерть чуркам
бей хачей
бей хохлов
бей чурок
москва для русских
уайт пауэр
вайт пауэр
зиг хайль
хайль гитлер
слава гитлеру
смерть жидам
бей жидов
россия для русских
""".split("\n")

ENGLISH = """
idiot moron imbecile cretin retard dumbass jackass dipshit
fuck fucker motherfucker fuckhead fuckwit shit shithead bullshit bitch bastard asshole arsehole
cunt dickhead twat wanker prick whore slut skank scumbag
faggot fag nigger nigga kike spic chink tranny
fuck* motherfuck*
fck fuk fcuk phuck fuq dumbfuck clusterfuck cocksucker dickwad douchebag asshat asswipe biatch
blyad blyat pizdec pizdets pizda nahuy mudak pidor pidoras eblan zaebal debil
zig heil
zig hail
sieg hail
zieg heil
heil gitler
hail gitler
slava gitleru
smert zhidam
bei zhidov
rossiya dlya russkih
white pride
white pride world wide
gas the kikes
jews will not replace us
sieg heil
heil hitler
white power
gas the jews
kill all jews
1488
""".split("\n")


def default_entries() -> list[tuple[str, str]]:
    """(language, entry) pairs: phrases one per line, single words split on spaces."""
    entries = []
    for language, block in (("ru", RUSSIAN), ("en", ENGLISH)):
        for line in block:
            line = line.strip()
            if not line:
                continue
            words = line.split()
            # A line of one lowercase word per space is a list; a short line of two
            # or three words that reads as a slogan is a phrase.
            if line in PHRASES:
                entries.append((language, line))
            else:
                entries.extend((language, word) for word in words)
    return entries


PHRASES = {
    "зиг хайль", "хайль гитлер", "слава гитлеру", "смерть жидам", "бей жидов", "россия для русских",
    "сиг хайль", "зиг хаиль", "хаиль гитлер", "смерть хохлам", "смерть хачам", "смерть чуркам",
    "бей хачей", "бей хохлов", "бей чурок", "москва для русских", "уайт пауэр", "вайт пауэр",
    "sieg heil", "heil hitler", "white power", "gas the jews", "kill all jews",
    # Latin spellings of the same slogans, as readers type them to slip past the Cyrillic ones.
    "zig heil", "zig hail", "sieg hail", "zieg heil", "heil gitler", "hail gitler", "slava gitleru",
    "smert zhidam", "bei zhidov", "rossiya dlya russkih", "white pride", "white pride world wide",
    "gas the kikes", "jews will not replace us",
}


# Forms of listed words that are, far more often, something else. Never
# matched alone (phrases still use them): "цены падали" is the verb, not "падаль".
ORDINARY_HOMONYMS = frozenset({"падали"})
# Forms that are also surnames ("министр Хохлов", "Юрий Чурбанов"): matched
# unless written with a capital inside a sentence, as a name is.
SURNAME_HOMONYMS = frozenset({"хохлов", "чурбанов", "дураков", "жидов"})
