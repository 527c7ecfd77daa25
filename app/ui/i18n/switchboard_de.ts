<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../about_dialog.py" line="35"/>
        <source>About Switchboard</source>
        <translation>Über Switchboard</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="38"/>
        <source>&lt;b&gt;Switchboard&lt;/b&gt;</source>
        <translation>&lt;b&gt;Switchboard&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="40"/>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="46"/>
        <source>Share one WhatsApp Business number across your team&apos;s desks, end-to-end encrypted.</source>
        <translation>Eine WhatsApp-Business-Nummer für alle Arbeitsplätze Ihres Teams, Ende-zu-Ende-verschlüsselt.</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="52"/>
        <source>Qt %1, Python %2</source>
        <translation>Qt %1, Python %2</translation>
    </message>
</context>
<context>
    <name>AdminNoticeWatch</name>
    <message numerus="yes">
        <location filename="../team/notice_watch.py" line="95"/>
        <source>Notices from &amp;Meta (%n unread)…</source>
        <translation>
            <numerusform>Hinweise von &amp;Meta (%n ungelesen)…</numerusform>
            <numerusform>Hinweise von &amp;Meta (%n ungelesen)…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../team/notice_watch.py" line="97"/>
        <source>Notices from &amp;Meta…</source>
        <translation>Hinweise von &amp;Meta…</translation>
    </message>
</context>
<context>
    <name>AnnounceVersionDialog</name>
    <message>
        <location filename="../releases/announce_dialog.py" line="38"/>
        <source>Announce a new version</source>
        <translation>Neue Version ankündigen</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="42"/>
        <source>e.g. 0.2.0</source>
        <translation>z. B. 0.2.0</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="45"/>
        <source>https://… (optional)</source>
        <translation>https://… (optional)</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="48"/>
        <source>What it brings, in a few words (optional)</source>
        <translation>Was sie bringt, in wenigen Worten (optional)</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="54"/>
        <source>&amp;Announce</source>
        <translation>&amp;Ankündigen</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="60"/>
        <source>&amp;Version</source>
        <translation>&amp;Version</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="61"/>
        <source>Download &amp;link</source>
        <translation>Download-&amp;Link</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="62"/>
        <source>N&amp;ote</source>
        <translation>&amp;Hinweis</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="65"/>
        <source>Desks running an older version show one line in their status bar. Nothing is downloaded or installed for anyone: people update with the installer.</source>
        <translation>Arbeitsplätze mit einer älteren Version zeigen eine Zeile in ihrer Statusleiste. Für niemanden wird etwas heruntergeladen oder installiert: Aktualisiert wird mit dem Installationsprogramm.</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="104"/>
        <source>The link must start with https:// and contain no spaces.</source>
        <translation>Der Link muss mit https:// beginnen und darf keine Leerzeichen enthalten.</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="106"/>
        <source>The note is too long.</source>
        <translation>Der Hinweis ist zu lang.</translation>
    </message>
    <message>
        <location filename="../releases/announce_dialog.py" line="107"/>
        <source>Write the version as numbers with dots, such as 0.2.0 or 1.0rc1.</source>
        <translation>Schreiben Sie die Version als Zahlen mit Punkten, etwa 0.2.0 oder 1.0rc1.</translation>
    </message>
</context>
<context>
    <name>AssignmentDialog</name>
    <message>
        <location filename="../assignment/settings_dialog.py" line="75"/>
        <source>Auto-assignment</source>
        <translation>Automatische Zuweisung</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="78"/>
        <source>&amp;Assign new and reopened conversations automatically</source>
        <translation>Neue und wieder geöffnete Unterhaltungen &amp;automatisch zuweisen</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="83"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="84"/>
        <source>Do not wait</source>
        <translation>Nicht warten</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="94"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="104"/>
        <source>Agent</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="104"/>
        <source>Labels handled</source>
        <translation>Zuständig für Labels</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="104"/>
        <source>Limit</source>
        <translation>Höchstzahl</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="104"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="119"/>
        <source>Conversations nobody has claimed go by turns to agents who are online and not away, up to each agent&apos;s limit of open conversations. The rest wait in the queue until someone has room. A conversation someone claimed or assigned is never moved.</source>
        <translation>Unterhaltungen, die niemand übernommen hat, gehen reihum an Mitarbeiter, die online und nicht abwesend sind, bis zur Höchstzahl offener Unterhaltungen je Mitarbeiter. Die übrigen warten in der Warteschlange, bis jemand Platz hat. Eine Unterhaltung, die jemand übernommen oder zugewiesen hat, wird nie verschoben.</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="129"/>
        <source>&amp;Open conversations per agent</source>
        <translation>&amp;Offene Unterhaltungen je Mitarbeiter</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="130"/>
        <source>&amp;Wait for the menu choice</source>
        <translation>Auf die &amp;Menüauswahl warten</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="160"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="160"/>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="164"/>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="165"/>
        <source>Limit for %1</source>
        <translation>Höchstzahl für %1</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../models/audit_model.py" line="167"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../models/audit_model.py" line="168"/>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location filename="../models/audit_model.py" line="169"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../models/audit_model.py" line="170"/>
        <source>Concerning</source>
        <translation>Betrifft</translation>
    </message>
    <message>
        <location filename="../models/audit_model.py" line="171"/>
        <source>Colleague</source>
        <translation>Kollege</translation>
    </message>
    <message>
        <location filename="../models/audit_model.py" line="172"/>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
</context>
<context>
    <name>AuditWindow</name>
    <message>
        <location filename="../audit_window.py" line="55"/>
        <location filename="../audit_window.py" line="138"/>
        <source>Audit trail</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="65"/>
        <source>Check signatures</source>
        <translation>Signaturen prüfen</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="68"/>
        <source>Verify again, for the rows shown, that each action is signed by its author&apos;s key as the team chain records it and is the record the sync stored.</source>
        <translation>Für die angezeigten Zeilen erneut prüfen, dass jede Aktion mit dem Schlüssel ihres Urhebers signiert ist, wie ihn die Teamkette verzeichnet, und dass sie der Eintrag ist, den die Synchronisierung gespeichert hat.</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="73"/>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="75"/>
        <source>Show what the team did since this list loaded</source>
        <translation>Zeigen, was das Team getan hat, seit diese Liste geladen wurde</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="77"/>
        <source>Save as CSV…</source>
        <translation>Als CSV speichern…</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="89"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="91"/>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="95"/>
        <source>Your own actions</source>
        <translation>Ihre eigenen Aktionen</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="98"/>
        <location filename="../audit_window.py" line="145"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="99"/>
        <source>All actions</source>
        <translation>Alle Aktionen</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="102"/>
        <location filename="../audit_window.py" line="146"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="103"/>
        <location filename="../audit_window.py" line="147"/>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="106"/>
        <source>Only %1</source>
        <translation>Nur %1</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="117"/>
        <source>any day</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="144"/>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="178"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_window.py" line="185"/>
        <source>Actions shown: %n (scroll for more)</source>
        <translation>
            <numerusform>Angezeigte Aktionen: %n (für mehr blättern)</numerusform>
            <numerusform>Angezeigte Aktionen: %n (für mehr blättern)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_window.py" line="187"/>
        <source>Actions shown: %n</source>
        <translation>
            <numerusform>Angezeigte Aktionen: %n</numerusform>
            <numerusform>Angezeigte Aktionen: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_window.py" line="194"/>
        <source>Rows that do not verify: %n. This desk&apos;s copy was changed.</source>
        <translation>
            <numerusform>Nicht bestätigte Zeilen: %n. Die Kopie dieses Arbeitsplatzes wurde verändert.</numerusform>
            <numerusform>Nicht bestätigte Zeilen: %n. Die Kopie dieses Arbeitsplatzes wurde verändert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_window.py" line="196"/>
        <source>Rows checked against the team chain: %n, all verified.</source>
        <translation>
            <numerusform>Gegen die Teamkette geprüfte Zeilen: %n, alle bestätigt.</numerusform>
            <numerusform>Gegen die Teamkette geprüfte Zeilen: %n, alle bestätigt.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="207"/>
        <source>Save audit trail</source>
        <translation>Protokoll speichern</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="217"/>
        <source>Could not save the audit trail: %1</source>
        <translation>Das Protokoll konnte nicht gespeichert werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_window.py" line="220"/>
        <source>Actions saved: %n</source>
        <translation>
            <numerusform>Gespeicherte Aktionen: %n</numerusform>
            <numerusform>Gespeicherte Aktionen: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_window.py" line="223"/>
        <source>Saving… actions written: %n</source>
        <translation>
            <numerusform>Wird gespeichert… geschriebene Aktionen: %n</numerusform>
            <numerusform>Wird gespeichert… geschriebene Aktionen: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="237"/>
        <source>The team chain stopped validating on this desk; rows after that point cannot be trusted. Ask an administrator.</source>
        <translation>Die Teamkette ist auf diesem Arbeitsplatz nicht mehr gültig; Zeilen ab dieser Stelle sind nicht vertrauenswürdig. Wenden Sie sich an einen Administrator.</translation>
    </message>
    <message>
        <location filename="../audit_window.py" line="242"/>
        <source>Every row is a record signed by its author, verified against the team chain when this desk received it. Check signatures verifies the rows shown again.</source>
        <translation>Jede Zeile ist ein von ihrem Urheber signierter Eintrag, beim Empfang auf diesem Arbeitsplatz gegen die Teamkette geprüft. „Signaturen prüfen“ prüft die angezeigten Zeilen erneut.</translation>
    </message>
</context>
<context>
    <name>AwaySwitch</name>
    <message>
        <location filename="../assignment/away_switch.py" line="33"/>
        <source>&amp;Away</source>
        <translation>&amp;Abwesend</translation>
    </message>
    <message>
        <location filename="../assignment/away_switch.py" line="43"/>
        <source>Away: auto-assignment gives you no new conversations (Ctrl+Shift+Y).</source>
        <translation>Abwesend: Die automatische Zuweisung gibt Ihnen keine neuen Unterhaltungen (Strg+Umschalt+Y).</translation>
    </message>
    <message>
        <location filename="../assignment/away_switch.py" line="78"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location filename="../assignment/away_switch.py" line="78"/>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
</context>
<context>
    <name>BackOfficePanel</name>
    <message>
        <location filename="../team/back_office_panel.py" line="94"/>
        <location filename="../team/team_window.py" line="104"/>
        <source>Back-office systems</source>
        <translation>Backoffice-Systeme</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="98"/>
        <source>A shop, ERP or booking system sends WhatsApp notifications (approved templates only) through the gateway with a token made here. Each notification appears in the customer&apos;s conversation under the system&apos;s name.</source>
        <translation>Ein Shop-, ERP- oder Buchungssystem sendet mit einem hier erstellten Token WhatsApp-Benachrichtigungen (nur genehmigte Vorlagen) über das Gateway. Jede Benachrichtigung erscheint in der Unterhaltung des Kunden unter dem Namen des Systems.</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="107"/>
        <source>System name, e.g. Shop</source>
        <translation>Name des Systems, z. B. Shop</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="111"/>
        <source>C&amp;reate token</source>
        <translation>Token e&amp;rstellen</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="117"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="117"/>
        <source>Last used</source>
        <translation>Zuletzt benutzt</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="117"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="117"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="129"/>
        <source>Re&amp;voke…</source>
        <translation>&amp;Widerrufen…</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="132"/>
        <source>No system has a token yet.</source>
        <translation>Noch kein System hat ein Token.</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="197"/>
        <source>Only admins manage back-office systems.</source>
        <translation>Nur Admins verwalten Backoffice-Systeme.</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="219"/>
        <source>Revoke the token of %1?</source>
        <translation>Token von %1 widerrufen?</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="222"/>
        <source>The system cannot send notifications any more; a new token is needed.</source>
        <translation>Das System kann dann keine Benachrichtigungen mehr senden; es braucht ein neues Token.</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="224"/>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="255"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="256"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="256"/>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../backup_dialog.py" line="50"/>
        <source>Back up this desk</source>
        <translation>Diesen Arbeitsplatz sichern</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="58"/>
        <source>Backup file</source>
        <translation>Sicherungsdatei</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="59"/>
        <source>&amp;Choose…</source>
        <translation>&amp;Auswählen…</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="61"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="62"/>
        <source>The same passphrase again</source>
        <translation>Dieselbe Passphrase noch einmal</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="70"/>
        <source>Writing the backup…</source>
        <translation>Die Sicherung wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="74"/>
        <source>&amp;Back up</source>
        <translation>&amp;Sichern</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="88"/>
        <source>The backup is this desk&apos;s copy of the team&apos;s conversations, encrypted with a passphrase. A new device of the team can start from it instead of downloading everything. Keep the passphrase apart from the file: nobody can recover it. The backup is listed in the audit trail.</source>
        <translation>Die Sicherung ist die Kopie der Unterhaltungen des Teams auf diesem Arbeitsplatz, verschlüsselt mit einer Passphrase. Ein neues Gerät des Teams kann damit beginnen, statt alles herunterzuladen. Bewahren Sie die Passphrase getrennt von der Datei auf: Niemand kann sie wiederherstellen. Die Sicherung wird im Protokoll aufgeführt.</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="99"/>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="103"/>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="104"/>
        <source>&amp;Again:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="119"/>
        <source>Back up to</source>
        <translation>Sichern nach</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="137"/>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen unterscheiden sich.</translation>
    </message>
    <message numerus="yes">
        <location filename="../backup_dialog.py" line="139"/>
        <source>At least %n characters.</source>
        <translation>
            <numerusform>Mindestens %n Zeichen.</numerusform>
            <numerusform>Mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="142"/>
        <source>Weak: easy to guess. A few unrelated words work well.</source>
        <translation>Schwach: leicht zu erraten. Einige Wörter ohne Zusammenhang eignen sich gut.</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="143"/>
        <source>Fair. Longer is stronger: a few unrelated words work well.</source>
        <translation>Ausreichend. Länger ist sicherer: Einige Wörter ohne Zusammenhang eignen sich gut.</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="144"/>
        <source>Strong.</source>
        <translation>Stark.</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="187"/>
        <source>Replace the file?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="188"/>
        <source>A file named “%1” is there already. Replace it with this backup?</source>
        <translation>Eine Datei namens „%1“ ist dort schon vorhanden. Durch diese Sicherung ersetzen?</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="194"/>
        <source>&amp;Replace</source>
        <translation>&amp;Ersetzen</translation>
    </message>
    <message>
        <location filename="../backup_dialog.py" line="231"/>
        <source>Switchboard backups (*.%1)</source>
        <translation>Switchboard-Sicherungen (*.%1)</translation>
    </message>
    <message numerus="yes">
        <location filename="../backup_dialog.py" line="235"/>
        <source>Backup written to %1 (conversations: %n).</source>
        <translation>
            <numerusform>Sicherung in %1 geschrieben (%n Unterhaltung).</numerusform>
            <numerusform>Sicherung in %1 geschrieben (%n Unterhaltungen).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BubbleDelegate</name>
    <message>
        <location filename="../widgets/bubble_delegate.py" line="204"/>
        <source>Private note · %1</source>
        <translation>Private Notiz · %1</translation>
    </message>
</context>
<context>
    <name>BusinessHoursPanel</name>
    <message>
        <location filename="../team/hours_panel.py" line="46"/>
        <source>Each open day must close after it opens.</source>
        <translation>Jeder geöffnete Tag muss nach dem Öffnen schließen.</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="49"/>
        <source>There are too many holidays; remove some past ones.</source>
        <translation>Es sind zu viele Feiertage; entfernen Sie einige vergangene.</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="52"/>
        <source>The greeting and the away message may have 1024 characters each.</source>
        <translation>Begrüßung und Abwesenheitsnachricht dürfen je 1024 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="55"/>
        <source>Write the greeting or away message you switched on.</source>
        <translation>Schreiben Sie die Begrüßung oder Abwesenheitsnachricht, die Sie eingeschaltet haben.</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="58"/>
        <source>Choose a time zone from the list.</source>
        <translation>Wählen Sie eine Zeitzone aus der Liste.</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="60"/>
        <source>These business hours cannot be saved.</source>
        <translation>Diese Geschäftszeiten können nicht gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="104"/>
        <location filename="../team/team_window.py" line="116"/>
        <source>Business hours</source>
        <translation>Geschäftszeiten</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="108"/>
        <source>The gateway answers customers on its own: a greeting to a customer&apos;s first message, and an away message outside these hours, once per closed period. Both appear in the conversation as automatic.</source>
        <translation>Das Gateway antwortet Kunden selbst: mit einer Begrüßung auf die erste Nachricht eines Kunden und außerhalb dieser Zeiten mit einer Abwesenheitsnachricht, einmal je geschlossenem Zeitraum. Beide erscheinen in der Unterhaltung als automatisch.</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="122"/>
        <source>&amp;Add holiday</source>
        <translation>Feiertag &amp;hinzufügen</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="125"/>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="127"/>
        <source>Send a &amp;greeting to a customer&apos;s first message</source>
        <translation>Auf die erste Nachricht eines Kunden eine &amp;Begrüßung senden</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="129"/>
        <source>Send an a&amp;way message outside business hours</source>
        <translation>Außerhalb der Geschäftszeiten eine Ab&amp;wesenheitsnachricht senden</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="133"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="149"/>
        <source>Time &amp;zone:</source>
        <translation>&amp;Zeitzone:</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="154"/>
        <source>Opens</source>
        <translation>Öffnet</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="155"/>
        <source>Closes</source>
        <translation>Schließt</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="161"/>
        <source>Holidays (closed all day):</source>
        <translation>Feiertage (ganztägig geschlossen):</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="247"/>
        <source>Only admins set the business hours.</source>
        <translation>Nur Administratoren legen die Geschäftszeiten fest.</translation>
    </message>
    <message>
        <location filename="../team/hours_panel.py" line="265"/>
        <source>Saved: the gateway answers by these hours from now on.</source>
        <translation>Gespeichert: Das Gateway antwortet ab jetzt nach diesen Zeiten.</translation>
    </message>
</context>
<context>
    <name>BusinessIdentity</name>
    <message>
        <location filename="../widgets/business_badge.py" line="88"/>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="115"/>
        <source>The business this desk answers for.</source>
        <translation>Das Unternehmen, für das dieser Arbeitsplatz antwortet.</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="128"/>
        <source>Business: %1</source>
        <translation>Unternehmen: %1</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="132"/>
        <source>Customers see this display name.</source>
        <translation>Kunden sehen diesen Anzeigenamen.</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="134"/>
        <source>The display name is waiting for Meta&apos;s review</source>
        <translation>Der Anzeigename wartet auf die Prüfung durch Meta</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="135"/>
        <source>Meta declined the display name</source>
        <translation>Meta hat den Anzeigenamen abgelehnt</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="136"/>
        <source>The display name approval expired</source>
        <translation>Die Freigabe des Anzeigenamens ist abgelaufen</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="138"/>
        <source>There is no approved display name</source>
        <translation>Es gibt keinen freigegebenen Anzeigenamen</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="139"/>
        <source>%1: customers see the phone number.</source>
        <translation>%1: Kunden sehen die Telefonnummer.</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="143"/>
        <source>High quality</source>
        <translation>Hohe Qualität</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="144"/>
        <source>Medium quality</source>
        <translation>Mittlere Qualität</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="145"/>
        <source>Low quality</source>
        <translation>Niedrige Qualität</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="147"/>
        <source>Quality not rated</source>
        <translation>Qualität nicht bewertet</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="150"/>
        <source>%1: WhatsApp rates the number by how customers received recent messages.</source>
        <translation>%1: WhatsApp bewertet die Nummer danach, wie Kunden die letzten Nachrichten aufgenommen haben.</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="152"/>
        <source>Number quality: %1</source>
        <translation>Qualität der Nummer: %1</translation>
    </message>
</context>
<context>
    <name>CannedPicker</name>
    <message>
        <location filename="../widgets/canned_picker.py" line="67"/>
        <source>Canned replies</source>
        <translation>Textbausteine</translation>
    </message>
    <message>
        <location filename="../widgets/canned_picker.py" line="86"/>
        <source>↑↓ choose · Enter inserts · Esc closes</source>
        <translation>↑↓ wählen · Enter fügt ein · Esc schließt</translation>
    </message>
    <message>
        <location filename="../widgets/canned_picker.py" line="183"/>
        <source>Personal</source>
        <translation>Persönlich</translation>
    </message>
</context>
<context>
    <name>CannedRepliesDialog</name>
    <message>
        <location filename="../lists/canned_dialog.py" line="43"/>
        <location filename="../lists/canned_dialog.py" line="50"/>
        <source>Canned replies</source>
        <translation>Textbausteine</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="54"/>
        <source>Shortcut</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="55"/>
        <source>e.g. hello (typed as /hello)</source>
        <translation>z. B. hallo (getippt als /hallo)</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="57"/>
        <source>For</source>
        <translation>Für</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="58"/>
        <source>Only me</source>
        <translation>Nur mich</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="60"/>
        <location filename="../lists/canned_dialog.py" line="183"/>
        <source>The whole team</source>
        <translation>Das ganze Team</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="62"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="67"/>
        <source>&amp;New reply</source>
        <translation>&amp;Neuer Baustein</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="69"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="71"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="80"/>
        <source>S&amp;hortcut</source>
        <translation>&amp;Kürzel</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="81"/>
        <source>&amp;For</source>
        <translation>&amp;Für</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="82"/>
        <source>&amp;Text</source>
        <translation>&amp;Text</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="85"/>
        <source>In the reply box, type / and the shortcut. {first_name} becomes the customer&apos;s first name, {agent_name} your name.</source>
        <translation>Tippen Sie im Antwortfeld / und das Kürzel. {first_name} wird zum Vornamen des Kunden, {agent_name} zu Ihrem Namen.</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="162"/>
        <source>only me</source>
        <translation>nur ich</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="162"/>
        <source>team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../lists/canned_dialog.py" line="190"/>
        <source>You can use this reply, not change it.</source>
        <translation>Sie können diesen Baustein verwenden, aber nicht ändern.</translation>
    </message>
</context>
<context>
    <name>ChoiceView</name>
    <message>
        <location filename="../team/choice_view.py" line="25"/>
        <source>Welcome to Switchboard</source>
        <translation>Willkommen bei Switchboard</translation>
    </message>
    <message>
        <location filename="../team/choice_view.py" line="29"/>
        <source>Switchboard lets your team answer your business&apos;s WhatsApp number together. Is your team already using it?</source>
        <translation>Mit Switchboard beantwortet Ihr Team die WhatsApp-Nummer Ihres Unternehmens gemeinsam. Nutzt Ihr Team es bereits?</translation>
    </message>
    <message>
        <location filename="../team/choice_view.py" line="36"/>
        <source>Create a team</source>
        <translation>Team gründen</translation>
    </message>
    <message>
        <location filename="../team/choice_view.py" line="38"/>
        <source>You are the first: set up Switchboard for your business, then invite your colleagues.</source>
        <translation>Sie sind die Ersten: Richten Sie Switchboard für Ihr Unternehmen ein und laden Sie dann Ihre Kollegen ein.</translation>
    </message>
    <message>
        <location filename="../team/choice_view.py" line="44"/>
        <source>Join a team</source>
        <translation>Team beitreten</translation>
    </message>
    <message>
        <location filename="../team/choice_view.py" line="45"/>
        <source>A colleague gave you an invite code.</source>
        <translation>Sie haben von einem Kollegen einen Einladungscode erhalten.</translation>
    </message>
</context>
<context>
    <name>CollisionGuard</name>
    <message>
        <location filename="../widgets/collision_guard.py" line="107"/>
        <source>New message arrived — review it, then press Send again</source>
        <translation>Neue Nachricht eingetroffen – lesen Sie sie und klicken Sie dann erneut auf Senden</translation>
    </message>
</context>
<context>
    <name>ComposeModeBar</name>
    <message>
        <location filename="../widgets/note_mode.py" line="54"/>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../widgets/note_mode.py" line="54"/>
        <source>Write to the customer</source>
        <translation>An den Kunden schreiben</translation>
    </message>
    <message>
        <location filename="../widgets/note_mode.py" line="56"/>
        <source>Private note</source>
        <translation>Private Notiz</translation>
    </message>
    <message>
        <location filename="../widgets/note_mode.py" line="57"/>
        <source>Write to colleagues only; the customer never sees it (Ctrl+Shift+P)</source>
        <translation>Nur an Kollegen schreiben; der Kunde sieht es nie (Strg+Umschalt+P)</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../widgets/composer.py" line="140"/>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../widgets/composer.py" line="147"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../widgets/composer.py" line="149"/>
        <source>Send reply</source>
        <translation>Antwort senden</translation>
    </message>
    <message>
        <location filename="../widgets/composer.py" line="150"/>
        <source>Send (Enter)</source>
        <translation>Senden (Eingabe)</translation>
    </message>
    <message>
        <location filename="../widgets/composer.py" line="159"/>
        <source>Choose a conversation to reply</source>
        <translation>Wählen Sie eine Unterhaltung, um zu antworten</translation>
    </message>
    <message>
        <location filename="../widgets/composer.py" line="278"/>
        <source>Attach a file</source>
        <translation>Datei anhängen</translation>
    </message>
    <message>
        <location filename="../widgets/composer.py" line="280"/>
        <source>Attach a file (%1)</source>
        <translation>Datei anhängen (%1)</translation>
    </message>
</context>
<context>
    <name>ConversationHeader</name>
    <message>
        <location filename="../widgets/conversation_header.py" line="193"/>
        <location filename="../widgets/conversation_header.py" line="289"/>
        <source>Claim</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_header.py" line="196"/>
        <source>Claim conversation</source>
        <translation>Unterhaltung übernehmen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_header.py" line="197"/>
        <source>Take this conversation (Ctrl+Shift+C)</source>
        <translation>Diese Unterhaltung übernehmen (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_header.py" line="283"/>
        <source>Claiming…</source>
        <translation>Wird übernommen…</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_header.py" line="285"/>
        <source>Assigned to you</source>
        <translation>Ihnen zugewiesen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_header.py" line="287"/>
        <source>Assigned to %1</source>
        <translation>Zugewiesen an %1</translation>
    </message>
</context>
<context>
    <name>ConversationLabels</name>
    <message>
        <location filename="../widgets/conversation_labels.py" line="26"/>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_labels.py" line="38"/>
        <source>+ Label</source>
        <translation>+ Label</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_labels.py" line="39"/>
        <source>Add a label</source>
        <translation>Label hinzufügen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_labels.py" line="44"/>
        <source>No labels yet: an admin defines them (Desk → Labels…).</source>
        <translation>Noch keine Labels: Ein Administrator legt sie an (Arbeitsplatz → Labels…).</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_labels.py" line="113"/>
        <source>Remove label %1</source>
        <translation>Label %1 entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_labels.py" line="114"/>
        <source>Remove this label</source>
        <translation>Dieses Label entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_labels.py" line="132"/>
        <source>Every label is on this conversation</source>
        <translation>Diese Unterhaltung hat schon jedes Label</translation>
    </message>
</context>
<context>
    <name>ConversationModel</name>
    <message>
        <location filename="../models/conversation_model.py" line="252"/>
        <source>Private note by %1</source>
        <translation>Private Notiz von %1</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="254"/>
        <location filename="../models/conversation_model.py" line="267"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="258"/>
        <source>Edited by the customer</source>
        <translation>Vom Kunden bearbeitet</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="260"/>
        <source>Customer reacted %1</source>
        <translation>Kunde hat mit %1 reagiert</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="269"/>
        <source>Business</source>
        <translation>Unternehmen</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="275"/>
        <source>From the phone</source>
        <translation>Vom Telefon</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="277"/>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="280"/>
        <source>%1 (system)</source>
        <translation>%1 (System)</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="290"/>
        <source>Sent from the WhatsApp Business app on the phone, %1</source>
        <translation>Gesendet mit der WhatsApp-Business-App auf dem Telefon, %1</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="294"/>
        <source>Sent automatically by business hours (greeting or away message)</source>
        <translation>Automatisch nach den Geschäftszeiten gesendet (Begrüßung oder Abwesenheitsnachricht)</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="297"/>
        <source>Notification sent by the back-office system %1</source>
        <translation>Benachrichtigung vom Backoffice-System %1</translation>
    </message>
    <message>
        <location filename="../models/conversation_model.py" line="307"/>
        <source>Not sent: a colleague changed this conversation while you were writing. Read what changed and send again if it still fits.</source>
        <translation>Nicht gesendet: Ein Kollege hat diese Unterhaltung geändert, während Sie geschrieben haben. Lesen Sie die Änderung und senden Sie erneut, wenn es noch passt.</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <location filename="../widgets/conversation_pane.py" line="131"/>
        <source>Pick a conversation from the queue</source>
        <translation>Wählen Sie eine Unterhaltung aus der Warteschlange</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="133"/>
        <source>Ctrl+K searches all conversations · Ctrl+1 to 6 switch tabs</source>
        <translation>Strg+K durchsucht alle Unterhaltungen · Strg+1 bis 6 wechseln die Reiter</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="361"/>
        <source>%1 claimed this first</source>
        <translation>%1 hat sie zuerst übernommen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="526"/>
        <source>Claim</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="528"/>
        <source>This conversation could not be opened. Pick it again.</source>
        <translation>Diese Unterhaltung konnte nicht geöffnet werden. Wählen Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="531"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="532"/>
        <source>Loading the conversation…</source>
        <translation>Unterhaltung wird geladen…</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="539"/>
        <source>Private note for colleagues · @ mentions someone · Enter adds it</source>
        <translation>Private Notiz für Kollegen · @ erwähnt jemanden · Eingabe fügt sie hinzu</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="548"/>
        <source>%1 is handling this conversation</source>
        <translation>%1 bearbeitet diese Unterhaltung</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="550"/>
        <source>Claim this conversation to reply (Ctrl+Shift+C)</source>
        <translation>Übernehmen Sie diese Unterhaltung, um zu antworten (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="553"/>
        <source>The 24-hour reply window has closed: only approved templates can be sent</source>
        <translation>Das 24-Stunden-Antwortfenster ist geschlossen: Nur freigegebene Vorlagen können gesendet werden</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_pane.py" line="555"/>
        <source>Write a reply…   Enter sends · Shift+Enter adds a line</source>
        <translation>Antworten…   Eingabe sendet · Umschalt+Eingabe: neue Zeile</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <location filename="../widgets/conversation_view.py" line="68"/>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_view.py" line="207"/>
        <source>No messages yet</source>
        <translation>Noch keine Nachrichten</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_view.py" line="250"/>
        <source>Send again</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_view.py" line="251"/>
        <source>Discard this reply</source>
        <translation>Diese Antwort verwerfen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_view.py" line="269"/>
        <source>Copy text</source>
        <translation>Text kopieren</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_view.py" line="273"/>
        <source>Show earlier versions…</source>
        <translation>Frühere Fassungen anzeigen…</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_view.py" line="277"/>
        <source>Open link</source>
        <translation>Link öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_view.py" line="278"/>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
</context>
<context>
    <name>CostReportDialog</name>
    <message>
        <location filename="../cost_report_dialog.py" line="45"/>
        <source>Costs</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="54"/>
        <location filename="../cost_report_dialog.py" line="74"/>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="60"/>
        <source>Messages Meta priced, counted on the day (UTC) Meta first reported them. Meta&apos;s webhooks name no amounts: the price per message depends on the customer&apos;s country and your monthly volume (see your WhatsApp Business invoice).</source>
        <translation>Von Meta berechnete Nachrichten, gezählt an dem Tag (UTC), an dem Meta sie zuerst meldete. Metas Webhooks nennen keine Beträge: Der Preis pro Nachricht hängt vom Land des Kunden und Ihrem monatlichen Volumen ab (siehe Ihre WhatsApp-Business-Rechnung).</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="68"/>
        <source>Save as CSV…</source>
        <translation>Als CSV speichern…</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="88"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="88"/>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="88"/>
        <source>Label</source>
        <translation>Einstufung</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="88"/>
        <source>Sent by</source>
        <translation>Gesendet von</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="89"/>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="97"/>
        <source>Priced messages</source>
        <translation>Berechnete Nachrichten</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="149"/>
        <source>Save costs report</source>
        <translation>Kostenbericht speichern</translation>
    </message>
    <message>
        <location filename="../cost_report_dialog.py" line="161"/>
        <source>Could not save the costs report: %1</source>
        <translation>Der Kostenbericht konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../crash.py" line="59"/>
        <source>Switchboard — unexpected problem</source>
        <translation>Switchboard – unerwartetes Problem</translation>
    </message>
    <message>
        <location filename="../crash.py" line="65"/>
        <source>Switchboard hit a problem it did not expect. You can keep working; if something looks wrong, restart the app. The details below help us fix it and contain no message text or phone numbers.</source>
        <translation>Switchboard ist auf ein unerwartetes Problem gestoßen. Sie können weiterarbeiten; wenn etwas nicht stimmt, starten Sie die App neu. Die Details unten helfen uns bei der Behebung und enthalten keine Nachrichtentexte oder Telefonnummern.</translation>
    </message>
    <message>
        <location filename="../crash.py" line="73"/>
        <source>Problem details</source>
        <translation>Details zum Problem</translation>
    </message>
    <message>
        <location filename="../crash.py" line="75"/>
        <source>Copy details</source>
        <translation>Details kopieren</translation>
    </message>
</context>
<context>
    <name>CreateTeamView</name>
    <message>
        <location filename="../team/create_team_view.py" line="29"/>
        <source>Create a team</source>
        <translation>Team gründen</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="31"/>
        <source>As your customers know it</source>
        <translation>So, wie Ihre Kunden es kennen</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="33"/>
        <source>Your colleagues see this name</source>
        <translation>Ihre Kollegen sehen diesen Namen</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="34"/>
        <source>On this computer</source>
        <translation>Auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="37"/>
        <source>Simplest to start. Colleagues&apos; desks sync only while this computer is on and they can reach it.</source>
        <translation>Am einfachsten für den Anfang. Die Arbeitsplätze Ihrer Kollegen synchronisieren nur, solange dieser Computer eingeschaltet und für sie erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="42"/>
        <source>On a server</source>
        <translation>Auf einem Server</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="45"/>
        <source>A computer that is always on, where the Switchboard hub was started. Type its address and the one-time setup code it printed.</source>
        <translation>Ein ständig laufender Computer, auf dem der Switchboard-Hub gestartet wurde. Geben Sie seine Adresse und den einmaligen Einrichtungscode ein, den er ausgegeben hat.</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="55"/>
        <source>Create team</source>
        <translation>Team gründen</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="56"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="68"/>
        <source>Business name</source>
        <translation>Name des Unternehmens</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="69"/>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="73"/>
        <source>Where should the hub run? It passes your team&apos;s messages on, encrypted: it cannot read them.</source>
        <translation>Wo soll der Hub laufen? Er leitet die Nachrichten Ihres Teams verschlüsselt weiter und kann sie nicht lesen.</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="88"/>
        <source>Hub address</source>
        <translation>Hub-Adresse</translation>
    </message>
    <message>
        <location filename="../team/create_team_view.py" line="89"/>
        <source>Setup code</source>
        <translation>Einrichtungscode</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <location filename="../widgets/customer_panel.py" line="71"/>
        <source>Customer panel</source>
        <translation>Kundenbereich</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="98"/>
        <source>Reply window</source>
        <translation>Antwortfenster</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="105"/>
        <source>Costs</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="108"/>
        <source>The team&apos;s messages in this conversation that Meta priced, by category. Meta&apos;s webhooks name no amounts: the price depends on the customer&apos;s country and your monthly volume.</source>
        <translation>Die Nachrichten des Teams in dieser Unterhaltung, die Meta berechnet hat, nach Kategorie. Metas Webhooks nennen keine Beträge: Der Preis hängt vom Land des Kunden und Ihrem monatlichen Volumen ab.</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="115"/>
        <source>Earlier conversations</source>
        <translation>Frühere Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="131"/>
        <source>CUSTOMER</source>
        <translation>KUNDE</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="141"/>
        <source>LABELS</source>
        <translation>LABELS</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="144"/>
        <source>COSTS</source>
        <translation>KOSTEN</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="147"/>
        <source>EARLIER CONVERSATIONS</source>
        <translation>FRÜHERE UNTERHALTUNGEN</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="225"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="238"/>
        <source>This customer could not be found.</source>
        <translation>Dieser Kunde wurde nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="242"/>
        <source>Stopped marketing messages</source>
        <translation>Hat Marketing-Nachrichten abbestellt</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="244"/>
        <source>Marketing templates will not reach them; service replies still do.</source>
        <translation>Marketing-Vorlagen erreichen den Kunden nicht mehr; Service-Antworten schon.</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="252"/>
        <source>No name given</source>
        <translation>Kein Name angegeben</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="255"/>
        <source>Phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="261"/>
        <source>WhatsApp user id</source>
        <translation>WhatsApp-Benutzer-ID</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="262"/>
        <source>Uses a WhatsApp username: the number is hidden.</source>
        <translation>Nutzt einen WhatsApp-Benutzernamen: Die Nummer ist verborgen.</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="276"/>
        <source>Window closed — only templates can be sent</source>
        <translation>Fenster geschlossen – nur Vorlagen können gesendet werden</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="284"/>
        <source>The last message could not be delivered — the customer may have blocked this number.</source>
        <translation>Die letzte Nachricht konnte nicht zugestellt werden – vielleicht hat der Kunde diese Nummer blockiert.</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/customer_panel.py" line="288"/>
        <source>The last %n messages could not be delivered — the customer may have blocked this number.</source>
        <translation>
            <numerusform>Die letzte %n Nachricht konnte nicht zugestellt werden – vielleicht hat der Kunde diese Nummer blockiert.</numerusform>
            <numerusform>Die letzten %n Nachrichten konnten nicht zugestellt werden – vielleicht hat der Kunde diese Nummer blockiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="297"/>
        <source>First contact: %1</source>
        <translation>Erster Kontakt: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/customer_panel.py" line="301"/>
        <source>%n messages in all</source>
        <translation>
            <numerusform>%n Nachricht insgesamt</numerusform>
            <numerusform>%n Nachrichten insgesamt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="301"/>
        <source>1 message in all</source>
        <translation>1 Nachricht insgesamt</translation>
    </message>
    <message>
        <location filename="../widgets/customer_panel.py" line="307"/>
        <source>None yet: nothing was resolved before.</source>
        <translation>Noch keine: Bisher wurde nichts erledigt.</translation>
    </message>
</context>
<context>
    <name>DamagedStoreDialog</name>
    <message>
        <location filename="../team/damaged_store_dialog.py" line="29"/>
        <source>Local store damaged</source>
        <translation>Lokaler Speicher beschädigt</translation>
    </message>
    <message>
        <location filename="../team/damaged_store_dialog.py" line="34"/>
        <source>This computer&apos;s copy of the team&apos;s conversations failed its integrity check. Parts of it may be unreadable, and what is written into it may be lost.</source>
        <translation>Die Kopie der Team-Unterhaltungen auf diesem Computer hat die Integritätsprüfung nicht bestanden. Teile davon sind womöglich unlesbar, und was hineingeschrieben wird, kann verloren gehen.</translation>
    </message>
    <message>
        <location filename="../team/damaged_store_dialog.py" line="42"/>
        <source>This computer&apos;s copy of the team&apos;s conversations is damaged: parts of it cannot be read.</source>
        <translation>Die Kopie der Team-Unterhaltungen auf diesem Computer ist beschädigt: Teile davon lassen sich nicht lesen.</translation>
    </message>
    <message>
        <location filename="../team/damaged_store_dialog.py" line="48"/>
        <source>This computer&apos;s copy of the team&apos;s conversations is missing or empty.</source>
        <translation>Die Kopie der Team-Unterhaltungen auf diesem Computer fehlt oder ist leer.</translation>
    </message>
    <message>
        <location filename="../team/damaged_store_dialog.py" line="52"/>
        <source>Switchboard can keep the damaged file aside, in the profile folder, and sync a fresh copy from the hub. Replies this computer had not sent yet stay in the kept file. If this computer&apos;s membership of the team cannot be read from it, you join the team again with an invite from an administrator.</source>
        <translation>Switchboard kann die beschädigte Datei im Profilordner beiseitelegen und eine frische Kopie vom Hub synchronisieren. Antworten, die dieser Computer noch nicht gesendet hatte, bleiben in der aufbewahrten Datei. Lässt sich die Teammitgliedschaft dieses Computers nicht mehr daraus lesen, treten Sie dem Team mit einer Einladung eines Administrators erneut bei.</translation>
    </message>
    <message>
        <location filename="../team/damaged_store_dialog.py" line="60"/>
        <source>Keep it aside and sync again</source>
        <translation>Beiseitelegen und neu synchronisieren</translation>
    </message>
    <message>
        <location filename="../team/damaged_store_dialog.py" line="64"/>
        <source>Open it anyway</source>
        <translation>Trotzdem öffnen</translation>
    </message>
    <message>
        <location filename="../team/damaged_store_dialog.py" line="66"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
<context>
    <name>DeskNotifications</name>
    <message>
        <location filename="../notifications/notifier.py" line="107"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../notifications/notifier.py" line="111"/>
        <source>Do not &amp;disturb</source>
        <translation>&amp;Nicht stören</translation>
    </message>
    <message>
        <location filename="../notifications/notifier.py" line="114"/>
        <source>Show message &amp;text in notifications</source>
        <translation>Nachrichten&amp;text in Benachrichtigungen zeigen</translation>
    </message>
    <message>
        <location filename="../notifications/notifier.py" line="145"/>
        <source>Do not disturb: no notifications; the unread count still updates.</source>
        <translation>Nicht stören: keine Benachrichtigungen; die Zahl der ungelesenen Nachrichten wird weiter aktualisiert.</translation>
    </message>
    <message>
        <location filename="../notifications/notifier.py" line="156"/>
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <location filename="../notifications/notifier.py" line="156"/>
        <source>Notifications on</source>
        <translation>Benachrichtigungen an</translation>
    </message>
</context>
<context>
    <name>DeskTray</name>
    <message>
        <location filename="../notifications/tray.py" line="33"/>
        <source>Open Switchboard</source>
        <translation>Switchboard öffnen</translation>
    </message>
    <message>
        <location filename="../notifications/tray.py" line="38"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../desk_window.py" line="89"/>
        <location filename="../desk_window.py" line="517"/>
        <source>Switchboard — %1</source>
        <translation>Switchboard – %1</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="178"/>
        <source>&amp;Desk</source>
        <translation>&amp;Arbeitsplatz</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="179"/>
        <source>&amp;New conversation…</source>
        <translation>Neue Unter&amp;haltung…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="181"/>
        <source>&amp;Claim conversation</source>
        <translation>Unterhaltung &amp;übernehmen</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="183"/>
        <source>Go to &amp;queue</source>
        <translation>Zur &amp;Warteschlange</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="185"/>
        <source>&amp;Search all conversations…</source>
        <translation>In allen Unterhaltungen such&amp;en…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="187"/>
        <source>&amp;Find in conversation…</source>
        <translation>In d&amp;ieser Unterhaltung suchen…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="188"/>
        <source>&amp;Reply</source>
        <translation>&amp;Antworten</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="189"/>
        <source>&amp;Attach a file…</source>
        <translation>&amp;Datei anhängen…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="192"/>
        <source>&amp;Team…</source>
        <translation>&amp;Team…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="194"/>
        <source>WhatsApp &amp;number…</source>
        <translation>WhatsApp-N&amp;ummer…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="197"/>
        <source>Notices from &amp;Meta…</source>
        <translation>Hinweise von &amp;Meta…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="200"/>
        <source>T&amp;emplates…</source>
        <translation>&amp;Vorlagen…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="204"/>
        <source>&amp;Back-office systems…</source>
        <translation>Backoffice-S&amp;ysteme…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="209"/>
        <source>B&amp;usiness hours…</source>
        <translation>&amp;Geschäftszeiten…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="211"/>
        <source>Me&amp;nu…</source>
        <translation>Me&amp;nü…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="221"/>
        <source>C&amp;osts…</source>
        <translation>K&amp;osten…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="222"/>
        <source>R&amp;eports…</source>
        <translation>B&amp;erichte…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="226"/>
        <source>&amp;Labels…</source>
        <translation>&amp;Labels…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="229"/>
        <source>Canned re&amp;plies…</source>
        <translation>Text&amp;bausteine…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="231"/>
        <source>Announce a new &amp;version…</source>
        <translation>Neue &amp;Version ankündigen…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="235"/>
        <source>Auto-&amp;assignment…</source>
        <translation>Automatische &amp;Zuweisung…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="244"/>
        <source>Close &amp;window</source>
        <translation>&amp;Fenster schließen</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="245"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="247"/>
        <source>&amp;View</source>
        <translation>An&amp;sicht</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="261"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="262"/>
        <source>&amp;About Switchboard</source>
        <translation>Ü&amp;ber Switchboard</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="297"/>
        <source>A&amp;udit trail…</source>
        <translation>&amp;Protokoll…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="298"/>
        <source>E&amp;xport conversation…</source>
        <translation>Unterhaltung e&amp;xportieren…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="299"/>
        <source>Export &amp;all conversations…</source>
        <translation>&amp;Alle Unterhaltungen exportieren…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="300"/>
        <source>Back up this des&amp;k…</source>
        <translation>Diesen Arbeitsplat&amp;z sichern…</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="320"/>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <location filename="../desk_window.py" line="420"/>
        <source>Open a conversation to export it.</source>
        <translation>Öffnen Sie eine Unterhaltung, um sie zu exportieren.</translation>
    </message>
</context>
<context>
    <name>EarlierConversationsModel</name>
    <message>
        <location filename="../models/earlier_model.py" line="140"/>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <location filename="../models/earlier_model.py" line="147"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../models/earlier_model.py" line="151"/>
        <source>%n messages</source>
        <translation>
            <numerusform>%n Nachricht</numerusform>
            <numerusform>%n Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/earlier_model.py" line="151"/>
        <source>1 message</source>
        <translation>1 Nachricht</translation>
    </message>
    <message>
        <location filename="../models/earlier_model.py" line="154"/>
        <source>Resolved by %1</source>
        <translation>Erledigt von %1</translation>
    </message>
    <message>
        <location filename="../models/earlier_model.py" line="155"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../models/earlier_model.py" line="158"/>
        <source>a former colleague</source>
        <translation>ein ehemaliger Kollege</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <location filename="../export_flow.py" line="43"/>
        <source>Export conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <location filename="../export_flow.py" line="48"/>
        <source>Export all conversations</source>
        <translation>Alle Unterhaltungen exportieren</translation>
    </message>
    <message>
        <location filename="../export_flow.py" line="55"/>
        <source>JSON data (*.json)</source>
        <translation>JSON-Daten (*.json)</translation>
    </message>
    <message>
        <location filename="../export_flow.py" line="55"/>
        <source>Web page (*.html)</source>
        <translation>Webseite (*.html)</translation>
    </message>
    <message>
        <location filename="../export_flow.py" line="68"/>
        <source>Exporting the conversation…</source>
        <translation>Die Unterhaltung wird exportiert…</translation>
    </message>
    <message>
        <location filename="../export_flow.py" line="73"/>
        <source>Exporting all conversations…</source>
        <translation>Alle Unterhaltungen werden exportiert…</translation>
    </message>
    <message numerus="yes">
        <location filename="../export_flow.py" line="107"/>
        <source>Export written to %1 (conversations: %n).</source>
        <translation>
            <numerusform>Export nach %1 geschrieben (Unterhaltungen: %n).</numerusform>
            <numerusform>Export nach %1 geschrieben (Unterhaltungen: %n).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../export_flow.py" line="110"/>
        <source>Files only named, never opened on this desk: %n.</source>
        <translation>
            <numerusform>Nur genannte, auf diesem Arbeitsplatz nie geöffnete Dateien: %n.</numerusform>
            <numerusform>Nur genannte, auf diesem Arbeitsplatz nie geöffnete Dateien: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileSender</name>
    <message>
        <location filename="../file_sender.py" line="96"/>
        <source>Attach a file</source>
        <translation>Datei anhängen</translation>
    </message>
    <message>
        <location filename="../file_sender.py" line="172"/>
        <source>Sending “%1”…</source>
        <translation>„%1“ wird gesendet…</translation>
    </message>
    <message>
        <location filename="../file_sender.py" line="186"/>
        <source>Could not read the file: %1</source>
        <translation>Die Datei konnte nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>FirstRunWindow</name>
    <message>
        <location filename="../team/first_run_window.py" line="74"/>
        <source>Switchboard — set up</source>
        <translation>Switchboard – Einrichtung</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="136"/>
        <source>Creating your team</source>
        <translation>Ihr Team wird gegründet</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="157"/>
        <source>Making this computer&apos;s keys…</source>
        <translation>Schlüssel dieses Computers werden erzeugt…</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="158"/>
        <source>Starting the hub on this computer…</source>
        <translation>Hub wird auf diesem Computer gestartet…</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="159"/>
        <source>Contacting the hub…</source>
        <translation>Hub wird kontaktiert…</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="160"/>
        <source>Setting up the team on the hub…</source>
        <translation>Team wird auf dem Hub eingerichtet…</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="161"/>
        <source>Your team is ready.</source>
        <translation>Ihr Team ist bereit.</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="197"/>
        <source>Joining the team</source>
        <translation>Dem Team beitreten</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="197"/>
        <source>Sending your request…</source>
        <translation>Ihre Anfrage wird gesendet…</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="214"/>
        <source>Waiting for an administrator</source>
        <translation>Warten auf einen Administrator</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="216"/>
        <source>Ask the person who invited you to open the invite on their desk. Both screens will then show the same emoji.</source>
        <translation>Bitten Sie die Person, die Sie eingeladen hat, die Einladung an ihrem Arbeitsplatz zu öffnen. Beide Bildschirme zeigen dann dieselben Emoji.</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="223"/>
        <source>Does the administrator&apos;s screen show these emoji?</source>
        <translation>Zeigt der Bildschirm des Administrators diese Emoji?</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="224"/>
        <source>Compare them together, on the phone or side by side, in the same order.</source>
        <translation>Vergleichen Sie sie gemeinsam, am Telefon oder nebeneinander, in derselben Reihenfolge.</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="233"/>
        <source>Waiting for the administrator to confirm…</source>
        <translation>Warten auf die Bestätigung des Administrators…</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="236"/>
        <source>Then this desk starts from your backup, checking every record.</source>
        <translation>Danach beginnt dieser Arbeitsplatz mit Ihrer Sicherung und prüft jeden Eintrag.</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="246"/>
        <source>Starting from your backup</source>
        <translation>Beginn mit Ihrer Sicherung</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="247"/>
        <source>Checking every record of the backup against the team…</source>
        <translation>Jeder Eintrag der Sicherung wird gegen das Team geprüft…</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="255"/>
        <source>You are in the team</source>
        <translation>Sie sind im Team</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="256"/>
        <source>Fetching the team&apos;s conversations. You can start while this goes on.</source>
        <translation>Die Unterhaltungen des Teams werden geladen. Sie können währenddessen schon anfangen.</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="262"/>
        <source>The backup is not this team&apos;s, or it was changed, so it was not used. This desk fetches the team&apos;s conversations from the hub instead; nothing is lost.</source>
        <translation>Die Sicherung gehört nicht zu diesem Team oder wurde verändert und wurde daher nicht verwendet. Dieser Arbeitsplatz holt die Unterhaltungen des Teams stattdessen vom Hub; nichts geht verloren.</translation>
    </message>
    <message>
        <location filename="../team/first_run_window.py" line="266"/>
        <source>Open the desk</source>
        <translation>Arbeitsplatz öffnen</translation>
    </message>
</context>
<context>
    <name>HandlingBar</name>
    <message>
        <location filename="../widgets/handling_bar.py" line="84"/>
        <location filename="../widgets/handling_bar.py" line="115"/>
        <source>Resolve</source>
        <translation>Erledigen</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="86"/>
        <location filename="../widgets/handling_bar.py" line="125"/>
        <source>Resolve conversation</source>
        <translation>Unterhaltung erledigen</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="87"/>
        <source>Mark the conversation done (Ctrl+Shift+R)</source>
        <translation>Die Unterhaltung als erledigt markieren (Strg+Umschalt+R)</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="93"/>
        <source>More actions for this conversation</source>
        <translation>Weitere Aktionen für diese Unterhaltung</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="94"/>
        <source>Snooze, mark pending or hand over (Ctrl+Shift+H)</source>
        <translation>Zurückstellen, als wartend markieren oder übergeben (Strg+Umschalt+H)</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="115"/>
        <location filename="../widgets/handling_bar.py" line="157"/>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="125"/>
        <source>Reopen conversation</source>
        <translation>Unterhaltung wieder öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="154"/>
        <source>Mark as pending (waiting for the customer)</source>
        <translation>Als wartend markieren (wartet auf den Kunden)</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="159"/>
        <source>Snooze</source>
        <translation>Zurückstellen</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="162"/>
        <source>For an hour</source>
        <translation>Für eine Stunde</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="163"/>
        <source>Until this evening (18:00)</source>
        <translation>Bis heute Abend (18:00)</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="164"/>
        <source>Until tomorrow morning (9:00)</source>
        <translation>Bis morgen früh (9:00)</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="165"/>
        <source>Until Monday morning (9:00)</source>
        <translation>Bis Montag früh (9:00)</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="170"/>
        <source>Until…</source>
        <translation>Bis…</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="179"/>
        <source>Assign to</source>
        <translation>Zuweisen an</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="180"/>
        <source>Me</source>
        <translation>Mich</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="181"/>
        <source>%1 (away)</source>
        <translation>%1 (abwesend)</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="186"/>
        <source>Transfer with a note…</source>
        <translation>Mit Notiz übergeben…</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="189"/>
        <source>Release to the queue</source>
        <translation>In die Warteschlange zurückgeben</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="190"/>
        <source>Take over</source>
        <translation>An mich ziehen</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../widgets/header_bar.py" line="122"/>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="124"/>
        <source>You are away: auto-assignment gives you nothing new.</source>
        <translation>Sie sind abwesend: Die automatische Zuweisung gibt Ihnen nichts Neues.</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="130"/>
        <location filename="../widgets/header_bar.py" line="131"/>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="151"/>
        <source>Signed in as %1</source>
        <translation>Angemeldet als %1</translation>
    </message>
</context>
<context>
    <name>HubIndicator</name>
    <message>
        <location filename="../widgets/header_bar.py" line="68"/>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="69"/>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="70"/>
        <source>Hub not responding</source>
        <translation>Hub antwortet nicht</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="71"/>
        <source>Hub cannot save</source>
        <translation>Hub kann nicht speichern</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="72"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="76"/>
        <source>Hub connection: %1</source>
        <translation>Verbindung zum Hub: %1</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="78"/>
        <source>Connected to the team hub; changes sync instantly.</source>
        <translation>Mit dem Hub des Teams verbunden; Änderungen werden sofort synchronisiert.</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="79"/>
        <source>Reaching the team hub…</source>
        <translation>Hub des Teams wird erreicht…</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="81"/>
        <source>The team hub is connected but does not answer. You can keep working; replies are sent once it answers again.</source>
        <translation>Der Hub des Teams ist verbunden, antwortet aber nicht. Sie können weiterarbeiten; Antworten werden gesendet, sobald er wieder antwortet.</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="85"/>
        <source>The team hub cannot save new messages (its disk may be full). Your replies wait in the outbox and go out once it can; new customer messages arrive then too. Tell whoever runs the hub.</source>
        <translation>Der Hub des Teams kann keine neuen Nachrichten speichern (seine Festplatte ist vielleicht voll). Ihre Antworten warten im Postausgang und gehen raus, sobald er wieder speichern kann; neue Kundennachrichten kommen dann ebenfalls an. Sagen Sie es der Person, die den Hub betreibt.</translation>
    </message>
    <message>
        <location filename="../widgets/header_bar.py" line="90"/>
        <source>The team hub is unreachable. You can keep working; replies are sent on reconnect.</source>
        <translation>Der Hub des Teams ist nicht erreichbar. Sie können weiterarbeiten; Antworten werden nach dem Wiederverbinden gesendet.</translation>
    </message>
</context>
<context>
    <name>HubIntegrityView</name>
    <message>
        <location filename="../widgets/hub_integrity_view.py" line="22"/>
        <source>Team chain invalid: sending stopped</source>
        <translation>Teamkette ungültig: Senden gestoppt</translation>
    </message>
    <message>
        <location filename="../widgets/hub_integrity_view.py" line="24"/>
        <source>The hub altered the team log</source>
        <translation>Der Hub hat das Team-Protokoll verändert</translation>
    </message>
    <message>
        <location filename="../widgets/hub_integrity_view.py" line="26"/>
        <source>%1 forged or misplaced records refused</source>
        <translation>%1 gefälschte oder falsch eingeordnete Einträge abgewiesen</translation>
    </message>
    <message>
        <location filename="../widgets/hub_integrity_view.py" line="27"/>
        <source>%1 replayed records refused</source>
        <translation>%1 wiederholt eingespielte Einträge abgewiesen</translation>
    </message>
    <message>
        <location filename="../widgets/hub_integrity_view.py" line="28"/>
        <source>%1 events withheld</source>
        <translation>%1 Ereignisse zurückgehalten</translation>
    </message>
    <message>
        <location filename="../widgets/hub_integrity_view.py" line="29"/>
        <source>%1 events arrived out of order</source>
        <translation>%1 Ereignisse in falscher Reihenfolge eingetroffen</translation>
    </message>
    <message>
        <location filename="../widgets/hub_integrity_view.py" line="30"/>
        <source>%1 rollbacks of the log</source>
        <translation>%1 Rücksetzungen des Protokolls</translation>
    </message>
    <message>
        <location filename="../widgets/hub_integrity_view.py" line="31"/>
        <source>%1 events name team changes not received</source>
        <translation>%1 Ereignisse verweisen auf nicht empfangene Teamänderungen</translation>
    </message>
</context>
<context>
    <name>InlineNotice</name>
    <message>
        <location filename="../widgets/conversation_header.py" line="70"/>
        <source>Notice</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_header.py" line="77"/>
        <source>Dismiss notice</source>
        <translation>Hinweis schließen</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <location filename="../team/invite_dialog.py" line="157"/>
        <source>Invite someone</source>
        <translation>Jemanden einladen</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="167"/>
        <source>Create invite</source>
        <translation>Einladung erstellen</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="170"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="218"/>
        <source>Cancel invite</source>
        <translation>Einladung zurückziehen</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="224"/>
        <location filename="../team/invite_dialog.py" line="255"/>
        <source>Nobody was added</source>
        <translation>Niemand wurde hinzugefügt</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="230"/>
        <source>Does %1&apos;s screen show these emoji?</source>
        <translation>Zeigt der Bildschirm von %1 diese Emoji?</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="231"/>
        <source>%1 asks to join as %2. Compare together, in the same order.</source>
        <translation>%1 möchte als %2 beitreten. Vergleichen Sie gemeinsam, in derselben Reihenfolge.</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="243"/>
        <source>Waiting for %1 to confirm…</source>
        <translation>Warten auf die Bestätigung von %1…</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="247"/>
        <source>%1 is in the team</source>
        <translation>%1 ist im Team</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="248"/>
        <source>%1&apos;s desk is fetching the team&apos;s conversations now.</source>
        <translation>Der Arbeitsplatz von %1 lädt jetzt die Unterhaltungen des Teams.</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="257"/>
        <source>The emoji did not match, so the invite is cancelled. Someone may have tried to listen in: make a new invite and compare again.</source>
        <translation>Die Emoji stimmten nicht überein, daher wurde die Einladung zurückgezogen. Möglicherweise hat jemand versucht mitzuhören: Erstellen Sie eine neue Einladung und vergleichen Sie erneut.</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="267"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="289"/>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="293"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
<context>
    <name>JoinView</name>
    <message>
        <location filename="../team/join_view.py" line="41"/>
        <source>Join a team</source>
        <translation>Team beitreten</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="44"/>
        <source>Type what the person who invited you gave you. The code works once, within a day.</source>
        <translation>Geben Sie ein, was Sie von der einladenden Person erhalten haben. Der Code gilt einmal und einen Tag lang.</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="56"/>
        <source>Your colleagues see this name</source>
        <translation>Ihre Kollegen sehen diesen Namen</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="59"/>
        <source>Hub address</source>
        <translation>Hub-Adresse</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="60"/>
        <source>Invite code</source>
        <translation>Einladungscode</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="62"/>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="68"/>
        <source>Join</source>
        <translation>Beitreten</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="69"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="95"/>
        <source>Start from a &amp;backup…</source>
        <translation>Mit einer &amp;Sicherung beginnen…</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="97"/>
        <source>Join &amp;without it</source>
        <translation>&amp;Ohne Sicherung beitreten</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="106"/>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="120"/>
        <source>The team&apos;s conversations come from the hub, or from a backup.</source>
        <translation>Die Unterhaltungen des Teams kommen vom Hub oder aus einer Sicherung.</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="123"/>
        <source>Starts from the backup %1, then fetches what is newer.</source>
        <translation>Beginnt mit der Sicherung %1 und holt dann, was neuer ist.</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="134"/>
        <source>Codes have only letters and the digits 2 to 7.</source>
        <translation>Codes bestehen nur aus Buchstaben und den Ziffern 2 bis 7.</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="136"/>
        <source>20 characters, in groups of four.</source>
        <translation>20 Zeichen, in Vierergruppen.</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="138"/>
        <source>%1 of %2 characters</source>
        <translation>%1 von %2 Zeichen</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="141"/>
        <source>This code has a typing mistake somewhere. Check it again.</source>
        <translation>In diesem Code steckt ein Tippfehler. Prüfen Sie ihn noch einmal.</translation>
    </message>
    <message>
        <location filename="../team/join_view.py" line="144"/>
        <source>The code looks right.</source>
        <translation>Der Code sieht richtig aus.</translation>
    </message>
</context>
<context>
    <name>LabelFilter</name>
    <message>
        <location filename="../widgets/label_filter.py" line="29"/>
        <source>Filter by label</source>
        <translation>Nach Label filtern</translation>
    </message>
    <message>
        <location filename="../widgets/label_filter.py" line="30"/>
        <source>Show only conversations with this label</source>
        <translation>Nur Unterhaltungen mit diesem Label zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/label_filter.py" line="52"/>
        <source>All conversations</source>
        <translation>Alle Unterhaltungen</translation>
    </message>
</context>
<context>
    <name>LabelsButton</name>
    <message>
        <location filename="../assignment/settings_dialog.py" line="66"/>
        <source>All labels</source>
        <translation>Alle Labels</translation>
    </message>
    <message>
        <location filename="../assignment/settings_dialog.py" line="67"/>
        <source>Labels handled: %1</source>
        <translation>Zuständig für Labels: %1</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <location filename="../lists/labels_dialog.py" line="47"/>
        <location filename="../lists/labels_dialog.py" line="52"/>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="56"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="57"/>
        <source>e.g. VIP, Refund, Wholesale</source>
        <translation>z. B. VIP, Erstattung, Großhandel</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="68"/>
        <source>&amp;New label</source>
        <translation>&amp;Neues Label</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="70"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="73"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="85"/>
        <source>&amp;Name</source>
        <translation>N&amp;ame</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="86"/>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="96"/>
        <source>Agents put labels on conversations in the customer panel; the queue filters by them.</source>
        <translation>Labels vergeben Sie im Kundenbereich einer Unterhaltung; die Warteschlange filtert danach.</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="159"/>
        <source>Delete label</source>
        <translation>Label löschen</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="161"/>
        <source>Delete the label “%1”? It comes off every conversation that carries it.</source>
        <translation>Das Label „%1“ löschen? Es verschwindet von jeder Unterhaltung, die es trägt.</translation>
    </message>
    <message>
        <location filename="../lists/labels_dialog.py" line="167"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <location filename="../widgets/language_menu.py" line="26"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../widgets/language_menu.py" line="33"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location filename="../widgets/language_menu.py" line="42"/>
        <source>Applies when Switchboard starts again</source>
        <translation>Gilt ab dem nächsten Start von Switchboard</translation>
    </message>
    <message>
        <location filename="../widgets/language_menu.py" line="51"/>
        <source>The language setting could not be saved.</source>
        <translation>Die Spracheinstellung konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../widgets/language_menu.py" line="54"/>
        <source>The language changes to %1 when Switchboard starts again.</source>
        <translation>Die Sprache wechselt beim nächsten Start von Switchboard zu %1.</translation>
    </message>
</context>
<context>
    <name>LocalStoreView</name>
    <message>
        <location filename="../widgets/local_store_view.py" line="23"/>
        <source>Cannot save on this computer: syncing and sending wait</source>
        <translation>Speichern hier nicht möglich: Abgleich und Senden warten</translation>
    </message>
    <message>
        <location filename="../widgets/local_store_view.py" line="26"/>
        <source>Switchboard cannot write to its local store (the disk may be full). Free some space: what you typed is kept and goes out by itself, and new messages appear once it can save again.</source>
        <translation>Switchboard kann nicht in seinen lokalen Speicher schreiben (die Festplatte ist vielleicht voll). Geben Sie Speicherplatz frei: Was Sie geschrieben haben, bleibt erhalten und wird von selbst gesendet, und neue Nachrichten erscheinen, sobald wieder gespeichert werden kann.</translation>
    </message>
    <message>
        <location filename="../widgets/local_store_view.py" line="32"/>
        <source>This desk&apos;s local store is damaged</source>
        <translation>Der lokale Speicher dieses Arbeitsplatzes ist beschädigt</translation>
    </message>
    <message>
        <location filename="../widgets/local_store_view.py" line="35"/>
        <source>The local store failed its integrity check, so some conversations may be incomplete here. Quit and start Switchboard again: it offers to keep the damaged file aside and sync a fresh copy from the hub.</source>
        <translation>Der lokale Speicher hat die Integritätsprüfung nicht bestanden, daher sind manche Unterhaltungen hier womöglich unvollständig. Beenden Sie Switchboard und starten Sie es erneut: Es bietet an, die beschädigte Datei beiseitezulegen und eine frische Kopie vom Hub zu synchronisieren.</translation>
    </message>
</context>
<context>
    <name>MediaOpener</name>
    <message>
        <location filename="../media_viewer.py" line="63"/>
        <source>Save file</source>
        <translation>Datei speichern</translation>
    </message>
    <message>
        <location filename="../media_viewer.py" line="73"/>
        <source>Could not save the file: %s</source>
        <translation>Die Datei konnte nicht gespeichert werden: %s</translation>
    </message>
    <message>
        <location filename="../media_viewer.py" line="90"/>
        <location filename="../media_viewer.py" line="94"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
</context>
<context>
    <name>MenuPanel</name>
    <message>
        <location filename="../team/menu_panel.py" line="54"/>
        <source>Write the text above the list.</source>
        <translation>Schreiben Sie den Text über der Liste.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="55"/>
        <source>The text above the list may have 1024 characters.</source>
        <translation>Der Text über der Liste darf 1024 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="58"/>
        <source>The header and the footer may have 60 characters each.</source>
        <translation>Kopfzeile und Fußzeile dürfen je 60 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="61"/>
        <source>Name the button that opens the list.</source>
        <translation>Benennen Sie die Schaltfläche, die die Liste öffnet.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="62"/>
        <source>The button&apos;s name may have 20 characters.</source>
        <translation>Der Name der Schaltfläche darf 20 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="65"/>
        <source>Add at least one option.</source>
        <translation>Fügen Sie mindestens eine Auswahl hinzu.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="66"/>
        <source>A list has at most 10 options.</source>
        <translation>Eine Liste hat höchstens 10 Auswahlen.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="67"/>
        <source>Give every option a title.</source>
        <translation>Geben Sie jeder Auswahl einen Titel.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="68"/>
        <source>An option&apos;s title may have 24 characters.</source>
        <translation>Der Titel einer Auswahl darf 24 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="71"/>
        <source>An option&apos;s description may have 72 characters.</source>
        <translation>Die Beschreibung einer Auswahl darf 72 Zeichen haben.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="74"/>
        <source>Two options have the same title.</source>
        <translation>Zwei Auswahlen haben denselben Titel.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="75"/>
        <source>Two options apply the same label.</source>
        <translation>Zwei Auswahlen vergeben dasselbe Label.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="76"/>
        <source>An option&apos;s label was deleted; choose another.</source>
        <translation>Das Label einer Auswahl wurde gelöscht; wählen Sie ein anderes.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="80"/>
        <source>This menu cannot be saved.</source>
        <translation>Dieses Menü kann nicht gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="96"/>
        <location filename="../team/team_window.py" line="127"/>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="100"/>
        <source>The gateway sends this list as the first reply of every new conversation (after the greeting, if that is on). The customer&apos;s choice puts its label on the conversation.</source>
        <translation>Das Gateway sendet diese Liste als erste Antwort jeder neuen Unterhaltung (nach der Begrüßung, wenn diese eingeschaltet ist). Die Wahl des Kunden versieht die Unterhaltung mit ihrem Label.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="108"/>
        <source>&amp;Send the menu to new conversations</source>
        <translation>Menü an neue Unterhaltungen &amp;senden</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="116"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="116"/>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="116"/>
        <source>Option</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="124"/>
        <source>&amp;Add option</source>
        <translation>Auswahl &amp;hinzufügen</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="126"/>
        <source>&amp;Remove option</source>
        <translation>Auswahl &amp;entfernen</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="135"/>
        <source>Preview of the list</source>
        <translation>Vorschau der Liste</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="136"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="161"/>
        <source>&amp;Header (optional):</source>
        <translation>&amp;Kopfzeile (optional):</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="162"/>
        <source>&amp;Text:</source>
        <translation>&amp;Text:</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="163"/>
        <source>&amp;Footer (optional):</source>
        <translation>&amp;Fußzeile (optional):</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="164"/>
        <source>&amp;Button:</source>
        <translation>Sch&amp;altfläche:</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="172"/>
        <source>Options (each applies a label):</source>
        <translation>Auswahlen (jede vergibt ein Label):</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="176"/>
        <source>Preview:</source>
        <translation>Vorschau:</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="213"/>
        <source>Label of option %1</source>
        <translation>Label der Auswahl %1</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="291"/>
        <source>Only admins set the menu.</source>
        <translation>Nur Admins legen das Menü fest.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="300"/>
        <source>Define labels first (Desk → Labels…): each option applies one.</source>
        <translation>Legen Sie zuerst Labels an (Arbeitsplatz → Labels…): jede Auswahl vergibt eines.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="315"/>
        <source>Saved: new conversations get this menu from now on.</source>
        <translation>Gespeichert: neue Unterhaltungen erhalten ab jetzt dieses Menü.</translation>
    </message>
    <message>
        <location filename="../team/menu_panel.py" line="317"/>
        <source>Saved: the menu is off.</source>
        <translation>Gespeichert: das Menü ist ausgeschaltet.</translation>
    </message>
</context>
<context>
    <name>NewConversationDialog</name>
    <message>
        <location filename="../widgets/new_conversation.py" line="37"/>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <location filename="../widgets/new_conversation.py" line="39"/>
        <source>+49 151 23456789</source>
        <translation>+49 151 23456789</translation>
    </message>
    <message>
        <location filename="../widgets/new_conversation.py" line="40"/>
        <source>Customer&apos;s phone number</source>
        <translation>Telefonnummer des Kunden</translation>
    </message>
    <message>
        <location filename="../widgets/new_conversation.py" line="50"/>
        <source>First message</source>
        <translation>Erste Nachricht</translation>
    </message>
    <message>
        <location filename="../widgets/new_conversation.py" line="53"/>
        <source>WhatsApp lets a business write first only with an approved template. The customer&apos;s answer opens the 24-hour window for free replies.</source>
        <translation>Ein Unternehmen darf auf WhatsApp nur mit einer freigegebenen Vorlage zuerst schreiben. Die Antwort des Kunden öffnet das 24-Stunden-Fenster für freie Antworten.</translation>
    </message>
    <message>
        <location filename="../widgets/new_conversation.py" line="59"/>
        <source>Phone number</source>
        <translation>Telefonnummer</translation>
    </message>
    <message>
        <location filename="../widgets/new_conversation.py" line="88"/>
        <source>International format with the country code, such as +49 151 23456789</source>
        <translation>Internationales Format mit Ländervorwahl, etwa +49 151 23456789</translation>
    </message>
</context>
<context>
    <name>NoticesPanel</name>
    <message>
        <location filename="../team/notices_panel.py" line="29"/>
        <location filename="../team/team_window.py" line="81"/>
        <source>Notices from Meta</source>
        <translation>Hinweise von Meta</translation>
    </message>
    <message>
        <location filename="../team/notices_panel.py" line="33"/>
        <source>What Meta told the business about its number, account and templates. Only admins see these.</source>
        <translation>Was Meta dem Unternehmen zu seiner Nummer, seinem Konto und seinen Vorlagen mitgeteilt hat. Nur Admins sehen diese Hinweise.</translation>
    </message>
    <message>
        <location filename="../team/notices_panel.py" line="43"/>
        <source>Meta has not told the business anything yet.</source>
        <translation>Meta hat dem Unternehmen noch nichts mitgeteilt.</translation>
    </message>
    <message>
        <location filename="../team/notices_panel.py" line="77"/>
        <source>Only admins see Meta&apos;s notices.</source>
        <translation>Nur Admins sehen die Hinweise von Meta.</translation>
    </message>
    <message>
        <location filename="../team/notices_panel.py" line="105"/>
        <source>%1 (new)</source>
        <translation>%1 (neu)</translation>
    </message>
</context>
<context>
    <name>NumberPanel</name>
    <message>
        <location filename="../team/number_panel.py" line="258"/>
        <location filename="../team/team_window.py" line="71"/>
        <source>WhatsApp number</source>
        <translation>WhatsApp-Nummer</translation>
    </message>
</context>
<context>
    <name>OptOutTag</name>
    <message>
        <location filename="../widgets/conversation_header.py" line="148"/>
        <source>No marketing</source>
        <translation>Kein Marketing</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_header.py" line="154"/>
        <source>Opted out of marketing messages</source>
        <translation>Hat Marketing-Nachrichten abbestellt</translation>
    </message>
    <message>
        <location filename="../widgets/conversation_header.py" line="157"/>
        <source>This customer stopped marketing messages. Replies are fine; don&apos;t send them promotional templates.</source>
        <translation>Dieser Kunde hat Marketing-Nachrichten abbestellt. Antworten sind in Ordnung; senden Sie ihm keine Werbevorlagen.</translation>
    </message>
</context>
<context>
    <name>PanelToggle</name>
    <message>
        <location filename="../widgets/panel_toggle.py" line="69"/>
        <source>Customer &amp;panel</source>
        <translation>&amp;Kundenbereich</translation>
    </message>
    <message>
        <location filename="../widgets/panel_toggle.py" line="81"/>
        <source>Customer panel</source>
        <translation>Kundenbereich</translation>
    </message>
    <message>
        <location filename="../widgets/panel_toggle.py" line="114"/>
        <source>Show or hide the customer panel (%1)</source>
        <translation>Kundenbereich ein- oder ausblenden (%1)</translation>
    </message>
    <message>
        <location filename="../widgets/panel_toggle.py" line="116"/>
        <source>Widen the window to see the customer panel</source>
        <translation>Verbreitern Sie das Fenster, um den Kundenbereich zu sehen</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../team/passphrase_dialog.py" line="85"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="109"/>
        <source>Choose a passphrase</source>
        <translation>Passphrase wählen</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="112"/>
        <source>This computer has no keychain Switchboard can use, so your keys are kept in a file locked with a passphrase. You will type it each time Switchboard starts. Nobody can recover it for you.</source>
        <translation>Dieser Computer hat keinen Schlüsselbund, den Switchboard nutzen kann. Ihre Schlüssel werden daher in einer Datei aufbewahrt, die mit einer Passphrase gesichert ist. Sie geben sie bei jedem Start von Switchboard ein. Niemand kann sie für Sie wiederherstellen.</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="117"/>
        <location filename="../team/passphrase_dialog.py" line="123"/>
        <location filename="../team/passphrase_dialog.py" line="127"/>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="118"/>
        <source>The same passphrase again</source>
        <translation>Dieselbe Passphrase noch einmal</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="119"/>
        <source>Use this passphrase</source>
        <translation>Diese Passphrase verwenden</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="121"/>
        <source>Unlock Switchboard</source>
        <translation>Switchboard entsperren</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="122"/>
        <source>Type your passphrase to open your keys.</source>
        <translation>Geben Sie Ihre Passphrase ein, um Ihre Schlüssel zu öffnen.</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="126"/>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="128"/>
        <source>Repeat the passphrase</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message numerus="yes">
        <location filename="../team/passphrase_dialog.py" line="141"/>
        <source>At least %n characters.</source>
        <translation>
            <numerusform>Mindestens %n Zeichen.</numerusform>
            <numerusform>Mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="142"/>
        <source>Weak: easy to guess. A few unrelated words work well.</source>
        <translation>Schwach: leicht zu erraten. Einige Wörter ohne Zusammenhang eignen sich gut.</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="143"/>
        <source>Fair. Longer is stronger: a few unrelated words work well.</source>
        <translation>Ausreichend. Länger ist sicherer: Einige Wörter ohne Zusammenhang eignen sich gut.</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="144"/>
        <source>Strong.</source>
        <translation>Stark.</translation>
    </message>
    <message>
        <location filename="../team/passphrase_dialog.py" line="148"/>
        <source>The two passphrases differ.</source>
        <translation>Die beiden Passphrasen unterscheiden sich.</translation>
    </message>
</context>
<context>
    <name>PhoneHistoryBox</name>
    <message>
        <location filename="../team/phone_history_box.py" line="40"/>
        <source>Chats on the business phone</source>
        <translation>Chats auf dem Geschäftshandy</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="43"/>
        <source>Brings the phone&apos;s contacts and its chats of the last 180 days into Switchboard, as history: no unread messages, no notifications. Meta allows this once, within 24 hours of connecting the number.</source>
        <translation>Holt die Kontakte des Handys und seine Chats der letzten 180 Tage als Verlauf in Switchboard: keine ungelesenen Nachrichten, keine Benachrichtigungen. Meta erlaubt das einmal, innerhalb von 24 Stunden nach dem Verbinden der Nummer.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="58"/>
        <source>Import the phone&apos;s contacts and chat history</source>
        <translation>Kontakte und Chatverlauf des Handys importieren</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="84"/>
        <source>Asked the gateway. Meta&apos;s answer will show here.</source>
        <translation>Das Gateway ist gefragt. Metas Antwort erscheint hier.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="94"/>
        <source>Not imported yet.</source>
        <translation>Noch nicht importiert.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="97"/>
        <source>Meta accepted the request. The chats arrive within the next minutes.</source>
        <translation>Meta hat die Anfrage angenommen. Die Chats kommen in den nächsten Minuten.</translation>
    </message>
    <message numerus="yes">
        <location filename="../team/phone_history_box.py" line="99"/>
        <source>Importing: %n messages so far.</source>
        <translation>
            <numerusform>Import läuft: bisher %n Nachricht.</numerusform>
            <numerusform>Import läuft: bisher %n Nachrichten.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="100"/>
        <source>%1% done.</source>
        <translation>%1 % erledigt.</translation>
    </message>
    <message numerus="yes">
        <location filename="../team/phone_history_box.py" line="103"/>
        <source>Done: %n messages imported from the phone.</source>
        <translation>
            <numerusform>Fertig: %n Nachricht vom Handy importiert.</numerusform>
            <numerusform>Fertig: %n Nachrichten vom Handy importiert.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="106"/>
        <source>Meta says the phone&apos;s history was already shared: it can be imported only once per number.</source>
        <translation>Laut Meta wurde der Verlauf des Handys schon geteilt: Er lässt sich nur einmal pro Nummer importieren.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="111"/>
        <source>The owner chose not to share the chat history when connecting the phone. To import it, connect the number again and allow sharing.</source>
        <translation>Beim Verbinden des Handys wurde das Teilen des Chatverlaufs abgelehnt. Um ihn zu importieren, verbinden Sie die Nummer erneut und erlauben Sie das Teilen.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="118"/>
        <source>Now: the last day before connecting.</source>
        <translation>Gerade: der letzte Tag vor dem Verbinden.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="119"/>
        <source>Now: up to 90 days back.</source>
        <translation>Gerade: bis zu 90 Tage zurück.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="120"/>
        <source>Now: up to 180 days back.</source>
        <translation>Gerade: bis zu 180 Tage zurück.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="126"/>
        <source>The gateway has no number connected yet. Connect it, then try again.</source>
        <translation>Mit dem Gateway ist noch keine Nummer verbunden. Verbinden Sie sie und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="128"/>
        <source>Meta did not answer the gateway. Try again later.</source>
        <translation>Meta hat dem Gateway nicht geantwortet. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../team/phone_history_box.py" line="129"/>
        <source>Meta refused the request: %1</source>
        <translation>Meta hat die Anfrage abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>PresenceLine</name>
    <message>
        <location filename="../widgets/presence_view.py" line="45"/>
        <source>%1 is typing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <location filename="../widgets/presence_view.py" line="47"/>
        <source>%1 is viewing</source>
        <translation>%1 sieht sich das an</translation>
    </message>
    <message>
        <location filename="../widgets/presence_view.py" line="51"/>
        <source>%1 and %2 are typing…</source>
        <translation>%1 und %2 schreiben…</translation>
    </message>
    <message>
        <location filename="../widgets/presence_view.py" line="53"/>
        <source>%1 and %2 are viewing</source>
        <translation>%1 und %2 sehen sich das an</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/presence_view.py" line="57"/>
        <source>%1 and %n others are typing…</source>
        <translation>
            <numerusform>%1 und %n weitere Person schreiben…</numerusform>
            <numerusform>%1 und %n weitere Personen schreiben…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/presence_view.py" line="61"/>
        <source>%1 and %n others are viewing</source>
        <translation>
            <numerusform>%1 und %n weitere Person sehen sich das an</numerusform>
            <numerusform>%1 und %n weitere Personen sehen sich das an</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QrCodeView</name>
    <message>
        <location filename="../team/qr_view.py" line="27"/>
        <source>QR code of the invite</source>
        <translation>QR-Code der Einladung</translation>
    </message>
</context>
<context>
    <name>QueueListView</name>
    <message>
        <location filename="../widgets/queue_view.py" line="255"/>
        <source>Conversation queue</source>
        <translation>Warteschlange der Unterhaltungen</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../models/queue_model.py" line="257"/>
        <source>waiting %1</source>
        <translation>wartet %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../models/queue_model.py" line="259"/>
        <source>%n unread</source>
        <translation>
            <numerusform>%n ungelesen</numerusform>
            <numerusform>%n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/queue_model.py" line="262"/>
        <source>assigned to %1</source>
        <translation>zugewiesen an %1</translation>
    </message>
    <message>
        <location filename="../models/queue_model.py" line="265"/>
        <source>labels: %1</source>
        <translation>Labels: %1</translation>
    </message>
</context>
<context>
    <name>QueuePane</name>
    <message>
        <location filename="../widgets/queue_pane.py" line="70"/>
        <source>Queue views</source>
        <translation>Ansichten der Warteschlange</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="205"/>
        <source>Unassigned</source>
        <translation>Frei</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="206"/>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="207"/>
        <source>All open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="208"/>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="209"/>
        <source>Snoozed</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="210"/>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="217"/>
        <source>Nobody is waiting. New conversations appear here.</source>
        <translation>Niemand wartet. Neue Unterhaltungen erscheinen hier.</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="220"/>
        <source>Nothing assigned to you. Claim a conversation to work on it.</source>
        <translation>Ihnen ist nichts zugewiesen. Übernehmen Sie eine Unterhaltung, um sie zu bearbeiten.</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="223"/>
        <source>No open conversations.</source>
        <translation>Keine offenen Unterhaltungen.</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="224"/>
        <source>Nothing is waiting for a customer&apos;s answer.</source>
        <translation>Nichts wartet auf die Antwort eines Kunden.</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="227"/>
        <source>Nothing is snoozed. Snoozed conversations come back on their own.</source>
        <translation>Nichts ist zurückgestellt. Zurückgestellte Unterhaltungen kommen von selbst wieder.</translation>
    </message>
    <message>
        <location filename="../widgets/queue_pane.py" line="230"/>
        <source>No resolved conversations yet.</source>
        <translation>Noch keine erledigten Unterhaltungen.</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <location filename="../reports_dialog.py" line="51"/>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="59"/>
        <location filename="../reports_dialog.py" line="93"/>
        <source>Group by</source>
        <translation>Gruppieren</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="60"/>
        <location filename="../reports_dialog.py" line="94"/>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="61"/>
        <location filename="../reports_dialog.py" line="95"/>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="65"/>
        <source>Messages per period</source>
        <translation>Nachrichten pro Zeitraum</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="65"/>
        <source>in</source>
        <translation>ein</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="65"/>
        <source>out</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="68"/>
        <source>Busiest hours (customer messages, UTC)</source>
        <translation>Stoßzeiten (Kundennachrichten, UTC)</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="68"/>
        <source>messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="70"/>
        <source>Figures per period</source>
        <translation>Zahlen pro Zeitraum</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="71"/>
        <source>Figures per agent</source>
        <translation>Zahlen pro Mitarbeiter</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="72"/>
        <source>Save as CSV…</source>
        <translation>Als CSV speichern…</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="106"/>
        <source>Per period</source>
        <translation>Pro Zeitraum</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="107"/>
        <source>Per agent</source>
        <translation>Pro Mitarbeiter</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="110"/>
        <source>A conversation opens with a customer&apos;s first message after it was last resolved. Times are medians, with the 90th percentile in brackets; periods and hours are UTC. Billable messages are counted on the day Meta first reported them.</source>
        <translation>Eine Unterhaltung beginnt mit der ersten Nachricht des Kunden, nachdem sie zuletzt erledigt wurde. Zeiten sind Mediane, das 90. Perzentil steht in Klammern; Zeiträume und Stunden sind UTC. Kostenpflichtige Nachrichten zählen an dem Tag, an dem Meta sie zuerst gemeldet hat.</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="141"/>
        <source>Opened</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="141"/>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="141"/>
        <location filename="../reports_dialog.py" line="147"/>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="142"/>
        <location filename="../reports_dialog.py" line="146"/>
        <source>First response</source>
        <translation>Erste Antwort</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="142"/>
        <source>In</source>
        <translation>Ein</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="142"/>
        <source>Out</source>
        <translation>Aus</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="142"/>
        <location filename="../reports_dialog.py" line="147"/>
        <source>Resolution</source>
        <translation>Bis erledigt</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="143"/>
        <source>Billable (Meta)</source>
        <translation>Kostenpflichtig (Meta)</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="146"/>
        <source>Agent</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="146"/>
        <source>First replies</source>
        <translation>Erste Antworten</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="147"/>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="202"/>
        <source>Save activity report</source>
        <translation>Aktivitätsbericht speichern</translation>
    </message>
    <message>
        <location filename="../reports_dialog.py" line="214"/>
        <source>Could not save the activity report: %1</source>
        <translation>Der Aktivitätsbericht konnte nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../team/restore_dialog.py" line="42"/>
        <location filename="../team/restore_dialog.py" line="103"/>
        <source>Start from a backup</source>
        <translation>Mit einer Sicherung beginnen</translation>
    </message>
    <message>
        <location filename="../team/restore_dialog.py" line="47"/>
        <location filename="../team/restore_dialog.py" line="48"/>
        <source>The backup file</source>
        <translation>Die Sicherungsdatei</translation>
    </message>
    <message>
        <location filename="../team/restore_dialog.py" line="49"/>
        <source>&amp;Choose…</source>
        <translation>&amp;Auswählen…</translation>
    </message>
    <message>
        <location filename="../team/restore_dialog.py" line="53"/>
        <location filename="../team/restore_dialog.py" line="54"/>
        <source>The backup&apos;s passphrase</source>
        <translation>Die Passphrase der Sicherung</translation>
    </message>
    <message>
        <location filename="../team/restore_dialog.py" line="61"/>
        <source>Opening the backup…</source>
        <translation>Die Sicherung wird geöffnet…</translation>
    </message>
    <message>
        <location filename="../team/restore_dialog.py" line="65"/>
        <source>&amp;Use this backup</source>
        <translation>Diese Sicherung &amp;verwenden</translation>
    </message>
    <message>
        <location filename="../team/restore_dialog.py" line="78"/>
        <source>Choose a backup made with Desk → Back up this desk, and type its passphrase. Once an administrator lets this device in, it starts from the backup, checks every record against the team, and fetches only what is newer from the hub.</source>
        <translation>Wählen Sie eine Sicherung, die mit Arbeitsplatz → Diesen Arbeitsplatz sichern erstellt wurde, und geben Sie ihre Passphrase ein. Sobald ein Administrator dieses Gerät aufnimmt, beginnt es mit der Sicherung, prüft jeden Eintrag gegen das Team und holt vom Hub nur, was neuer ist.</translation>
    </message>
</context>
<context>
    <name>SasPanel</name>
    <message>
        <location filename="../team/sas_panel.py" line="127"/>
        <source>They match</source>
        <translation>Sie stimmen überein</translation>
    </message>
    <message>
        <location filename="../team/sas_panel.py" line="129"/>
        <source>They don&apos;t match</source>
        <translation>Sie stimmen nicht überein</translation>
    </message>
    <message>
        <location filename="../team/sas_panel.py" line="176"/>
        <source>Emoji: %1</source>
        <translation>Emoji: %1</translation>
    </message>
    <message>
        <location filename="../team/sas_panel.py" line="196"/>
        <source>Compare numbers instead</source>
        <translation>Stattdessen Zahlen vergleichen</translation>
    </message>
    <message>
        <location filename="../team/sas_panel.py" line="198"/>
        <source>Compare emoji instead</source>
        <translation>Stattdessen Emoji vergleichen</translation>
    </message>
</context>
<context>
    <name>SaveCsv</name>
    <message>
        <location filename="../dialogs.py" line="43"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
</context>
<context>
    <name>SearchModel</name>
    <message>
        <location filename="../models/search_model.py" line="248"/>
        <source>%1 to %2</source>
        <translation>%1 an %2</translation>
    </message>
    <message>
        <location filename="../models/search_model.py" line="252"/>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../widgets/search_panel.py" line="54"/>
        <source>Search messages</source>
        <translation>Nachrichten durchsuchen</translation>
    </message>
    <message>
        <location filename="../widgets/search_panel.py" line="67"/>
        <source>Search messages…</source>
        <translation>Nachrichten durchsuchen…</translation>
    </message>
    <message>
        <location filename="../widgets/search_panel.py" line="68"/>
        <source>Search for</source>
        <translation>Suchen nach</translation>
    </message>
    <message>
        <location filename="../widgets/search_panel.py" line="75"/>
        <source>↑ ↓ move · Enter opens the message · Esc closes</source>
        <translation>↑ ↓ bewegen · Eingabetaste öffnet die Nachricht · Esc schließt</translation>
    </message>
    <message>
        <location filename="../widgets/search_panel.py" line="112"/>
        <source>Search all conversations</source>
        <translation>Alle Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <location filename="../widgets/search_panel.py" line="117"/>
        <source>Search in the conversation with %1</source>
        <translation>In der Unterhaltung mit %1 suchen</translation>
    </message>
</context>
<context>
    <name>SearchResultsView</name>
    <message>
        <location filename="../widgets/search_view.py" line="101"/>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <location filename="../widgets/search_view.py" line="149"/>
        <source>Type a word to find it in the messages</source>
        <translation>Geben Sie ein Wort ein, um es in den Nachrichten zu finden</translation>
    </message>
    <message>
        <location filename="../widgets/search_view.py" line="151"/>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <location filename="../widgets/search_view.py" line="152"/>
        <source>No messages match “%1”</source>
        <translation>Keine Nachrichten passen zu „%1“</translation>
    </message>
</context>
<context>
    <name>SecretBox</name>
    <message>
        <location filename="../team/back_office_panel.py" line="52"/>
        <location filename="../team/back_office_panel.py" line="75"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="56"/>
        <source>Copy the token now and give it to the system&apos;s administrator: Switchboard keeps no copy and cannot show it again.</source>
        <translation>Kopieren Sie das Token jetzt und geben Sie es dem Administrator des Systems: Switchboard behält keine Kopie und kann es nicht noch einmal zeigen.</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="73"/>
        <source>The token for %1:</source>
        <translation>Das Token für %1:</translation>
    </message>
    <message>
        <location filename="../team/back_office_panel.py" line="85"/>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>SendPreview</name>
    <message>
        <location filename="../send_preview.py" line="77"/>
        <source>Send a file</source>
        <translation>Datei senden</translation>
    </message>
    <message>
        <location filename="../send_preview.py" line="81"/>
        <source>Caption</source>
        <translation>Bildunterschrift</translation>
    </message>
    <message>
        <location filename="../send_preview.py" line="82"/>
        <source>Add a caption…   Enter sends</source>
        <translation>Bildunterschrift hinzufügen…   Eingabe sendet</translation>
    </message>
    <message>
        <location filename="../send_preview.py" line="94"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../send_preview.py" line="98"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../send_preview.py" line="163"/>
        <source>Stickers and audio are sent without a caption.</source>
        <translation>Sticker und Audio werden ohne Bildunterschrift gesendet.</translation>
    </message>
</context>
<context>
    <name>SlaMenu</name>
    <message>
        <location filename="../widgets/sla_menu.py" line="51"/>
        <source>First-response &amp;target</source>
        <translation>&amp;Zielzeit für die erste Antwort</translation>
    </message>
</context>
<context>
    <name>SnoozeSheet</name>
    <message>
        <location filename="../widgets/handling_bar.py" line="267"/>
        <location filename="../widgets/handling_bar.py" line="272"/>
        <source>Snooze until</source>
        <translation>Zurückstellen bis</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="274"/>
        <source>Snooze</source>
        <translation>Zurückstellen</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="280"/>
        <source>Until:</source>
        <translation>Bis:</translation>
    </message>
</context>
<context>
    <name>SyncProgressView</name>
    <message>
        <location filename="../widgets/sync_progress_view.py" line="46"/>
        <source>Up to date</source>
        <translation>Auf dem neuesten Stand</translation>
    </message>
    <message>
        <location filename="../widgets/sync_progress_view.py" line="48"/>
        <source>Syncing %1 of %2</source>
        <translation>Synchronisierung: %1 von %2</translation>
    </message>
</context>
<context>
    <name>TeamPanel</name>
    <message>
        <location filename="../team/team_panel.py" line="65"/>
        <location filename="../team/team_window.py" line="62"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="69"/>
        <source>Invite someone…</source>
        <translation>Jemanden einladen…</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="71"/>
        <source>Rotate keys now</source>
        <translation>Schlüssel jetzt erneuern</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="74"/>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="74"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="74"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="82"/>
        <location filename="../team/team_panel.py" line="253"/>
        <source>Remove device</source>
        <translation>Gerät entfernen</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="83"/>
        <location filename="../team/team_panel.py" line="282"/>
        <source>Remove person</source>
        <translation>Person entfernen</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="150"/>
        <source>Team key version %1</source>
        <translation>Teamschlüssel Version %1</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="152"/>
        <source>Select a person or a device to remove it.</source>
        <translation>Wählen Sie eine Person oder ein Gerät, um es zu entfernen.</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="154"/>
        <source>Only administrators can invite or remove people.</source>
        <translation>Nur Administratoren können Personen einladen oder entfernen.</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="169"/>
        <source> (you)</source>
        <translation> (Sie)</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="171"/>
        <location filename="../team/team_panel.py" line="186"/>
        <source>%1 (away)</source>
        <translation>%1 (abwesend)</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="245"/>
        <source>%1 loses access to the team at once. Everyone else gets a new team key, so it cannot read anything sent from now on. What it already has stays on it.</source>
        <translation>%1 verliert sofort den Zugang zum Team. Alle anderen erhalten einen neuen Teamschlüssel, sodass das Gerät nichts mehr lesen kann, was ab jetzt gesendet wird. Was es bereits hat, bleibt darauf.</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="251"/>
        <source>Remove this device?</source>
        <translation>Dieses Gerät entfernen?</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="266"/>
        <source>%1&apos;s device loses access to the team at once. Everyone else gets a new team key, so it cannot read anything sent from now on. What it already has stays on it.</source>
        <translation>Das Gerät von %1 verliert sofort den Zugang zum Team. Alle anderen erhalten einen neuen Teamschlüssel, sodass es nichts mehr lesen kann, was ab jetzt gesendet wird. Was es bereits hat, bleibt darauf.</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="272"/>
        <source>%1&apos;s %2 devices lose access to the team at once. Everyone else gets a new team key, so they cannot read anything sent from now on. What they already have stays on them.</source>
        <translation>Die %2 Geräte von %1 verlieren sofort den Zugang zum Team. Alle anderen erhalten einen neuen Teamschlüssel, sodass sie nichts mehr lesen können, was ab jetzt gesendet wird. Was sie bereits haben, bleibt darauf.</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="280"/>
        <source>Remove %1 from the team?</source>
        <translation>%1 aus dem Team entfernen?</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="290"/>
        <source>Every device of the team gets a new key for what is sent from now on. Nobody is removed. Do this if you think a device or a backup fell into the wrong hands.</source>
        <translation>Jedes Gerät des Teams erhält einen neuen Schlüssel für alles, was ab jetzt gesendet wird. Niemand wird entfernt. Tun Sie das, wenn Sie glauben, dass ein Gerät oder eine Sicherung in falsche Hände geraten ist.</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="296"/>
        <source>Rotate the team key now?</source>
        <translation>Teamschlüssel jetzt erneuern?</translation>
    </message>
    <message>
        <location filename="../team/team_panel.py" line="298"/>
        <source>Rotate keys</source>
        <translation>Schlüssel erneuern</translation>
    </message>
</context>
<context>
    <name>TemplateButtons</name>
    <message>
        <location filename="../team/template_buttons.py" line="57"/>
        <source>Link text</source>
        <translation>Text des Links</translation>
    </message>
    <message>
        <location filename="../team/template_buttons.py" line="58"/>
        <source>https://example.com/track/{{1}}</source>
        <translation>https://example.com/track/{{1}}</translation>
    </message>
    <message>
        <location filename="../team/template_buttons.py" line="59"/>
        <source>Example for {{1}}</source>
        <translation>Beispiel für {{1}}</translation>
    </message>
    <message>
        <location filename="../team/template_buttons.py" line="62"/>
        <source>Call button text</source>
        <translation>Text der Anruf-Schaltfläche</translation>
    </message>
    <message>
        <location filename="../team/template_buttons.py" line="63"/>
        <source>+4930123456</source>
        <translation>+4930123456</translation>
    </message>
</context>
<context>
    <name>TemplateFlow</name>
    <message>
        <location filename="../widgets/template_flow.py" line="48"/>
        <source>Template…</source>
        <translation>Vorlage…</translation>
    </message>
    <message>
        <location filename="../widgets/template_flow.py" line="49"/>
        <source>Send an approved message template</source>
        <translation>Eine freigegebene Nachrichtenvorlage senden</translation>
    </message>
    <message>
        <location filename="../widgets/template_flow.py" line="50"/>
        <source>Send a template</source>
        <translation>Vorlage senden</translation>
    </message>
    <message>
        <location filename="../widgets/template_flow.py" line="90"/>
        <source>More than 24 hours since the customer&apos;s last message: WhatsApp accepts only approved templates until they write again.</source>
        <translation>Mehr als 24 Stunden seit der letzten Nachricht des Kunden: WhatsApp nimmt nur freigegebene Vorlagen an, bis der Kunde wieder schreibt.</translation>
    </message>
</context>
<context>
    <name>TemplateForm</name>
    <message>
        <location filename="../team/template_form.py" line="68"/>
        <source>New template</source>
        <translation>Neue Vorlage</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="71"/>
        <source>order_ready</source>
        <translation>bestellung_bereit</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="80"/>
        <source>optional, such as: Order {{1}}</source>
        <translation>optional, etwa: Bestellung {{1}}</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="83"/>
        <source>optional, without variables</source>
        <translation>optional, ohne Variablen</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="86"/>
        <source>Hello {{1}}, your order {{2}} is ready.</source>
        <translation>Hallo {{1}}, Ihre Bestellung {{2}} liegt bereit.</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="106"/>
        <source>&amp;Submit to Meta</source>
        <translation>An &amp;Meta senden</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="130"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="131"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="132"/>
        <source>&amp;Category:</source>
        <translation>&amp;Kategorie:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="133"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="134"/>
        <source>Example for the title&apos;s {{1}}:</source>
        <translation>Beispiel für {{1}} im Titel:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="137"/>
        <source>&amp;Message:</source>
        <translation>Nach&amp;richt:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="140"/>
        <source>Example for {{%1}}:</source>
        <translation>Beispiel für {{%1}}:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="146"/>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="148"/>
        <source>&amp;Quick replies:</source>
        <translation>Schnell&amp;antworten:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="150"/>
        <source>&amp;Footer:</source>
        <translation>&amp;Fußzeile:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="152"/>
        <source>Lin&amp;ks and call:</source>
        <translation>&amp;Links und Anruf:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="155"/>
        <source>Preview:</source>
        <translation>Vorschau:</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="201"/>
        <source>The message appears here as a customer reads it.</source>
        <translation>Hier erscheint die Nachricht so, wie Kunden sie lesen.</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="225"/>
        <source>Sending the template to Meta…</source>
        <translation>Die Vorlage wird an Meta gesendet…</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="266"/>
        <source>Submitted. Meta reviews %1 now; the list shows it as waiting for review until Meta approves or rejects it, and you get a notice either way.</source>
        <translation>Eingereicht. Meta prüft %1 jetzt; die Liste zeigt sie als „wartet auf Prüfung“, bis Meta sie genehmigt oder ablehnt, und Sie erhalten in beiden Fällen einen Hinweis.</translation>
    </message>
    <message>
        <location filename="../team/template_form.py" line="271"/>
        <source>Sent. The gateway is not answering right now; it submits %1 to Meta when it is back.</source>
        <translation>Gesendet. Das Gateway antwortet gerade nicht; es reicht %1 bei Meta ein, sobald es wieder da ist.</translation>
    </message>
</context>
<context>
    <name>TemplatePicker</name>
    <message>
        <location filename="../widgets/template_picker.py" line="94"/>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="95"/>
        <source>Utility</source>
        <translation>Versorgung</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="96"/>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="114"/>
        <source>Link of button “%1”</source>
        <translation>Link der Schaltfläche „%1“</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="118"/>
        <source>Title {{%1}}</source>
        <translation>Titel {{%1}}</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="119"/>
        <source>Text {{%1}}</source>
        <translation>Text {{%1}}</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="184"/>
        <source>Send a template</source>
        <translation>Vorlage senden</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="190"/>
        <source>Search templates…</source>
        <translation>Vorlagen durchsuchen…</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="191"/>
        <source>Search templates</source>
        <translation>Vorlagen durchsuchen</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="201"/>
        <source>Templates</source>
        <translation>Vorlagen</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="218"/>
        <source>Send template</source>
        <translation>Vorlage senden</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="221"/>
        <source>Back to reply</source>
        <translation>Zurück zur Antwort</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="263"/>
        <source>No approved templates yet. They appear here once the gateway has read them from WhatsApp.</source>
        <translation>Noch keine freigegebenen Vorlagen. Sie erscheinen hier, sobald das Gateway sie von WhatsApp gelesen hat.</translation>
    </message>
    <message>
        <location filename="../widgets/template_picker.py" line="367"/>
        <source>Required</source>
        <translation>Erforderlich</translation>
    </message>
</context>
<context>
    <name>TemplatesPanel</name>
    <message>
        <location filename="../team/team_window.py" line="92"/>
        <location filename="../team/templates_panel.py" line="44"/>
        <source>Message templates</source>
        <translation>Nachrichtenvorlagen</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="48"/>
        <source>Templates start conversations outside the 24-hour window. Meta reviews each new one; agents can send only approved templates.</source>
        <translation>Vorlagen beginnen Unterhaltungen außerhalb des 24-Stunden-Fensters. Meta prüft jede neue Vorlage; Agenten können nur genehmigte Vorlagen senden.</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="55"/>
        <source>&amp;New template…</source>
        <translation>&amp;Neue Vorlage…</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="60"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="61"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="62"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="63"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="64"/>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="75"/>
        <source>The gateway has not read the number&apos;s templates yet.</source>
        <translation>Das Gateway hat die Vorlagen der Nummer noch nicht gelesen.</translation>
    </message>
    <message>
        <location filename="../team/templates_panel.py" line="124"/>
        <source>Only admins manage the number&apos;s templates.</source>
        <translation>Nur Admins verwalten die Vorlagen der Nummer.</translation>
    </message>
</context>
<context>
    <name>TransferSheet</name>
    <message>
        <location filename="../widgets/handling_bar.py" line="228"/>
        <source>Transfer conversation</source>
        <translation>Unterhaltung übergeben</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="231"/>
        <source>Colleague</source>
        <translation>Kollege</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="235"/>
        <source>What they should know (optional)</source>
        <translation>Was die Person wissen sollte (optional)</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="236"/>
        <source>Note for the colleague</source>
        <translation>Notiz für den Kollegen</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="239"/>
        <source>Transfer</source>
        <translation>Übergeben</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="245"/>
        <source>To:</source>
        <translation>An:</translation>
    </message>
    <message>
        <location filename="../widgets/handling_bar.py" line="246"/>
        <source>Note:</source>
        <translation>Notiz:</translation>
    </message>
</context>
<context>
    <name>UpdateNotice</name>
    <message>
        <location filename="../releases/update_notice.py" line="25"/>
        <location filename="../releases/update_notice.py" line="109"/>
        <source>Switchboard %1 is available</source>
        <translation>Switchboard %1 ist verfügbar</translation>
    </message>
    <message>
        <location filename="../releases/update_notice.py" line="27"/>
        <source>%1: ask your admin</source>
        <translation>%1: Fragen Sie Ihren Admin</translation>
    </message>
    <message>
        <location filename="../releases/update_notice.py" line="28"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location filename="../releases/update_notice.py" line="60"/>
        <source>Dismiss the update notice</source>
        <translation>Update-Hinweis schließen</translation>
    </message>
    <message>
        <location filename="../releases/update_notice.py" line="61"/>
        <source>Do not show this version again</source>
        <translation>Diese Version nicht mehr anzeigen</translation>
    </message>
</context>
<context>
    <name>VerifiedMark</name>
    <message>
        <location filename="../widgets/business_badge.py" line="38"/>
        <source>Official Business Account</source>
        <translation>Offizielles Unternehmenskonto</translation>
    </message>
    <message>
        <location filename="../widgets/business_badge.py" line="40"/>
        <source>Official Business Account: customers see the blue check next to the name.</source>
        <translation>Offizielles Unternehmenskonto: Kunden sehen den blauen Haken neben dem Namen.</translation>
    </message>
</context>
<context>
    <name>VersionsDialog</name>
    <message>
        <location filename="../widgets/versions_dialog.py" line="31"/>
        <source>Earlier versions</source>
        <translation>Frühere Fassungen</translation>
    </message>
    <message>
        <location filename="../widgets/versions_dialog.py" line="33"/>
        <source>The customer edited this message. What they wrote, oldest first:</source>
        <translation>Der Kunde hat diese Nachricht bearbeitet. Was er geschrieben hat, die älteste Fassung zuerst:</translation>
    </message>
    <message>
        <location filename="../widgets/versions_dialog.py" line="38"/>
        <source>Versions of the message</source>
        <translation>Fassungen der Nachricht</translation>
    </message>
    <message>
        <location filename="../widgets/versions_dialog.py" line="57"/>
        <source>Sent at %1</source>
        <translation>Gesendet um %1</translation>
    </message>
    <message>
        <location filename="../widgets/versions_dialog.py" line="59"/>
        <source>Edited at %1 (shown now)</source>
        <translation>Bearbeitet um %1 (jetzt angezeigt)</translation>
    </message>
    <message>
        <location filename="../widgets/versions_dialog.py" line="61"/>
        <source>Edited at %1</source>
        <translation>Bearbeitet um %1</translation>
    </message>
</context>
<context>
    <name>WorkView</name>
    <message>
        <location filename="../team/work_view.py" line="27"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>_CodePage</name>
    <message>
        <location filename="../team/invite_dialog.py" line="75"/>
        <source>Give them this code</source>
        <translation>Geben Sie der Person diesen Code</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="78"/>
        <source>They open Switchboard, choose Join a team, and type the hub address and this code. Read it out, or let them scan the QR code.</source>
        <translation>Die Person öffnet Switchboard, wählt „Team beitreten“ und gibt die Hub-Adresse und diesen Code ein. Lesen Sie ihn vor oder lassen Sie den QR-Code scannen.</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="91"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="96"/>
        <source>Waiting for them to enter the code…</source>
        <translation>Warten, bis der Code eingegeben wird…</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="123"/>
        <source>Invite code %1</source>
        <translation>Einladungscode %1</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="127"/>
        <source>Hub address: %1</source>
        <translation>Hub-Adresse: %1</translation>
    </message>
</context>
<context>
    <name>_CopyField</name>
    <message>
        <location filename="../team/number_panel.py" line="57"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
</context>
<context>
    <name>_RolePage</name>
    <message>
        <location filename="../team/invite_dialog.py" line="52"/>
        <source>Invite someone</source>
        <translation>Jemanden einladen</translation>
    </message>
    <message>
        <location filename="../team/invite_dialog.py" line="57"/>
        <source>What will they do in the team?</source>
        <translation>Welche Aufgabe hat die Person im Team?</translation>
    </message>
</context>
<context>
    <name>_SettingsBox</name>
    <message>
        <location filename="../team/number_panel.py" line="71"/>
        <source>Connect the number</source>
        <translation>Nummer verbinden</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="72"/>
        <source>Meta&apos;s WhatsApp Cloud API</source>
        <translation>WhatsApp Cloud API von Meta</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="74"/>
        <source>Simulator: try Switchboard out; nothing reaches WhatsApp</source>
        <translation>Simulator: Switchboard ausprobieren; nichts erreicht WhatsApp</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="78"/>
        <source>Meta&apos;s App Dashboard shows these under WhatsApp → API Setup.</source>
        <translation>Das App-Dashboard von Meta zeigt diese Werte unter WhatsApp → API Setup.</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="89"/>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="93"/>
        <source>Phone number ID</source>
        <translation>Telefonnummer-ID</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="94"/>
        <source>WhatsApp Business Account ID</source>
        <translation>WhatsApp-Business-Konto-ID</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="95"/>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="96"/>
        <source>App secret</source>
        <translation>App-Geheimnis</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="132"/>
        <source>The two ids are numbers only.</source>
        <translation>Die beiden IDs bestehen nur aus Ziffern.</translation>
    </message>
</context>
<context>
    <name>_StatusBox</name>
    <message>
        <location filename="../team/number_panel.py" line="140"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="141"/>
        <source>Not connected yet.</source>
        <translation>Noch nicht verbunden.</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="144"/>
        <source>Paste these two into Meta&apos;s App Dashboard under WhatsApp → Configuration.</source>
        <translation>Fügen Sie diese beiden Werte im App-Dashboard von Meta unter WhatsApp → Configuration ein.</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="170"/>
        <source>Webhook URL</source>
        <translation>Webhook-URL</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="171"/>
        <source>Verify token</source>
        <translation>Verifizierungstoken</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="172"/>
        <source>Meta&apos;s check</source>
        <translation>Prüfung durch Meta</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="173"/>
        <source>Last webhook</source>
        <translation>Letzter Webhook</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="174"/>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="175"/>
        <source>Other numbers</source>
        <translation>Andere Nummern</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="207"/>
        <source>✓ Meta reached the webhook and accepted the token.</source>
        <translation>✓ Meta hat den Webhook erreicht und das Token akzeptiert.</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="209"/>
        <source>Meta&apos;s check failed: the verify token in Meta&apos;s console differs.</source>
        <translation>Die Prüfung durch Meta ist fehlgeschlagen: Das Verifizierungstoken in der Meta-Konsole weicht ab.</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="210"/>
        <source>Waiting for Meta to check the webhook. Save the two values there.</source>
        <translation>Warten, bis Meta den Webhook prüft. Speichern Sie dort die beiden Werte.</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="214"/>
        <source>None yet</source>
        <translation>Noch keiner</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="217"/>
        <source>%1 (just now)</source>
        <translation>%1 (gerade eben)</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="219"/>
        <source>%1 (%2 ago)</source>
        <translation>%1 (vor %2)</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="225"/>
        <source>1 webhook message for another phone number was ignored (last: %1).</source>
        <translation>1 Webhook-Nachricht für eine andere Telefonnummer wurde ignoriert (zuletzt: %1).</translation>
    </message>
    <message numerus="yes">
        <location filename="../team/number_panel.py" line="228"/>
        <source>%n webhook messages for another phone number were ignored (last: %1).</source>
        <translation>
            <numerusform>%n Webhook-Nachricht für eine andere Telefonnummer wurde ignoriert (zuletzt: %1).</numerusform>
            <numerusform>%n Webhook-Nachrichten für eine andere Telefonnummer wurden ignoriert (zuletzt: %1).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="231"/>
        <source>Another number of this Meta app sends its webhooks here: check the app&apos;s WhatsApp configuration.</source>
        <translation>Eine andere Nummer dieser Meta-App sendet ihre Webhooks hierher: Prüfen Sie die WhatsApp-Konfiguration der App.</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="238"/>
        <source>The gateway has not reported the number yet.</source>
        <translation>Das Gateway hat die Nummer noch nicht gemeldet.</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="240"/>
        <location filename="../team/number_panel.py" line="241"/>
        <source>display name approved</source>
        <translation>Anzeigename freigegeben</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="242"/>
        <source>display name waiting for Meta&apos;s review</source>
        <translation>Anzeigename wartet auf die Prüfung durch Meta</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="243"/>
        <source>display name declined by Meta</source>
        <translation>Anzeigename von Meta abgelehnt</translation>
    </message>
    <message>
        <location filename="../team/number_panel.py" line="245"/>
        <source>no approved display name</source>
        <translation>kein freigegebener Anzeigename</translation>
    </message>
</context>
<context>
    <name>assignment</name>
    <message>
        <location filename="../assignment/words.py" line="23"/>
        <source>Each agent can hold between 1 and 999 open conversations.</source>
        <translation>Jeder Mitarbeiter kann zwischen 1 und 999 offene Unterhaltungen haben.</translation>
    </message>
    <message>
        <location filename="../assignment/words.py" line="26"/>
        <source>Waiting for the menu can last at most an hour (3,600 seconds).</source>
        <translation>Das Warten auf das Menü darf höchstens eine Stunde (3.600 Sekunden) dauern.</translation>
    </message>
    <message>
        <location filename="../assignment/words.py" line="29"/>
        <source>An agent can handle at most 50 labels.</source>
        <translation>Ein Mitarbeiter kann für höchstens 50 Labels zuständig sein.</translation>
    </message>
    <message>
        <location filename="../assignment/words.py" line="30"/>
        <source>These settings cannot be saved like this; nothing was changed.</source>
        <translation>Diese Einstellungen können so nicht gespeichert werden; nichts wurde geändert.</translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <location filename="../audit_words.py" line="14"/>
        <source>Claimed</source>
        <translation>Übernommen</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="15"/>
        <source>Assigned</source>
        <translation>Zugewiesen</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="16"/>
        <source>Transferred</source>
        <translation>Weitergegeben</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="17"/>
        <source>Released to the queue</source>
        <translation>In die Warteschlange zurückgegeben</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="18"/>
        <source>Took over</source>
        <translation>An sich gezogen</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="19"/>
        <source>Reopened</source>
        <translation>Wieder geöffnet</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="20"/>
        <source>Set to pending</source>
        <translation>Auf wartend gesetzt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="21"/>
        <source>Snoozed</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="22"/>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="23"/>
        <source>Sent a message</source>
        <translation>Nachricht gesendet</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="24"/>
        <source>Exported</source>
        <translation>Exportiert</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="25"/>
        <source>Invited someone</source>
        <translation>Jemanden eingeladen</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="26"/>
        <source>Added a device</source>
        <translation>Gerät hinzugefügt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="27"/>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="28"/>
        <source>Cancelled an invite</source>
        <translation>Einladung widerrufen</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="29"/>
        <source>Defined a label</source>
        <translation>Label festgelegt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="30"/>
        <source>Deleted a label</source>
        <translation>Label gelöscht</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="31"/>
        <source>Added a label</source>
        <translation>Label vergeben</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="32"/>
        <source>Removed a label</source>
        <translation>Label entfernt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="33"/>
        <source>Saved a canned reply</source>
        <translation>Textbaustein gespeichert</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="34"/>
        <source>Deleted a canned reply</source>
        <translation>Textbaustein gelöscht</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="35"/>
        <source>Connected a back-office system</source>
        <translation>Backoffice-System verbunden</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="36"/>
        <source>Revoked a back-office system</source>
        <translation>Backoffice-System widerrufen</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="37"/>
        <source>Announced a new version</source>
        <translation>Neue Version angekündigt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="38"/>
        <source>Backed up the desk</source>
        <translation>Arbeitsplatz gesichert</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="39"/>
        <source>Changed the business hours</source>
        <translation>Geschäftszeiten geändert</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="40"/>
        <source>Changed the menu</source>
        <translation>Menü geändert</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="41"/>
        <source>Changed the number&apos;s settings</source>
        <translation>Einstellungen der Nummer geändert</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="42"/>
        <source>Submitted a template</source>
        <translation>Vorlage eingereicht</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="43"/>
        <source>Asked for the phone&apos;s history</source>
        <translation>Verlauf des Telefons angefordert</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="44"/>
        <source>Assigned automatically</source>
        <translation>Automatisch zugewiesen</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="45"/>
        <source>Changed auto-assignment</source>
        <translation>Automatische Zuweisung geändert</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="46"/>
        <source>Went away</source>
        <translation>Abwesend gemeldet</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="47"/>
        <source>Available again</source>
        <translation>Wieder verfügbar</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="52"/>
        <source>Signature verified</source>
        <translation>Signatur bestätigt</translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="53"/>
        <source>Does not verify</source>
        <translation>Nicht bestätigt</translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_words.py" line="74"/>
        <source>Conversations: %n</source>
        <translation>
            <numerusform>Unterhaltungen: %n</numerusform>
            <numerusform>Unterhaltungen: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_words.py" line="76"/>
        <source>All conversations (%n)</source>
        <translation>
            <numerusform>Alle Unterhaltungen (%n)</numerusform>
            <numerusform>Alle Unterhaltungen (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="78"/>
        <source>Conversation %1</source>
        <translation>Unterhaltung %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../audit_words.py" line="80"/>
        <source>%n devices</source>
        <translation>
            <numerusform>%n Gerät</numerusform>
            <numerusform>%n Geräte</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../audit_words.py" line="81"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
</context>
<context>
    <name>content</name>
    <message>
        <location filename="../content_text.py" line="37"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="38"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="39"/>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="40"/>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="42"/>
        <source>Sticker</source>
        <translation>Sticker</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="43"/>
        <source>Location</source>
        <translation>Standort</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="45"/>
        <source>Reply</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="46"/>
        <source>Button</source>
        <translation>Schaltfläche</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="47"/>
        <source>Reaction</source>
        <translation>Reaktion</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="48"/>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="49"/>
        <source>Unsupported message</source>
        <translation>Nicht unterstützte Nachricht</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="50"/>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="51"/>
        <source>Private note</source>
        <translation>Private Notiz</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="52"/>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="162"/>
        <location filename="../content_text.py" line="239"/>
        <source>Tapped “%1”</source>
        <translation>Hat „%1“ angetippt</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="166"/>
        <source>Reacted %1</source>
        <translation>Hat mit %1 reagiert</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="177"/>
        <location filename="../content_text.py" line="53"/>
        <source>Deleted by the customer</source>
        <translation>Vom Kunden gelöscht</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="180"/>
        <source>A photo or file from the phone&apos;s history (not imported)</source>
        <translation>Ein Foto oder eine Datei aus dem Verlauf des Handys (nicht importiert)</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="181"/>
        <source>This message type isn&apos;t supported by WhatsApp&apos;s API</source>
        <translation>Dieser Nachrichtentyp wird von der WhatsApp-API nicht unterstützt</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="187"/>
        <source>Template “%1”</source>
        <translation>Vorlage „%1“</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="201"/>
        <source>Audio file</source>
        <translation>Audiodatei</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="201"/>
        <source>Voice message</source>
        <translation>Sprachnachricht</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="206"/>
        <location filename="../content_text.py" line="41"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="211"/>
        <source>Animated sticker</source>
        <translation>Animierter Sticker</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="219"/>
        <source>Shared location</source>
        <translation>Geteilter Standort</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="230"/>
        <location filename="../content_text.py" line="44"/>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="236"/>
        <source>Chose “%1”</source>
        <translation>Hat „%1“ gewählt</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="238"/>
        <source>Form</source>
        <translation>Formular</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="238"/>
        <source>Sent the form “%1”</source>
        <translation>Hat das Formular „%1“ gesendet</translation>
    </message>
    <message>
        <location filename="../content_text.py" line="261"/>
        <source>Total %1 %2</source>
        <translation>Summe %1 %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../content_text.py" line="264"/>
        <source>Order · %n items</source>
        <translation>
            <numerusform>Bestellung · %n Artikel</numerusform>
            <numerusform>Bestellung · %n Artikel</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../content_text.py" line="264"/>
        <source>Order · 1 item</source>
        <translation>Bestellung · 1 Artikel</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="100"/>
        <source>edited %1</source>
        <translation>bearbeitet %1</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="153"/>
        <source>Downloading…</source>
        <translation>Wird heruntergeladen…</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="166"/>
        <source>Forwarded</source>
        <translation>Weitergeleitet</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="166"/>
        <source>Forwarded many times</source>
        <translation>Häufig weitergeleitet</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="171"/>
        <source>Asked about a product</source>
        <translation>Hat nach einem Produkt gefragt</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="182"/>
        <source>From a post</source>
        <translation>Aus einem Beitrag</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="182"/>
        <source>From post: %1</source>
        <translation>Aus dem Beitrag: %1</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="183"/>
        <source>From ad: %1</source>
        <translation>Aus der Anzeige: %1</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="183"/>
        <source>From an ad</source>
        <translation>Aus einer Anzeige</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_content.py" line="188"/>
        <source>Original message not available</source>
        <translation>Ursprüngliche Nachricht nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>costs</name>
    <message>
        <location filename="../cost_words.py" line="23"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="31"/>
        <source>Nothing Meta charges for has been sent yet.</source>
        <translation>Noch nichts gesendet, was Meta berechnet.</translation>
    </message>
    <message numerus="yes">
        <location filename="../cost_words.py" line="32"/>
        <source>%n charged</source>
        <translation>
            <numerusform>%n berechnet</numerusform>
            <numerusform>%n berechnet</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="32"/>
        <source>none charged</source>
        <translation>keine berechnet</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="33"/>
        <source>%1, %2 free</source>
        <translation>%1, %2 kostenlos</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="38"/>
        <source>Unknown sender</source>
        <translation>Unbekannter Absender</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="42"/>
        <source>Marketing · charged</source>
        <translation>Marketing · berechnet</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="43"/>
        <source>Utility · charged</source>
        <translation>Versorgung · berechnet</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="44"/>
        <source>Authentication · charged</source>
        <translation>Authentifizierung · berechnet</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="45"/>
        <source>Service · charged</source>
        <translation>Service · berechnet</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="46"/>
        <source>Other · charged</source>
        <translation>Sonstiges · berechnet</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="47"/>
        <source>Free · service window</source>
        <translation>Kostenlos · Servicefenster</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="48"/>
        <source>Free · ad or Page entry (72 h)</source>
        <translation>Kostenlos · Einstieg über Anzeige oder Seite (72 h)</translation>
    </message>
    <message>
        <location filename="../cost_words.py" line="49"/>
        <source>Free · other</source>
        <translation>Kostenlos · sonstiges</translation>
    </message>
</context>
<context>
    <name>gateway</name>
    <message>
        <location filename="../gateway_words.py" line="44"/>
        <source>WhatsApp link down: no word from the gateway since this desk started</source>
        <translation>WhatsApp-Verbindung unterbrochen: kein Lebenszeichen vom Gateway, seit dieser Arbeitsplatz läuft</translation>
    </message>
    <message>
        <location filename="../gateway_words.py" line="46"/>
        <source>WhatsApp link down: no word from the gateway since %1</source>
        <translation>WhatsApp-Verbindung unterbrochen: kein Lebenszeichen vom Gateway seit %1</translation>
    </message>
    <message>
        <location filename="../gateway_words.py" line="49"/>
        <source>The gateway passes messages between your team and WhatsApp, and it is not running or cannot reach the hub. Replies wait and go out by themselves once it is back; customers&apos; messages arrive then too. Check that the gateway&apos;s computer is on and that the gateway runs there.</source>
        <translation>Das Gateway leitet Nachrichten zwischen Ihrem Team und WhatsApp weiter; es läuft nicht oder erreicht den Hub nicht. Antworten warten und gehen von selbst hinaus, sobald es wieder da ist; dann kommen auch die Nachrichten der Kunden an. Prüfen Sie, ob der Computer des Gateways eingeschaltet ist und das Gateway dort läuft.</translation>
    </message>
    <message>
        <location filename="../gateway_words.py" line="58"/>
        <source>WhatsApp link down: the gateway cannot reach WhatsApp</source>
        <translation>WhatsApp-Verbindung unterbrochen: das Gateway erreicht WhatsApp nicht</translation>
    </message>
    <message>
        <location filename="../gateway_words.py" line="60"/>
        <source>WhatsApp link down: the gateway cannot reach WhatsApp since %1</source>
        <translation>WhatsApp-Verbindung unterbrochen: das Gateway erreicht WhatsApp seit %1 nicht</translation>
    </message>
    <message>
        <location filename="../gateway_words.py" line="63"/>
        <source>The gateway runs, but WhatsApp does not answer it: Meta&apos;s servers or the gateway&apos;s internet connection are down. Replies wait and go out by themselves once it gets through.</source>
        <translation>Das Gateway läuft, aber WhatsApp antwortet ihm nicht: Die Server von Meta oder die Internetverbindung des Gateways sind gestört. Antworten warten und gehen von selbst hinaus, sobald es wieder durchkommt.</translation>
    </message>
    <message>
        <location filename="../gateway_words.py" line="71"/>
        <source>WhatsApp refuses the gateway: an administrator must renew its access</source>
        <translation>WhatsApp weist das Gateway ab: Ein Administrator muss seinen Zugang erneuern</translation>
    </message>
    <message>
        <location filename="../gateway_words.py" line="73"/>
        <source>Meta refuses the gateway&apos;s access token or permissions, so replies cannot go out. An administrator connects the number again with a valid token (Desk ▸ Team… ▸ Connect the number). Replies wait until then.</source>
        <translation>Meta weist das Zugriffstoken oder die Berechtigungen des Gateways ab, daher können keine Antworten hinausgehen. Ein Administrator verbindet die Nummer erneut mit einem gültigen Token (Arbeitsplatz ▸ Team… ▸ Nummer verbinden). Bis dahin warten die Antworten.</translation>
    </message>
    <message>
        <location filename="../gateway_words.py" line="78"/>
        <source>Refused since %1.</source>
        <translation>Abgewiesen seit %1.</translation>
    </message>
    <message numerus="yes">
        <location filename="../gateway_words.py" line="86"/>
        <source>Replies waiting at the gateway: %n.</source>
        <translation>
            <numerusform>Wartende Antworten beim Gateway: %n.</numerusform>
            <numerusform>Wartende Antworten beim Gateway: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>handling</name>
    <message>
        <location filename="../handling_words.py" line="31"/>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="53"/>
        <source>%1 changed this conversation first; nothing you chose was sent.</source>
        <translation>%1 hat diese Unterhaltung zuerst geändert; Ihre Auswahl wurde nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="56"/>
        <source>A colleague changed this conversation first; nothing you chose was sent.</source>
        <translation>Ein Kollege hat diese Unterhaltung zuerst geändert; Ihre Auswahl wurde nicht gesendet.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="59"/>
        <source>%1 is handling this conversation. Take it over to reply.</source>
        <translation>%1 bearbeitet diese Unterhaltung. Übernehmen Sie sie, um zu antworten.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="62"/>
        <source>Claim this conversation to reply.</source>
        <translation>Übernehmen Sie diese Unterhaltung, um zu antworten.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="69"/>
        <source>%1 claimed the conversation</source>
        <translation>%1 hat die Unterhaltung übernommen</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="70"/>
        <source>%1 assigned the conversation to %2</source>
        <translation>%1 hat die Unterhaltung an %2 zugewiesen</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="71"/>
        <source>%1 transferred the conversation to %2</source>
        <translation>%1 hat die Unterhaltung an %2 übergeben</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="74"/>
        <source>%1 released the conversation to the queue</source>
        <translation>%1 hat die Unterhaltung in die Warteschlange zurückgegeben</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="77"/>
        <source>%1 took the conversation over from %2</source>
        <translation>%1 hat die Unterhaltung übernommen (zuvor: %2)</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="78"/>
        <source>%1 reopened the conversation</source>
        <translation>%1 hat die Unterhaltung wieder geöffnet</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="79"/>
        <source>%1 set the conversation to pending</source>
        <translation>%1 hat die Unterhaltung auf wartend gesetzt</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="80"/>
        <source>%1 snoozed the conversation until %3</source>
        <translation>%1 hat die Unterhaltung bis %3 zurückgestellt</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="81"/>
        <source>%1 resolved the conversation</source>
        <translation>%1 hat die Unterhaltung erledigt</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="82"/>
        <source>Assigned to %2 automatically</source>
        <translation>Automatisch an %2 zugewiesen</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="83"/>
        <source>The snooze ended; the conversation is open</source>
        <translation>Die Zurückstellung ist abgelaufen; die Unterhaltung ist offen</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="89"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="90"/>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="91"/>
        <source>Snoozed</source>
        <translation>Zurückgestellt</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="92"/>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="96"/>
        <source>Choose a colleague to hand the conversation to.</source>
        <translation>Wählen Sie einen Kollegen, dem Sie die Unterhaltung übergeben.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="97"/>
        <source>That colleague already has this conversation.</source>
        <translation>Dieser Kollege hat die Unterhaltung bereits.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="100"/>
        <source>Only the colleague handling this conversation can pass it on; take it over first.</source>
        <translation>Nur wer die Unterhaltung bearbeitet, kann sie weitergeben; übernehmen Sie sie zuerst.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="104"/>
        <source>Nobody is handling this conversation: claim it instead.</source>
        <translation>Niemand bearbeitet diese Unterhaltung: Übernehmen Sie sie stattdessen.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="107"/>
        <source>You are already handling this conversation.</source>
        <translation>Sie bearbeiten diese Unterhaltung bereits.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="108"/>
        <source>Someone is already handling this conversation.</source>
        <translation>Jemand bearbeitet diese Unterhaltung bereits.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="109"/>
        <source>The conversation is already in that state.</source>
        <translation>Die Unterhaltung ist bereits in diesem Zustand.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="110"/>
        <source>Choose a snooze time in the future.</source>
        <translation>Wählen Sie eine Zeit in der Zukunft.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="111"/>
        <source>Write something in the note first.</source>
        <translation>Schreiben Sie zuerst etwas in die Notiz.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="112"/>
        <source>The note is too long: at most 4,096 characters.</source>
        <translation>Die Notiz ist zu lang: höchstens 4.096 Zeichen.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="115"/>
        <source>A note can mention at most 32 colleagues.</source>
        <translation>Eine Notiz kann höchstens 32 Kollegen erwähnen.</translation>
    </message>
    <message>
        <location filename="../handling_words.py" line="116"/>
        <source>That cannot be done right now; nothing was changed.</source>
        <translation>Das ist gerade nicht möglich; es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>lists</name>
    <message>
        <location filename="../list_words.py" line="22"/>
        <source>The label cannot be saved like this; nothing was changed.</source>
        <translation>So lässt sich das Label nicht speichern; nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="23"/>
        <source>The canned reply cannot be saved like this; nothing was changed.</source>
        <translation>So lässt sich der Textbaustein nicht speichern; nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="36"/>
        <source>Give the label a name.</source>
        <translation>Geben Sie dem Label einen Namen.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="37"/>
        <source>A label&apos;s name has at most 40 characters.</source>
        <translation>Der Name eines Labels hat höchstens 40 Zeichen.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="38"/>
        <source>Choose one of the offered colours.</source>
        <translation>Wählen Sie eine der angebotenen Farben.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="39"/>
        <source>Another label already has this name.</source>
        <translation>Ein anderes Label hat schon diesen Namen.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="40"/>
        <source>A team can have at most 200 labels.</source>
        <translation>Ein Team kann höchstens 200 Labels haben.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="41"/>
        <source>This label was deleted meanwhile.</source>
        <translation>Dieses Label wurde inzwischen gelöscht.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="42"/>
        <source>Give the canned reply a shortcut.</source>
        <translation>Geben Sie dem Textbaustein ein Kürzel.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="43"/>
        <source>A shortcut has at most 32 characters.</source>
        <translation>Ein Kürzel hat höchstens 32 Zeichen.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="44"/>
        <source>A shortcut is one word: letters, digits, - and _ only.</source>
        <translation>Ein Kürzel ist ein Wort: nur Buchstaben, Ziffern, - und _.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="47"/>
        <source>Write the reply&apos;s text first.</source>
        <translation>Schreiben Sie zuerst den Text.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="48"/>
        <source>A reply has at most 4,096 characters.</source>
        <translation>Ein Textbaustein hat höchstens 4.096 Zeichen.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="49"/>
        <source>Another canned reply already uses this shortcut.</source>
        <translation>Ein anderer Textbaustein nutzt dieses Kürzel schon.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="52"/>
        <source>There can be at most 500 canned replies here.</source>
        <translation>Hier sind höchstens 500 Textbausteine möglich.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="53"/>
        <source>This canned reply was deleted meanwhile.</source>
        <translation>Dieser Textbaustein wurde inzwischen gelöscht.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="54"/>
        <source>Only the device that wrote this personal reply can change it.</source>
        <translation>Nur das Gerät, auf dem dieser persönliche Baustein geschrieben wurde, kann ihn ändern.</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="60"/>
        <source>Red</source>
        <translation>Rot</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="61"/>
        <source>Orange</source>
        <translation>Orange</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="62"/>
        <source>Yellow</source>
        <translation>Gelb</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="63"/>
        <source>Green</source>
        <translation>Grün</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="64"/>
        <source>Teal</source>
        <translation>Petrol</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="65"/>
        <source>Blue</source>
        <translation>Blau</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="66"/>
        <source>Purple</source>
        <translation>Lila</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="67"/>
        <source>Pink</source>
        <translation>Pink</translation>
    </message>
    <message>
        <location filename="../list_words.py" line="68"/>
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
</context>
<context>
    <name>notices</name>
    <message>
        <location filename="../team/notice_words.py" line="25"/>
        <source>Template %1 was approved</source>
        <translation>Vorlage %1 wurde genehmigt</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="26"/>
        <source>Template %1 was rejected</source>
        <translation>Vorlage %1 wurde abgelehnt</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="27"/>
        <source>Template %1 was paused for low quality</source>
        <translation>Vorlage %1 wurde wegen geringer Qualität pausiert</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="28"/>
        <source>Template %1 was disabled</source>
        <translation>Vorlage %1 wurde deaktiviert</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="29"/>
        <source>Template %1 was flagged for low quality</source>
        <translation>Vorlage %1 wurde wegen geringer Qualität markiert</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="30"/>
        <source>Template %1 can be sent again</source>
        <translation>Vorlage %1 kann wieder gesendet werden</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="31"/>
        <source>Template %1 is waiting for Meta&apos;s review</source>
        <translation>Vorlage %1 wartet auf die Prüfung durch Meta</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="32"/>
        <source>Template %1 is being deleted</source>
        <translation>Vorlage %1 wird gelöscht</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="33"/>
        <source>Template %1 was deleted</source>
        <translation>Vorlage %1 wurde gelöscht</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="34"/>
        <source>Template %1 was archived</source>
        <translation>Vorlage %1 wurde archiviert</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="36"/>
        <source>Template %1: %2</source>
        <translation>Vorlage %1: %2</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="41"/>
        <source>The number was flagged for low quality</source>
        <translation>Die Nummer wurde wegen geringer Qualität markiert</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="42"/>
        <source>The number is no longer flagged</source>
        <translation>Die Nummer ist nicht mehr markiert</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="43"/>
        <source>The number may now message more customers a day (%1)</source>
        <translation>Die Nummer darf jetzt mehr Kunden pro Tag anschreiben (%1)</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="44"/>
        <source>The number may now message fewer customers a day (%1)</source>
        <translation>Die Nummer darf jetzt weniger Kunden pro Tag anschreiben (%1)</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="46"/>
        <source>The number&apos;s quality changed: %1</source>
        <translation>Die Qualität der Nummer hat sich geändert: %1</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="53"/>
        <source>The business account was reinstated</source>
        <translation>Das Unternehmenskonto wurde wieder freigegeben</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="54"/>
        <source>The business account was disabled</source>
        <translation>Das Unternehmenskonto wurde gesperrt</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="56"/>
        <source>The number is restricted</source>
        <translation>Die Nummer ist eingeschränkt</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="57"/>
        <source>Meta found a policy violation on the account</source>
        <translation>Meta hat einen Richtlinienverstoß im Konto festgestellt</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="58"/>
        <source>The number is now an official business account</source>
        <translation>Die Nummer ist jetzt ein offizielles Unternehmenskonto</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="59"/>
        <source>The number was disconnected from WhatsApp&apos;s API</source>
        <translation>Die Nummer wurde von der WhatsApp-API getrennt</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="61"/>
        <source>Account update: %1</source>
        <translation>Kontoänderung: %1</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="65"/>
        <source>high</source>
        <translation>hohe</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="65"/>
        <source>low</source>
        <translation>geringe</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="65"/>
        <source>medium</source>
        <translation>mittlere</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="66"/>
        <source>unknown</source>
        <translation>unbekannte</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="70"/>
        <source>Meta could not be reached; create the template again.</source>
        <translation>Meta war nicht erreichbar; legen Sie die Vorlage erneut an.</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="71"/>
        <source>The WhatsApp number is not connected yet.</source>
        <translation>Die WhatsApp-Nummer ist noch nicht verbunden.</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="83"/>
        <source>Template %1 now has %2 quality</source>
        <translation>Vorlage %1 hat jetzt %2 Qualität</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="85"/>
        <source>Template %1 will move from %2 to %3</source>
        <translation>Vorlage %1 wechselt bald von %2 zu %3</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="87"/>
        <source>Template %1 moved from %2 to %3</source>
        <translation>Vorlage %1 wechselte von %2 zu %3</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="91"/>
        <source>The display name %1 was approved</source>
        <translation>Der Anzeigename %1 wurde genehmigt</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="93"/>
        <source>The display name %1 was not approved</source>
        <translation>Der Anzeigename %1 wurde nicht genehmigt</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="97"/>
        <source>Template %1 was sent to Meta for review</source>
        <translation>Vorlage %1 wurde Meta zur Prüfung gesendet</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="99"/>
        <source>Meta did not accept the new template %1</source>
        <translation>Meta hat die neue Vorlage %1 nicht angenommen</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="101"/>
        <source>Meta could not deliver part of a webhook (error %1)</source>
        <translation>Meta konnte einen Teil eines Webhooks nicht zustellen (Fehler %1)</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="113"/>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="115"/>
        <source>Meta says: %1</source>
        <translation>Meta schreibt: %1</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="117"/>
        <source>Meta recommends: %1</source>
        <translation>Meta empfiehlt: %1</translation>
    </message>
    <message>
        <location filename="../team/notice_words.py" line="119"/>
        <source>Until: %1</source>
        <translation>Bis: %1</translation>
    </message>
</context>
<context>
    <name>notifications</name>
    <message>
        <location filename="../notifications/words.py" line="23"/>
        <source>a customer</source>
        <translation>ein Kunde</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="26"/>
        <source>New conversation: %1</source>
        <translation>Neue Unterhaltung: %1</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="28"/>
        <source>%1 mentioned you · %2</source>
        <translation>%1 hat Sie erwähnt · %2</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="30"/>
        <source>A conversation was assigned to you automatically</source>
        <translation>Ihnen wurde automatisch eine Unterhaltung zugewiesen</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="32"/>
        <source>%1 handed you a conversation</source>
        <translation>%1 hat Ihnen eine Unterhaltung übergeben</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="34"/>
        <source>%1 took over a conversation</source>
        <translation>%1 hat eine Unterhaltung übernommen</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="41"/>
        <source>Conversation with %1</source>
        <translation>Unterhaltung mit %1</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="43"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="46"/>
        <source>New note</source>
        <translation>Neue Notiz</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="48"/>
        <location filename="../notifications/words.py" line="49"/>
        <source>New message</source>
        <translation>Neue Nachricht</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="62"/>
        <source>No unread conversations</source>
        <translation>Keine ungelesenen Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="64"/>
        <source>1 unread conversation</source>
        <translation>1 ungelesene Unterhaltung</translation>
    </message>
    <message numerus="yes">
        <location filename="../notifications/words.py" line="66"/>
        <source>%n unread conversations</source>
        <translation>
            <numerusform>%n ungelesene Unterhaltung</numerusform>
            <numerusform>%n ungelesene Unterhaltungen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="67"/>
        <source>Switchboard</source>
        <translation>Switchboard</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="67"/>
        <source>Switchboard — %1</source>
        <translation>Switchboard – %1</translation>
    </message>
    <message>
        <location filename="../notifications/words.py" line="75"/>
        <source>(%1) %2</source>
        <translation>(%1) %2</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <location filename="../report_words.py" line="18"/>
        <source>Per day</source>
        <translation>Pro Tag</translation>
    </message>
    <message>
        <location filename="../report_words.py" line="19"/>
        <source>Per week</source>
        <translation>Pro Woche</translation>
    </message>
    <message>
        <location filename="../report_words.py" line="20"/>
        <source>Per month</source>
        <translation>Pro Monat</translation>
    </message>
    <message>
        <location filename="../report_words.py" line="35"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../report_words.py" line="37"/>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <location filename="../report_words.py" line="40"/>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <location filename="../report_words.py" line="42"/>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message>
        <location filename="../report_words.py" line="50"/>
        <source>%1 (90 %: %2)</source>
        <translation>%1 (90 %: %2)</translation>
    </message>
    <message>
        <location filename="../report_words.py" line="57"/>
        <source>Nothing happened in this range.</source>
        <translation>In diesem Zeitraum ist nichts geschehen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../report_words.py" line="60"/>
        <source>%n conversations opened</source>
        <translation>
            <numerusform>%n Unterhaltung begonnen</numerusform>
            <numerusform>%n Unterhaltungen begonnen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../report_words.py" line="60"/>
        <source>1 conversation opened</source>
        <translation>1 Unterhaltung begonnen</translation>
    </message>
    <message numerus="yes">
        <location filename="../report_words.py" line="61"/>
        <source>%n resolved</source>
        <translation>
            <numerusform>%n erledigt</numerusform>
            <numerusform>%n erledigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../report_words.py" line="63"/>
        <source>%n messages received</source>
        <translation>
            <numerusform>%n Nachricht empfangen</numerusform>
            <numerusform>%n Nachrichten empfangen</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../report_words.py" line="63"/>
        <source>1 message received</source>
        <translation>1 Nachricht empfangen</translation>
    </message>
    <message numerus="yes">
        <location filename="../report_words.py" line="64"/>
        <source>%n sent</source>
        <translation>
            <numerusform>%n gesendet</numerusform>
            <numerusform>%n gesendet</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../report_words.py" line="66"/>
        <source>%1, %2 · %3, %4</source>
        <translation>%1, %2 · %3, %4</translation>
    </message>
</context>
<context>
    <name>sas</name>
    <message>
        <location filename="../team/sas_words.py" line="12"/>
        <source>Dog</source>
        <translation>Hund</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="13"/>
        <source>Cat</source>
        <translation>Katze</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="14"/>
        <source>Lion</source>
        <translation>Löwe</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="15"/>
        <source>Horse</source>
        <translation>Pferd</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="16"/>
        <source>Unicorn</source>
        <translation>Einhorn</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="17"/>
        <source>Pig</source>
        <translation>Schwein</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="18"/>
        <source>Elephant</source>
        <translation>Elefant</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="19"/>
        <source>Rabbit</source>
        <translation>Hase</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="20"/>
        <source>Panda</source>
        <translation>Panda</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="21"/>
        <source>Rooster</source>
        <translation>Hahn</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="22"/>
        <source>Penguin</source>
        <translation>Pinguin</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="23"/>
        <source>Turtle</source>
        <translation>Schildkröte</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="24"/>
        <source>Fish</source>
        <translation>Fisch</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="25"/>
        <source>Octopus</source>
        <translation>Oktopus</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="26"/>
        <source>Butterfly</source>
        <translation>Schmetterling</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="27"/>
        <source>Flower</source>
        <translation>Blume</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="28"/>
        <source>Tree</source>
        <translation>Baum</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="29"/>
        <source>Cactus</source>
        <translation>Kaktus</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="30"/>
        <source>Mushroom</source>
        <translation>Pilz</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="31"/>
        <source>Globe</source>
        <translation>Globus</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="32"/>
        <source>Moon</source>
        <translation>Mond</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="33"/>
        <source>Cloud</source>
        <translation>Wolke</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="34"/>
        <source>Fire</source>
        <translation>Feuer</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="35"/>
        <source>Banana</source>
        <translation>Banane</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="36"/>
        <source>Apple</source>
        <translation>Apfel</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="37"/>
        <source>Strawberry</source>
        <translation>Erdbeere</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="38"/>
        <source>Corn</source>
        <translation>Mais</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="39"/>
        <source>Pizza</source>
        <translation>Pizza</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="40"/>
        <source>Cake</source>
        <translation>Kuchen</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="41"/>
        <source>Heart</source>
        <translation>Herz</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="42"/>
        <source>Smiley</source>
        <translation>Smiley</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="43"/>
        <source>Robot</source>
        <translation>Roboter</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="44"/>
        <source>Hat</source>
        <translation>Hut</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="45"/>
        <source>Glasses</source>
        <translation>Brille</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="46"/>
        <source>Spanner</source>
        <translation>Schraubenschlüssel</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="47"/>
        <source>Santa</source>
        <translation>Weihnachtsmann</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="48"/>
        <source>Thumbs Up</source>
        <translation>Daumen hoch</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="49"/>
        <source>Umbrella</source>
        <translation>Regenschirm</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="50"/>
        <source>Hourglass</source>
        <translation>Sanduhr</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="51"/>
        <source>Clock</source>
        <translation>Uhr</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="52"/>
        <source>Gift</source>
        <translation>Geschenk</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="53"/>
        <source>Light Bulb</source>
        <translation>Glühbirne</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="54"/>
        <source>Book</source>
        <translation>Buch</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="55"/>
        <source>Pencil</source>
        <translation>Bleistift</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="56"/>
        <source>Paperclip</source>
        <translation>Büroklammer</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="57"/>
        <source>Scissors</source>
        <translation>Schere</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="58"/>
        <source>Lock</source>
        <translation>Schloss</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="59"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="60"/>
        <source>Hammer</source>
        <translation>Hammer</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="61"/>
        <source>Telephone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="62"/>
        <source>Flag</source>
        <translation>Flagge</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="63"/>
        <source>Train</source>
        <translation>Zug</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="64"/>
        <source>Bicycle</source>
        <translation>Fahrrad</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="65"/>
        <source>Aeroplane</source>
        <translation>Flugzeug</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="66"/>
        <source>Rocket</source>
        <translation>Rakete</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="67"/>
        <source>Trophy</source>
        <translation>Pokal</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="68"/>
        <source>Ball</source>
        <translation>Ball</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="69"/>
        <source>Guitar</source>
        <translation>Gitarre</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="70"/>
        <source>Trumpet</source>
        <translation>Trompete</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="71"/>
        <source>Bell</source>
        <translation>Glocke</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="72"/>
        <source>Anchor</source>
        <translation>Anker</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="73"/>
        <source>Headphones</source>
        <translation>Kopfhörer</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="74"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../team/sas_words.py" line="75"/>
        <source>Pin</source>
        <translation>Stecknadel</translation>
    </message>
</context>
<context>
    <name>team</name>
    <message>
        <location filename="../team/team_words.py" line="19"/>
        <source>Admin</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="21"/>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="22"/>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="28"/>
        <source>Answers customers, and can invite and remove people.</source>
        <translation>Antwortet Kunden und kann Personen einladen und entfernen.</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="30"/>
        <source>Answers customers.</source>
        <translation>Antwortet Kunden.</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="31"/>
        <source>The service that connects the team to WhatsApp.</source>
        <translation>Der Dienst, der das Team mit WhatsApp verbindet.</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="37"/>
        <source>This device</source>
        <translation>Dieses Gerät</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="39"/>
        <source>Never seen</source>
        <translation>Nie gesehen</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="42"/>
        <source>Active now</source>
        <translation>Gerade aktiv</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="44"/>
        <source>Seen %1 ago</source>
        <translation>Zuletzt vor %1 gesehen</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="46"/>
        <source>Seen %1</source>
        <translation>Zuletzt gesehen am %1</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="55"/>
        <source>Valid until %1 today, single use</source>
        <translation>Gültig bis heute %1 Uhr, einmal verwendbar</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="57"/>
        <source>Valid until %1 tomorrow, single use</source>
        <translation>Gültig bis morgen %1 Uhr, einmal verwendbar</translation>
    </message>
    <message>
        <location filename="../team/team_words.py" line="59"/>
        <source>Valid until %1 %2, single use</source>
        <translation>Gültig bis %2, %1 Uhr, einmal verwendbar</translation>
    </message>
</context>
<context>
    <name>templates</name>
    <message>
        <location filename="../team/template_words.py" line="27"/>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="28"/>
        <source>Waiting for review</source>
        <translation>Wartet auf Prüfung</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="29"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="30"/>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="31"/>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="32"/>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="33"/>
        <source>In appeal</source>
        <translation>Im Einspruch</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="34"/>
        <source>Being deleted</source>
        <translation>Wird gelöscht</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="35"/>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="41"/>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="41"/>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="41"/>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="42"/>
        <source>Not rated yet</source>
        <translation>Noch nicht bewertet</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="47"/>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="48"/>
        <source>Utility</source>
        <translation>Versorgung</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="49"/>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="57"/>
        <source>Give the template a name.</source>
        <translation>Geben Sie der Vorlage einen Namen.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="59"/>
        <source>Use only lowercase letters, digits and underscores in the name, such as order_ready.</source>
        <translation>Verwenden Sie im Namen nur Kleinbuchstaben, Ziffern und Unterstriche, etwa bestellung_bereit.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="61"/>
        <source>Shorten the name to 512 characters.</source>
        <translation>Kürzen Sie den Namen auf 512 Zeichen.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="62"/>
        <source>Choose the template&apos;s language.</source>
        <translation>Wählen Sie die Sprache der Vorlage.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="63"/>
        <source>Choose a category.</source>
        <translation>Wählen Sie eine Kategorie.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="64"/>
        <source>Write the message text.</source>
        <translation>Schreiben Sie den Nachrichtentext.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="65"/>
        <source>Shorten the message text to 1,024 characters.</source>
        <translation>Kürzen Sie den Nachrichtentext auf 1.024 Zeichen.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="67"/>
        <source>Number the variables {{1}}, {{2}} and so on, without gaps.</source>
        <translation>Nummerieren Sie die Variablen {{1}}, {{2}} usw. ohne Lücken.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="69"/>
        <source>Give an example for every variable: Meta reviews them.</source>
        <translation>Geben Sie für jede Variable ein Beispiel an: Meta prüft sie.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="70"/>
        <source>Use at most %1 quick replies and %2 buttons in all.</source>
        <translation>Verwenden Sie höchstens %1 Schnellantworten und insgesamt %2 Schaltflächen.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="73"/>
        <source>Keep each quick reply between 1 and %1 characters.</source>
        <translation>Jede Schnellantwort braucht 1 bis %1 Zeichen.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="84"/>
        <source>Shorten the title to %1 characters.</source>
        <translation>Kürzen Sie den Titel auf %1 Zeichen.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="87"/>
        <source>The title can hold one variable only, and it is {{1}}.</source>
        <translation>Der Titel darf nur eine Variable enthalten, und zwar {{1}}.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="88"/>
        <source>Give an example for the title&apos;s {{1}}.</source>
        <translation>Geben Sie ein Beispiel für {{1}} im Titel an.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="89"/>
        <source>Shorten the footer to %1 characters.</source>
        <translation>Kürzen Sie die Fußzeile auf %1 Zeichen.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="93"/>
        <source>Remove the variables from the footer: Meta allows none.</source>
        <translation>Entfernen Sie die Variablen aus der Fußzeile: Meta erlaubt dort keine.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="95"/>
        <source>Use at most %1 link buttons.</source>
        <translation>Verwenden Sie höchstens %1 Link-Schaltflächen.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="99"/>
        <source>Keep each link button&apos;s text between 1 and %1 characters.</source>
        <translation>Der Text jeder Link-Schaltfläche muss 1 bis %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="102"/>
        <source>Give each link a web address starting with https:// (at most %1 characters); a variable may only be {{1}} at its very end.</source>
        <translation>Geben Sie jedem Link eine Webadresse, die mit https:// beginnt (höchstens %1 Zeichen); eine Variable darf nur {{1}} ganz am Ende sein.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="106"/>
        <source>Give an example for the {{1}} at the end of each link.</source>
        <translation>Geben Sie ein Beispiel für das {{1}} am Ende jedes Links an.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="109"/>
        <source>Keep the call button&apos;s text between 1 and %1 characters.</source>
        <translation>Der Text der Anruf-Schaltfläche muss 1 bis %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="112"/>
        <source>Give the call button&apos;s number with its country code, such as +4930123456.</source>
        <translation>Geben Sie die Nummer der Anruf-Schaltfläche mit Ländervorwahl an, etwa +4930123456.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="120"/>
        <source>Meta could not be reached, so the template was not created. Try again later.</source>
        <translation>Meta war nicht erreichbar, daher wurde die Vorlage nicht angelegt. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="122"/>
        <source>Connect the WhatsApp number first, then create templates.</source>
        <translation>Verbinden Sie zuerst die WhatsApp-Nummer, dann legen Sie Vorlagen an.</translation>
    </message>
    <message>
        <location filename="../team/template_words.py" line="124"/>
        <source>Meta refused the template: %1</source>
        <translation>Meta hat die Vorlage abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>thumbnails</name>
    <message>
        <location filename="../thumbnails.py" line="122"/>
        <source>Cannot show this picture</source>
        <translation>Dieses Bild kann nicht angezeigt werden</translation>
    </message>
    <message>
        <location filename="../thumbnails.py" line="124"/>
        <source>Hub offline: not loaded</source>
        <translation>Hub offline: nicht geladen</translation>
    </message>
    <message>
        <location filename="../thumbnails.py" line="126"/>
        <source>The file is damaged</source>
        <translation>Die Datei ist beschädigt</translation>
    </message>
    <message>
        <location filename="../thumbnails.py" line="127"/>
        <source>Picture not available</source>
        <translation>Bild nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>wording</name>
    <message>
        <location filename="../app.py" line="266"/>
        <source>Switchboard could not start</source>
        <translation>Switchboard konnte nicht starten</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_delegate.py" line="404"/>
        <source>Not delivered — hover for the reason</source>
        <translation>Nicht zugestellt – Mauszeiger zeigt den Grund</translation>
    </message>
    <message>
        <location filename="../widgets/bubble_delegate.py" line="406"/>
        <location filename="../wording.py" line="566"/>
        <source>Not sent — conversation changed</source>
        <translation>Nicht gesendet – Unterhaltung wurde geändert</translation>
    </message>
    <message>
        <location filename="../wording.py" line="57"/>
        <source>The hub cannot be reached, so this desk could not open. Check the network and the hub address, then start Switchboard again; nothing on this computer was changed.</source>
        <translation>Der Hub ist nicht erreichbar, daher konnte dieser Arbeitsplatz nicht geöffnet werden. Prüfen Sie das Netzwerk und die Hub-Adresse und starten Sie Switchboard dann erneut; auf diesem Computer wurde nichts verändert.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="81"/>
        <source>A colleague claimed this conversation first.</source>
        <translation>Ein Kollege hat diese Unterhaltung zuerst übernommen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="83"/>
        <location filename="../wording.py" line="326"/>
        <source>The conversation changed while you were looking. Nothing was sent.</source>
        <translation>Die Unterhaltung hat sich geändert, während Sie sie angesehen haben. Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="86"/>
        <source>More than 24 hours have passed since the customer&apos;s last message. Only templates can be sent.</source>
        <translation>Seit der letzten Nachricht des Kunden sind mehr als 24 Stunden vergangen. Es können nur Vorlagen gesendet werden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="91"/>
        <source>The hub cannot be reached. Check the network (and the hub address); nothing you wrote is lost, replies go out once it answers.</source>
        <translation>Der Hub ist nicht erreichbar. Prüfen Sie das Netzwerk (und die Hub-Adresse); nichts, was Sie geschrieben haben, geht verloren – Antworten werden gesendet, sobald er antwortet.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="96"/>
        <source>The local message store cannot be read or written (the disk may be full). Free some space, then open Switchboard again.</source>
        <translation>Der lokale Nachrichtenspeicher kann nicht gelesen oder beschrieben werden (vielleicht ist die Festplatte voll). Geben Sie Speicherplatz frei und öffnen Sie Switchboard erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="100"/>
        <source>The system keychain is unavailable.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="108"/>
        <source>Something on this computer or the network failed. Try again; if it keeps happening, restart Switchboard.</source>
        <translation>Auf diesem Computer oder im Netzwerk ist ein Fehler aufgetreten. Versuchen Sie es erneut; wenn es wieder passiert, starten Sie Switchboard neu.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="112"/>
        <source>Switchboard was given data it cannot use, so nothing was changed.</source>
        <translation>Switchboard hat Daten erhalten, die es nicht verwenden kann; daher wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="114"/>
        <source>That cannot be done right now; nothing was changed.</source>
        <translation>Das ist gerade nicht möglich; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="117"/>
        <source>Something went wrong (%1). Try again; if it keeps happening, restart Switchboard.</source>
        <translation>Etwas ist schiefgegangen (%1). Versuchen Sie es erneut; wenn es wieder passiert, starten Sie Switchboard neu.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="123"/>
        <source>The hub cannot be reached, so the file was not sent. Try again when online.</source>
        <translation>Der Hub ist nicht erreichbar, daher wurde die Datei nicht gesendet. Versuchen Sie es erneut, wenn Sie online sind.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="126"/>
        <source>The hub refused the file (its storage may be full). Nothing was sent.</source>
        <translation>Der Hub hat die Datei abgelehnt (sein Speicher ist vielleicht voll). Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="129"/>
        <source>This file is not available.</source>
        <translation>Diese Datei ist nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="133"/>
        <source>No open invite has this code: it may be mistyped, used already or expired. Ask for a new one if it keeps failing.</source>
        <translation>Keine offene Einladung hat diesen Code: Er ist vielleicht falsch eingegeben, schon verwendet oder abgelaufen. Bitten Sie um einen neuen, wenn es weiterhin nicht klappt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="138"/>
        <source>This invite has expired. Ask an administrator for a new code.</source>
        <translation>Diese Einladung ist abgelaufen. Bitten Sie einen Administrator um einen neuen Code.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="141"/>
        <source>This invite was already used. Ask an administrator for a new code.</source>
        <translation>Diese Einladung wurde bereits verwendet. Bitten Sie einen Administrator um einen neuen Code.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="144"/>
        <source>The emoji did not match, so nobody was added and the invite was cancelled.</source>
        <translation>Die Emoji stimmten nicht überein, daher wurde niemand hinzugefügt und die Einladung zurückgezogen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="147"/>
        <source>The other side cancelled the joining.</source>
        <translation>Die andere Seite hat den Beitritt abgebrochen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="148"/>
        <source>The hub did not accept this setup code. Check what the hub printed.</source>
        <translation>Der Hub hat diesen Einrichtungscode nicht angenommen. Prüfen Sie, was der Hub ausgegeben hat.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="151"/>
        <source>This hub already belongs to a team. Join that team with an invite instead.</source>
        <translation>Dieser Hub gehört bereits zu einem Team. Treten Sie stattdessen diesem Team mit einer Einladung bei.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="154"/>
        <source>That passphrase is not right.</source>
        <translation>Diese Passphrase ist nicht richtig.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="155"/>
        <source>Only an administrator can do this.</source>
        <translation>Das kann nur ein Administrator.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="156"/>
        <source>The team&apos;s last administrator cannot be removed: invite another one first.</source>
        <translation>Der letzte Administrator des Teams kann nicht entfernt werden: Laden Sie zuerst einen weiteren ein.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="159"/>
        <source>The hub did not let this computer in. If it was removed from the team, ask an administrator for a new invite.</source>
        <translation>Der Hub hat diesen Computer nicht zugelassen. Wenn er aus dem Team entfernt wurde, bitten Sie einen Administrator um eine neue Einladung.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="164"/>
        <source>The hub presented a different certificate than the one this desk trusts, so it may not be your hub. Check the address with whoever runs it.</source>
        <translation>Der Hub hat ein anderes Zertifikat vorgelegt als das, dem dieser Arbeitsplatz vertraut; es ist also vielleicht nicht Ihr Hub. Prüfen Sie die Adresse mit der Person, die ihn betreibt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="169"/>
        <source>That is not a hub address. Copy it as the hub printed it, like tls://hub.example.com:4222#… .</source>
        <translation>Das ist keine Hub-Adresse. Kopieren Sie sie so, wie der Hub sie ausgegeben hat, etwa tls://hub.example.com:4222#… .</translation>
    </message>
    <message>
        <location filename="../wording.py" line="174"/>
        <source>The hub refused the request. Try again; if it keeps failing, check the hub.</source>
        <translation>Der Hub hat die Anfrage abgelehnt. Versuchen Sie es erneut; wenn es weiterhin fehlschlägt, prüfen Sie den Hub.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="177"/>
        <source>The hub did not accept the new team. Check that it runs this version.</source>
        <translation>Der Hub hat das neue Team nicht angenommen. Prüfen Sie, ob er diese Version ausführt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="180"/>
        <source>Nothing was changed: a passphrase is needed on this computer.</source>
        <translation>Es wurde nichts geändert: Auf diesem Computer wird eine Passphrase benötigt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="183"/>
        <source>The simulator runs only with switchboard demo. Enter the Cloud API settings from Meta&apos;s App Dashboard instead.</source>
        <translation>Der Simulator läuft nur mit „switchboard demo“. Geben Sie stattdessen die Cloud-API-Einstellungen aus dem App-Dashboard von Meta ein.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="188"/>
        <source>This desk keeps its key in another keychain than the one in use now. Switch back to it, or join the team again as a new device.</source>
        <translation>Dieser Arbeitsplatz bewahrt seinen Schlüssel in einem anderen Schlüsselbund auf als dem, der gerade verwendet wird. Wechseln Sie zurück oder treten Sie dem Team als neues Gerät erneut bei.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="193"/>
        <source>The system keychain is locked. Unlock it, then open Switchboard again.</source>
        <translation>Der Schlüsselbund des Systems ist gesperrt. Entsperren Sie ihn und öffnen Sie Switchboard erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="196"/>
        <source>This desk&apos;s key is missing from the keychain or its key file, so its messages cannot be opened. Restore it, or join the team again as a new device.</source>
        <translation>Der Schlüssel dieses Arbeitsplatzes fehlt im Schlüsselbund oder in seiner Schlüsseldatei, daher können seine Nachrichten nicht geöffnet werden. Stellen Sie ihn wieder her oder treten Sie dem Team als neues Gerät erneut bei.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="201"/>
        <source>This desk&apos;s key is damaged. Restore it from a backup, or join the team again as a new device.</source>
        <translation>Der Schlüssel dieses Arbeitsplatzes ist beschädigt. Stellen Sie ihn aus einer Sicherung wieder her oder treten Sie dem Team als neues Gerät erneut bei.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="206"/>
        <source>This desk&apos;s local store does not open with its key. Nothing was changed; join the team again as a new device to start over.</source>
        <translation>Der lokale Speicher dieses Arbeitsplatzes lässt sich mit seinem Schlüssel nicht öffnen. Es wurde nichts geändert; treten Sie dem Team als neues Gerät erneut bei, um neu zu beginnen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="211"/>
        <source>The profile folder holds a file that is not this version&apos;s local store. Choose another profile with --profile.</source>
        <translation>Der Profilordner enthält eine Datei, die nicht der lokale Speicher dieser Version ist. Wählen Sie mit --profile ein anderes Profil.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="216"/>
        <source>This profile has not joined a team yet. Create a team or join one.</source>
        <translation>Dieses Profil ist noch keinem Team beigetreten. Gründen Sie ein Team oder treten Sie einem bei.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="219"/>
        <source>This desk&apos;s local store is missing or empty, so it was not opened and nothing was changed. Restore the profile folder from a backup, or join the team again as a new device: the team&apos;s history syncs from the hub.</source>
        <translation>Der lokale Speicher dieses Arbeitsplatzes fehlt oder ist leer; er wurde daher nicht geöffnet und nichts wurde geändert. Stellen Sie den Profilordner aus einer Sicherung wieder her oder treten Sie dem Team als neues Gerät erneut bei: Der Verlauf des Teams wird vom Hub synchronisiert.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="225"/>
        <source>This desk&apos;s settings file (profile.json in its profile folder) is damaged, so the desk was not opened and nothing was changed. Restore the profile folder from a backup, or join the team again as a new device.</source>
        <translation>Die Einstellungsdatei dieses Arbeitsplatzes (profile.json im Profilordner) ist beschädigt; der Arbeitsplatz wurde daher nicht geöffnet, und nichts wurde verändert. Stellen Sie den Profilordner aus einer Sicherung wieder her, oder treten Sie dem Team als neues Gerät erneut bei.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="231"/>
        <source>This desk&apos;s local store is damaged, so it was not opened and nothing was changed. Start Switchboard again to keep it aside and sync a fresh copy from the hub.</source>
        <translation>Der lokale Speicher dieses Arbeitsplatzes ist beschädigt und wurde daher nicht geöffnet; nichts wurde verändert. Starten Sie Switchboard erneut, um ihn beiseitezulegen und eine frische Kopie vom Hub zu synchronisieren.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="236"/>
        <source>A part of this desk&apos;s local store cannot be read, so nothing more is written into it. Start Switchboard again to keep it aside and sync a fresh copy from the hub.</source>
        <translation>Ein Teil des lokalen Speichers dieses Arbeitsplatzes lässt sich nicht lesen, daher wird nichts mehr hineingeschrieben. Starten Sie Switchboard erneut, um ihn beiseitezulegen und eine frische Kopie vom Hub zu synchronisieren.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="241"/>
        <source>This desk&apos;s local store failed its integrity check, so it was not opened. Start Switchboard again to keep it aside and sync a fresh copy from the hub.</source>
        <translation>Der lokale Speicher dieses Arbeitsplatzes hat die Integritätsprüfung nicht bestanden und wurde daher nicht geöffnet. Starten Sie Switchboard erneut, um ihn beiseitezulegen und eine frische Kopie vom Hub zu synchronisieren.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="246"/>
        <source>An administrator removed this computer from the team. What it held stays readable here; ask an administrator for a new invite to join again.</source>
        <translation>Ein Administrator hat diesen Computer aus dem Team entfernt. Was er enthielt, bleibt hier lesbar; bitten Sie einen Administrator um eine neue Einladung, um erneut beizutreten.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="251"/>
        <source>Add the gateway to the team before connecting the number.</source>
        <translation>Fügen Sie das Gateway dem Team hinzu, bevor Sie die Nummer verbinden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="254"/>
        <source>Meta refused these settings. Check the access token and the two ids.</source>
        <translation>Meta hat diese Einstellungen abgelehnt. Prüfen Sie das Zugriffstoken und die beiden IDs.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="259"/>
        <source>Data from the hub failed this desk&apos;s checks (forged or damaged), so it was not used. Tell whoever runs the hub.</source>
        <translation>Daten vom Hub haben die Prüfungen dieses Arbeitsplatzes nicht bestanden (gefälscht oder beschädigt) und wurden nicht verwendet. Informieren Sie die Person, die den Hub betreibt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="266"/>
        <source>Choose a backup passphrase of at least 12 characters.</source>
        <translation>Wählen Sie für die Sicherung eine Passphrase mit mindestens 12 Zeichen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="269"/>
        <source>This file is not a Switchboard backup, or the passphrase is not the one it was made with.</source>
        <translation>Diese Datei ist keine Switchboard-Sicherung, oder die Passphrase ist nicht die, mit der sie erstellt wurde.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="273"/>
        <source>A file of that name is there already. Choose another name, or replace it.</source>
        <translation>Eine Datei dieses Namens ist dort schon vorhanden. Wählen Sie einen anderen Namen, oder ersetzen Sie sie.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="276"/>
        <source>The hub cannot be reached, and every backup is recorded in the team log first, so nothing was backed up. Try again when online.</source>
        <translation>Der Hub ist nicht erreichbar, und jede Sicherung wird zuerst im Protokoll des Teams vermerkt; daher wurde nichts gesichert. Versuchen Sie es erneut, wenn Sie online sind.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="281"/>
        <source>This folder cannot take the backup (it is read-only or missing). Choose another.</source>
        <translation>Dieser Ordner kann die Sicherung nicht aufnehmen (er ist schreibgeschützt oder fehlt). Wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="285"/>
        <source>The disk filled up while the backup was written; nothing was left behind. Free some space or choose another disk.</source>
        <translation>Der Datenträger wurde beim Schreiben der Sicherung voll; es blieb nichts zurück. Schaffen Sie Platz oder wählen Sie einen anderen Datenträger.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="290"/>
        <source>The backup could not be written there. Choose another place.</source>
        <translation>Die Sicherung konnte dort nicht geschrieben werden. Wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="293"/>
        <source>The hub cannot be reached, and every export is recorded in the team log first, so nothing was exported. Try again when online.</source>
        <translation>Der Hub ist nicht erreichbar, und jeder Export wird zuerst im Teamprotokoll vermerkt, daher wurde nichts exportiert. Versuchen Sie es erneut, sobald Sie online sind.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="298"/>
        <source>The export could not be written there (no space, or no permission). Choose another place.</source>
        <translation>Der Export konnte dort nicht geschrieben werden (kein Platz oder keine Berechtigung). Wählen Sie einen anderen Ort.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="302"/>
        <source>This desk is closing, so nothing more was read or saved.</source>
        <translation>Dieser Arbeitsplatz wird geschlossen, daher wurde nichts mehr gelesen oder gespeichert.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="305"/>
        <source>This computer cannot save right now (its disk may be full), so this desk has paused and cannot show the result yet. Free some space: it goes on by itself.</source>
        <translation>Dieser Computer kann gerade nicht speichern (die Festplatte ist vielleicht voll), deshalb pausiert dieser Arbeitsplatz und kann das Ergebnis noch nicht zeigen. Geben Sie Speicherplatz frei: Danach geht es von selbst weiter.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="310"/>
        <source>This template is no longer approved for sending. Pick another one.</source>
        <translation>Diese Vorlage ist nicht mehr zum Senden freigegeben. Wählen Sie eine andere.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="313"/>
        <source>Correct what the template form lists, then submit the template again.</source>
        <translation>Korrigieren Sie, was das Vorlagenformular auflistet, und reichen Sie die Vorlage erneut ein.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="316"/>
        <source>Meta did not accept the template. Its reason is shown in the form.</source>
        <translation>Meta hat die Vorlage nicht angenommen. Der Grund steht im Formular.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="319"/>
        <source>Fill in every field of the template before sending it.</source>
        <translation>Füllen Sie jedes Feld der Vorlage aus, bevor Sie sie senden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="322"/>
        <source>Enter the number in international format with its country code, such as +49 151 23456789.</source>
        <translation>Geben Sie die Nummer im internationalen Format mit Ländervorwahl ein, etwa +49 151 23456789.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="329"/>
        <source>New messages arrived while you were writing. Read them, then send again.</source>
        <translation>Während Sie geschrieben haben, sind neue Nachrichten eingetroffen. Lesen Sie sie und senden Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="332"/>
        <source>This reply was sent or is still on its way, so it cannot be sent again or discarded.</source>
        <translation>Diese Antwort wurde gesendet oder ist noch unterwegs; sie kann daher weder erneut gesendet noch verworfen werden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="336"/>
        <source>A reply needs 1 to 4,096 characters. Shorten it or split it in two.</source>
        <translation>Eine Antwort braucht 1 bis 4.096 Zeichen. Kürzen Sie sie oder teilen Sie sie in zwei.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="339"/>
        <source>This desk does not hold that conversation yet. Wait until it has caught up with the team, then pick it again.</source>
        <translation>Dieser Arbeitsplatz hat diese Unterhaltung noch nicht. Warten Sie, bis er mit dem Team auf dem neuesten Stand ist, und wählen Sie sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="344"/>
        <source>This desk does not hold the team&apos;s current key yet. Wait until it has caught up, then try again.</source>
        <translation>Dieser Arbeitsplatz hat den aktuellen Teamschlüssel noch nicht. Warten Sie, bis er auf dem neuesten Stand ist, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="349"/>
        <source>Other administrators kept changing the team at the same moment. Try again.</source>
        <translation>Andere Administratoren haben das Team gleichzeitig geändert. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="352"/>
        <source>The team changed meanwhile, so this change no longer applies. Look at the team again and decide.</source>
        <translation>Das Team hat sich inzwischen geändert, daher gilt diese Änderung nicht mehr. Sehen Sie sich das Team erneut an und entscheiden Sie.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="357"/>
        <source>The hub holds no team. Check that this desk is connected to your team&apos;s hub.</source>
        <translation>Auf dem Hub gibt es kein Team. Prüfen Sie, ob dieser Arbeitsplatz mit dem Hub Ihres Teams verbunden ist.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="361"/>
        <source>Choose a passphrase of at least 10 characters.</source>
        <translation>Wählen Sie eine Passphrase mit mindestens 10 Zeichen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="364"/>
        <source>A profile name may only use letters, digits, dots, dashes and underscores.</source>
        <translation>Ein Profilname darf nur Buchstaben, Ziffern, Punkte, Bindestriche und Unterstriche enthalten.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="368"/>
        <source>This file was altered or damaged on the hub, so it was not opened. Ask the sender for it again.</source>
        <translation>Diese Datei wurde auf dem Hub verändert oder beschädigt und daher nicht geöffnet. Bitten Sie den Absender, sie erneut zu senden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="373"/>
        <source>This desk&apos;s key file is damaged or does not open with that passphrase. Nothing was changed.</source>
        <translation>Die Schlüsseldatei dieses Arbeitsplatzes ist beschädigt oder lässt sich mit dieser Passphrase nicht öffnen. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="382"/>
        <source>The team&apos;s membership record on the hub does not check out, so this desk stopped sending. Ask an administrator.</source>
        <translation>Die Mitgliederliste des Teams auf dem Hub ist nicht stimmig, daher sendet dieser Arbeitsplatz nicht mehr. Wenden Sie sich an einen Administrator.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="390"/>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <location filename="../wording.py" line="391"/>
        <source>Videos</source>
        <translation>Videos</translation>
    </message>
    <message>
        <location filename="../wording.py" line="392"/>
        <source>Audio files</source>
        <translation>Audiodateien</translation>
    </message>
    <message>
        <location filename="../wording.py" line="393"/>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location filename="../wording.py" line="394"/>
        <source>Stickers</source>
        <translation>Sticker</translation>
    </message>
    <message>
        <location filename="../wording.py" line="398"/>
        <source>WhatsApp takes photos as JPEG or PNG only.</source>
        <translation>WhatsApp nimmt Fotos nur als JPEG oder PNG an.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="399"/>
        <source>WhatsApp takes videos as MP4 or 3GP only.</source>
        <translation>WhatsApp nimmt Videos nur als MP4 oder 3GP an.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="400"/>
        <source>WhatsApp takes audio as AAC, AMR, MP3, M4A or Ogg Opus only.</source>
        <translation>WhatsApp nimmt Audio nur als AAC, AMR, MP3, M4A oder Ogg Opus an.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="403"/>
        <source>WhatsApp takes stickers as WebP only.</source>
        <translation>WhatsApp nimmt Sticker nur als WebP an.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="412"/>
        <source>This file is too large to send. %1 can be at most %2.</source>
        <translation>Diese Datei ist zu groß zum Senden. %1 dürfen höchstens %2 groß sein.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="415"/>
        <source>This file cannot be sent.</source>
        <translation>Diese Datei kann nicht gesendet werden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="417"/>
        <source>This file is empty: there is nothing to send.</source>
        <translation>Diese Datei ist leer: Es gibt nichts zu senden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="419"/>
        <source>Audio and stickers are sent without a caption.</source>
        <translation>Audio und Sticker werden ohne Bildunterschrift gesendet.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="422"/>
        <source>A caption can be at most %1 characters.</source>
        <translation>Eine Bildunterschrift darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="423"/>
        <source>This file cannot be sent: WhatsApp does not take files like it.</source>
        <translation>Diese Datei kann nicht gesendet werden: WhatsApp nimmt solche Dateien nicht an.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="427"/>
        <location filename="../wording.py" line="433"/>
        <source>The template&apos;s fields do not match the approved template: pick it again.</source>
        <translation>Die Felder passen nicht zur freigegebenen Vorlage: Wählen Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="430"/>
        <source>WhatsApp does not know this template in this language any more.</source>
        <translation>WhatsApp kennt diese Vorlage in dieser Sprache nicht mehr.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="436"/>
        <source>WhatsApp paused this template for low quality: use another one.</source>
        <translation>WhatsApp hat diese Vorlage wegen geringer Qualität pausiert: Verwenden Sie eine andere.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="439"/>
        <source>WhatsApp disabled this template for low quality: use another one.</source>
        <translation>WhatsApp hat diese Vorlage wegen geringer Qualität deaktiviert: Verwenden Sie eine andere.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="442"/>
        <source>More than 24 hours since the customer&apos;s last message: only templates can be sent.</source>
        <translation>Mehr als 24 Stunden seit der letzten Nachricht des Kunden: Es können nur Vorlagen gesendet werden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="446"/>
        <source>The message could not be delivered to this customer.</source>
        <translation>Die Nachricht konnte diesem Kunden nicht zugestellt werden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="447"/>
        <source>WhatsApp chose not to deliver this message. Try again later.</source>
        <translation>WhatsApp hat diese Nachricht nicht zugestellt. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="450"/>
        <source>This message type is not supported.</source>
        <translation>Dieser Nachrichtentyp wird nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="451"/>
        <source>Too many messages to this customer in a short time.</source>
        <translation>Zu viele Nachrichten an diesen Kunden in kurzer Zeit.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="452"/>
        <source>The number&apos;s sending limit was reached.</source>
        <translation>Das Sendelimit der Nummer ist erreicht.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="453"/>
        <source>Sending is limited because of customer reports.</source>
        <translation>Das Senden ist wegen Kundenmeldungen eingeschränkt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="454"/>
        <source>WhatsApp had a temporary problem.</source>
        <translation>WhatsApp hatte ein vorübergehendes Problem.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="455"/>
        <source>WhatsApp is temporarily unavailable.</source>
        <translation>WhatsApp ist vorübergehend nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="456"/>
        <source>WhatsApp had a temporary problem. Send it again in a few minutes.</source>
        <translation>WhatsApp hatte ein vorübergehendes Problem. Senden Sie sie in einigen Minuten erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="459"/>
        <source>WhatsApp&apos;s service was briefly unavailable. Send it again in a few minutes.</source>
        <translation>Der Dienst von WhatsApp war kurz nicht verfügbar. Senden Sie sie in einigen Minuten erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="462"/>
        <source>The business app made too many calls to WhatsApp. Wait a while, then send again.</source>
        <translation>Die Unternehmens-App hat zu viele Anfragen an WhatsApp gestellt. Warten Sie eine Weile und senden Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="466"/>
        <source>The business account made too many calls to WhatsApp. Wait, then send again.</source>
        <translation>Das Unternehmenskonto hat zu viele Anfragen an WhatsApp gestellt. Warten Sie und senden Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="469"/>
        <source>The business account reached WhatsApp&apos;s rate limit. Wait, then send again.</source>
        <translation>Das Unternehmenskonto hat das Anfragelimit von WhatsApp erreicht. Warten Sie und senden Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="472"/>
        <source>The business account is being upgraded. Send it again in a minute or two.</source>
        <translation>Das Unternehmenskonto wird gerade umgestellt. Senden Sie sie in ein bis zwei Minuten erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="475"/>
        <source>The business account&apos;s access token has expired: ask an administrator.</source>
        <translation>Das Zugriffstoken des Unternehmenskontos ist abgelaufen: Wenden Sie sich an einen Administrator.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="482"/>
        <source>The 24-hour window is closed: only an approved template can be sent.</source>
        <translation>Das 24-Stunden-Fenster ist geschlossen: Nur eine freigegebene Vorlage kann gesendet werden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="485"/>
        <source>WhatsApp could not deliver to this customer.</source>
        <translation>WhatsApp konnte diesem Kunden nicht zustellen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="488"/>
        <source>The customer stopped marketing messages.</source>
        <translation>Der Kunde hat Marketing-Nachrichten abbestellt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="491"/>
        <source>Sending limit reached; try again later.</source>
        <translation>Sendelimit erreicht; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="494"/>
        <source>The template was refused (name, language or parameters).</source>
        <translation>Die Vorlage wurde abgelehnt (Name, Sprache oder Parameter).</translation>
    </message>
    <message>
        <location filename="../wording.py" line="497"/>
        <source>WhatsApp refused the message as sent.</source>
        <translation>WhatsApp hat die Nachricht in dieser Form abgelehnt.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="500"/>
        <source>A problem with the business account: ask an administrator.</source>
        <translation>Ein Problem mit dem Unternehmenskonto: Wenden Sie sich an einen Administrator.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="503"/>
        <source>The business account&apos;s access must be renewed: ask an administrator.</source>
        <translation>Der Zugriff des Unternehmenskontos muss erneuert werden: Wenden Sie sich an einen Administrator.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="506"/>
        <source>WhatsApp did not answer: the message may or may not have gone out.</source>
        <translation>WhatsApp hat nicht geantwortet: Die Nachricht wurde möglicherweise gesendet, möglicherweise auch nicht.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="519"/>
        <source>Not sent: the gateway stopped before sending it. Send it again.</source>
        <translation>Nicht gesendet: Das Gateway wurde vor dem Senden beendet. Senden Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="522"/>
        <source>Not sent: this desk could not hand the reply to the hub. Right-click it to send it again or discard it.</source>
        <translation>Nicht gesendet: Dieser Arbeitsplatz konnte die Antwort nicht an den Hub übergeben. Klicken Sie mit der rechten Maustaste darauf, um sie erneut zu senden oder zu verwerfen.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="529"/>
        <source>Not delivered (error %1).</source>
        <translation>Nicht zugestellt (Fehler %1).</translation>
    </message>
    <message>
        <location filename="../wording.py" line="530"/>
        <source>(error %1)</source>
        <translation>(Fehler %1)</translation>
    </message>
    <message>
        <location filename="../wording.py" line="537"/>
        <source>Not confirmed by WhatsApp — check with the customer before sending again</source>
        <translation>Von WhatsApp nicht bestätigt – fragen Sie beim Kunden nach, bevor Sie erneut senden</translation>
    </message>
    <message>
        <location filename="../wording.py" line="538"/>
        <location filename="../wording.py" line="564"/>
        <source>Sent? Checking with WhatsApp…</source>
        <translation>Gesendet? Wird bei WhatsApp geprüft …</translation>
    </message>
    <message>
        <location filename="../wording.py" line="545"/>
        <source>The gateway lost WhatsApp&apos;s answer for this message, and WhatsApp has not confirmed it since. It may have reached the customer: check with them before sending it again.</source>
        <translation>Dem Gateway ist die Antwort von WhatsApp zu dieser Nachricht verloren gegangen, und WhatsApp hat sie seither nicht bestätigt. Sie hat den Kunden vielleicht erreicht: Fragen Sie bei ihm nach, bevor Sie sie erneut senden.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="550"/>
        <source>The gateway lost WhatsApp&apos;s answer for this message. It may have gone out: the gateway is waiting for WhatsApp to confirm it. Do not send it again yet.</source>
        <translation>Dem Gateway ist die Antwort von WhatsApp zu dieser Nachricht verloren gegangen. Sie wurde vielleicht gesendet: Das Gateway wartet auf die Bestätigung von WhatsApp. Senden Sie sie noch nicht erneut.</translation>
    </message>
    <message>
        <location filename="../wording.py" line="558"/>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <location filename="../wording.py" line="559"/>
        <source>Waiting to be sent</source>
        <translation>Wartet auf Versand</translation>
    </message>
    <message>
        <location filename="../wording.py" line="560"/>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <location filename="../wording.py" line="561"/>
        <source>Delivered</source>
        <translation>Zugestellt</translation>
    </message>
    <message>
        <location filename="../wording.py" line="562"/>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <location filename="../wording.py" line="563"/>
        <source>Played</source>
        <translation>Abgespielt</translation>
    </message>
    <message>
        <location filename="../wording.py" line="565"/>
        <source>Not delivered</source>
        <translation>Nicht zugestellt</translation>
    </message>
    <message>
        <location filename="../wording.py" line="574"/>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message numerus="yes">
        <location filename="../wording.py" line="576"/>
        <source>%n min</source>
        <translation>
            <numerusform>%n Min.</numerusform>
            <numerusform>%n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../wording.py" line="578"/>
        <source>%n h</source>
        <translation>
            <numerusform>%n Std.</numerusform>
            <numerusform>%n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../wording.py" line="579"/>
        <source>%n d</source>
        <translation>
            <numerusform>%n Tg.</numerusform>
            <numerusform>%n Tg.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../wording.py" line="590"/>
        <source>Reply window closed</source>
        <translation>Antwortfenster geschlossen</translation>
    </message>
    <message>
        <location filename="../wording.py" line="590"/>
        <source>Window closed</source>
        <translation>Fenster zu</translation>
    </message>
    <message>
        <location filename="../wording.py" line="593"/>
        <source>%1 h %2 min left</source>
        <translation>noch %1 h %2 min</translation>
    </message>
    <message>
        <location filename="../wording.py" line="593"/>
        <source>%1 h %2 min left to reply</source>
        <translation>Antwortfrist: %1 h %2 min</translation>
    </message>
    <message numerus="yes">
        <location filename="../wording.py" line="596"/>
        <source>%n min left</source>
        <translation>
            <numerusform>noch %n min</numerusform>
            <numerusform>noch %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../wording.py" line="597"/>
        <source>%n min left to reply</source>
        <translation>
            <numerusform>Antwortfrist: %n min</numerusform>
            <numerusform>Antwortfrist: %n min</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../wording.py" line="612"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location filename="../wording.py" line="614"/>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
</context>
</TS>
