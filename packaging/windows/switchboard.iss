; Inno Setup script of the Windows desk installer (docs/installing.md), built in the release
; workflow after PyInstaller made dist\switchboard from packaging/switchboard.spec:
;
;     iscc /DAppVersion=0.1.0 /DSourceDir=dist\switchboard /DOutputDir=dist packaging\windows\switchboard.iss
;
; Installs per user by default (no administrator needed; the dialog offers all users), adds a
; Start-menu entry and an uninstaller (Settings → Apps, or the Start menu).

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (switchboard-cli.exe --version says it)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\switchboard"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{6F2B3C1E-4D8A-4E7B-9C55-2A1F0E9D7B31}
AppName=Switchboard
AppVersion={#AppVersion}
AppVerName=Switchboard {#AppVersion}
AppPublisher=Switchboard maintainers
DefaultDirName={autopf}\Switchboard
DefaultGroupName=Switchboard
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=Switchboard-{#AppVersion}-windows-x64-setup
SetupIconFile=..\icons\switchboard.ico
UninstallDisplayIcon={app}\switchboard.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Switchboard"; Filename: "{app}\switchboard.exe"
Name: "{group}\{cm:UninstallProgram,Switchboard}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Switchboard"; Filename: "{app}\switchboard.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\switchboard.exe"; Description: "{cm:LaunchProgram,Switchboard}"; Flags: nowait postinstall skipifsilent
