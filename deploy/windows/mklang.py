#!/usr/bin/env python3
"""Writes Azerbaijani.nlf and Azerbaijani.nsh for NSIS, which ships no
Azerbaijani: NSIS's English files with the texts the installer and the
uninstaller show translated (license and multi-user pages, unused, stay
English). Run by `make dist` with NSIS's folder of language files."""
import re, sys, os

src, out = sys.argv[1], sys.argv[2]

NLF = {
 "SetupCaption": "$(^Name) quraşdırılması",
 "UninstallCaption": "$(^Name) silinməsi",
 "LicenseSubCaption": ": Lisenziya razılaşması",
 "ComponentsSubCaption": ": Quraşdırma seçimləri",
 "DirSubCaption": ": Quraşdırma qovluğu",
 "InstallingSubCaption": ": Quraşdırılır",
 "CompletedSubCaption": ": Hazırdır",
 "UnComponentsSubCaption": ": Silmə seçimləri",
 "UnDirSubCaption": ": Silinəcək qovluq",
 "ConfirmSubCaption": ": Təsdiq",
 "UninstallingSubCaption": ": Silinir",
 "UnCompletedSubCaption": ": Hazırdır",
 "BackBtn": "< &Geri",
 "NextBtn": "&İrəli >",
 "AgreeBtn": "&Razıyam",
 "AcceptBtn": "Lisenziya razılaşmasının şərtlərini &qəbul edirəm",
 "DontAcceptBtn": "Lisenziya razılaşmasının şərtlərini qəbul &etmirəm",
 "InstallBtn": "&Quraşdır",
 "UninstallBtn": "&Sil",
 "CancelBtn": "İmtina",
 "CloseBtn": "&Bağla",
 "BrowseBtn": "&Seç...",
 "ShowDetailsBtn": "&Təfsilatı göstər",
 "ClickNext": "Davam etmək üçün «İrəli» düyməsini basın.",
 "ClickInstall": "Quraşdırmanı başlamaq üçün «Quraşdır» düyməsini basın.",
 "ClickUninstall": "Silməni başlamaq üçün «Sil» düyməsini basın.",
 "Name": "Ad",
 "Completed": "Hazırdır",
 "Custom": "Seçmə",
 "ComponentsText": "Quraşdırmaq istədiyiniz hissələri işarələyin, istəmədiklərinizin işarəsini götürün. $_CLICK",
 "ComponentsSubText1": "Quraşdırma növünü seçin:",
 "ComponentsSubText2_NoInstTypes": "Quraşdırılacaq hissələri seçin:",
 "ComponentsSubText2": "Və ya əlavə hissələri seçin:",
 "UnComponentsText": "Silmək istədiyiniz hissələri işarələyin, saxlamaq istədiklərinizin işarəsini götürün. $_CLICK",
 "UnComponentsSubText1": "Silmə növünü seçin:",
 "UnComponentsSubText2_NoInstTypes": "Silinəcək hissələri seçin:",
 "UnComponentsSubText2": "Və ya əlavə silinəcək hissələri seçin:",
 "DirText": "$(^NameDA) bu qovluğa quraşdırılacaq. Başqa qovluq üçün «Seç» düyməsini basın. $_CLICK",
 "DirSubText": "Təyinat qovluğu",
 "DirBrowseText": "$(^NameDA) proqramının quraşdırılacağı qovluğu seçin:",
 "UnDirText": "$(^NameDA) bu qovluqdan silinəcək. Başqa qovluq üçün «Seç» düyməsini basın. $_CLICK",
 "UnDirBrowseText": "$(^NameDA) proqramının silinəcəyi qovluğu seçin:",
 "SpaceAvailable": "\"Boş yer: \"",
 "SpaceRequired": "\"Lazım olan yer: \"",
 "UninstallingText": "$(^NameDA) bu qovluqdan silinəcək. $_CLICK",
 "UninstallingSubText": "Silinən qovluq:",
 "FileError": "Faylı yazmaq üçün açmaq olmadı: \\r\\n\\r\\n$0\\r\\n\\r\\nDayandırmaq üçün «Abort»,\\r\\nyenidən cəhd üçün «Retry»,\\r\\nbu faylı ötürmək üçün «Ignore» düyməsini basın.",
 "FileError_NoIgnore": "Faylı yazmaq üçün açmaq olmadı: \\r\\n\\r\\n$0\\r\\n\\r\\nYenidən cəhd üçün «Retry»,\\r\\ndayandırmaq üçün «Cancel» düyməsini basın.",
 "CantWrite": "\"Yazmaq olmur: \"",
 "CopyFailed": "Köçürmə alınmadı",
 "CopyTo": "\"Köçürülür: \"",
 "Registering": "\"Qeydiyyat: \"",
 "Unregistering": "\"Qeydiyyatdan çıxarılır: \"",
 "SymbolNotFound": "\"Simvol tapılmadı: \"",
 "CouldNotLoad": "\"Yüklənmədi: \"",
 "CreateFolder": "\"Qovluq yaradılır: \"",
 "CreateShortcut": "\"Qısayol yaradılır: \"",
 "CreatedUninstaller": "\"Silmə proqramı yaradıldı: \"",
 "Delete": "\"Fayl silinir: \"",
 "DeleteOnReboot": "\"Yenidən başladılanda silinəcək: \"",
 "ErrorCreatingShortcut": "\"Qısayol yaradılmadı: \"",
 "ErrorCreating": "\"Yaradılmadı: \"",
 "ErrorDecompressing": "Məlumatı açmaq olmadı! Quraşdırıcı zədələnib?",
 "ErrorRegistering": "DLL qeydiyyatı alınmadı",
 "Exec": "\"İcra: \"",
 "Extract": "\"Çıxarılır: \"",
 "ErrorWriting": "\"Çıxarılır: fayla yazmaq olmadı \"",
 "InvalidOpcode": "Quraşdırıcı zədələnib: yanlış əmr",
 "OutputFolder": "\"Qovluq: \"",
 "RemoveFolder": "\"Qovluq silinir: \"",
 "RenameOnReboot": "\"Yenidən başladılanda adı dəyişəcək: \"",
 "Rename": "\"Adı dəyişir: \"",
 "Skipped": "\"Ötürüldü: \"",
 "CopyDetails": "Təfsilatı buferə köçür",
 "LogInstall": "Quraşdırmanı jurnala yaz",
}

NSH = {
 "MUI_TEXT_WELCOME_INFO_TITLE": "$(^NameDA) quraşdırılmasına xoş gəlmisiniz",
 "MUI_TEXT_WELCOME_INFO_TEXT": "Bu proqram $(^NameDA) proqramını kompüterinizə quraşdıracaq. İnzibatçı hüququ lazım deyil.$\\r$\\n$\\r$\\n$_CLICK",
 "MUI_UNTEXT_WELCOME_INFO_TITLE": "$(^NameDA) silinməsinə xoş gəlmisiniz",
 "MUI_UNTEXT_WELCOME_INFO_TEXT": "Bu proqram $(^NameDA) proqramını kompüterinizdən siləcək.$\\r$\\n$\\r$\\nBaşlamazdan əvvəl $(^NameDA) proqramının bağlı olduğuna əmin olun.$\\r$\\n$\\r$\\n$_CLICK",
 "MUI_TEXT_COMPONENTS_TITLE": "Hissələri seçin",
 "MUI_TEXT_COMPONENTS_SUBTITLE": "$(^NameDA) proqramının hansı hissələrini quraşdırmaq istədiyinizi seçin.",
 "MUI_UNTEXT_COMPONENTS_TITLE": "Hissələri seçin",
 "MUI_UNTEXT_COMPONENTS_SUBTITLE": "$(^NameDA) proqramının hansı hissələrini silmək istədiyinizi seçin.",
 "MUI_INNERTEXT_COMPONENTS_DESCRIPTION_TITLE": "Təsvir",
 "MUI_INNERTEXT_COMPONENTS_DESCRIPTION_INFO": "Təsvirini görmək üçün siçanı hissənin üzərinə gətirin.",
 "MUI_TEXT_DIRECTORY_TITLE": "Quraşdırma yerini seçin",
 "MUI_TEXT_DIRECTORY_SUBTITLE": "$(^NameDA) proqramının quraşdırılacağı qovluğu seçin.",
 "MUI_UNTEXT_DIRECTORY_TITLE": "Silinəcək yeri seçin",
 "MUI_UNTEXT_DIRECTORY_SUBTITLE": "$(^NameDA) proqramının silinəcəyi qovluğu seçin.",
 "MUI_TEXT_INSTALLING_TITLE": "Quraşdırılır",
 "MUI_TEXT_INSTALLING_SUBTITLE": "$(^NameDA) quraşdırılır, bir az gözləyin.",
 "MUI_TEXT_FINISH_TITLE": "Quraşdırma başa çatdı",
 "MUI_TEXT_FINISH_SUBTITLE": "Quraşdırma uğurla tamamlandı.",
 "MUI_TEXT_ABORT_TITLE": "Quraşdırma dayandırıldı",
 "MUI_TEXT_ABORT_SUBTITLE": "Quraşdırma tamamlanmadı.",
 "MUI_UNTEXT_UNINSTALLING_TITLE": "Silinir",
 "MUI_UNTEXT_UNINSTALLING_SUBTITLE": "$(^NameDA) silinir, bir az gözləyin.",
 "MUI_UNTEXT_FINISH_TITLE": "Silmə başa çatdı",
 "MUI_UNTEXT_FINISH_SUBTITLE": "Silmə uğurla tamamlandı.",
 "MUI_UNTEXT_ABORT_TITLE": "Silmə dayandırıldı",
 "MUI_UNTEXT_ABORT_SUBTITLE": "Silmə tamamlanmadı.",
 "MUI_TEXT_FINISH_INFO_TITLE": "$(^NameDA) quraşdırılması başa çatır",
 "MUI_TEXT_FINISH_INFO_TEXT": "$(^NameDA) kompüterinizə quraşdırıldı.$\\r$\\n$\\r$\\nQuraşdırıcını bağlamaq üçün «Son» düyməsini basın.",
 "MUI_TEXT_FINISH_INFO_REBOOT": "$(^NameDA) quraşdırılmasını tamamlamaq üçün kompüter yenidən başladılmalıdır. İndi yenidən başladılsın?",
 "MUI_UNTEXT_FINISH_INFO_TITLE": "$(^NameDA) silinməsi başa çatır",
 "MUI_UNTEXT_FINISH_INFO_TEXT": "$(^NameDA) kompüterinizdən silindi.$\\r$\\n$\\r$\\nBağlamaq üçün «Son» düyməsini basın.",
 "MUI_UNTEXT_FINISH_INFO_REBOOT": "$(^NameDA) silinməsini tamamlamaq üçün kompüter yenidən başladılmalıdır. İndi yenidən başladılsın?",
 "MUI_TEXT_FINISH_REBOOTNOW": "İndi yenidən başlat",
 "MUI_TEXT_FINISH_REBOOTLATER": "Sonra özüm yenidən başladacağam",
 "MUI_TEXT_FINISH_RUN": "$(^NameDA) proqramını &aç",
 "MUI_TEXT_FINISH_SHOWREADME": "&Oxu məni faylını göstər",
 "MUI_BUTTONTEXT_FINISH": "&Son",
 "MUI_TEXT_STARTMENU_TITLE": "Başlat menyusunda qovluq seçin",
 "MUI_TEXT_STARTMENU_SUBTITLE": "$(^NameDA) qısayolları üçün Başlat menyusunda qovluq seçin.",
 "MUI_INNERTEXT_STARTMENU_TOP": "Proqramın qısayollarının yaradılacağı qovluğu seçin və ya yeni qovluğun adını yazın.",
 "MUI_INNERTEXT_STARTMENU_CHECKBOX": "Qısayol yaratma",
 "MUI_UNTEXT_CONFIRM_TITLE": "$(^NameDA) proqramını sil",
 "MUI_UNTEXT_CONFIRM_SUBTITLE": "$(^NameDA) proqramını kompüterinizdən silin.",
 "MUI_TEXT_ABORTWARNING": "$(^Name) quraşdırılmasından çıxmaq istədiyinizə əminsiniz?",
 "MUI_UNTEXT_ABORTWARNING": "$(^Name) silinməsindən çıxmaq istədiyinizə əminsiniz?",
}

def nlf():
    lines = open(os.path.join(src, "English.nlf"), encoding="utf-8-sig").read().split("\n")
    outl, key = [], None
    for i, l in enumerate(lines):
        if l.startswith("# ^"):
            key = l[3:].strip()
            outl.append(l)
            continue
        if key is not None and not l.startswith("#"):
            outl.append(NLF.get(key, l))
            key = None
            continue
        outl.append(l)
    text = "\n".join(outl)
    text = text.replace("# Language ID\n1033", "# Language ID\n1068", 1)
    text = text.replace("# Translation by ..... (any credits should go here)", "# Translation by the Alliance project", 1)
    open(os.path.join(out, "Azerbaijani.nlf"), "w", encoding="utf-8-sig").write(text)

def nsh():
    text = open(os.path.join(src, "English.nsh"), encoding="utf-8-sig").read()
    text = text.replace(";Language: English (1033)", ";Language: Azerbaijani (1068)", 1)
    text = text.replace('!insertmacro LANGFILE "English" "English" "English" "English"',
                        '!insertmacro LANGFILE "Azerbaijani" "Azerbaijani" "Azərbaycanca" "Azerbaycanca"', 1)
    def repl(m):
        k = m.group(1)
        return '${LangFileString} %s "%s"' % (k, NSH[k]) if k in NSH else m.group(0)
    text = re.sub(r'\$\{LangFileString\} (\w+) "(?:[^"\\]|\\.)*"', repl, text)
    open(os.path.join(out, "Azerbaijani.nsh"), "w", encoding="utf-8-sig").write(text)

nlf(); nsh()
