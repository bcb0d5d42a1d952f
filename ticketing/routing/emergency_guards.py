"""Guards of the emergency rules: phrases that name an emergency without reporting one
happening now (institutions, prevention, habits, near-misses, figures of speech), past
events, news of somewhere else, complaints about a service's response, and "until now"
phrases that only say how long a problem has lasted."""

from __future__ import annotations

from .normalize import rx as _rx

# Phrases removed before matching: institutions, prevention, habits, near-misses.
NEUTRALISE = _rx(
    r"(pemadam kebakaran|pemadam api|dinas kebakaran|bukan kebakaran|hidran\w* kebakaran|"
    r"(pencegahan|mencegah|cegah|data|angka|kasus|statistik|jumlah|hotline|konseling) "
    r"(\w+ )?bunuh diri|suicide (prevention|hotline|rate)|"
    r"(kembang|korek|kereta) api|api unggun|matahari (tenggelam|terbenam)|"  # fireworks, train
    r"(takut|khawatir|kuatir|wedi|sebelum|bisa|nanti)\b.{0,30}(menimpa|tertimpa)|"
    r"pos (pemadam kebakaran|pemadam|damkar)|proteksi kebakaran|keselamatan kebakaran|simulasi \w+|"
    r"pelatihan \w+( \w+)?|(?<!bukan )(latihan|gladi|drill|uji ?coba) \w+( \w+)?|"
    # a figure of speech: "rasanya kayak mau bunuh diri lewat sini", "serasa tenggelam"
    r"(rasanya|rasane|serasa|ibarat\w*|bagaikan)\s+(\w+\s+){0,3}(bunuh diri|mati|"
    r"tenggelam|kebakaran|kiamat|perang)|"
    r"korban (kebakaran|banjir|gempa|longsor)|"
    r"bekas (kebakaran|banjir|galian)|pasca (kebakaran|banjir)|sisa \w+|"
    r"(rawan|bahaya|risiko|resiko|potensi|antisipasi|mitigasi|takut|khawatir|kuatir|"
    r"wedi|cegah|mencegah|sebelum|hampir|bisa|mau|nanti|kalau|jika|bila|seandainya|"
    r"misalnya|andai|biar siap|in case|sampai|seperti)\s+"
    # "mau lapor kebakaran": the wish to report it, not a fire to come
    r"(?!(\w+\s+)?(lapor|melapor|ngelapor|laporkan|melaporkan|mengadu|ngadu)\b)"
    r"(\w+\s+){0,2}(terjadi\s+)?(ada\s+)?(kebakaran|terbakar|banjir|roboh|tumbang|runtuh|"
    r"kecelakaan|tenggelam|longsor|jebol|tersetrum|patah|jatuh|ambles|ditabrak|tertabrak|"
    r"digigit|tercebur|masuk|terperosok|pingsan|kejang|hilang|terjebak|hanyut|kebanjiran|"
    r"tabrakan|nabrak|collapse)|"
    r"(truk|kendaraan|motor|bus|mobil-mobil)\s+(\w+\s+)?(terjebak|kejebak)|"
    r"anak (kucing|anjing|ayam|burung|bebek|kambing|monyet)|"
    # an animal stuck (the rescue service's complaint), not a person with it
    r"(kucing|anjing|burung|ayam|bebek|kambing|kelinci|monyet|kera|musang|hewan|binatang)\w*"
    r"(\s+(?!dan\b|sama\b|serta\b|bersama\b)\w+){0,2}\s+(terjebak|kejebak|terjepit|kejepit|"
    r"nyangkut|tersangkut|terperangkap|terkunci)|"
    r"(sering|kerap|selalu|langganan|kadang|tiap hari|setiap hari)\s+(\w+\s+){0,2}"
    r"(terjadi\s+)?(ada\s+)?(kebakaran|banjir|kecelakaan|tabrakan|tenggelam|ular|tawuran|"
    r"laka|pingsan|kejang|mengamuk|roboh|jatuh|masuk)|"
    r"(terjebak|kejebak) macet|bakar sampah|"
    # an ambulance named as a vehicle kept out, not one called: "ambulans susah lewat"
    r"(mobil |akses )?ambulans\w*\b(\s+\w+){0,2}\s+(susah|sulit|tidak bisa|tidak dapat|"
    r"terhalang|terhambat|kesulitan)\s+(lewat|masuk|melintas|keluar|parkir|putar)|"
    r"pembakaran \w+|membakar (sampah|daun|kabel)|"
    r"asap (pembakaran|knalpot|pabrik|cerobong|rokok|proyek)|"
    r"(tangga|pintu|jalur) (darurat|evakuasi)|kecelakaan kerja|banjir rob tahunan|"
    # a price "rising" ("harga minyak goreng di pasar naik terus"), not water
    r"(harga|tarif|biaya|iuran|tagihan|retribusi)\w*\b(\s+\w+){0,5}\s+(naik terus|"
    r"terus naik|makin (naik|tinggi|mahal)|melambung)|"
    # "darurat" said of a price or a nuisance: a figure of speech ("harga cabai sudah
    # darurat", "darurat sampah!"), not a call for the 112 desk
    r"(harga|tarif|biaya|parkir|jukir|sampah|macet|kemacetan|antrean|antrian|pelayanan|"
    r"birokrasi|pungli|pkl)\w*\b(\s+\w+){0,6}\s+(sudah |udah |sangat |makin |semakin )?"
    r"darurat|darurat(?=\W+(\w+\W+)?(sampah|parkir|macet|kemacetan|harga|pungli|pkl|"
    r"birokrasi)\b)|"
    # a figure that "explodes": prices, visitors, cases ("harga cabai meledak")
    r"(harga|jumlah|angka|kasus|penduduk|pengunjung|penumpang|antrean|antrian)\w*\b"
    r"(\s+\w+){0,2}\s+(meledak|melonjak)|ledakan (harga|penduduk|pengunjung|penumpang|"
    r"jumlah|kasus|antrean|antrian|suara knalpot|knalpot))"
)
PAST = _rx(
    r"\b(kemarin|tadi malam|semalam sudah|minggu lalu|bulan lalu|tahun lalu|"
    r"\d+ (hari|minggu|bulan) (yang )?lalu|(dua|tiga|beberapa) (hari|minggu) (yang )?lalu|"
    r"tempo hari|waktu itu|sudah lewat|sudah padam|sudah surut|sudah dievakuasi|"
    r"sudah dipotong|sudah dipinggirkan|sudah ditangani|sudah sembuh|sudah aman|"
    r"sudah (ditangkap|diamankan|dibuang|dilepas|diusir|dijinakkan)|"
    r"sudah selesai|untung(nya)?|tidak ada korban|pernah|"
    r"(tiap|setiap) (hujan|tahun|musim|pagi|siang|sore|malam|minggu|bulan)|"
    # a habit of the writer's ("tiap lewat perempatan ini ..."): no event happening now
    r"(tiap|setiap) (kali )?(lewat|melintas|melewati|berangkat|pulang)|"
    r"musim hujan|last week|yesterday)\b"
)
# A present marker of its own sentence: "Kemarin ribut biasa. Tapi malam ini dia bawa
# celurit ...": the earlier sentence's past does not make this one past.
HERE_NOW = _rx(r"\b((malam|pagi|siang|sore|hari) ini|sekarang|saat ini|detik ini)\b")
# A different place or a news story: sympathy, not a report.
ELSEWHERE = _rx(
    r"\b(berita|di tv|televisi|news|viral di|turut berduka|berduka|semoga (para )?korban|"
    r"doa(kan)? untuk|pray|praying|donasi|(lihat|liat|nonton) (\w+ )?di (instagram|tiktok|medsos|"
    r"sosmed)|saw on|luar negeri|luar kota|"
    # other regions, unless a Surabaya street, market or station is named after them
    r"(?<!jalan )(?<!gang )(?<!pasar )(?<!stasiun )(?<!raya )(?<!terminal )"
    r"(jakarta|demak|semarang|cianjur|jawa tengah|jawa barat|sumatera|kalimantan|sulawesi|"
    r"aceh|turki))\b"
)
# A complaint about how a service responded, not a call for it.
SERVICE = _rx(
    r"\b(ambulans|damkar|pemadam|petugas|operator|112)\b.{0,40}\b(telat|terlambat|lambat|"
    r"lama|baru datang|tidak datang|berbelit|datang setelah)\b|"
    r"\b(telat|lambat)(nya)? (ambulans|damkar|petugas)"
)
# Phrases that mention "now" only to say how long a problem has lasted.
CALM = _rx(
    r"\b(sampai|hingga|sampe) (sekarang|saat ini|hari ini|kini)|sekarang sudah|until now|"
    r"sejak (kemarin|tadi|semalam)|"  # ongoing since then: not a past event
    # who is away, not where it happens: "anak-anak di luar kota" (ELSEWHERE reads it)
    r"\b(anak|keluarga|suami|istri|saudara|kerabat|kakak|adik)\w*\b.{0,15}\b(di|ke|lagi di|"
    r"sedang di|kerja di|tinggal di) luar (kota|negeri)"
)
# Street furniture struck by a vehicle ("pembatas jalan ditabrak mobil, sekarang
# bengkok"): a thing to mend, no person in it (emergency.things_hit checks for people).
STRUCK_THING = _rx(
    r"\b(pembatas|separator|median|tiang|rambu|pagar|portal|palang|lampu|traffic light|"
    r"pot|halte|gapura|papan|reklame|baliho|tembok|trotoar|gardu|patok|pos)\w*\b"
    r"(\s+\w+){0,6}\s+(ditabrak|tertabrak|kena tabrak|diseruduk|ditubruk|ditumbur)\b"
)
