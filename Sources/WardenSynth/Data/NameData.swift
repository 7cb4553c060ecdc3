/// Name lists by cultural background, with rough London frequencies.
///
/// Format: "Name:weight" separated by commas. Surnames may carry a feminine form
/// ("Kowalski/Kowalska:30") and a native-script form ("Li=李:60"). Every name is
/// a common one; every combination the generator makes is synthetic.
enum NameData {
    struct CultureSpec {
        let key: String
        let weight: Int
        let surnames: String
        let male: String
        let female: String
        let maleOld: String
        let femaleOld: String
        /// Middle names for men and women ("" = none), with the share of people who have one.
        let middleMale: String
        let middleFemale: String
        let middleShare: Double
        /// Share of wives who take the husband's surname.
        let wifeTakesName: Double
        /// Family name is written first in the home convention (Chinese, Vietnamese).
        let familyFirst: Bool
        /// Women's surname is independent of the husband's (Bangladeshi Begum, Sikh Kaur).
        let femaleSurnames: String
    }

    static let cultures: [CultureSpec] = [
        CultureSpec(
            key: "british", weight: 380,
            surnames: "Smith:120,Jones:90,Williams:75,Brown:65,Taylor:60,Davies:50,Wilson:45,Evans:40,Thomas:40,Johnson:40,Roberts:35,Robinson:30,Thompson:30,Wright:30,Walker:28,White:28,Edwards:25,Hughes:25,Green:25,Hall:25,Lewis:25,Harris:25,Clarke:25,Jackson:24,Wood:22,Turner:22,Martin:22,Cooper:22,Hill:22,Ward:22,Morris:20,Moore:20,Clark:20,Lee:20,King:20,Baker:20,Harrison:18,Morgan:18,Allen:18,James:18,Scott:18,Phillips:17,Watson:17,Davis:17,Parker:16,Price:16,Bennett:16,Young:16,Griffiths:15,Mitchell:15,Kelly:15,Cook:15,Carter:15,Richardson:15,Bailey:14,Collins:14,Bell:14,Shaw:14,Murphy:14,Miller:14,Cox:13,Richards:13,Marshall:12,Simpson:12,Ellis:12,Adams:12,Campbell:14,Francis:10,Grant:10,Gordon:10,O'Brien:10,O'Connor:8,McCarthy:8,Fitzgerald:6,Doyle:6,Walsh:8,Byrne:7,Ryan:8,Stewart:10,Anderson:10,Murray:10,Reid:8,Fletcher:8,Palmer:8,Mason:8,Hunt:8,Holmes:8,Mills:8,Barnes:8,Knight:8,Lloyd:8,Butler:8,Russell:8,Fisher:7,Stevens:7,Jenkins:7,Dixon:7,Pearce:7,Foster:7,Gray:7,Powell:7,Webb:7,Chapman:7,Rose:6,Henry:6,Hamilton:6,Graham:6,McDonald:6,Samuels:4,Bryan:4,Forbes:4,Thorne:3,Ashworth:3,Blackwood:3,Whitfield:3,Pemberton:2,Featherstone:2",
            male: "Oliver:30,Jack:30,Harry:28,George:25,Charlie:22,Jacob:20,Thomas:22,James:25,William:22,Daniel:22,Joshua:20,Samuel:18,Joseph:18,Alexander:15,Benjamin:15,Ryan:15,Liam:15,Matthew:18,Luke:15,Callum:10,Connor:10,Jordan:10,Aidan:6,Aiden:6,Tyler:10,Ethan:15,Noah:15,Leo:15,Freddie:10,Alfie:12,Archie:10,Theo:10,Mason:8,Reuben:6,Jayden:6,Andre:4,Marcus:6,Christopher:15,Michael:15,David:15,Robert:8,Edward:8,Richard:6,Anthony:6,Mark:10,Adam:12,Nathan:10,Jamie:8,John:8,Peter:4,Stephen:5,Andrew:8,Paul:6",
            female: "Olivia:30,Amelia:28,Emily:25,Isla:15,Ava:20,Jessica:20,Sophie:20,Grace:18,Lily:18,Chloe:18,Charlotte:20,Ella:15,Mia:15,Poppy:12,Ruby:14,Evie:12,Hannah:18,Lucy:18,Emma:18,Sarah:20,Rebecca:15,Laura:15,Amy:15,Zoë:10,Zoe:6,Megan:12,Lauren:12,Holly:10,Abigail:10,Katie:10,Victoria:10,Elizabeth:12,Jennifer:10,Rachel:10,Natalie:10,Danielle:6,Shanice:3,Chantelle:3,Keisha:3,Aaliyah:3,Jade:8,Stacey:6,Kelly:6,Gemma:8,Catherine:8,Alice:10,Florence:8,Freya:10,Isabella:12,Matilda:6,Imogen:6,Eleanor:6,Mary:4,Marie:3,Margaret:2",
            maleOld: "John:60,David:50,Michael:40,Peter:35,Robert:35,William:30,Richard:30,James:30,Brian:20,Anthony:20,Stephen:20,Paul:20,Kenneth:15,Ronald:15,George:15,Edward:15,Thomas:15,Christopher:15,Alan:15,Keith:12,Colin:10,Derek:10,Barry:10,Terence:10,Raymond:10,Patrick:10,Trevor:8,Roy:8,Dennis:8,Leslie:6,Winston:5,Delroy:4,Joseph:8,Charles:10,Frederick:5,Albert:5,Arthur:6,Gerald:5,Neville:4",
            femaleOld: "Margaret:50,Mary:40,Patricia:35,Susan:35,Elizabeth:30,Linda:25,Barbara:25,Jean:20,Sandra:20,Christine:20,Janet:20,Carol:20,Dorothy:15,Joan:15,Pauline:12,Valerie:10,Maureen:15,Brenda:12,Kathleen:12,Irene:10,Catherine:15,Anne:20,Ann:15,Sheila:10,Gillian:10,Deborah:10,Karen:15,Julie:12,Jacqueline:10,Marcia:4,Beverley:6,Hyacinth:2,Rebecca:5,Victoria:4,Jennifer:8,Doreen:6,Eileen:8,Marjorie:4",
            middleMale: "John:10,James:10,David:8,Michael:6,Robert:5,William:6,Thomas:5,Edward:4,George:4,Paul:4,Anthony:3,Alexander:3",
            middleFemale: "Anne:10,Louise:10,Jane:8,Elizabeth:8,Mary:8,Marie:6,Rose:5,Victoria:4,Grace:4,Jean:3,Margaret:3",
            middleShare: 0.45, wifeTakesName: 0.8, familyFirst: false, femaleSurnames: ""),
        CultureSpec(
            key: "pakistani", weight: 80,
            surnames: "Khan:100,Ahmed:45,Hussain:55,Ali:55,Shah:25,Iqbal:20,Malik:20,Butt:15,Akhtar:15,Mahmood:15,Rashid:10,Qureshi:10,Chaudhry:15,Raja:10,Aslam:10,Javed:8,Anwar:8,Riaz:6,Saleem:6,Mirza:6",
            male: "Muhammad:60,Mohammed:40,Mohammad:20,Ahmed:15,Imran:12,Asif:10,Tariq:10,Bilal:12,Zain:12,Hamza:15,Usman:12,Adnan:10,Faisal:10,Omar:12,Yusuf:12,Ibrahim:10,Ayaan:8,Zakariya:6,Haris:6,Shahid:6,Kamran:6",
            female: "Fatima:25,Ayesha:20,Zainab:20,Maryam:20,Amina:15,Sana:12,Noor:12,Hina:10,Saima:10,Nadia:10,Iqra:12,Khadija:12,Aisha:15,Mehreen:6,Rabia:8,Sadia:8,Anum:6",
            maleOld: "Muhammad:50,Mohammed:40,Mohammad:20,Abdul:20,Ghulam:10,Tariq:10,Shahid:10,Mushtaq:8,Zafar:8,Rafiq:8,Nazir:8,Bashir:8",
            femaleOld: "Fatima:20,Parveen:15,Nasreen:15,Shamim:10,Rukhsana:10,Shahnaz:10,Naseem:10,Bushra:8,Zubaida:6",
            middleMale: "Ali:10,Asif:5,Imran:5,Abdul:6,Hussain:5,Khan:3",
            middleFemale: "Bibi:10,Noor:5,Begum:4",
            middleShare: 0.3, wifeTakesName: 0.5, familyFirst: false, femaleSurnames: "Bibi:4,Begum:4,Akhtar:6,Kausar:3"),
        CultureSpec(
            key: "bangladeshi", weight: 60,
            surnames: "Miah:60,Uddin:50,Rahman:50,Islam:40,Ahmed:40,Hussain:30,Ali:30,Chowdhury:25,Hoque:20,Alam:20,Haque:15,Khan:15,Karim:12,Hassan:10,Sarkar:8,Choudhury:8",
            male: "Mohammed:40,Md:20,Abdul:25,Rahim:10,Karim:10,Shahid:10,Jamal:8,Rashid:8,Anwar:8,Shamim:6,Sabbir:6,Rayhan:8,Tanvir:8,Ayaan:6,Zayan:6,Ibrahim:8,Yusuf:8",
            female: "Rahima:15,Shirin:12,Nasima:12,Rokeya:10,Sabina:12,Fatema:15,Taslima:10,Sumaiya:12,Tasnim:12,Jannat:10,Nusrat:10,Ruma:8,Amina:8,Aisha:10",
            maleOld: "Mohammed:40,Abdul:30,Md:20,Abul:10,Nurul:8,Mujibur:6,Siraj:6,Kalam:6",
            femaleOld: "Rahima:15,Jahanara:10,Rokeya:12,Amina:10,Hasina:10,Rashida:10,Momtaz:8",
            middleMale: "Abdul:20,Nurul:5,Ahmed:5,Ali:5,Rahman:4",
            middleFemale: "",
            middleShare: 0.4, wifeTakesName: 0.0, familyFirst: false, femaleSurnames: "Begum:80,Khatun:30,Akter:25,Bibi:10,Khanom:8,Nessa:5"),
        CultureSpec(
            key: "indian", weight: 70,
            surnames: "Patel:100,Shah:25,Singh:50,Sharma:18,Kumar:18,Gupta:10,Mistry:10,Desai:10,Joshi:10,Mehta:10,Parmar:10,Sandhu:8,Gill:8,Dhillon:6,Chauhan:6,Pillai:5,Nair:6,Reddy:5,Rao:5,Lakhani:4",
            male: "Arjun:12,Rohan:12,Aarav:10,Dev:8,Nikhil:8,Ravi:8,Vikram:6,Raj:10,Amit:10,Sanjay:8,Vijay:8,Rajesh:8,Harpreet:6,Gurpreet:6,Jaswinder:5,Sunil:6,Krish:8,Ishaan:8,Manish:6,Kiran:5",
            female: "Priya:15,Anjali:12,Neha:10,Pooja:10,Sunita:8,Simran:10,Meera:10,Asha:8,Kavita:8,Riya:10,Diya:10,Anika:8,Harpreet:6,Jaspreet:6,Nisha:8,Divya:8,Shreya:8",
            maleOld: "Ramesh:10,Suresh:10,Dinesh:8,Mahesh:8,Harbhajan:6,Kuldip:6,Prakash:8,Ashok:8,Jagdish:6,Raj:8",
            femaleOld: "Kamala:8,Sarla:8,Usha:10,Manjit:8,Surinder:6,Lata:6,Hansa:8,Jyoti:8,Geeta:8",
            middleMale: "Kumar:20,Singh:10,Lal:5",
            middleFemale: "Kumari:10,Devi:10",
            middleShare: 0.3, wifeTakesName: 0.85, familyFirst: false, femaleSurnames: ""),
        CultureSpec(
            key: "african", weight: 90,
            surnames: "Okafor:15,Adeyemi:15,Adebayo:15,Okonkwo:10,Mensah:15,Owusu:15,Boateng:12,Asante:10,Oyelaran:6,Eze:10,Nwosu:8,Ogunleye:8,Abdi:15,Farah:12,Mohamed:15,Hassan:12,Osman:10,Warsame:8,Diallo:6,Adeleke:8,Oladipo:6,Afolabi:8,Appiah:8,Darko:6,Mutasa:4,Kamara:8,Conteh:5,Bangura:5",
            male: "Oluwaseun:6,Chinedu:8,Emeka:8,Kwame:8,Kofi:8,Tunde:8,Abdi:8,Ahmed:6,Mohamed:10,Samuel:12,David:12,Daniel:12,Emmanuel:12,Michael:8,Joshua:8,Femi:6,Ifeanyi:5,Yaw:5,Abdirahman:5,Ibrahima:4,Prince:4,Godfrey:3",
            female: "Adaeze:6,Ngozi:8,Abena:8,Ama:8,Folake:6,Chioma:8,Blessing:10,Grace:10,Faith:10,Hodan:6,Fadumo:6,Amina:8,Esther:10,Ruth:8,Deborah:8,Precious:6,Favour:6,Ayomide:6,Temitope:6,Nana:4",
            maleOld: "Samuel:10,Joseph:8,Emmanuel:8,Olusegun:6,Kwabena:6,Isaac:6,Abdullahi:6,Peter:6,Augustine:4",
            femaleOld: "Comfort:8,Patience:8,Victoria:6,Florence:6,Margaret:6,Halima:6,Felicia:5,Mercy:6",
            middleMale: "Oluwaseun:5,Chukwuemeka:3,Kwame:3,Adewale:4,Emmanuel:4,Abdullahi:3",
            middleFemale: "Oluwakemi:4,Adaeze:3,Abena:3,Funmilayo:4,Ngozi:3",
            middleShare: 0.35, wifeTakesName: 0.6, familyFirst: false, femaleSurnames: ""),
        CultureSpec(
            key: "easteuro", weight: 100,
            surnames: "Kowalski/Kowalska:25,Nowak:20,Wiśniewski/Wiśniewska:20,Wójcik:18,Kamiński/Kamińska:15,Lewandowski/Lewandowska:15,Zieliński/Zielińska:12,Szymański/Szymańska:12,Woźniak:10,Dąbrowski/Dąbrowska:10,Popescu:20,Ionescu:15,Popa:15,Dumitru:12,Stan:10,Constantin:10,Georgescu:8,Kazlauskas/Kazlauskienė:8,Jankauskas/Jankauskienė:6,Petrauskas/Petrauskienė:6,Ivanov/Ivanova:10,Petrov/Petrova:8,Horvat:4,Nagy:6,Kovács:5",
            male: "Łukasz:20,Piotr:15,Krzysztof:12,Tomasz:15,Paweł:12,Michał:15,Mateusz:12,Jakub:12,Kacper:10,Ion:10,Andrei:12,Mihai:10,Alexandru:8,Jonas:6,Mantas:6,Dmitri:5,Georgi:5,Bence:3",
            female: "Agnieszka:12,Katarzyna:15,Anna:15,Joanna:12,Magdalena:12,Zofia:8,Julia:10,Maja:8,Ioana:12,Elena:10,Andreea:10,Maria:12,Ewa:8,Gabija:5,Rūta:5,Daria:6",
            maleOld: "Andrzej:15,Stanisław:10,Jan:12,Marek:10,Gheorghe:10,Vasile:8,Algirdas:4,Zbigniew:6",
            femaleOld: "Małgorzata:15,Krystyna:10,Barbara:10,Elżbieta:10,Maria:12,Ana:8,Irena:6,Danuta:6",
            middleMale: "Jan:5,Adam:5,Marian:3,Ion:3",
            middleFemale: "Maria:8,Anna:5,Elena:3",
            middleShare: 0.15, wifeTakesName: 0.9, familyFirst: false, femaleSurnames: ""),
        CultureSpec(
            key: "turkish", weight: 40,
            surnames: "Yılmaz:20,Kaya:15,Demir:15,Şahin:12,Çelik:12,Öztürk:10,Ağaoğlu:6,Aydın:10,Arslan:10,Doğan:10,Koç:8,Kılıç:8,Polat:6,Erdoğan:5,Georgiou:8,Christodoulou:5",
            male: "Mehmet:15,Mustafa:12,Ahmet:12,Emre:10,Can:8,Hüseyin:8,İbrahim:6,Murat:8,Yusuf:8,Eren:8,Kerem:6,Andreas:5",
            female: "Ayşe:12,Fatma:10,Elif:12,Zeynep:12,Emine:8,Gülşen:5,Merve:8,Esra:8,Derya:6,Ebru:6,Eleni:5",
            maleOld: "Mehmet:15,Mustafa:12,Ali:10,Hasan:10,Hüseyin:10,Osman:8,Kemal:6",
            femaleOld: "Fatma:12,Ayşe:12,Emine:10,Hatice:8,Zehra:6,Gülsen:4",
            middleMale: "", middleFemale: "", middleShare: 0.0, wifeTakesName: 0.85, familyFirst: false, femaleSurnames: ""),
        CultureSpec(
            key: "vietnamese", weight: 20,
            surnames: "Nguyễn:40,Trần:12,Lê:10,Phạm:8,Hoàng:5,Huỳnh:5,Phan:4,Vũ:4,Đặng:3,Bùi:3,Đỗ:3",
            male: "Minh:10,Anh:8,Huy:8,Tuấn:8,Dũng:6,Hùng:6,Long:6,Nam:6,Khoa:5,Quang:5",
            female: "Thảo:8,Lan:8,Hương:8,Linh:10,Ngọc:8,Mai:8,Trang:8,Hoa:6,Phương:6,Vy:5",
            maleOld: "Hùng:8,Dũng:6,Thanh:8,Văn:4,Quốc:5",
            femaleOld: "Lan:8,Hoa:8,Thu:6,Hồng:6,Thanh:6",
            middleMale: "Văn:30,Đức:8,Quang:6,Minh:6",
            middleFemale: "Thị:30,Ngọc:6,Thu:6",
            middleShare: 0.8, wifeTakesName: 0.0, familyFirst: true, femaleSurnames: ""),
        CultureSpec(
            key: "chinese", weight: 30,
            surnames: "Li=李:20,Wang=王:18,Zhang=张:15,Chen=陈:15,Liu=刘:12,Yang=杨:8,Huang=黄:8,Zhao=赵:6,Wu=吴:6,Zhou=周:6,Lin=林:6,Wong=黄:8,Chan=陈:8,Lee=李:8,Cheung=张:5,Lam=林:5,Ng=吴:4",
            male: "Xiaolong=小龍:4,Wei=伟:10,Ming=明:8,Jun=俊:8,Lei=磊:6,Hao=浩:8,Yang=洋:6,Jian=建:6,Kai=凯:5,Chun=春:4,Ka Wai=家偉:4,Tsz Ho=子豪:4",
            female: "Jing=静:8,Mei=梅:8,Hui=慧:8,Yan=燕:8,Fang=芳:8,Xin=欣:8,Ying=颖:6,Li=丽:6,Wing Yan=詠欣:4,Man Yee=敏儀:4,Xiaoling=小玲:5",
            maleOld: "Guoqiang=国强:6,Jianguo=建国:6,Wei=伟:6,Kwok Wai=國偉:4,Chi Keung=志強:4",
            femaleOld: "Xiuying=秀英:6,Guilan=桂兰:5,Mei Ling=美玲:5,Siu Ling=小玲:4,Yuk Lan=玉蘭:4",
            middleMale: "", middleFemale: "", middleShare: 0.0, wifeTakesName: 0.05, familyFirst: true, femaleSurnames: ""),
        CultureSpec(
            key: "arabic", weight: 30,
            surnames: "Hassan=حسن:12,Ali=علي:12,Ibrahim=إبراهيم:10,Mahmoud=محمود:8,Saleh=صالح:6,Haddad=حداد:6,Al-Masri=المصري:5,Khalil=خليل:6,Mansour=منصور:6,Abdullah=عبدالله:6,Al-Rashid=الرشيد:4,Nasser=ناصر:5",
            male: "Mohammed=محمد:20,Ahmed=أحمد:10,Omar=عمر:10,Youssef=يوسف:8,Khalid=خالد:8,Hassan=حسن:6,Ali=علي:8,Karim=كريم:6,Hamza=حمزة:6,Adam=آدم:6,Zaid=زيد:5",
            female: "Fatima=فاطمة:10,Aisha=عائشة:8,Layla=ليلى:8,Mariam=مريم:8,Noor=نور:8,Huda=هدى:6,Sara=سارة:8,Yasmin=ياسمين:8,Rania=رانيا:6,Salma=سلمى:6",
            maleOld: "Mohammed=محمد:20,Abdullah=عبدالله:8,Mahmoud=محمود:8,Ibrahim=إبراهيم:8,Salim=سالم:6",
            femaleOld: "Fatima=فاطمة:12,Amal=أمل:8,Samira=سميرة:8,Khadija=خديجة:8,Zainab=زينب:6",
            middleMale: "", middleFemale: "", middleShare: 0.0, wifeTakesName: 0.0, familyFirst: false, femaleSurnames: ""),
        CultureSpec(
            key: "southeuro", weight: 60,
            surnames: "Silva:20,Santos:15,Ferreira:12,Pereira:12,Rodrigues:10,Costa:10,García:10,Fernández:8,González:8,López:8,Martínez:8,Rossi:8,Russo:6,Esposito:5,Bianchi:5,Papadopoulos:5,Dubois:5,Lefèvre:4,Müller:5,Schmidt:4,Da Costa:5,De Souza:5",
            male: "José:15,João:10,António:8,Luís:8,Miguel:10,Pedro:8,Giuseppe:5,Marco:8,Luca:8,Francesco:6,Nikolaos:4,François:5,Pierre:4,Javier:6,Carlos:8,Thiago:6,Lucas:8,Matteo:6,Jürgen:3",
            female: "María:10,Inês:8,Ana:10,Sofía:8,Beatriz:8,Giulia:8,Francesca:6,Chiara:6,Eleni:4,Chloé:5,Zoë:3,Camille:5,Lucía:8,Mariana:8,Carla:6,Joana:6,Léa:4",
            maleOld: "José:15,Manuel:10,Francisco:8,Giovanni:6,Antonio:8,Jean:5,Georgios:4",
            femaleOld: "Maria:15,Ana:8,Rosa:8,Giovanna:5,Conceição:5,Françoise:4,Carmen:6",
            middleMale: "Manuel:5,Maria:2,Luís:4,Antonio:3",
            middleFemale: "Maria:10,Isabel:5,Sofia:3",
            middleShare: 0.35, wifeTakesName: 0.5, familyFirst: false, femaleSurnames: ""),
    ]

    /// The long tail of surnames: real surname distributions have thousands of rare names beside
    /// the common ones. Built from parts (prefix × suffix); `share` is the tail's weight relative
    /// to the listed names. Feminine forms follow "/" ("ski/ska").
    static let tails: [String: (prefixes: [String], suffixes: [String], share: Double)] = [
        "british": (["Ash", "Black", "Brad", "Brook", "Cart", "Chap", "Cole", "Cran", "Dun", "Fair", "Gold", "Hart", "Hay",
                     "Hol", "Kings", "Lang", "Mar", "Mid", "New", "North", "Pen", "Red", "Rad", "Shel", "Stan", "Sum",
                     "Thorn", "Water", "West", "White", "Wood", "Ather", "Bar", "Bing", "Brom", "Chad", "Dar", "Elling",
                     "Farn", "Gres", "Hales", "Ire", "Kel", "Lid", "Mel", "Nor", "Ox", "Pres", "Rams", "Sand"],
                    ["ley", "ford", "ton", "wood", "well", "field", "ham", "worth", "by", "more", "croft", "dale", "hurst",
                     "wick", "brook", "shaw", "combe", "bury", "stead", "lock"], 0.9),
        "easteuro": (["Jabłoń", "Grabow", "Kozłow", "Wróblew", "Jawor", "Michal", "Zawad", "Olszew", "Sikor", "Baran",
                      "Górec", "Rutkow", "Krajew", "Sadow", "Czarnec", "Borow", "Kalin", "Majew", "Ostrow", "Tomasz"],
                     ["ski/ska", "icz", "czyk"], 0.5),
        "african": (["Ade", "Ola", "Olu", "Oye", "Ayo", "Fola", "Bola", "Ogun", "Oke", "Aji", "Oni", "Aki", "Ige", "Ala"],
                    ["bayo", "yemi", "wale", "kunle", "tunde", "sanya", "dele", "seun", "dipo", "fisayo"], 0.5),
        "indian": (["Bhat", "Chandr", "Des", "Gan", "Jadh", "Kul", "Mad", "Nag", "Pras", "Rath", "Sur", "Ved"],
                   ["ani", "ia", "ekar", "wal"], 0.25),
    ]

    /// Nicknames and short forms officers and forms record in place of a formal given name.
    static let nicknames: [String: [String]] = [
        "William": ["Bill", "Will", "Billy"], "Margaret": ["Peggy", "Maggie", "Meg"], "Robert": ["Bob", "Rob", "Bobby"],
        "Elizabeth": ["Liz", "Beth", "Betty", "Lizzie"], "James": ["Jim", "Jimmy", "Jamie"], "Richard": ["Rick", "Dick", "Richie"],
        "Edward": ["Ted", "Ed", "Eddie"], "Catherine": ["Kate", "Cathy"], "Michael": ["Mike", "Mick"], "Thomas": ["Tom", "Tommy"],
        "Anthony": ["Tony"], "Christopher": ["Chris"], "Daniel": ["Dan", "Danny"], "Joseph": ["Joe"], "Samuel": ["Sam"],
        "Rebecca": ["Becky"], "Deborah": ["Debbie", "Debs"], "Victoria": ["Vicky"], "Jennifer": ["Jenny", "Jen"],
        "Susan": ["Sue"], "Patricia": ["Pat", "Trish"], "Alexander": ["Alex"], "Andrew": ["Andy"], "Stephen": ["Steve"],
        "Matthew": ["Matt"], "Peter": ["Pete"], "David": ["Dave"], "Jessica": ["Jess"], "Charlotte": ["Charlie"],
        "Kenneth": ["Ken"], "Ronald": ["Ron", "Ronnie"], "Terence": ["Terry"], "Frederick": ["Fred"], "Albert": ["Bert"],
        "Kathleen": ["Kath"], "Christine": ["Chris"], "Jacqueline": ["Jackie"], "Dorothy": ["Dot"], "Pauline": ["Paula"],
        "Benjamin": ["Ben"], "Nathan": ["Nate"], "Abigail": ["Abbie"], "Isabella": ["Bella"], "Eleanor": ["Ellie"],
        "Muhammad": ["Mo"], "Mohammed": ["Mo"], "Oluwaseun": ["Seun"], "Łukasz": ["Luke"], "Piotr": ["Peter"],
        "Krzysztof": ["Chris"], "Małgorzata": ["Gosia"], "Katarzyna": ["Kasia", "Kate"], "Agnieszka": ["Aga"],
        "Giuseppe": ["Joe"], "Nikolaos": ["Nick"], "Oluwakemi": ["Kemi"], "Temitope": ["Tope"], "Ifeanyi": ["Iffy"],
        "Xiaolong": ["Bruce"], "Wei": ["William"], "Ka Wai": ["Kevin"], "Tsz Ho": ["Tom"], "Man Yee": ["Mandy"],
        "Wing Yan": ["Winnie"], "Jing": ["Jenny"], "Minh": ["Ben"], "Youssef": ["Joe"], "Andrei": ["Andy"],
        "Alexandru": ["Alex"], "Mateusz": ["Matt"], "Jakub": ["Kuba"], "Dmitri": ["Dima"],
    ]

    /// Spellings of one name that different systems (or the same person on different forms) use.
    static let variants: [String: [String]] = [
        "Muhammad": ["Mohammed", "Mohammad", "Mohamed", "Muhammed", "Mohd", "Md"],
        "Mohammed": ["Muhammad", "Mohammad", "Mohamed", "Mohamad", "Md"],
        "Mohammad": ["Mohammed", "Muhammad", "Mohamad"],
        "Mohamed": ["Mohammed", "Mohamud", "Muhammad"],
        "Md": ["Mohammed", "Mohd"],
        "Hussain": ["Hussein", "Husain", "Hossain"], "Ahmed": ["Ahmad", "Ahmet"], "Chowdhury": ["Choudhury", "Chaudhry"],
        "Rahman": ["Rehman"], "Uddin": ["Udin"], "Hoque": ["Haque", "Huq"], "Miah": ["Mia", "Meah"],
        "Yusuf": ["Yousuf", "Youssef"], "Ibrahim": ["Ebrahim"], "Aisha": ["Ayesha", "Aysha"], "Fatima": ["Fatema", "Fatimah"],
        "Zainab": ["Zaynab"], "Maryam": ["Mariam"], "Aidan": ["Aiden"], "Aiden": ["Aidan"], "Zoë": ["Zoe"], "Zoe": ["Zoey"],
        "Catherine": ["Katherine", "Kathryn"], "Stephen": ["Steven"], "Philip": ["Phillip"], "Geoffrey": ["Jeffrey"],
        "Ann": ["Anne"], "Anne": ["Ann"], "Sara": ["Sarah"], "Sarah": ["Sara"], "Mary": ["Marie"], "Marie": ["Mary"],
        "Nguyễn": ["Nguyen", "Nguyen Van"], "Olivia": ["Olivia"], "Jamie": ["Jaime"], "Jayden": ["Jaden"],
        "Oluwaseun": ["Oluseun"], "Adebayo": ["Adebayor"], "Lee": ["Li"], "Li": ["Lee"], "Chan": ["Chen"], "Wong": ["Huang"],
        "Mohamud": ["Mohamed"], "Abdi": ["Abdy"], "Abdirahman": ["Abdi Rahman", "Abdurahman"],
    ]
}
