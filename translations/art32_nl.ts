<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Art32 Console</source>
        <translation>Over Art32 Console</translation>
    </message>
    <message>
        <source>Art32 Console</source>
        <translation>Art32 Console</translation>
    </message>
    <message>
        <source>Operate and prove the security measures of GDPR Article 32: keys, encrypted records, backups, incidents and the audit trail.</source>
        <translation>Voer de beveiligingsmaatregelen van AVG-artikel 32 uit en toon ze aan: sleutels, versleutelde gegevens, back-ups, incidenten en het auditspoor.</translation>
    </message>
    <message>
        <source>Component versions</source>
        <translation>Versies van onderdelen</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Onderdeel</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versie</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Art32 Console</source>
        <translation>Art32 Console</translation>
    </message>
    <message>
        <source>There is no connection profile yet. Start the demo with &quot;scripts/demo&quot;, or add a profile with &quot;art32ctl profile add&quot;.</source>
        <translation>Er is nog geen verbindingsprofiel. Start de demo met &quot;scripts/demo&quot;, of voeg een profiel toe met &quot;art32ctl profile add&quot;.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Taal:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>The new language applies at once, in every open window.</source>
        <translation>De nieuwe taal geldt meteen, in elk open venster.</translation>
    </message>
</context>
<context>
    <name>art32::Database</name>
    <message>
        <source>The database refused the login for this profile (wrong user name or password).</source>
        <translation>De database weigerde de aanmelding voor dit profiel (verkeerde gebruikersnaam of wachtwoord).</translation>
    </message>
    <message>
        <source>The database refused the connection: %1</source>
        <translation>De database weigerde de verbinding: %1</translation>
    </message>
    <message>
        <source>The database server cannot be reached. Check that it is running and that the profile&apos;s host and port are right. (%1)</source>
        <translation>De databaseserver is niet bereikbaar. Controleer of hij draait en of host en poort van het profiel kloppen. (%1)</translation>
    </message>
    <message>
        <source>The connection to the database was lost. (%1)</source>
        <translation>De verbinding met de database is verbroken. (%1)</translation>
    </message>
    <message>
        <source>The connection was lost while saving; the change may or may not have been stored. Reload before trying again.</source>
        <translation>De verbinding viel weg tijdens het opslaan; de wijziging is mogelijk wel of niet bewaard. Laad opnieuw voordat u het nogmaals probeert.</translation>
    </message>
    <message>
        <source>The database refused this action for your role. (%1)</source>
        <translation>De database weigert deze handeling voor uw rol. (%1)</translation>
    </message>
    <message>
        <source>The database reported an error: %1 (SQLSTATE %2)</source>
        <translation>De database meldde een fout: %1 (SQLSTATE %2)</translation>
    </message>
    <message>
        <source>Database error: %1</source>
        <translation>Databasefout: %1</translation>
    </message>
</context>
<context>
    <name>art32::DemoCluster</name>
    <message>
        <source>ART32_PG_BINDIR=%1 holds no initdb.</source>
        <translation>ART32_PG_BINDIR=%1 bevat geen initdb.</translation>
    </message>
    <message>
        <source>The PostgreSQL server programs (initdb, pg_ctl) were not found. Install them, e.g. &quot;sudo apt-get install postgresql-15&quot;, or set ART32_PG_BINDIR.</source>
        <translation>De PostgreSQL-serverprogramma&apos;s (initdb, pg_ctl) zijn niet gevonden. Installeer ze, bijv. met &quot;sudo apt-get install postgresql-15&quot;, of stel ART32_PG_BINDIR in.</translation>
    </message>
    <message>
        <source>Creating the demo cluster in %1</source>
        <translation>Democluster aanmaken in %1</translation>
    </message>
    <message>
        <source>initdb failed: %1</source>
        <translation>initdb is mislukt: %1</translation>
    </message>
    <message>
        <source>The demo database server did not start (see %1): %2</source>
        <translation>De demodatabaseserver is niet gestart (zie %1): %2</translation>
    </message>
    <message>
        <source>Storing a new random password for %1 in the keychain</source>
        <translation>Nieuw willekeurig wachtwoord voor %1 opslaan in de sleutelhanger</translation>
    </message>
    <message>
        <source>Starting the demo database server</source>
        <translation>Demodatabaseserver starten</translation>
    </message>
    <message>
        <source>Migrating the demo database</source>
        <translation>Demodatabase migreren</translation>
    </message>
    <message>
        <source>Applied migration %1 (%2 of %3)</source>
        <translation>Migratie %1 toegepast (%2 van %3)</translation>
    </message>
    <message>
        <source>The demo profile &quot;%1&quot; is ready</source>
        <translation>Het demoprofiel &quot;%1&quot; is klaar</translation>
    </message>
    <message>
        <source>Could not stop the demo server: %1</source>
        <translation>Kon de demoserver niet stoppen: %1</translation>
    </message>
    <message>
        <source>Could not remove %1.</source>
        <translation>Kon %1 niet verwijderen.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kon %1 niet schrijven: %2</translation>
    </message>
    <message>
        <source>Could not create the directory %1.</source>
        <translation>Kon de map %1 niet aanmaken.</translation>
    </message>
    <message>
        <source>PostgreSQL refuses to run as root and the user &quot;postgres&quot; does not exist. Install the postgresql package or run as an ordinary user.</source>
        <translation>PostgreSQL weigert als root te draaien en de gebruiker &quot;postgres&quot; bestaat niet. Installeer het pakket postgresql of werk als gewone gebruiker.</translation>
    </message>
    <message>
        <source>Could not hand %1 to the postgres user.</source>
        <translation>Kon %1 niet overdragen aan de gebruiker postgres.</translation>
    </message>
    <message>
        <source>Could not restrict access to %1.</source>
        <translation>Kon de toegang tot %1 niet beperken.</translation>
    </message>
</context>
<context>
    <name>art32::Keychain</name>
    <message>
        <source>The keychain has no entry for this profile yet.</source>
        <translation>De sleutelhanger heeft nog geen item voor dit profiel.</translation>
    </message>
    <message>
        <source>No keychain service is running. Start GNOME Keyring or KWallet (or log in to a desktop session that provides one) and try again.</source>
        <translation>Er draait geen sleutelhangerdienst. Start GNOME Keyring of KWallet (of meld u aan bij een bureaubladsessie die er een biedt) en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The keychain refused access. Unlock it and allow Art32 Console to use it, then try again.</source>
        <translation>De sleutelhanger weigerde de toegang. Ontgrendel hem, sta Art32 Console toe hem te gebruiken en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The keychain reported an error: %1</source>
        <translation>De sleutelhanger meldde een fout: %1</translation>
    </message>
</context>
<context>
    <name>art32::Migrator</name>
    <message>
        <source>The migrations folder %1 does not exist.</source>
        <translation>De migratiemap %1 bestaat niet.</translation>
    </message>
    <message>
        <source>The migration file %1 is not named NNNN_name.sql.</source>
        <translation>Het migratiebestand %1 heet niet NNNN_naam.sql.</translation>
    </message>
    <message>
        <source>Could not read the migration %1.</source>
        <translation>Kon de migratie %1 niet lezen.</translation>
    </message>
    <message>
        <source>Two migration files have the version %1.</source>
        <translation>Twee migratiebestanden hebben versie %1.</translation>
    </message>
    <message>
        <source>Migration %1 failed and was rolled back: %2</source>
        <translation>Migratie %1 is mislukt en teruggedraaid: %2</translation>
    </message>
    <message>
        <source>The database schema is at version %1, newer than this program knows (%2). Update Art32 Console before using this database.</source>
        <translation>Het databaseschema staat op versie %1, nieuwer dan dit programma kent (%2). Werk Art32 Console bij voordat u deze database gebruikt.</translation>
    </message>
</context>
<context>
    <name>art32::Process</name>
    <message>
        <source>Could not start %1: %2</source>
        <translation>Kon %1 niet starten: %2</translation>
    </message>
    <message>
        <source>%1 did not finish in time.</source>
        <translation>%1 is niet op tijd klaar.</translation>
    </message>
</context>
<context>
    <name>art32::Profile</name>
    <message>
        <source>A profile name uses letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (at most 64 characters).</source>
        <translation>Een profielnaam bestaat uit letters, cijfers, &apos;.&apos;, &apos;_&apos; of &apos;-&apos; (hoogstens 64 tekens).</translation>
    </message>
    <message>
        <source>A profile needs a database and a user name.</source>
        <translation>Een profiel heeft een database en een gebruikersnaam nodig.</translation>
    </message>
    <message>
        <source>Give one port, or one port for each host.</source>
        <translation>Geef één poort, of één poort per host.</translation>
    </message>
    <message>
        <source>Connections to another machine must verify the server&apos;s certificate (sslmode verify-full or verify-ca).</source>
        <translation>Verbindingen met een andere machine moeten het certificaat van de server controleren (sslmode verify-full of verify-ca).</translation>
    </message>
    <message>
        <source>There is no profile named &quot;%1&quot;.</source>
        <translation>Er is geen profiel met de naam &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Could not write the profile to %1.</source>
        <translation>Kon het profiel niet naar %1 schrijven.</translation>
    </message>
</context>
<context>
    <name>art32::Session</name>
    <message>
        <source>Not connected</source>
        <translation>Niet verbonden</translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation>Sleutelhanger lezen…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinden…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbonden</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>Verbinding mislukt</translation>
    </message>
</context>
<context>
    <name>art32::ui::AboutDialog</name>
    <message>
        <source>Version %1</source>
        <translation>Versie %1</translation>
    </message>
    <message>
        <source>PostgreSQL server</source>
        <translation>PostgreSQL-server</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>niet verbonden</translation>
    </message>
    <message>
        <source>Database schema</source>
        <translation>Databaseschema</translation>
    </message>
</context>
<context>
    <name>art32::ui::MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Instellingen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Beel&amp;d</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Overzicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Vernieuwen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Art32 Console</source>
        <translation>&amp;Over Art32 Console</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Weergaven</translation>
    </message>
    <message>
        <source>Art32 Console — %1</source>
        <translation>Art32 Console — %1</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profiel: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>CTO</source>
        <translation>CTO</translation>
    </message>
    <message>
        <source>System administrator</source>
        <translation>Systeembeheerder</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Rol: %1</translation>
    </message>
    <message>
        <source>local socket</source>
        <translation>lokale socket</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Server: %1 (PostgreSQL %2)</source>
        <translation>Server: %1 (PostgreSQL %2)</translation>
    </message>
</context>
<context>
    <name>art32::ui::OverviewView</name>
    <message>
        <source>Overview</source>
        <translation>Overzicht</translation>
    </message>
    <message>
        <source>Database connection</source>
        <translation>Databaseverbinding</translation>
    </message>
    <message>
        <source>Database schema</source>
        <translation>Databaseschema</translation>
    </message>
    <message>
        <source>PostgreSQL %1, database %2, signed in as %3.</source>
        <translation>PostgreSQL %1, database %2, aangemeld als %3.</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Not known until the console is connected.</source>
        <translation>Onbekend tot de console verbonden is.</translation>
    </message>
    <message>
        <source>The database is at version %1, newer than this console knows (%2): update Art32 Console.</source>
        <translation>De database staat op versie %1, nieuwer dan deze console kent (%2): werk Art32 Console bij.</translation>
    </message>
    <message numerus="yes">
        <source>Version %1; %n migration(s) waiting: run &quot;art32ctl db migrate&quot;.</source>
        <translation><numerusform>Versie %1; %n migratie wacht: voer &quot;art32ctl db migrate&quot; uit.</numerusform><numerusform>Versie %1; %n migraties wachten: voer &quot;art32ctl db migrate&quot; uit.</numerusform></translation>
    </message>
    <message>
        <source>Version %1, up to date.</source>
        <translation>Versie %1, actueel.</translation>
    </message>
</context>
<context>
    <name>art32::ui::SettingsDialog</name>
    <message>
        <source>System default</source>
        <translation>Systeemstandaard</translation>
    </message>
</context>
<context>
    <name>art32::ui::Status</name>
    <message>
        <source>OK</source>
        <translation>In orde</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Aandacht</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Probleem</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Onbekend</translation>
    </message>
</context>
</TS>
