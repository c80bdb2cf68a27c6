"""Latin spellings of common names, as registration desks write them ([R2]).

Domain data, not demo data: ``names.propose_latin`` proposes the first spelling of a
name typed in its own script, and the synthetic generator (``app.synthetic``) draws
children's names from the same pools. The first spelling of each name is the common
form used in UNHCR and EU registration practice; the others are spellings seen in
practice. Pools are per origin: given names male / female, and family names.
"""

from __future__ import annotations

# (original script, Latin spellings).
Pool = tuple[tuple[str, tuple[str, ...]], ...]

ARABIC_MALE: Pool = (
    ("محمد", ("Mohammed", "Muhammad", "Mohamed", "Mohamad")),
    ("أحمد", ("Ahmad", "Ahmed")),
    ("علي", ("Ali", "Aly")),
    ("عمر", ("Omar", "Umar")),
    ("يوسف", ("Yusuf", "Youssef", "Yousef")),
    ("خالد", ("Khaled", "Khalid")),
    ("حسن", ("Hassan", "Hasan")),
    ("حسين", ("Hussein", "Hussain", "Husein")),
    ("إبراهيم", ("Ibrahim", "Ebrahim")),
    ("مصطفى", ("Mustafa", "Moustafa", "Mostafa")),
    ("عبد الله", ("Abdullah", "Abdallah", "Abd Allah")),
    ("عبد الرحمن", ("Abdulrahman", "Abdel Rahman", "Abd al-Rahman")),
    ("كريم", ("Karim", "Kareem")),
    ("ماهر", ("Maher", "Mahir")),
    ("طارق", ("Tarek", "Tariq")),
    ("زياد", ("Ziad", "Ziyad")),
    ("وائل", ("Wael", "Wail")),
    ("باسل", ("Basel", "Basil")),
    ("جمال", ("Jamal", "Gamal")),
    ("سليم", ("Salim", "Selim")),
    ("ياسر", ("Yasser", "Yaser")),
    ("محمود", ("Mahmoud", "Mahmud")),
    ("رامي", ("Rami", "Ramy")),
    ("فراس", ("Firas", "Feras")),
)
ARABIC_FEMALE: Pool = (
    ("فاطمة", ("Fatima", "Fatma")),
    ("مريم", ("Maryam", "Mariam")),
    ("سارة", ("Sara", "Sarah")),
    ("هبة", ("Heba", "Hiba")),
    ("ليلى", ("Layla", "Leila")),
    ("نور", ("Nour", "Noor")),
    ("رنا", ("Rana",)),
    ("آية", ("Aya", "Ayah")),
)
ARABIC_FAMILY: Pool = (
    ("الأحمد", ("Al-Ahmad", "Alahmad")),
    ("الحسن", ("Al-Hassan", "Alhasan")),
    ("حداد", ("Haddad", "Hadad")),
    ("خليل", ("Khalil", "Khaleel")),
    ("الشامي", ("Al-Shami", "Alshami")),
    ("العلي", ("Al-Ali", "Alali")),
    ("سليمان", ("Suleiman", "Sulaiman", "Soliman")),
    ("درويش", ("Darwish", "Darwich")),
    ("الخطيب", ("Al-Khatib", "Alkhateeb")),
    ("منصور", ("Mansour", "Mansur")),
    ("عثمان", ("Othman", "Osman", "Uthman")),
    ("النجار", ("Al-Najjar", "Najar")),
    ("قاسم", ("Qasim", "Kassem", "Kasim")),
    ("حمدان", ("Hamdan",)),
    ("زيدان", ("Zidan", "Zeidan")),
    ("الحمصي", ("Al-Homsi", "Alhomsi")),
    ("عبد العزيز", ("Abdelaziz", "Abdul Aziz")),
    ("السيد", ("El-Sayed", "Elsayed")),
    ("فرج", ("Farag", "Faraj")),
    ("رمضان", ("Ramadan", "Ramazan")),
)
AFGHAN_MALE: Pool = (
    ("احمد", ("Ahmad", "Ahmed")),
    ("محمد", ("Mohammad", "Mohammed")),
    ("علی", ("Ali",)),
    ("حسین", ("Hussain", "Hossein", "Husain")),
    ("رحیم", ("Rahim", "Raheem")),
    ("جاوید", ("Jawid", "Javed", "Javid")),
    ("فرید", ("Farid", "Fareed")),
    ("نوید", ("Navid", "Naveed", "Nawid")),
    ("ګل", ("Gul", "Gol")),
    ("شفیق", ("Shafiq", "Shafik")),
    ("ذبیح الله", ("Zabihullah", "Zabiullah")),
    ("نجیب", ("Najib", "Najeeb")),
    ("حمید", ("Hamid", "Hameed")),
    ("مرتضی", ("Murtaza", "Mortaza")),
    ("عارف", ("Arif", "Aref")),
    ("ولی", ("Wali", "Vali")),
    ("سهراب", ("Sohrab", "Suhrab")),
    ("ادریس", ("Idris", "Edris")),
)
AFGHAN_FEMALE: Pool = (
    ("زرمینه", ("Zarmina", "Zarmeena")),
    ("پروین", ("Parwin", "Parveen")),
    ("ملالی", ("Malalai", "Malalay")),
    ("شکیلا", ("Shakila", "Shakeela")),
)
AFGHAN_FAMILY: Pool = (
    ("احمدی", ("Ahmadi",)),
    ("رحیمی", ("Rahimi", "Raheemi")),
    ("کریمی", ("Karimi", "Kareemi")),
    ("حیدری", ("Haidari", "Heydari", "Haydari")),
    ("محمدی", ("Mohammadi", "Muhammadi")),
    ("نوری", ("Noori", "Nouri")),
    ("صافی", ("Safi",)),
    ("پوپلزی", ("Popalzai", "Popalzay")),
    ("عزیزی", ("Azizi",)),
    ("هاشمی", ("Hashimi", "Hashemi")),
    ("یوسفزی", ("Yousafzai", "Yusufzai")),
    ("امیری", ("Amiri",)),
    ("حسینی", ("Hosseini", "Husaini")),
    ("وردک", ("Wardak", "Vardak")),
)
TIGRINYA_MALE: Pool = (
    ("ተስፋይ", ("Tesfay", "Tesfaye", "Tesfai")),
    ("ኣማኑኤል", ("Amanuel", "Amanual")),
    ("ዮናስ", ("Yonas", "Jonas")),
    ("ዮሃንስ", ("Yohannes", "Yohanes")),
    ("ሙሴ", ("Musie", "Muse")),
    ("ሮቤል", ("Robel",)),
    ("ዳዊት", ("Dawit", "Dawet")),
    ("ሄኖክ", ("Henok", "Henock")),
    ("ኣብርሃም", ("Abraham", "Abrham")),
    ("ፊልሞን", ("Filmon", "Philemon")),
)
TIGRINYA_FEMALE: Pool = (
    ("ሰላም", ("Selam", "Salam")),
    ("ሳባ", ("Saba",)),
    ("ሄለን", ("Helen", "Hellen")),
    ("ፍዮሪ", ("Fiori", "Fyori")),
)
TIGRINYA_FAMILY: Pool = (  # the father's name, then the grandfather's
    ("ሃይለ", ("Haile", "Hayle")),
    ("ብርሃነ", ("Berhane", "Birhane")),
    ("ኪዳነ", ("Kidane", "Kidanie")),
    ("ፍሰሃ", ("Fisseha", "Fsaha")),
    ("ገብረ", ("Gebre", "Ghebre")),
    ("መሓሪ", ("Mehari", "Mehary")),
    ("ተኽለ", ("Tekle", "Teklay")),
    ("ወልደ", ("Welde", "Wolde")),
    ("ገብረሂወት", ("Gebrehiwet", "Ghebrehiwet")),
    ("ሰመረ", ("Semere", "Semre")),
)
SOMALI_MALE: Pool = (
    ("Maxamed", ("Mohamed", "Mohammed")),
    ("Cabdi", ("Abdi",)),
    ("Xasan", ("Hassan", "Hasan")),
    ("Cali", ("Ali",)),
    ("Axmed", ("Ahmed", "Ahmad")),
    ("Yuusuf", ("Yusuf", "Yousuf")),
    ("Faarax", ("Farah", "Faarah")),
    ("Ismaaciil", ("Ismail", "Ismaaiil")),
    ("Cumar", ("Omar", "Umar")),
    ("Cabdiraxmaan", ("Abdirahman", "Abdirahmaan")),
)
SOMALI_FEMALE: Pool = (
    ("Fadumo", ("Fatuma", "Faduma")),
    ("Hodan", ("Hodan",)),
    ("Khadro", ("Khadra",)),
    ("Sahra", ("Sahara", "Zahra")),
)
SOMALI_FAMILY: Pool = (
    *SOMALI_MALE,
    ("Nuur", ("Nur", "Noor")),
    ("Warsame", ("Warsame", "Warsameh")),
    ("Jaamac", ("Jama", "Jamac")),
    ("Diiriye", ("Dirie", "Diriye")),
)
UKRAINIAN_MALE: Pool = (
    ("Олександр", ("Oleksandr", "Olexandr", "Aleksandr")),
    ("Дмитро", ("Dmytro", "Dmitro")),
    ("Андрій", ("Andrii", "Andriy")),
    ("Максим", ("Maksym", "Maxim")),
    ("Іван", ("Ivan",)),
    ("Артем", ("Artem", "Artyom")),
)
UKRAINIAN_FEMALE: Pool = (
    ("Анна", ("Anna", "Hanna")),
    ("Софія", ("Sofiia", "Sofia")),
    ("Марія", ("Mariia", "Maria")),
)
UKRAINIAN_FAMILY: Pool = (
    ("Коваленко", ("Kovalenko",)),
    ("Шевченко", ("Shevchenko", "Sevcenko")),
    ("Бондаренко", ("Bondarenko",)),
    ("Ткаченко", ("Tkachenko", "Tkacenko")),
    ("Мельник", ("Melnyk", "Melnik")),
    ("Кравченко", ("Kravchenko",)),
    ("Поліщук", ("Polishchuk", "Polischuk")),
)
GUINEAN_MALE: Pool = (
    ("Mamadou", ("Mamadu", "Mamadou")),
    ("Alpha", ("Alfa",)),
    ("Ibrahima", ("Ibrahim", "Ibrahima")),
    ("Ousmane", ("Usman", "Ousman")),
    ("Abdoulaye", ("Abdulaye", "Abdoulay")),
    ("Amadou", ("Ahmadou", "Amadu")),
    ("Sekou", ("Sékou", "Sekuo")),
)
GUINEAN_FEMALE: Pool = (
    ("Fatoumata", ("Fatumata", "Fatimata")),
    ("Aissatou", ("Aïssatou", "Aisatu")),
    ("Mariama", ("Mariam",)),
)
GUINEAN_FAMILY: Pool = (
    ("Diallo", ("Jallow", "Djalo")),
    ("Bah", ("Ba",)),
    ("Barry", ("Bari",)),
    ("Camara", ("Kamara",)),
    ("Sow", ("Sou",)),
    ("Sylla", ("Sila",)),
    ("Condé", ("Conde", "Konde")),
    ("Keïta", ("Keita",)),
)

# Names with a common spelling to propose that the synthetic generator does not draw
# (kept out of its pools so that seeded synthetic data stays the same).
PROPOSAL_ONLY: Pool = (
    ("سلمى", ("Salma",)),
    ("أمل", ("Amal",)),
)


ALL_POOLS: tuple[Pool, ...] = (
    ARABIC_MALE,
    ARABIC_FEMALE,
    ARABIC_FAMILY,
    AFGHAN_MALE,
    AFGHAN_FEMALE,
    AFGHAN_FAMILY,
    TIGRINYA_MALE,
    TIGRINYA_FEMALE,
    TIGRINYA_FAMILY,
    SOMALI_MALE,
    SOMALI_FEMALE,
    SOMALI_FAMILY,
    UKRAINIAN_MALE,
    UKRAINIAN_FEMALE,
    UKRAINIAN_FAMILY,
    GUINEAN_MALE,
    GUINEAN_FEMALE,
    GUINEAN_FAMILY,
    PROPOSAL_ONLY,
)
