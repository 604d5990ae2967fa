; The Windows installer of Alliance: per user (no administrator rights),
; into %LOCALAPPDATA%\Programs\Alliance, Start-menu and desktop shortcuts,
; an uninstaller that keeps the user's data (%LOCALAPPDATA%\Alliance)
; unless asked; in Azerbaijani, Russian or English. Built by `make dist`:
;   makensis -DVERSION=… -DSRC=folder-with-Alliance.exe -DOUT=setup.exe -DLANGDIR=… alliance.nsi
Target amd64-unicode ; the app is 64-bit; a 64-bit installer also runs under 64-bit-only wine
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!include "MUI2.nsh"

Name "Alliance"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\Alliance"
InstallDirRegKey HKCU "Software\Alliance" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "Alliance"
VIAddVersionKey /LANG=1033 "FileDescription" "Alliance setup"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "Alliance of NGOs for children's rights"
VIAddVersionKey /LANG=1033 "LegalCopyright" "Alliance"

!define MUI_ICON "${SRC}\alliance.ico"
!define MUI_UNICON "${SRC}\alliance.ico"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\Alliance"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\Alliance.exe"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGEEX "${LANGDIR}" "Azerbaijani"
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SecData ${LANG_AZERBAIJANI} "Məlumatımı da sil (qeydlər, rəsmlər, razılıq formaları)"
LangString SecData ${LANG_RUSSIAN} "Удалить и мои данные (записи, рисунки, формы согласия)"
LangString SecData ${LANG_ENGLISH} "Remove my data too (records, drawings, consent forms)"
LangString SecDataDesc ${LANG_AZERBAIJANI} "Seçilməsə, məlumat %LOCALAPPDATA%\Alliance qovluğunda qalır və yenidən quraşdırılanda açılır. Göndərilməmiş iş itə bilər: əvvəl sinxronlaşdırın və ya ehtiyat nüsxə çıxarın."
LangString SecDataDesc ${LANG_RUSSIAN} "Если не выбрано, данные остаются в папке %LOCALAPPDATA%\Alliance и откроются после новой установки. Неотправленная работа может пропасть: сначала синхронизируйте или сделайте резервную копию."
LangString SecDataDesc ${LANG_ENGLISH} "Unless chosen, the data stays in %LOCALAPPDATA%\Alliance and opens again after a new install. Work not yet sent can be lost: sync or back up first."
LangString SecApp ${LANG_AZERBAIJANI} "Alliance proqramı"
LangString SecApp ${LANG_RUSSIAN} "Программа Alliance"
LangString SecApp ${LANG_ENGLISH} "The Alliance program"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Alliance" SecMain
  SetOutPath "$INSTDIR"
  File "${SRC}\Alliance.exe"
  WriteUninstaller "$INSTDIR\Uninstall.exe"
  CreateDirectory "$SMPROGRAMS\Alliance"
  CreateShortcut "$SMPROGRAMS\Alliance\Alliance.lnk" "$INSTDIR\Alliance.exe"
  CreateShortcut "$DESKTOP\Alliance.lnk" "$INSTDIR\Alliance.exe"
  WriteRegStr HKCU "Software\Alliance" "InstallDir" "$INSTDIR"
  !define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\Alliance"
  WriteRegStr HKCU "${UNINST}" "DisplayName" "Alliance"
  WriteRegStr HKCU "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST}" "Publisher" "Alliance of NGOs for children's rights"
  WriteRegStr HKCU "${UNINST}" "DisplayIcon" "$INSTDIR\Alliance.exe"
  WriteRegStr HKCU "${UNINST}" "UninstallString" "$\"$INSTDIR\Uninstall.exe$\""
  WriteRegStr HKCU "${UNINST}" "QuietUninstallString" "$\"$INSTDIR\Uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINST}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST}" "NoRepair" 1
SectionEnd

Section "!un.$(SecApp)" UnSecApp
  SectionIn RO
  Delete "$DESKTOP\Alliance.lnk"
  Delete "$SMPROGRAMS\Alliance\Alliance.lnk"
  RMDir "$SMPROGRAMS\Alliance"
  Delete "$INSTDIR\Alliance.exe"
  ; What an update through the sync leaves beside it (internal/update).
  Delete "$INSTDIR\.Alliance.exe.previous"
  Delete "$INSTDIR\.Alliance.exe.undone"
  Delete "$INSTDIR\.Alliance.exe.new"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Alliance"
  DeleteRegKey HKCU "Software\Alliance"
SectionEnd

; Unchecked: the data is kept unless the user asks.
Section /o "un.$(SecData)" UnSecData
  RMDir /r "$LOCALAPPDATA\Alliance"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} $(SecDataDesc)
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
