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
    <message>
        <source>Lock after &amp;idle time:</source>
        <translation>Vergrendelen na &amp;inactiviteit:</translation>
    </message>
    <message>
        <source>Minutes without activity before the console locks</source>
        <translation>Minuten zonder activiteit voordat de console vergrendelt</translation>
    </message>
    <message>
        <source>The server&apos;s policy can make it shorter; it applies from the next unlock.</source>
        <translation>Het beleid van de server kan dit korter maken; het geldt vanaf de volgende ontgrendeling.</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Enter the code from your authenticator app to unlock.</source>
        <translation>Voer de code uit uw authenticator-app in om te ontgrendelen.</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Profiel:</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profiel</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Code:</translation>
    </message>
    <message>
        <source>Six-digit code</source>
        <translation>Code van zes cijfers</translation>
    </message>
    <message>
        <source>6 digits</source>
        <translation>6 cijfers</translation>
    </message>
    <message>
        <source>&amp;Set up…</source>
        <translation>&amp;Instellen…</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Opnieuw proberen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Ontgrendelen</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
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
    <message>
        <source>The database server is starting up or shutting down. Try again in a moment. (%1)</source>
        <translation>De databaseserver start op of sluit af. Probeer het zo meteen opnieuw. (%1)</translation>
    </message>
    <message>
        <source>The database broke off this action because another one got in its way; it was not carried out. Try again. (%1)</source>
        <translation>De database heeft deze handeling afgebroken omdat een andere handeling ertussen kwam; ze is niet uitgevoerd. Probeer het opnieuw. (%1)</translation>
    </message>
    <message>
        <source>The database server is short of memory or connections. Try again later. (%1)</source>
        <translation>De databaseserver heeft te weinig geheugen of verbindingen. Probeer het later opnieuw. (%1)</translation>
    </message>
    <message>
        <source>The database refused this: a limit was reached. (%1)</source>
        <translation>De database weigert dit: een limiet is bereikt. (%1)</translation>
    </message>
    <message>
        <source>The disk of the database server is full, so the change was not stored. Free space there (the server&apos;s log says which file system), then try again. (%1)</source>
        <translation>De schijf van de databaseserver is vol, dus de wijziging is niet bewaard. Maak daar ruimte vrij (het log van de server zegt welk bestandssysteem) en probeer het opnieuw. (%1)</translation>
    </message>
    <message>
        <source>The database did not take a value: it is too long, too short or out of range (a grant&apos;s reason has 5 to 500 characters, a name at most 200). Nothing was changed. (%1)</source>
        <translation>De database nam een waarde niet aan: die is te lang, te kort of buiten het bereik (de reden van een toegang heeft 5 tot 500 tekens, een naam hoogstens 200). Er is niets gewijzigd. (%1)</translation>
    </message>
    <message>
        <source>The database refused a value: %1</source>
        <translation>De database weigerde een waarde: %1</translation>
    </message>
    <message>
        <source>This exists already; nothing was changed. (%1)</source>
        <translation>Dit bestaat al; er is niets gewijzigd. (%1)</translation>
    </message>
    <message>
        <source>This refers to something that does not exist (an account or admin that is not there); nothing was changed. (%1)</source>
        <translation>Dit verwijst naar iets dat niet bestaat (een account of beheerder die er niet is); er is niets gewijzigd. (%1)</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>Niet gevonden: %1</translation>
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
    <message>
        <source>Profile &quot;%1&quot; is not a demo profile: its codes come only from its owner&apos;s authenticator.</source>
        <translation>Profiel &quot;%1&quot; is geen demoprofiel: de codes komen alleen uit de authenticator van de eigenaar.</translation>
    </message>
    <message>
        <source>Creating the demo admin %1</source>
        <translation>Demobeheerder %1 aanmaken</translation>
    </message>
    <message>
        <source>The keychain has no usable keys for %1: enrolling it again</source>
        <translation>De sleutelhanger heeft geen bruikbare sleutels voor %1: opnieuw registreren</translation>
    </message>
    <message>
        <source>Enrolled the demo admin %1</source>
        <translation>Demobeheerder %1 geregistreerd</translation>
    </message>
    <message>
        <source>The demo CTO no longer holds the demo KEK: creating new demo keys</source>
        <translation>De demo-CTO heeft de demo-KEK niet meer: nieuwe demosleutels aanmaken</translation>
    </message>
    <message>
        <source>Creating the key-encryption key (version 1)</source>
        <translation>Sleutelversleutelingssleutel aanmaken (versie 1)</translation>
    </message>
    <message>
        <source>Sealing the KEK to demo_sysadmin</source>
        <translation>KEK verzegelen voor demo_sysadmin</translation>
    </message>
    <message>
        <source>The demo is ready: profiles demo_cto, demo_sysadmin and demo_auditor</source>
        <translation>De demo is klaar: profielen demo_cto, demo_sysadmin en demo_auditor</translation>
    </message>
    <message>
        <source>The demo admins are not set up in this keychain: run &quot;art32ctl demo up&quot; first.</source>
        <translation>De demobeheerders zijn niet ingesteld in deze sleutelhanger: voer eerst &quot;art32ctl demo up&quot; uit.</translation>
    </message>
    <message>
        <source>The demo CTO holds no keys: run &quot;art32ctl demo up&quot;.</source>
        <translation>De demo-CTO heeft geen sleutels: voer &quot;art32ctl demo up&quot; uit.</translation>
    </message>
    <message>
        <source>Waiting %1 s for a demo code your authenticator no longer shows, so the codes you type stay unused</source>
        <translation>%1 s wachten op een democode die uw authenticator niet meer toont, zodat de codes die u typt ongebruikt blijven</translation>
    </message>
</context>
<context>
    <name>art32::Enrollment</name>
    <message>
        <source>That code does not match the new secret. Check that the authenticator scanned this QR code and that its clock is right.</source>
        <translation>Die code past niet bij het nieuwe geheim. Controleer of de authenticator deze QR-code heeft gescand en of de klok ervan gelijk loopt.</translation>
    </message>
    <message>
        <source>This login is enrolled already. A CTO can reset its enrollment (lost device or keychain).</source>
        <translation>Deze login is al geregistreerd. Een CTO kan de registratie intrekken (apparaat of sleutelhanger kwijt).</translation>
    </message>
    <message>
        <source>This admin account is disabled.</source>
        <translation>Dit beheerdersaccount is uitgeschakeld.</translation>
    </message>
    <message>
        <source>The server did not accept the code. Wait for the next code and try again.</source>
        <translation>De server accepteerde de code niet. Wacht op de volgende code en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>There is no admin named %1 (or you may not see it).</source>
        <translation>Er is geen beheerder met de naam %1 (of u mag die niet zien).</translation>
    </message>
</context>
<context>
    <name>art32::Envelope</name>
    <message>
        <source>Integrity error: this encrypted value was changed, or belongs to another account, row or kind. It was not shown.</source>
        <translation>Integriteitsfout: deze versleutelde waarde is gewijzigd of hoort bij een ander account, een andere rij of soort. Ze is niet getoond.</translation>
    </message>
</context>
<context>
    <name>art32::Grants</name>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>verlopen</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>ingetrokken</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>in behandeling</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>goedgekeurd</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>geweigerd</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>ingetrokken door aanvrager</translation>
    </message>
</context>
<context>
    <name>art32::KeyAdmin</name>
    <message>
        <source>Your public key is missing or malformed.</source>
        <translation>Uw publieke sleutel ontbreekt of is ongeldig.</translation>
    </message>
    <message>
        <source>%1 has not enrolled yet: there is no public key to seal to.</source>
        <translation>%1 is nog niet geregistreerd: er is geen publieke sleutel om voor te verzegelen.</translation>
    </message>
    <message>
        <source>You hold no KEK to give.</source>
        <translation>U heeft geen KEK om te geven.</translation>
    </message>
</context>
<context>
    <name>art32::KeyRing</name>
    <message>
        <source>Key version %1 is not sealed to you (or not opened in this session).</source>
        <translation>Sleutelversie %1 is niet voor u verzegeld (of niet geopend in deze sessie).</translation>
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
    <message>
        <source>The keychain is locked, so this profile&apos;s entry cannot be read. Unlock it (log in to the desktop session, or unlock the &quot;Login&quot; keyring in Passwords and Keys) and try again.</source>
        <translation>De sleutelbos is vergrendeld, dus het item van dit profiel kan niet worden gelezen. Ontgrendel hem (meld je aan bij de bureaubladsessie, of ontgrendel de sleutelbos &quot;Login&quot; in Wachtwoorden en sleutels) en probeer het opnieuw.</translation>
    </message>
</context>
<context>
    <name>art32::Keys</name>
    <message>
        <source>A sealed key could not be opened with your private key: it was sealed to someone else or altered.</source>
        <translation>Een verzegelde sleutel kon niet met uw privésleutel worden geopend: hij is voor iemand anders verzegeld of gewijzigd.</translation>
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
    <message>
        <source>Migration %1 waited more than %2 seconds for a lock that other sessions hold and was rolled back. Sessions holding locks on the schema: %3. End them (pg_terminate_backend) or let them finish, then migrate again.</source>
        <translation>Migratie %1 wachtte langer dan %2 seconden op een vergrendeling die andere sessies vasthouden en is teruggedraaid. Sessies met vergrendelingen op het schema: %3. Beëindig ze (pg_terminate_backend) of laat ze afronden, en migreer dan opnieuw.</translation>
    </message>
</context>
<context>
    <name>art32::Passwords</name>
    <message>
        <source>Could not compute the password verifier.</source>
        <translation>Kon de wachtwoordverificatie niet berekenen.</translation>
    </message>
</context>
<context>
    <name>art32::PgBackRest</name>
    <message>
        <source>pgBackRest&apos;s information could not be read (%1). Is the output complete, and from `pgbackrest info --output=json`?</source>
        <translation>De informatie van pgBackRest kon niet worden gelezen (%1). Is de uitvoer volledig, en afkomstig van `pgbackrest info --output=json`?</translation>
    </message>
    <message>
        <source>not an object</source>
        <translation>geen object</translation>
    </message>
    <message>
        <source>not a list</source>
        <translation>geen lijst</translation>
    </message>
    <message>
        <source>not a text</source>
        <translation>geen tekst</translation>
    </message>
    <message>
        <source>not true or false</source>
        <translation>niet true of false</translation>
    </message>
    <message>
        <source>the number %1 does not fit 64 bits</source>
        <translation>het getal %1 past niet in 64 bits</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>geen getal</translation>
    </message>
    <message>
        <source>not a whole number of at least 0</source>
        <translation>geen geheel getal van minstens 0</translation>
    </message>
    <message>
        <source>not a whole number</source>
        <translation>geen geheel getal</translation>
    </message>
    <message>
        <source>not a time</source>
        <translation>geen tijdstip</translation>
    </message>
    <message>
        <source>unknown backup type &quot;%1&quot;</source>
        <translation>onbekend back-uptype &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Cancelled: pgBackRest was stopped.</source>
        <translation>Geannuleerd: pgBackRest is gestopt.</translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation>Kon %1 niet starten: %2</translation>
    </message>
    <message>
        <source>%1 did not finish in time.</source>
        <translation>%1 was niet op tijd klaar.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>the stanza does not exist in the repository (missing stanza path)</source>
        <translation>de stanza bestaat niet in de repository (missing stanza path)</translation>
    </message>
    <message>
        <source>the stanza has no valid backups</source>
        <translation>de stanza heeft geen geldige back-ups</translation>
    </message>
    <message>
        <source>the stanza&apos;s information files are missing from the repository (missing stanza data)</source>
        <translation>de informatiebestanden van de stanza ontbreken in de repository (missing stanza data)</translation>
    </message>
    <message>
        <source>the repositories disagree about the stanza (different across repositories)</source>
        <translation>de repository’s zijn het oneens over de stanza (different across repos)</translation>
    </message>
    <message>
        <source>the repositories hold backups of different databases (database mismatch)</source>
        <translation>de repository’s bevatten back-ups van verschillende databases (database mismatch)</translation>
    </message>
    <message>
        <source>the requested backup set was not found</source>
        <translation>de gevraagde back-upset is niet gevonden</translation>
    </message>
    <message>
        <source>pgBackRest reported another error (code 99)</source>
        <translation>pgBackRest meldde een andere fout (code 99)</translation>
    </message>
    <message>
        <source>an unknown status (code %1)</source>
        <translation>een onbekende status (code %1)</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>ze is leeg</translation>
    </message>
    <message>
        <source>not a list of stanzas</source>
        <translation>geen lijst van stanza’s</translation>
    </message>
    <message>
        <source>pgBackRest reported no stanza at all: the repository is empty or not the one configured.</source>
        <translation>pgBackRest meldde helemaal geen stanza: de repository is leeg of niet de ingestelde.</translation>
    </message>
    <message>
        <source>pgBackRest does not know the stanza &quot;%1&quot;.</source>
        <translation>pgBackRest kent de stanza &quot;%1&quot; niet.</translation>
    </message>
    <message>
        <source>Stanza &quot;%1&quot;: %2.</source>
        <translation>Stanza &quot;%1&quot;: %2.</translation>
    </message>
    <message>
        <source>Stanza &quot;%1&quot;: %2 (pgBackRest: %3).</source>
        <translation>Stanza &quot;%1&quot;: %2 (pgBackRest: %3).</translation>
    </message>
    <message>
        <source>pgBackRest %1 failed for stanza &quot;%2&quot; (exit code %3): %4</source>
        <translation>pgBackRest %1 is mislukt voor stanza &quot;%2&quot; (afsluitcode %3): %4</translation>
    </message>
    <message>
        <source>Backing up (%1)</source>
        <translation>Back-up maken (%1)</translation>
    </message>
    <message>
        <source>pgBackRest finished, but the stanza &quot;%1&quot; lists no new backup.</source>
        <translation>pgBackRest is klaar, maar de stanza &quot;%1&quot; noemt geen nieuwe back-up.</translation>
    </message>
    <message>
        <source>Checking the repository&apos;s files</source>
        <translation>De bestanden van de repository controleren</translation>
    </message>
    <message>
        <source>pgBackRest verify of stanza &quot;%1&quot; reported no result.</source>
        <translation>pgBackRest verify van stanza &quot;%1&quot; gaf geen resultaat.</translation>
    </message>
    <message>
        <source>pgBackRest verify found damage in stanza &quot;%1&quot;: %2</source>
        <translation>pgBackRest verify vond schade in stanza &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>The folder for the scratch copy, %1, does not exist.</source>
        <translation>De map voor de tijdelijke kopie, %1, bestaat niet.</translation>
    </message>
    <message>
        <source>The restore rehearsal failed at %1 (exit code %2): %3</source>
        <translation>De hersteloefening is mislukt bij %1 (afsluitcode %2): %3</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Kon %1 niet schrijven.</translation>
    </message>
    <message>
        <source>Restoring %1 into a scratch directory</source>
        <translation>%1 terugzetten in een tijdelijke map</translation>
    </message>
    <message>
        <source>Starting a temporary server on the copy</source>
        <translation>Een tijdelijke server op de kopie starten</translation>
    </message>
    <message>
        <source>The restored copy did not finish recovery.</source>
        <translation>De teruggezette kopie heeft het herstel niet afgerond.</translation>
    </message>
    <message>
        <source>Removing the scratch copy</source>
        <translation>De tijdelijke kopie verwijderen</translation>
    </message>
    <message>
        <source>The scratch copy %1 could not be removed.</source>
        <translation>De tijdelijke kopie %1 kon niet worden verwijderd.</translation>
    </message>
    <message>
        <source>pgBackRest found errors (page checksums) while copying this backup.</source>
        <translation>pgBackRest vond fouten (paginacontrolesommen) bij het kopiëren van deze back-up.</translation>
    </message>
    <message>
        <source>Re-applying the erasure ledger</source>
        <translation>Het wisregister opnieuw toepassen</translation>
    </message>
    <message>
        <source>The copy still holds keys of erased accounts after the erasure ledger was re-applied.</source>
        <translation>De kopie bevat nog sleutels van gewiste accounts nadat het wisregister opnieuw is toegepast.</translation>
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
        <source>There is no profile named &quot;%1&quot;.</source>
        <translation>Er is geen profiel met de naam &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Could not write the profile to %1.</source>
        <translation>Kon het profiel niet naar %1 schrijven.</translation>
    </message>
    <message>
        <source>A profile needs a host: a server name or address, or a unix socket directory.</source>
        <translation>Een profiel heeft een host nodig: een servernaam of -adres, of een map met een unix-socket.</translation>
    </message>
    <message>
        <source>Unknown sslmode &quot;%1&quot;.</source>
        <translation>Onbekende sslmode &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>A host list is either unix socket directories or network hosts, not both: network hosts need TLS, which sockets do not have.</source>
        <translation>Een lijst met hosts bevat óf mappen met unix-sockets óf netwerkhosts, niet beide: netwerkhosts vereisen TLS, en sockets hebben dat niet.</translation>
    </message>
    <message>
        <source>Connections over the network must verify the server&apos;s certificate and name (sslmode verify-full).</source>
        <translation>Verbindingen over het netwerk moeten het certificaat en de naam van de server controleren (sslmode verify-full).</translation>
    </message>
    <message>
        <source>The host contains characters that are no valid text (not UTF-8, or control characters).</source>
        <translation>De host bevat tekens die geen geldige tekst zijn (geen UTF-8, of stuurtekens).</translation>
    </message>
    <message>
        <source>A port is a number from 1 to 65535 (or a comma-separated list, one for each host), not &quot;%1&quot;.</source>
        <translation>Een poort is een getal van 1 tot 65535 (of een lijst met komma&apos;s, één per host), niet &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The database, user and CA file names must be valid text (UTF-8, no control characters).</source>
        <translation>De namen van database, gebruiker en CA-bestand moeten geldige tekst zijn (UTF-8, geen stuurtekens).</translation>
    </message>
    <message>
        <source>A pgBackRest stanza name uses letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (at most 64 characters).</source>
        <translation>Een pgBackRest-stanzanaam bestaat uit letters, cijfers, &apos;.&apos;, &apos;_&apos; of &apos;-&apos; (hoogstens 64 tekens).</translation>
    </message>
    <message>
        <source>The pgBackRest configuration file must be an absolute path.</source>
        <translation>Het configuratiebestand van pgBackRest moet een absoluut pad zijn.</translation>
    </message>
    <message>
        <source>The backup key file must be an absolute path.</source>
        <translation>Het sleutelbestand voor back-ups moet een absoluut pad zijn.</translation>
    </message>
</context>
<context>
    <name>art32::QrCode</name>
    <message>
        <source>Could not make a QR code of this text.</source>
        <translation>Kon van deze tekst geen QR-code maken.</translation>
    </message>
</context>
<context>
    <name>art32::RecordStore</name>
    <message>
        <source>This account has no key: its data was erased, or you may not read it.</source>
        <translation>Dit account heeft geen sleutel: de gegevens zijn gewist, of u mag ze niet lezen.</translation>
    </message>
    <message>
        <source>This account has no key: its data was erased, or you may not change it.</source>
        <translation>Dit account heeft geen sleutel: de gegevens zijn gewist, of u mag ze niet wijzigen.</translation>
    </message>
    <message>
        <source>Enter a value, or delete the record instead.</source>
        <translation>Voer een waarde in, of verwijder het gegeven.</translation>
    </message>
    <message>
        <source>This value is too long (at most 1000 characters).</source>
        <translation>Deze waarde is te lang (hoogstens 1000 tekens).</translation>
    </message>
    <message>
        <source>This is not an e-mail address (name@example.nl).</source>
        <translation>Dit is geen e-mailadres (naam@voorbeeld.nl).</translation>
    </message>
    <message>
        <source>This is not a phone number (e.g. 06-12345678).</source>
        <translation>Dit is geen telefoonnummer (bijv. 06-12345678).</translation>
    </message>
    <message>
        <source>Give the date as YYYY-MM-DD.</source>
        <translation>Geef de datum als JJJJ-MM-DD.</translation>
    </message>
    <message>
        <source>This date of birth cannot be right.</source>
        <translation>Deze geboortedatum kan niet kloppen.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefoon</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Geboortedatum</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notities</translation>
    </message>
    <message>
        <source>You hold no index key: exact search is not available to you.</source>
        <translation>U heeft geen indexsleutel: exact zoeken is voor u niet beschikbaar.</translation>
    </message>
    <message>
        <source>This account&apos;s key is wrapped with KEK version %1, which you do not hold.</source>
        <translation>De sleutel van dit account is verpakt met KEK-versie %1, die u niet heeft.</translation>
    </message>
    <message>
        <source>The server locked this session before the work was done (idle expiry, a lock elsewhere or a disabled admin), so it stopped there. Unlock again and run it again.</source>
        <translation>De server heeft deze sessie vergrendeld voordat het werk klaar was (verlopen door inactiviteit, elders vergrendeld of een uitgeschakelde beheerder), dus het is daar gestopt. Ontgrendel opnieuw en voer het nogmaals uit.</translation>
    </message>
    <message>
        <source>The scan stopped early: it covered %1 of the %2 accounts it counted when it started (access was revoked, the session was locked or accounts were erased while it ran). Nothing was changed; run it again.</source>
        <translation>De controle stopte te vroeg: die dekte %1 van de %2 accounts die bij de start geteld waren (toegang ingetrokken, de sessie vergrendeld of accounts gewist terwijl die liep). Er is niets gewijzigd; voer hem opnieuw uit.</translation>
    </message>
    <message>
        <source>none failed authentication</source>
        <translation>geen enkele faalde de echtheidscontrole</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n of the %1 accounts you have access to and %2: %3.</source>
        <translation>
            <numerusform>Geannuleerd na %n van de %1 accounts waartoe je toegang hebt en %2: %3.</numerusform>
            <numerusform>Geannuleerd na %n van de %1 accounts waartoe je toegang hebt en %2: %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked %n of %1 accounts (the ones you have access to) and %2: %3.</source>
        <translation>
            <numerusform>%n van %1 accounts gecontroleerd (die waartoe je toegang hebt) en %2: %3.</numerusform>
            <numerusform>%n van %1 accounts gecontroleerd (die waartoe je toegang hebt) en %2: %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked all %n account(s) and %1: %2.</source>
        <translation>
            <numerusform>Het enige account en %1 gecontroleerd: %2.</numerusform>
            <numerusform>Alle %n accounts en %1 gecontroleerd: %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed authentication</source>
        <translation>
            <numerusform>%n faalde de echtheidscontrole</numerusform>
            <numerusform>%n faalden de echtheidscontrole</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n gegeven</numerusform>
            <numerusform>%n gegevens</numerusform>
        </translation>
    </message>
    <message>
        <source>The server refused to show this account&apos;s personal data: you have no access to it now. The refusal is in the audit log. Ask a CTO for access with &quot;Request access…&quot;.</source>
        <translation>De server weigerde de persoonsgegevens van dit account te tonen: u heeft er nu geen toegang toe. De weigering staat in het auditlog. Vraag een CTO om toegang met &quot;Toegang aanvragen…&quot;.</translation>
    </message>
</context>
<context>
    <name>art32::Rotation</name>
    <message>
        <source>The key of account %1 does not open: rotation stopped. Run the integrity scan.</source>
        <translation>De sleutel van account %1 gaat niet open: de sleutelwissel is gestopt. Voer de integriteitscontrole uit.</translation>
    </message>
    <message>
        <source>Account %1&apos;s key is wrapped with KEK version %2, which this session does not hold: lock, unlock and rotate again.</source>
        <translation>De sleutel van account %1 is verpakt met KEK-versie %2, die deze sessie niet heeft: vergrendel, ontgrendel en roteer opnieuw.</translation>
    </message>
    <message>
        <source>A rotation started by %1 is in progress but its new key is not sealed to you: %1 must resume it.</source>
        <translation>Er loopt een rotatie die %1 heeft gestart, maar de nieuwe sleutel is niet voor u verzegeld: %1 moet haar hervatten.</translation>
    </message>
    <message>
        <source>The new KEK version %1 is not sealed to you.</source>
        <translation>De nieuwe KEK-versie %1 is niet voor u verzegeld.</translation>
    </message>
    <message>
        <source>Account %1&apos;s key is wrapped with KEK version %2, which is not sealed to you: rotation stopped. Run the integrity scan.</source>
        <translation>De sleutel van account %1 is ingepakt met KEK-versie %2, die niet voor u verzegeld is: de rotatie is gestopt. Voer de integriteitscontrole uit.</translation>
    </message>
    <message>
        <source>A key rotation retired the key version this session used, so the server refused the change. Try again: the console reloads the keys sealed to you first.</source>
        <translation>Een sleutelrotatie heeft de sleutelversie van deze sessie buiten gebruik gesteld, dus de server weigerde de wijziging. Probeer het opnieuw: de console laadt eerst de voor u verzegelde sleutels opnieuw.</translation>
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
        <source>Connection failed</source>
        <translation>Verbinding mislukt</translation>
    </message>
    <message>
        <source>Not enrolled</source>
        <translation>Niet geregistreerd</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Vergrendeld</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Ontgrendelen…</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Ontgrendeld</translation>
    </message>
    <message>
        <source>The login %1 has no admin account in this database. A CTO creates it with &quot;art32ctl admin create&quot;.</source>
        <translation>De login %1 heeft geen beheerdersaccount in deze database. Een CTO maakt het aan met &quot;art32ctl admin create&quot;.</translation>
    </message>
    <message>
        <source>Your private key is not in this keychain (%1). Enroll on this machine or ask a CTO to reset your enrollment.</source>
        <translation>Uw privésleutel staat niet in deze sleutelhanger (%1). Registreer u op deze machine of vraag een CTO uw registratie in te trekken.</translation>
    </message>
    <message>
        <source>The private key in this keychain does not match your enrolled public key.</source>
        <translation>De privésleutel in deze sleutelhanger past niet bij uw geregistreerde publieke sleutel.</translation>
    </message>
    <message>
        <source>No key-encryption key has been sealed to you.</source>
        <translation>Er is geen sleutelversleutelingssleutel voor u verzegeld.</translation>
    </message>
    <message>
        <source>The server locked this session. Enter a new code to go on.</source>
        <translation>De server heeft deze sessie vergrendeld. Voer een nieuwe code in om verder te gaan.</translation>
    </message>
    <message>
        <source>Another CTO rotated the keys: the console reloaded the keys sealed to you.</source>
        <translation>Een andere CTO heeft de sleutels geroteerd: de console heeft de voor u verzegelde sleutels opnieuw geladen.</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Verbinding verbroken</translation>
    </message>
    <message>
        <source>The connection to the database was lost.</source>
        <translation>De verbinding met de database is verbroken.</translation>
    </message>
    <message>
        <source>This login is no longer an enrolled admin of this database.</source>
        <translation>Deze login is geen ingeschreven beheerder van deze database meer.</translation>
    </message>
</context>
<context>
    <name>art32::Totp</name>
    <message>
        <source>The TOTP secret is not valid base32.</source>
        <translation>Het TOTP-geheim is geen geldige base32.</translation>
    </message>
    <message>
        <source>liboath did not start.</source>
        <translation>liboath is niet gestart.</translation>
    </message>
    <message>
        <source>Could not compute a TOTP code: %1</source>
        <translation>Kon geen TOTP-code berekenen: %1</translation>
    </message>
</context>
<context>
    <name>art32::Unlock</name>
    <message>
        <source>Unlocked.</source>
        <translation>Ontgrendeld.</translation>
    </message>
    <message>
        <source>Wrong code. Too many wrong codes in a row: this admin is locked until %1.</source>
        <translation>Verkeerde code. Te veel verkeerde codes achter elkaar: deze beheerder is geblokkeerd tot %1.</translation>
    </message>
    <message>
        <source>Wrong code. Check that your authenticator shows the code for this account and try again.</source>
        <translation>Verkeerde code. Controleer of uw authenticator de code voor dit account toont en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>This code has been used already. Wait for the next code (a new one comes every 30 seconds).</source>
        <translation>Deze code is al gebruikt. Wacht op de volgende code (elke 30 seconden komt er een nieuwe).</translation>
    </message>
    <message>
        <source>Too many wrong codes: this admin is locked until %1.</source>
        <translation>Te veel verkeerde codes: deze beheerder is geblokkeerd tot %1.</translation>
    </message>
    <message>
        <source>This admin account is disabled. Ask a CTO to enable it.</source>
        <translation>Dit beheerdersaccount is uitgeschakeld. Vraag een CTO het in te schakelen.</translation>
    </message>
    <message>
        <source>This login is not enrolled yet: enroll it first (key pair and authenticator).</source>
        <translation>Deze login is nog niet geregistreerd: registreer eerst (sleutelpaar en authenticator).</translation>
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
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
</context>
<context>
    <name>art32::audit</name>
    <message>
        <source>The export could not be written: %1</source>
        <translation>De export kon niet worden geschreven: %1</translation>
    </message>
    <message>
        <source>The end of the time range must come after its start.</source>
        <translation>Het einde van de periode moet na het begin liggen.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kon %1 niet schrijven: %2</translation>
    </message>
    <message>
        <source>Created an admin</source>
        <translation>Beheerder aangemaakt</translation>
    </message>
    <message>
        <source>Reset an admin&apos;s TOTP</source>
        <translation>TOTP van een beheerder gereset</translation>
    </message>
    <message>
        <source>Disabled an admin</source>
        <translation>Beheerder uitgeschakeld</translation>
    </message>
    <message>
        <source>Enabled an admin</source>
        <translation>Beheerder ingeschakeld</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Ontgrendeld</translation>
    </message>
    <message>
        <source>Unlock refused: wrong code</source>
        <translation>Ontgrendelen geweigerd: verkeerde code</translation>
    </message>
    <message>
        <source>Unlock refused: code used before</source>
        <translation>Ontgrendelen geweigerd: code al eerder gebruikt</translation>
    </message>
    <message>
        <source>Unlock refused: locked out</source>
        <translation>Ontgrendelen geweigerd: tijdelijk geblokkeerd</translation>
    </message>
    <message>
        <source>Unlock refused: admin disabled</source>
        <translation>Ontgrendelen geweigerd: beheerder uitgeschakeld</translation>
    </message>
    <message>
        <source>Unlock refused: not enrolled</source>
        <translation>Ontgrendelen geweigerd: niet ingeschreven</translation>
    </message>
    <message>
        <source>Unlock attempts rolled back (counted as failures)</source>
        <translation>Teruggedraaide ontgrendelpogingen (als mislukt geteld)</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Vergrendeld</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Ingeschreven</translation>
    </message>
    <message>
        <source>Enrollment refused: wrong code</source>
        <translation>Inschrijving geweigerd: verkeerde code</translation>
    </message>
    <message>
        <source>Enrollment refused</source>
        <translation>Inschrijving geweigerd</translation>
    </message>
    <message>
        <source>Revealed personal data</source>
        <translation>Persoonsgegevens getoond</translation>
    </message>
    <message>
        <source>Read encrypted records</source>
        <translation>Versleutelde gegevens gelezen</translation>
    </message>
    <message>
        <source>Changed a record</source>
        <translation>Gegeven gewijzigd</translation>
    </message>
    <message>
        <source>Deleted a record</source>
        <translation>Gegeven verwijderd</translation>
    </message>
    <message>
        <source>Searched by e-mail or phone</source>
        <translation>Gezocht op e-mail of telefoon</translation>
    </message>
    <message>
        <source>Erased an account</source>
        <translation>Account gewist</translation>
    </message>
    <message>
        <source>Granted access</source>
        <translation>Toegang verleend</translation>
    </message>
    <message>
        <source>Revoked access</source>
        <translation>Toegang ingetrokken</translation>
    </message>
    <message>
        <source>Created the keys</source>
        <translation>Sleutels aangemaakt</translation>
    </message>
    <message>
        <source>Sealed a key to an admin</source>
        <translation>Sleutel verzegeld voor een beheerder</translation>
    </message>
    <message>
        <source>Sealed a key to the platform</source>
        <translation>Sleutel verzegeld voor het platform</translation>
    </message>
    <message>
        <source>Started a key rotation</source>
        <translation>Sleutelrotatie gestart</translation>
    </message>
    <message>
        <source>Rotated a batch of keys</source>
        <translation>Reeks sleutels geroteerd</translation>
    </message>
    <message>
        <source>Finished a key rotation</source>
        <translation>Sleutelrotatie voltooid</translation>
    </message>
    <message>
        <source>Platform read its keys</source>
        <translation>Platform heeft zijn sleutels gelezen</translation>
    </message>
    <message>
        <source>Registered a platform key</source>
        <translation>Platformsleutel geregistreerd</translation>
    </message>
    <message>
        <source>Removed a platform key</source>
        <translation>Platformsleutel verwijderd</translation>
    </message>
    <message>
        <source>Changed a policy</source>
        <translation>Beleid gewijzigd</translation>
    </message>
    <message>
        <source>Demo keys reset</source>
        <translation>Demosleutels opnieuw ingesteld</translation>
    </message>
    <message>
        <source>Row added</source>
        <translation>Rij toegevoegd</translation>
    </message>
    <message>
        <source>Row changed</source>
        <translation>Rij gewijzigd</translation>
    </message>
    <message>
        <source>Row deleted</source>
        <translation>Rij verwijderd</translation>
    </message>
    <message>
        <source>Verified the audit chain</source>
        <translation>Auditketen gecontroleerd</translation>
    </message>
    <message>
        <source>Signed an audit checkpoint</source>
        <translation>Auditcheckpoint ondertekend</translation>
    </message>
    <message>
        <source>Published a checkpoint key</source>
        <translation>Checkpointsleutel gepubliceerd</translation>
    </message>
    <message>
        <source>Removed old audit events</source>
        <translation>Oude auditgebeurtenissen verwijderd</translation>
    </message>
    <message>
        <source>Ended a session that stalled the audit log</source>
        <translation>Sessie beëindigd die het auditlogboek ophield</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>Het auditlog kon niet worden gelezen: %1</translation>
    </message>
    <message>
        <source>This is no valid checkpoint: %1</source>
        <translation>Dit is geen geldig controlepunt: %1</translation>
    </message>
    <message>
        <source>it does not have the seven lines of an art32 audit checkpoint (v1).</source>
        <translation>het heeft niet de zeven regels van een art32-auditcontrolepunt (v1).</translation>
    </message>
    <message>
        <source>line %1 should start with &quot;%2&quot;.</source>
        <translation>regel %1 hoort te beginnen met &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>the seq is no positive number.</source>
        <translation>de seq is geen positief getal.</translation>
    </message>
    <message>
        <source>the hash is not 64 hexadecimal digits.</source>
        <translation>de hash bestaat niet uit 64 hexadecimale cijfers.</translation>
    </message>
    <message>
        <source>the key or the signature has the wrong length.</source>
        <translation>de sleutel of de handtekening heeft de verkeerde lengte.</translation>
    </message>
    <message>
        <source>the time is not an ISO 8601 time.</source>
        <translation>de tijd is geen ISO 8601-tijd.</translation>
    </message>
    <message>
        <source>its lines are not in their canonical form.</source>
        <translation>de regels staan niet in hun canonieke vorm.</translation>
    </message>
    <message>
        <source>the signature does not match its text and key.</source>
        <translation>de handtekening past niet bij de tekst en de sleutel.</translation>
    </message>
    <message>
        <source>Only an intact chain can be checkpointed.</source>
        <translation>Alleen van een intacte keten kan een controlepunt worden gemaakt.</translation>
    </message>
    <message>
        <source>The checkpoint signing key has the wrong size.</source>
        <translation>De ondertekeningssleutel voor controlepunten heeft de verkeerde grootte.</translation>
    </message>
    <message>
        <source>The checkpoint is signed with a key no CTO published in this database.</source>
        <translation>Het controlepunt is ondertekend met een sleutel die geen CTO in deze database heeft gepubliceerd.</translation>
    </message>
    <message>
        <source>The checkpoint names %1 as its signer, but %2 published its key.</source>
        <translation>Het controlepunt noemt %1 als ondertekenaar, maar %2 heeft de sleutel gepubliceerd.</translation>
    </message>
    <message>
        <source>The audit log is empty.</source>
        <translation>Het auditlog is leeg.</translation>
    </message>
    <message>
        <source>Events 1 to %1 are missing, and no retention anchor records their removal.</source>
        <translation>Gebeurtenissen 1 tot en met %1 ontbreken, en geen bewaaranker legt vast dat ze zijn verwijderd.</translation>
    </message>
    <message>
        <source>The audit log came in a form this program does not read.</source>
        <translation>Het auditlog kwam binnen in een vorm die dit programma niet leest.</translation>
    </message>
    <message>
        <source>Event %1 is missing.</source>
        <translation>Gebeurtenis %1 ontbreekt.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are missing.</source>
        <translation>Gebeurtenissen %1 tot en met %2 ontbreken.</translation>
    </message>
    <message>
        <source>Event %1 has fields of the wrong shape.</source>
        <translation>Gebeurtenis %1 heeft velden van de verkeerde vorm.</translation>
    </message>
    <message>
        <source>Event %1 was changed after it was written: its hash does not match its content.</source>
        <translation>Gebeurtenis %1 is gewijzigd nadat ze is geschreven: de hash past niet bij de inhoud.</translation>
    </message>
    <message>
        <source>Event %1 does not link to the start of the chain.</source>
        <translation>Gebeurtenis %1 sluit niet aan op het begin van de keten.</translation>
    </message>
    <message>
        <source>Event %1 was rewritten and re-hashed: event %2 links to a different hash.</source>
        <translation>Gebeurtenis %1 is herschreven en opnieuw gehasht: gebeurtenis %2 verwijst naar een andere hash.</translation>
    </message>
    <message>
        <source>Event %1 differs from the signed checkpoint of %2: the log was rewritten from there or before, and re-hashed.</source>
        <translation>Gebeurtenis %1 wijkt af van het ondertekende controlepunt van %2: het log is vanaf daar of eerder herschreven en opnieuw gehasht.</translation>
    </message>
    <message>
        <source>The chain check was cancelled.</source>
        <translation>De controle van de keten is geannuleerd.</translation>
    </message>
    <message>
        <source>The audit log stopped before its end.</source>
        <translation>Het auditlog hield op voor het einde.</translation>
    </message>
    <message>
        <source>The signed checkpoint of %1 covers events up to %2, but the log ends at %3: its tail was cut.</source>
        <translation>Het ondertekende controlepunt van %1 dekt gebeurtenissen tot en met %2, maar het log eindigt bij %3: het einde is afgeknipt.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are intact and match the checkpoint at %3.</source>
        <translation>Gebeurtenissen %1 tot en met %2 zijn intact en passen bij het controlepunt bij %3.</translation>
    </message>
    <message>
        <source>Events %1 to %2 are intact.</source>
        <translation>Gebeurtenissen %1 tot en met %2 zijn intact.</translation>
    </message>
    <message>
        <source>Exported audit events</source>
        <translation>Auditgebeurtenissen geëxporteerd</translation>
    </message>
    <message>
        <source>Seeded demo accounts in bulk</source>
        <translation>Demo-accounts in bulk aangemaakt</translation>
    </message>
    <message>
        <source>Refused a read of personal data</source>
        <translation>Inzage in persoonsgegevens geweigerd</translation>
    </message>
    <message>
        <source>Finished an integrity scan</source>
        <translation>Integriteitscontrole voltooid</translation>
    </message>
    <message>
        <source>Table emptied</source>
        <translation>Tabel geleegd</translation>
    </message>
    <message>
        <source>Asked for access</source>
        <translation>Toegang aangevraagd</translation>
    </message>
    <message>
        <source>Withdrew an access request</source>
        <translation>Toegangsaanvraag ingetrokken</translation>
    </message>
    <message>
        <source>Approved an access request</source>
        <translation>Toegangsaanvraag goedgekeurd</translation>
    </message>
    <message>
        <source>Refused an access request</source>
        <translation>Toegangsaanvraag afgewezen</translation>
    </message>
    <message>
        <source>Access expired</source>
        <translation>Toegang verlopen</translation>
    </message>
    <message>
        <source>Changed an admin&apos;s role</source>
        <translation>Rol van een beheerder gewijzigd</translation>
    </message>
    <message>
        <source>Revoked an admin&apos;s keys</source>
        <translation>Sleutels van een beheerder ingetrokken</translation>
    </message>
    <message>
        <source>Started a backup</source>
        <translation>Back-up gestart</translation>
    </message>
    <message>
        <source>Finished a backup</source>
        <translation>Back-up voltooid</translation>
    </message>
    <message>
        <source>Imported backups into the catalogue</source>
        <translation>Back-ups in de catalogus opgenomen</translation>
    </message>
    <message>
        <source>Started a backup check</source>
        <translation>Back-upcontrole gestart</translation>
    </message>
    <message>
        <source>Checked a backup</source>
        <translation>Back-up gecontroleerd</translation>
    </message>
    <message>
        <source>Removed expired backups</source>
        <translation>Verlopen back-ups verwijderd</translation>
    </message>
    <message>
        <source>Opened an incident</source>
        <translation>Incident geopend</translation>
    </message>
    <message>
        <source>Updated an incident</source>
        <translation>Incident bijgewerkt</translation>
    </message>
    <message>
        <source>Moved an incident to another state</source>
        <translation>Incident naar een andere status verplaatst</translation>
    </message>
    <message>
        <source>Added a note to an incident</source>
        <translation>Notitie bij een incident toegevoegd</translation>
    </message>
    <message>
        <source>Recorded an incident decision</source>
        <translation>Besluit over een incident vastgelegd</translation>
    </message>
    <message>
        <source>Reported an incident</source>
        <translation>Incident gemeld</translation>
    </message>
    <message>
        <source>Linked accounts to an incident</source>
        <translation>Accounts aan een incident gekoppeld</translation>
    </message>
    <message>
        <source>Unlinked an account from an incident</source>
        <translation>Account van een incident losgekoppeld</translation>
    </message>
    <message>
        <source>Asked to run a backup job</source>
        <translation>Vroeg om een back-uptaak</translation>
    </message>
    <message>
        <source>Cancelled a backup</source>
        <translation>Brak een back-up af</translation>
    </message>
    <message>
        <source>Cancelled a backup check</source>
        <translation>Brak een back-upcontrole af</translation>
    </message>
    <message>
        <source>Marked backups expired by pgBackRest</source>
        <translation>Markeerde door pgBackRest verlopen back-ups</translation>
    </message>
</context>
<context>
    <name>art32::backup</name>
    <message>
        <source>Could not create a pipe: %1</source>
        <translation>Kon geen pipe aanmaken: %1</translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation>Kon %1 niet starten: %2</translation>
    </message>
    <message>
        <source>No backup directory is set.</source>
        <translation>Er is geen back-upmap ingesteld.</translation>
    </message>
    <message>
        <source>Could not create the backup directory %1.</source>
        <translation>Kon de back-upmap %1 niet aanmaken.</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>Kon %1 niet openen: %2</translation>
    </message>
    <message>
        <source>Could not sync %1: %2</source>
        <translation>Kon %1 niet naar schijf schrijven: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is truncated: it ends inside its header.</source>
        <translation>%1 is afgekapt: het eindigt binnen de header.</translation>
    </message>
    <message>
        <source>%1 is not an Art32 backup file.</source>
        <translation>%1 is geen Art32-back-upbestand.</translation>
    </message>
    <message>
        <source>%1 is a backup of format version %2, which this version cannot read.</source>
        <translation>%1 is een back-up met formaatversie %2, die deze versie niet kan lezen.</translation>
    </message>
    <message>
        <source>%1 has been altered: its header length is impossible.</source>
        <translation>%1 is gewijzigd: de lengte van de header is onmogelijk.</translation>
    </message>
    <message>
        <source>%1 has been altered (its header&apos;s padding).</source>
        <translation>%1 is gewijzigd (de opvulling van de header).</translation>
    </message>
    <message>
        <source>%1 has been altered: its header cannot be read.</source>
        <translation>%1 is gewijzigd: de header is niet leesbaar.</translation>
    </message>
    <message>
        <source>%1 was made with another backup key: this key cannot open it.</source>
        <translation>%1 is gemaakt met een andere back-upsleutel: deze sleutel opent het niet.</translation>
    </message>
    <message>
        <source>%1 has been altered: its stream header is invalid.</source>
        <translation>%1 is gewijzigd: de streamheader is ongeldig.</translation>
    </message>
    <message>
        <source>Interrupted.</source>
        <translation>Onderbroken.</translation>
    </message>
    <message>
        <source>%1 is truncated: it ends before its last chunk (%2 bytes read).</source>
        <translation>%1 is afgekapt: het eindigt vóór het laatste blok (%2 bytes gelezen).</translation>
    </message>
    <message>
        <source>%1 has been altered: a chunk length at byte %2 is impossible.</source>
        <translation>%1 is gewijzigd: een bloklengte op byte %2 is onmogelijk.</translation>
    </message>
    <message>
        <source>%1 is truncated: it ends inside a chunk (%2 bytes read).</source>
        <translation>%1 is afgekapt: het eindigt midden in een blok (%2 bytes gelezen).</translation>
    </message>
    <message>
        <source>%1 has been altered: the chunk at byte %2 fails authentication.</source>
        <translation>%1 is gewijzigd: het blok op byte %2 faalt de echtheidscontrole.</translation>
    </message>
    <message>
        <source>%1 has been altered: its header differs from the encrypted copy.</source>
        <translation>%1 is gewijzigd: de header verschilt van de versleutelde kopie.</translation>
    </message>
    <message>
        <source>%1 has been altered: bytes follow its last chunk.</source>
        <translation>%1 is gewijzigd: er volgen bytes na het laatste blok.</translation>
    </message>
    <message>
        <source>The restore stopped reading the backup.</source>
        <translation>Het terugzetten is gestopt met het lezen van de back-up.</translation>
    </message>
    <message>
        <source>The backup header is not valid JSON.</source>
        <translation>De header van de back-up is geen geldige JSON.</translation>
    </message>
    <message>
        <source>The backup header&apos;s row count of %1 is not a number.</source>
        <translation>Het aantal rijen van %1 in de header van de back-up is geen getal.</translation>
    </message>
    <message>
        <source>The backup header lacks its version, start time or tables.</source>
        <translation>De header van de back-up mist de versie, de starttijd of de tabellen.</translation>
    </message>
    <message>
        <source>The backup key is not 64 hexadecimal digits.</source>
        <translation>De back-upsleutel bestaat niet uit 64 hexadecimale cijfers.</translation>
    </message>
    <message>
        <source>%1 exists already; give --force to replace that key.</source>
        <translation>%1 bestaat al; geef --force om die sleutel te vervangen.</translation>
    </message>
    <message>
        <source>There is no key file %1.</source>
        <translation>Er is geen sleutelbestand %1.</translation>
    </message>
    <message>
        <source>%1 must be a file of yours that only you can read (chmod 600); refusing a backup key others can read.</source>
        <translation>%1 moet een bestand van u zijn dat alleen u kunt lezen (chmod 600); een back-upsleutel die anderen kunnen lezen wordt geweigerd.</translation>
    </message>
    <message>
        <source>The backup key is not 32 bytes.</source>
        <translation>De back-upsleutel is geen 32 bytes.</translation>
    </message>
    <message>
        <source>pg_dump failed (exit %1): %2</source>
        <translation>pg_dump is mislukt (exitcode %1): %2</translation>
    </message>
    <message>
        <source>The header is too large (%1 tables).</source>
        <translation>De header is te groot (%1 tabellen).</translation>
    </message>
    <message>
        <source>Name the database to restore into.</source>
        <translation>Noem de database waarin teruggezet moet worden.</translation>
    </message>
    <message>
        <source>Refusing to restore over %1, the database this profile uses: restore into another database, check it, then point the profile at it.</source>
        <translation>Terugzetten over %1, de database die dit profiel gebruikt, wordt geweigerd: zet terug in een andere database, controleer die en laat het profiel er dan naar wijzen.</translation>
    </message>
    <message>
        <source>pg_restore failed (exit %1): %2</source>
        <translation>pg_restore is mislukt (exitcode %1): %2</translation>
    </message>
    <message>
        <source>%1 is missing</source>
        <translation>%1 ontbreekt</translation>
    </message>
    <message>
        <source>%1 has %2 rows instead of %3</source>
        <translation>%1 heeft %2 rijen in plaats van %3</translation>
    </message>
    <message>
        <source>%1 has other contents</source>
        <translation>%1 heeft een andere inhoud</translation>
    </message>
    <message>
        <source>%1 is not in the header</source>
        <translation>%1 staat niet in de header</translation>
    </message>
    <message>
        <source>The restored copy differs from the backup&apos;s header: %1.</source>
        <translation>De teruggezette kopie verschilt van de header van de back-up: %1.</translation>
    </message>
    <message>
        <source>The erasure ledger %1 has been altered at line %2 (%3): restore with a copy you trust, or give --no-ledger knowing that erasures made after the backup come back.</source>
        <translation>Het wisregister %1 is gewijzigd op regel %2 (%3): zet terug met een kopie die u vertrouwt, of geef --no-ledger in het besef dat wissingen van na de back-up terugkomen.</translation>
    </message>
    <message>
        <source>The erasure ledger %1 is truncated (%2): erasures may be missing from it.</source>
        <translation>Het wisregister %1 is afgekapt (%2): er kunnen wissingen in ontbreken.</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>het is leeg</translation>
    </message>
    <message>
        <source>The erasure ledger %1 is of a format version this version cannot read.</source>
        <translation>Het wisregister %1 heeft een formaatversie die deze versie niet kan lezen.</translation>
    </message>
    <message>
        <source>%1 is not an Art32 erasure ledger.</source>
        <translation>%1 is geen Art32-wisregister.</translation>
    </message>
    <message>
        <source>it ends inside its first line</source>
        <translation>het eindigt binnen de eerste regel</translation>
    </message>
    <message>
        <source>its key id</source>
        <translation>de sleutel-id</translation>
    </message>
    <message>
        <source>The erasure ledger %1 was written with another backup key: this key cannot check it.</source>
        <translation>Het wisregister %1 is met een andere back-upsleutel geschreven: deze sleutel kan het niet controleren.</translation>
    </message>
    <message>
        <source>it ends inside line %1</source>
        <translation>het eindigt binnen regel %1</translation>
    </message>
    <message>
        <source>its MAC is missing</source>
        <translation>de MAC ontbreekt</translation>
    </message>
    <message>
        <source>its MAC does not match</source>
        <translation>de MAC klopt niet</translation>
    </message>
    <message>
        <source>an entry out of order</source>
        <translation>een regel buiten volgorde</translation>
    </message>
    <message>
        <source>account %1 twice</source>
        <translation>account %1 twee keer</translation>
    </message>
    <message>
        <source>a line of unknown form</source>
        <translation>een regel van onbekende vorm</translation>
    </message>
    <message>
        <source>it does not end with a complete line</source>
        <translation>het eindigt niet met een volledige regel</translation>
    </message>
    <message>
        <source>its last write was never sealed</source>
        <translation>de laatste schrijfactie is nooit verzegeld</translation>
    </message>
    <message>
        <source>Neither the live database nor the erasure ledger file %1 can be read, so erasures made after this backup cannot be re-applied; give --no-ledger to restore anyway (erased accounts may come back), or --ledger FILE for a copy of the ledger.</source>
        <translation>Noch de live database noch het wisregisterbestand %1 is leesbaar, dus wissingen van na deze back-up kunnen niet opnieuw worden toegepast; geef --no-ledger om toch terug te zetten (gewiste accounts kunnen terugkomen), of --ledger BESTAND voor een kopie van het register.</translation>
    </message>
    <message>
        <source>a seal with a wrong count (%1, not %2)</source>
        <translation>een zegel met een verkeerd aantal (%1, niet %2)</translation>
    </message>
    <message>
        <source>The erasure ledger %1 is truncated: it holds fewer erasures (%2) than when the backup was made (%3).</source>
        <translation>Het wisregister %1 is afgekapt: het bevat minder wissingen (%2) dan toen de back-up werd gemaakt (%3).</translation>
    </message>
    <message>
        <source>The erasure ledger %1 has been altered: its erasures up to number %2 are not those the backup saw.</source>
        <translation>Het wisregister %1 is gewijzigd: de wissingen tot en met nummer %2 zijn niet die welke de back-up zag.</translation>
    </message>
    <message>
        <source>The erasure ledger %1 is missing, though it held erasures (%2) when the backup was made.</source>
        <translation>Het wisregister %1 ontbreekt, hoewel het wissingen (%2) bevatte toen de back-up werd gemaakt.</translation>
    </message>
    <message>
        <source>The backup header hashes %1 in a way this program does not know.</source>
        <translation>De kop van de back-up hasht %1 op een manier die dit programma niet kent.</translation>
    </message>
    <message>
        <source>Out of memory for the zstd stream.</source>
        <translation>Onvoldoende geheugen voor de zstd-stroom.</translation>
    </message>
    <message>
        <source>The backup header names a compression (%1) this program does not know for format %2.</source>
        <translation>De kop van de back-up noemt een compressie (%1) die dit programma niet kent voor formaat %2.</translation>
    </message>
    <message>
        <source>%1 decrypts, but its compressed stream is damaged (%2).</source>
        <translation>%1 laat zich ontsleutelen, maar de gecomprimeerde stroom is beschadigd (%2).</translation>
    </message>
    <message>
        <source>it ends inside a frame</source>
        <translation>hij eindigt midden in een frame</translation>
    </message>
    <message>
        <source>The erasure ledger %1 holds %2 erasures, but %3 says it held %4: either the file has been cut back, and erasures made since could come back, or that anchor is false (a backup operator&apos;s finish records any anchor it is given). Restore with a copy of the ledger you trust (--ledger FILE), or give --no-ledger knowing that erasures could come back.</source>
        <translation>Het wisregister %1 bevat %2 wissingen, maar volgens %3 bevatte het er %4: ofwel is het bestand ingekort, en kunnen wissingen van sindsdien terugkomen, ofwel is dat anker vals (de afronding door een back-upbeheerder legt elk anker vast dat ze krijgt). Zet terug met een kopie van het register die u vertrouwt (--ledger BESTAND), of geef --no-ledger in het besef dat wissingen kunnen terugkomen.</translation>
    </message>
    <message>
        <source>The erasure ledger %1 (%2 erasures) does not match %4: its first %3 erasures are not those it names, so either the file has been altered or that anchor is false. Restore with a copy of the ledger you trust (--ledger FILE), or give --no-ledger knowing that erasures made since could come back.</source>
        <translation>Het wisregister %1 (%2 wissingen) klopt niet met %4: de eerste %3 wissingen zijn niet die welke het noemt, dus ofwel is het bestand gewijzigd, ofwel is dat anker vals. Zet terug met een kopie van het register die u vertrouwt (--ledger BESTAND), of geef --no-ledger in het besef dat wissingen van sindsdien kunnen terugkomen.</translation>
    </message>
    <message>
        <source>the anchor the login %1 recorded when it finished backup %2 (catalogue #%3, its backup.finish event)</source>
        <translation>het anker dat de login %1 vastlegde bij het afronden van back-up %2 (catalogus #%3, de gebeurtenis backup.finish daarvan)</translation>
    </message>
    <message>
        <source>the authenticated header of the backup %1</source>
        <translation>de geauthenticeerde kop van de back-up %1</translation>
    </message>
    <message>
        <source>%1 is not the backup of catalogue #%2 whose name it has: its header says it was written by catalogue #%3 (a file copied or linked into its place). Nothing was restored.</source>
        <translation>%1 is niet de back-up van catalogus #%2, wiens naam het bestand draagt: volgens de kop is het geschreven door catalogus #%3 (een bestand dat op zijn plaats is gekopieerd of gelinkt). Er is niets teruggezet.</translation>
    </message>
    <message>
        <source>The backup key file of profile %1: %2</source>
        <translation>Het back-upsleutelbestand van profiel %1: %2</translation>
    </message>
    <message>
        <source>No backup key: the keychain has no entry %1 and profile %2 names no backup key file. Create one with `art32ctl backup keygen`, or give a key file (--key-file, or the profile&apos;s --backup-key-file).</source>
        <translation>Geen back-upsleutel: de sleutelhanger heeft geen item %1 en profiel %2 noemt geen back-upsleutelbestand. Maak er een met `art32ctl backup keygen`, of geef een sleutelbestand op (--key-file, of --backup-key-file van het profiel).</translation>
    </message>
    <message>
        <source>The backup key %1 could not be read from the keychain: %2</source>
        <translation>De back-upsleutel %1 kon niet uit de sleutelhanger worden gelezen: %2</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>De back-up wordt teruggezet…</translation>
    </message>
    <message>
        <source>Comparing the restored tables with the header…</source>
        <translation>De teruggezette tabellen worden vergeleken met de kop van de back-up…</translation>
    </message>
    <message>
        <source>Re-applying the erasure ledger…</source>
        <translation>Het wisregister wordt opnieuw toegepast…</translation>
    </message>
</context>
<context>
    <name>art32::incidents</name>
    <message>
        <source>detected</source>
        <translation>ontdekt</translation>
    </message>
    <message>
        <source>investigating</source>
        <translation>in onderzoek</translation>
    </message>
    <message>
        <source>contained</source>
        <translation>ingedamd</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>gesloten</translation>
    </message>
    <message>
        <source>The incident does not allow this now: %1</source>
        <translation>Het incident staat dit nu niet toe: %1</translation>
    </message>
    <message>
        <source>The incident cannot be closed yet. Missing: %1.</source>
        <translation>Het incident kan nog niet worden gesloten. Ontbreekt: %1.</translation>
    </message>
    <message>
        <source>There is no incident %1.</source>
        <translation>Er is geen incident %1.</translation>
    </message>
    <message>
        <source>read</source>
        <translation>ingezien</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>gewijzigd</translation>
    </message>
    <message>
        <source>erased</source>
        <translation>gewist</translation>
    </message>
    <message>
        <source>exported</source>
        <translation>geëxporteerd</translation>
    </message>
    <message>
        <source>read refused</source>
        <translation>inzage geweigerd</translation>
    </message>
    <message>
        <source>The evidence needs a time window whose end comes after its start: fill in the possible start of the breach (or when it was discovered).</source>
        <translation>Het bewijs heeft een tijdvak nodig waarvan het einde na het begin ligt: vul de mogelijke begindatum van het datalek in (of wanneer het is ontdekt).</translation>
    </message>
    <message numerus="yes">
        <source>within the promise of %n working hour(s)</source>
        <translation>
            <numerusform>binnen de belofte van %n werkuur</numerusform>
            <numerusform>binnen de belofte van %n werkuren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>beyond the promise of %n working hour(s)</source>
        <translation>
            <numerusform>buiten de belofte van %n werkuur</numerusform>
            <numerusform>buiten de belofte van %n werkuren</numerusform>
        </translation>
    </message>
    <message>
        <source>The data were restored from backup %1 (made %2); the restore finished %3 and took %4, %5.</source>
        <translation>De gegevens zijn teruggezet uit back-up %1 (gemaakt %2); het terugzetten was klaar %3 en duurde %4, %5.</translation>
    </message>
    <message>
        <source>The data were unavailable until the restore finished %1; changes made after the backup of %2 had to be made again.</source>
        <translation>De gegevens waren niet beschikbaar tot het terugzetten klaar was %1; wijzigingen van na de back-up van %2 moesten opnieuw worden gedaan.</translation>
    </message>
    <message>
        <source>Restore evidence: backup %1 (made %2) restored %3 in %4, %5.</source>
        <translation>Bewijs van herstel: back-up %1 (gemaakt %2) teruggezet %3 in %4, %5.</translation>
    </message>
    <message>
        <source>A restore drill of backup %1 (made %2) finished %3: it restored the data in %4, %5.</source>
        <translation>Een hersteloefening met back-up %1 (gemaakt %2) was klaar %3: de gegevens waren teruggezet in %4, %5.</translation>
    </message>
    <message>
        <source>A tested backup of %1 exists, so the data can be made available again %2.</source>
        <translation>Er is een geteste back-up van %1, dus de gegevens kunnen weer beschikbaar worden gemaakt %2.</translation>
    </message>
    <message>
        <source>Restore evidence: drill of backup %1 (made %2) finished %3, restore time %4, %5.</source>
        <translation>Bewijs van herstel: oefening met back-up %1 (gemaakt %2) klaar %3, hersteltijd %4, %5.</translation>
    </message>
    <message>
        <source>Incident %1 has no report %2.</source>
        <translation>Incident %1 heeft geen melding %2.</translation>
    </message>
</context>
<context>
    <name>art32::incidents::Drafts</name>
    <message>
        <source>The draft of the new incident</source>
        <translation>Het concept van het nieuwe incident</translation>
    </message>
    <message>
        <source>The draft of incident %1</source>
        <translation>Het concept van incident %1</translation>
    </message>
    <message>
        <source>The drafts folder %1 is a symbolic link; drafts are not kept there.</source>
        <translation>De conceptenmap %1 is een symbolische koppeling; daar worden geen concepten bewaard.</translation>
    </message>
    <message>
        <source>Could not create the drafts folder %1.</source>
        <translation>De conceptenmap %1 kon niet worden aangemaakt.</translation>
    </message>
    <message>
        <source>Could not make the drafts folder %1 private.</source>
        <translation>De conceptenmap %1 kon niet alleen voor u toegankelijk worden gemaakt.</translation>
    </message>
    <message>
        <source>%1 is not a draft file of Art32 Console.</source>
        <translation>%1 is geen conceptbestand van Art32 Console.</translation>
    </message>
    <message>
        <source>%1 was written in a draft format this version cannot read (format %2).</source>
        <translation>%1 is geschreven in een conceptformaat dat deze versie niet kan lezen (formaat %2).</translation>
    </message>
    <message>
        <source>%1 is cut short (%2 bytes): it was not written to its end.</source>
        <translation>%1 is afgekapt (%2 bytes): het is niet tot het einde geschreven.</translation>
    </message>
    <message>
        <source>%1 was encrypted with another draft key than the one this profile has in the keychain (the keychain entry was replaced, or the file comes from another computer).</source>
        <translation>%1 is versleuteld met een andere conceptsleutel dan die van dit profiel in de sleutelbos (de sleutelbosvermelding is vervangen, of het bestand komt van een andere computer).</translation>
    </message>
    <message>
        <source>%1 failed its integrity check: it was changed or damaged, or belongs to another incident or profile.</source>
        <translation>%1 heeft de integriteitscontrole niet doorstaan: het is gewijzigd of beschadigd, of hoort bij een ander incident of profiel.</translation>
    </message>
    <message>
        <source>%1 could not be read: its content is not a draft.</source>
        <translation>%1 kon niet worden gelezen: de inhoud is geen concept.</translation>
    </message>
    <message>
        <source>Could not save the draft in %1: %2</source>
        <translation>Het concept kon niet worden opgeslagen in %1: %2</translation>
    </message>
    <message>
        <source>Could not read the draft %1: %2</source>
        <translation>Het concept %1 kon niet worden gelezen: %2</translation>
    </message>
    <message>
        <source>%1 It was not loaded, and was set aside as %2.</source>
        <translation>%1 Het is niet geladen en apart gezet als %2.</translation>
    </message>
    <message>
        <source>%1 It was not loaded, and could not be set aside (%2).</source>
        <translation>%1 Het is niet geladen en kon niet apart worden gezet (%2).</translation>
    </message>
    <message>
        <source>The keychain&apos;s draft key for this profile is not 32 bytes long; drafts are off.</source>
        <translation>De conceptsleutel van dit profiel in de sleutelbos is geen 32 bytes lang; concepten staan uit.</translation>
    </message>
    <message>
        <source>Drafts are off: %1</source>
        <translation>Concepten staan uit: %1</translation>
    </message>
</context>
<context>
    <name>art32::report</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kon %1 niet schrijven: %2</translation>
    </message>
</context>
<context>
    <name>art32::timefmt</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 u %2 min</translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n u</numerusform>
            <numerusform>%n u</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n dag</numerusform>
            <numerusform>%n dagen</numerusform>
        </translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>over %1</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>zojuist</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1 geleden</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
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
    <name>art32::ui::AccessView</name>
    <message>
        <source>Access</source>
        <translation>Toegang</translation>
    </message>
    <message>
        <source>Admins</source>
        <translation>Beheerders</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Access grants</source>
        <translation>Toegangsrechten</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Sleutels</translation>
    </message>
    <message>
        <source>Only grants in force</source>
        <translation>Alleen geldige toegangsrechten</translation>
    </message>
    <message>
        <source>&amp;Revoke…</source>
        <translation>&amp;Intrekken…</translation>
    </message>
    <message>
        <source>Revoke access</source>
        <translation>Toegang intrekken</translation>
    </message>
    <message>
        <source>Revoke %1&apos;s access to account %2 now? Reads already made stay in the audit log.</source>
        <translation>De toegang van %1 tot account %2 nu intrekken? Inzages die al zijn gedaan blijven in het auditlog.</translation>
    </message>
    <message>
        <source>%1 can no longer read account %2; the revocation is audited.</source>
        <translation>%1 kan account %2 niet meer lezen; het intrekken is vastgelegd in het auditlog.</translation>
    </message>
    <message>
        <source>This grant had already ended (expired or revoked); nothing changed.</source>
        <translation>Deze toegang was al beëindigd (verlopen of ingetrokken); er is niets veranderd.</translation>
    </message>
    <message>
        <source>Revoke access of %1</source>
        <translation>Toegang van %1 intrekken</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 u</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 u %2 min</translation>
    </message>
    <message>
        <source>Access requests</source>
        <translation>Toegangsaanvragen</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Aanvragen</translation>
    </message>
    <message>
        <source>Grants</source>
        <translation>Toegangsrechten</translation>
    </message>
    <message>
        <source>Account id</source>
        <translation>Accountnummer</translation>
    </message>
    <message>
        <source>Filter by account</source>
        <translation>Filteren op account</translation>
    </message>
    <message>
        <source>Admin login</source>
        <translation>Login van beheerder</translation>
    </message>
    <message>
        <source>Filter by admin</source>
        <translation>Filteren op beheerder</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>&amp;Meer</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Goedkeuren…</translation>
    </message>
    <message>
        <source>Re&amp;fuse…</source>
        <translation>&amp;Weigeren…</translation>
    </message>
    <message>
        <source>&amp;New admin…</source>
        <translation>&amp;Nieuwe beheerder…</translation>
    </message>
    <message>
        <source>Change &amp;role…</source>
        <translation>&amp;Rol wijzigen…</translation>
    </message>
    <message>
        <source>Reset &amp;TOTP…</source>
        <translation>&amp;TOTP herstellen…</translation>
    </message>
    <message>
        <source>&amp;Seal keys…</source>
        <translation>Sleutels &amp;verzegelen…</translation>
    </message>
    <message>
        <source>Take &amp;keys away…</source>
        <translation>S&amp;leutels afnemen…</translation>
    </message>
    <message numerus="yes">
        <source>Requests (%n pending)</source>
        <translation>
            <numerusform>Aanvragen (%n open)</numerusform>
            <numerusform>Aanvragen (%n open)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Enable…</source>
        <translation>&amp;Inschakelen…</translation>
    </message>
    <message>
        <source>&amp;Disable…</source>
        <translation>&amp;Uitschakelen…</translation>
    </message>
    <message>
        <source>New admin</source>
        <translation>Nieuwe beheerder</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Naam:</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rol:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Wachtwoord:</translation>
    </message>
    <message>
        <source>Re&amp;peat:</source>
        <translation>&amp;Herhalen:</translation>
    </message>
    <message>
        <source>Create admin</source>
        <translation>Beheerder aanmaken</translation>
    </message>
    <message>
        <source>Give a login and a name.</source>
        <translation>Geef een login en een naam.</translation>
    </message>
    <message>
        <source>The password needs at least 12 characters.</source>
        <translation>Het wachtwoord heeft minstens 12 tekens nodig.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>De twee wachtwoorden verschillen.</translation>
    </message>
    <message>
        <source>They enroll (TOTP and key pair) at their first start of the console.</source>
        <translation>Bij de eerste start van de console registreert de beheerder zich (TOTP en sleutelpaar).</translation>
    </message>
    <message>
        <source>%1 exists now; the creation is audited. They enroll at their first start.</source>
        <translation>%1 bestaat nu; het aanmaken staat in het auditlog. Registratie volgt bij de eerste start.</translation>
    </message>
    <message>
        <source>Disable %1</source>
        <translation>%1 uitschakelen</translation>
    </message>
    <message>
        <source>%1 is locked out at once: their unlocked sessions end and they cannot unlock again until a CTO enables them. Their keys and grants stay.</source>
        <translation>%1 wordt meteen buitengesloten: ontgrendelde sessies eindigen en ontgrendelen kan pas weer als een CTO de beheerder inschakelt. Sleutels en toegangsrechten blijven.</translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation>%1 inschakelen</translation>
    </message>
    <message>
        <source>%1 may unlock the console again.</source>
        <translation>%1 mag de console weer ontgrendelen.</translation>
    </message>
    <message>
        <source>%1 is disabled; this is audited.</source>
        <translation>%1 is uitgeschakeld; dit staat in het auditlog.</translation>
    </message>
    <message>
        <source>%1 is enabled again; this is audited.</source>
        <translation>%1 is weer ingeschakeld; dit staat in het auditlog.</translation>
    </message>
    <message>
        <source>Change the role of %1</source>
        <translation>De rol van %1 wijzigen</translation>
    </message>
    <message>
        <source>New role:</source>
        <translation>Nieuwe rol:</translation>
    </message>
    <message>
        <source>%1 becomes %2. Their unlocked sessions end; the next unlock has the new rights.</source>
        <translation>%1 wordt %2. Ontgrendelde sessies eindigen; de volgende ontgrendeling heeft de nieuwe rechten.</translation>
    </message>
    <message>
        <source>Their access grants are revoked and pending requests refused.</source>
        <translation>De toegangsrechten worden ingetrokken en openstaande aanvragen geweigerd.</translation>
    </message>
    <message>
        <source>Auditors never hold keys: their sealed keys are deleted.</source>
        <translation>Auditors hebben nooit sleutels: de verzegelde sleutels worden verwijderd.</translation>
    </message>
    <message>
        <source>Make %1 %2</source>
        <translation>%1 wordt %2</translation>
    </message>
    <message>
        <source>%1 is %2 now; the change is audited.</source>
        <translation>%1 is nu %2; de wijziging staat in het auditlog.</translation>
    </message>
    <message>
        <source>Reset the TOTP of %1</source>
        <translation>De TOTP van %1 herstellen</translation>
    </message>
    <message>
        <source>%1&apos;s authenticator, key pair and sealed keys are deleted and their sessions end. They must enroll again at their next start, and a CTO must seal the keys to them again.</source>
        <translation>Authenticator, sleutelpaar en verzegelde sleutels van %1 worden verwijderd en de sessies eindigen. Bij de volgende start moet %1 zich opnieuw registreren, en een CTO moet de sleutels opnieuw verzegelen.</translation>
    </message>
    <message>
        <source>Reset %1</source>
        <translation>%1 herstellen</translation>
    </message>
    <message>
        <source>%1 must enroll again; the reset is audited.</source>
        <translation>%1 moet zich opnieuw registreren; het herstel staat in het auditlog.</translation>
    </message>
    <message>
        <source>Seal keys to %1</source>
        <translation>Sleutels verzegelen voor %1</translation>
    </message>
    <message>
        <source>%1 receives a copy of every key you hold (KEK and index key), sealed to their public key: with a grant (or as a CTO) they can then decrypt personal data.</source>
        <translation>%1 krijgt een kopie van elke sleutel die u heeft (KEK en indexsleutel), verzegeld met de publieke sleutel van %1: met een toegangsrecht (of als CTO) kan %1 dan persoonsgegevens ontsleutelen.</translation>
    </message>
    <message>
        <source>The keys are sealed to %1; this is audited.</source>
        <translation>De sleutels zijn verzegeld voor %1; dit staat in het auditlog.</translation>
    </message>
    <message>
        <source>Take the keys of %1 away</source>
        <translation>De sleutels van %1 afnemen</translation>
    </message>
    <message>
        <source>%1&apos;s sealed key copies are deleted: after their next lock they can no longer decrypt. A key already opened stays in their memory until they lock; rotate the keys to make a copied key useless.</source>
        <translation>De verzegelde sleutelkopieën van %1 worden verwijderd: na de volgende vergrendeling kan %1 niet meer ontsleutelen. Een al geopende sleutel blijft in het geheugen tot %1 vergrendelt; roteer de sleutels om een gekopieerde sleutel onbruikbaar te maken.</translation>
    </message>
    <message>
        <source>Take the keys away</source>
        <translation>Sleutels afnemen</translation>
    </message>
    <message>
        <source>%1 holds no keys any more; this is audited.</source>
        <translation>%1 heeft geen sleutels meer; dit staat in het auditlog.</translation>
    </message>
    <message>
        <source>Approve request %1</source>
        <translation>Aanvraag %1 goedkeuren</translation>
    </message>
    <message>
        <source>Refuse request %1</source>
        <translation>Aanvraag %1 weigeren</translation>
    </message>
    <message>
        <source>%1 may then read the personal data of account %2 for %3, from now on. Every read is audited. Reason given: %4</source>
        <translation>%1 mag dan vanaf nu %3 lang de persoonsgegevens van account %2 lezen. Elke inzage staat in het auditlog. Opgegeven reden: %4</translation>
    </message>
    <message>
        <source>%1 may not read account %2. Say why; they see your comment. Reason given: %3</source>
        <translation>%1 mag account %2 niet lezen. Zeg waarom; de aanvrager ziet uw opmerking. Opgegeven reden: %3</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>Opmerking (optioneel)</translation>
    </message>
    <message>
        <source>Why not (at least 5 characters)</source>
        <translation>Waarom niet (minstens 5 tekens)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Goedkeuren</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Weigeren</translation>
    </message>
    <message>
        <source>%1 may read account %2 for %3; the approval is audited.</source>
        <translation>%1 mag account %2 %3 lang lezen; de goedkeuring staat in het auditlog.</translation>
    </message>
    <message>
        <source>The request of %1 is refused; this is audited.</source>
        <translation>De aanvraag van %1 is geweigerd; dit staat in het auditlog.</translation>
    </message>
</context>
<context>
    <name>art32::ui::AccountPanel</name>
    <message>
        <source>&amp;Reveal personal data</source>
        <translation>Persoonsgegevens &amp;tonen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bewerken</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Verwijderen</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopiëren</translation>
    </message>
    <message>
        <source>Erase account…</source>
        <translation>Account wissen…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Opslaan</translation>
    </message>
    <message>
        <source>Re&amp;load their version</source>
        <translation>Hun versie &amp;laden</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contactpersoon</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Shows the decrypted records. The server records who read which account, and when.</source>
        <translation>Toont de ontsleutelde gegevens. De server legt vast wie welk account las, en wanneer.</translation>
    </message>
    <message numerus="yes">
        <source>Personal data revealed (the read is audited). Hides in %n s.</source>
        <translation>
            <numerusform>Persoonsgegevens getoond (het lezen is vastgelegd). Verborgen over %n s.</numerusform>
            <numerusform>Persoonsgegevens getoond (het lezen is vastgelegd). Verborgen over %n s.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (account %2)</source>
        <translation>%1 (account %2)</translation>
    </message>
    <message>
        <source>Select an account to see its details.</source>
        <translation>Kies een account om de details te zien.</translation>
    </message>
    <message>
        <source>Plan: %1 · Status: %2 · Created: %3</source>
        <translation>Abonnement: %1 · Status: %2 · Aangemaakt: %3</translation>
    </message>
    <message>
        <source>Auditors never see personal data.</source>
        <translation>Auditors zien nooit persoonsgegevens.</translation>
    </message>
    <message>
        <source>Integrity error: not shown</source>
        <translation>Integriteitsfout: niet getoond</translation>
    </message>
    <message>
        <source>Someone saved this record after you opened it. Reload to see their version; your text stays here.</source>
        <translation>Iemand heeft dit gegeven opgeslagen nadat u het opende. Laad hun versie om die te zien; uw tekst blijft hier staan.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Opgeslagen.</translation>
    </message>
    <message>
        <source>Delete record</source>
        <translation>Gegeven verwijderen</translation>
    </message>
    <message>
        <source>Delete the %1 of contact %2 of account %3? This cannot be undone.</source>
        <translation>%1 van contactpersoon %2 van account %3 verwijderen? Dit kan niet ongedaan worden gemaakt.</translation>
    </message>
    <message>
        <source>The record changed or went meanwhile; nothing was deleted.</source>
        <translation>Het gegeven is intussen gewijzigd of verdwenen; er is niets verwijderd.</translation>
    </message>
    <message>
        <source>Erase account %1</source>
        <translation>Account %1 wissen</translation>
    </message>
    <message>
        <source>The id you typed does not match; nothing was erased.</source>
        <translation>Het ingetypte nummer klopt niet; er is niets gewist.</translation>
    </message>
    <message>
        <source>Erased. Its ciphertext remains in backups until %1, unreadable without the destroyed key.</source>
        <translation>Gewist. De versleutelde tekst blijft tot %1 in back-ups, onleesbaar zonder de vernietigde sleutel.</translation>
    </message>
    <message>
        <source>Grant access…</source>
        <translation>Toegang geven…</translation>
    </message>
    <message>
        <source>Lets a system administrator read this account&apos;s personal data for a limited time.</source>
        <translation>Laat een systeembeheerder de persoonsgegevens van dit account een beperkte tijd lezen.</translation>
    </message>
    <message>
        <source>Grant access to account %1</source>
        <translation>Toegang geven tot account %1</translation>
    </message>
    <message>
        <source>Why, e.g. the ticket number</source>
        <translation>Waarom, bijv. het ticketnummer</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;System administrator:</source>
        <translation>&amp;Systeembeheerder:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reden:</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>&amp;Duur:</translation>
    </message>
    <message>
        <source>There is no active system administrator to grant access to.</source>
        <translation>Er is geen actieve systeembeheerder om toegang aan te geven.</translation>
    </message>
    <message>
        <source>erased</source>
        <translation>gewist</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>The clipboard was cleared.</source>
        <translation>Het klembord is gewist.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Stops editing and keeps the stored value (Escape).</source>
        <translation>Stopt met bewerken en houdt de bewaarde waarde (Escape).</translation>
    </message>
    <message>
        <source>&amp;Hide personal data</source>
        <translation>Persoonsgegevens &amp;verbergen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Verwijderen</translation>
    </message>
    <message numerus="yes">
        <source>Copied. The clipboard is cleared in %n s, or when the console locks.</source>
        <translation>
            <numerusform>Gekopieerd. Het klembord wordt gewist over %n s, of wanneer de console vergrendelt.</numerusform>
            <numerusform>Gekopieerd. Het klembord wordt gewist over %n s, of wanneer de console vergrendelt.</numerusform>
        </translation>
    </message>
    <message>
        <source>This destroys the key of &quot;%1&quot; (account %2): all its personal data becomes unreadable everywhere, also in backups, and its records are deleted. Backups still hold the unreadable ciphertext until they expire. This cannot be undone.</source>
        <translation>Dit vernietigt de sleutel van &quot;%1&quot; (account %2): al zijn persoonsgegevens worden overal onleesbaar, ook in back-ups, en de gegevens worden verwijderd. Back-ups bevatten de onleesbare versleutelde tekst nog tot ze verlopen. Dit kan niet ongedaan worden gemaakt.</translation>
    </message>
    <message>
        <source>Type the account id &amp;%1 to confirm:</source>
        <translation>Typ het accountnummer &amp;%1 ter bevestiging:</translation>
    </message>
    <message>
        <source>&amp;Grant access</source>
        <translation>&amp;Toegang geven</translation>
    </message>
    <message>
        <source>Give a reason of at least %1 characters, e.g. the ticket number.</source>
        <translation>Geef een reden van minstens %1 tekens, bijvoorbeeld het ticketnummer.</translation>
    </message>
    <message>
        <source>%1 may read this account&apos;s personal data for %2; the grant and every read are audited.</source>
        <translation>%1 mag de persoonsgegevens van dit account %2 lezen; de toegang en elke inzage worden vastgelegd.</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>minder dan een minuut</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n u</numerusform>
            <numerusform>%n u</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 u %2 min</translation>
    </message>
    <message>
        <source>&amp;Who saw its data?</source>
        <translation>&amp;Wie zag de gegevens?</translation>
    </message>
    <message>
        <source>Opens the audit log filtered to this account: every read and change of it.</source>
        <translation>Opent het auditlogboek gefilterd op dit account: elke keer dat het gelezen of gewijzigd is.</translation>
    </message>
    <message>
        <source>Re&amp;quest access…</source>
        <translation>Toegang &amp;aanvragen…</translation>
    </message>
    <message>
        <source>Asks a CTO to let you read this account&apos;s personal data for a while. The request and the decision are audited.</source>
        <translation>Vraagt een CTO om de persoonsgegevens van dit account een tijd te mogen lezen. De aanvraag en het besluit staan in het auditlog.</translation>
    </message>
    <message>
        <source>&amp;Withdraw request</source>
        <translation>Aanvraag &amp;intrekken</translation>
    </message>
    <message>
        <source>You may read this account for %1.</source>
        <translation>U mag dit account nog %1 lezen.</translation>
    </message>
    <message>
        <source>Your request for access is pending: a CTO decides.</source>
        <translation>Uw toegangsaanvraag is in behandeling: een CTO beslist.</translation>
    </message>
    <message>
        <source>You may ask for access to this account&apos;s personal data.</source>
        <translation>U kunt toegang tot de persoonsgegevens van dit account aanvragen.</translation>
    </message>
    <message>
        <source>Request access to account %1</source>
        <translation>Toegang tot account %1 aanvragen</translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n uur</numerusform>
            <numerusform>%n uur</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Ask for access</source>
        <translation>Toegang &amp;vragen</translation>
    </message>
    <message>
        <source>A CTO approves or refuses; access then ends on its own.</source>
        <translation>Een CTO keurt goed of weigert; de toegang eindigt daarna vanzelf.</translation>
    </message>
    <message>
        <source>Asked. A CTO decides; the request is audited.</source>
        <translation>Aangevraagd. Een CTO beslist; de aanvraag staat in het auditlog.</translation>
    </message>
    <message>
        <source>Your request is withdrawn.</source>
        <translation>Uw aanvraag is ingetrokken.</translation>
    </message>
    <message>
        <source>A CTO decided on your request meanwhile.</source>
        <translation>Een CTO heeft intussen over uw aanvraag beslist.</translation>
    </message>
</context>
<context>
    <name>art32::ui::AccountPicker</name>
    <message>
        <source>Add affected accounts</source>
        <translation>Getroffen accounts toevoegen</translation>
    </message>
    <message>
        <source>Search, then select one or more accounts</source>
        <translation>Zoek en kies dan een of meer accounts</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>Zoektekst</translation>
    </message>
    <message>
        <source>Accounts to add</source>
        <translation>Toe te voegen accounts</translation>
    </message>
    <message>
        <source>No account matches.</source>
        <translation>Geen account gevonden.</translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) shown</source>
        <translation>
            <numerusform>%n account getoond</numerusform>
            <numerusform>%n accounts getoond</numerusform>
        </translation>
    </message>
    <message>
        <source>Add accounts</source>
        <translation>Accounts toevoegen</translation>
    </message>
    <message numerus="yes">
        <source>Add %n account(s)</source>
        <translation>
            <numerusform>%n account toevoegen</numerusform>
            <numerusform>%n accounts toevoegen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::AccountsModel</name>
    <message>
        <source>erased</source>
        <translation>gewist</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Bedrijf</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Aangemaakt</translation>
    </message>
</context>
<context>
    <name>art32::ui::AccountsView</name>
    <message>
        <source>Company name starts with</source>
        <translation>Bedrijfsnaam begint met</translation>
    </message>
    <message>
        <source>Account id</source>
        <translation>Accountnummer</translation>
    </message>
    <message>
        <source>E-mail (exact)</source>
        <translation>E-mail (exact)</translation>
    </message>
    <message>
        <source>Phone (exact)</source>
        <translation>Telefoon (exact)</translation>
    </message>
    <message>
        <source>Search by</source>
        <translation>Zoeken op</translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>Zoeken (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>Zoektekst</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>Integrity scan</source>
        <translation>Integriteitscontrole</translation>
    </message>
    <message>
        <source>Decrypts every record you may read and lists each one that fails authentication.</source>
        <translation>Ontsleutelt elk gegeven dat u mag lezen en noemt elk gegeven dat de echtheidscontrole niet doorstaat.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Export data subject…</source>
        <translation>Betrokkene exporteren…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>No accounts yet. The SaaS platform adds them; for the demo run &quot;art32ctl demo seed --accounts 1000&quot;.</source>
        <translation>Nog geen accounts. Het SaaS-platform voegt ze toe; voer voor de demo &quot;art32ctl demo seed --accounts 1000&quot; uit.</translation>
    </message>
    <message>
        <source>No account matches.</source>
        <translation>Geen account gevonden.</translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) shown</source>
        <translation>
            <numerusform>%n account getoond</numerusform>
            <numerusform>%n accounts getoond</numerusform>
        </translation>
    </message>
    <message>
        <source>An account id is a number.</source>
        <translation>Een accountnummer is een getal.</translation>
    </message>
    <message>
        <source>Integrity scan running…</source>
        <translation>Integriteitscontrole loopt…</translation>
    </message>
    <message numerus="yes">
        <source>Integrity scan: %n account(s) checked…</source>
        <translation>
            <numerusform>Integriteitscontrole: %n account gecontroleerd…</numerusform>
            <numerusform>Integriteitscontrole: %n accounts gecontroleerd…</numerusform>
        </translation>
    </message>
    <message>
        <source>record %1 of account %2</source>
        <translation>gegeven %1 van account %2</translation>
    </message>
    <message>
        <source>key of account %1</source>
        <translation>sleutel van account %1</translation>
    </message>
    <message numerus="yes">
        <source>Integrity scan: %n item(s) failed authentication: %1</source>
        <translation>
            <numerusform>Integriteitscontrole: %n item faalde de echtheidscontrole: %1</numerusform>
            <numerusform>Integriteitscontrole: %n items faalden de echtheidscontrole: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export data subject</source>
        <translation>Betrokkene exporteren</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-bestanden (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kon %1 niet schrijven: %2</translation>
    </message>
    <message>
        <source>Integrity scan: %1</source>
        <translation>Integriteitscontrole: %1</translation>
    </message>
    <message>
        <source>Loading accounts…</source>
        <translation>Accounts laden…</translation>
    </message>
    <message>
        <source>Everything held about one person (Art. 15/20) is exported as a JSON file. The file holds their personal data in plaintext: names, e-mail addresses, phone numbers and addresses. Only you can read it (mode 0600); send it over a safe channel and delete it afterwards. Each read is audited.</source>
        <translation>Alles wat over één persoon bewaard wordt (art. 15/20) wordt als JSON-bestand geëxporteerd. Het bestand bevat de persoonsgegevens onversleuteld: namen, e-mailadressen, telefoonnummers en adressen. Alleen u kunt het lezen (modus 0600); verstuur het via een veilig kanaal en verwijder het daarna. Elke inzage wordt vastgelegd.</translation>
    </message>
    <message>
        <source>&amp;E-mail address of the person:</source>
        <translation>&amp;E-mailadres van de persoon:</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporteren…</translation>
    </message>
    <message>
        <source>Save export (plaintext personal data)</source>
        <translation>Export opslaan (onversleutelde persoonsgegevens)</translation>
    </message>
    <message>
        <source>Export saved to %1, readable only by you. It holds personal data in plaintext: delete it once it is sent.</source>
        <translation>Export opgeslagen in %1, alleen door u leesbaar. Het bevat onversleutelde persoonsgegevens: verwijder het zodra het verstuurd is.</translation>
    </message>
    <message numerus="yes">
        <source>%L1 of about %Ln account(s)</source>
        <translation>
            <numerusform>%L1 van ongeveer %Ln account</numerusform>
            <numerusform>%L1 van ongeveer %Ln accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%L1 of %Ln account(s)</source>
        <translation>
            <numerusform>%L1 van %Ln account</numerusform>
            <numerusform>%L1 van %Ln accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::AdminsModel</name>
    <message>
        <source>not enrolled</source>
        <translation>niet geregistreerd</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>uitgeschakeld</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>Geregistreerd</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>KEK %1 · index %2</source>
        <translation>KEK %1 · index %2</translation>
    </message>
    <message>
        <source>Last unlock</source>
        <translation>Laatst ontgrendeld</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>Geblokkeerd tot</translation>
    </message>
    <message>
        <source>Key versions held</source>
        <translation>Sleutelversies in bezit</translation>
    </message>
</context>
<context>
    <name>art32::ui::AuditModel</name>
    <message>
        <source>Event %1 at %2 UTC</source>
        <translation>Gebeurtenis %1 om %2 UTC</translation>
    </message>
    <message>
        <source>%1 (object: %2)</source>
        <translation>%1 (object: %2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wie</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Table (columns)</source>
        <translation>Tabel (kolommen)</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>art32::ui::AuditView</name>
    <message>
        <source>Personal data: reads and changes</source>
        <translation>Persoonsgegevens: lezen en wijzigen</translation>
    </message>
    <message>
        <source>Access grants</source>
        <translation>Toegangsrechten</translation>
    </message>
    <message>
        <source>Account erasure</source>
        <translation>Accounts wissen</translation>
    </message>
    <message>
        <source>Unlock attempts</source>
        <translation>Ontgrendelpogingen</translation>
    </message>
    <message>
        <source>Keys and rotations</source>
        <translation>Sleutels en rotaties</translation>
    </message>
    <message>
        <source>Admins</source>
        <translation>Beheerders</translation>
    </message>
    <message>
        <source>Row changes (any table)</source>
        <translation>Rijwijzigingen (elke tabel)</translation>
    </message>
    <message>
        <source>The audit log: verify, checkpoints, retention</source>
        <translation>Het auditlogboek: controle, checkpoints, bewaartermijn</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Alle acties</translation>
    </message>
    <message>
        <source>%1 (%2*)</source>
        <translation>%1 (%2*)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Wh&amp;o:</source>
        <translation>W&amp;ie:</translation>
    </message>
    <message>
        <source>Who (login)</source>
        <translation>Wie (login)</translation>
    </message>
    <message>
        <source>Any admin</source>
        <translation>Elke beheerder</translation>
    </message>
    <message>
        <source>A login, or several separated by commas</source>
        <translation>Een login, of meerdere gescheiden door komma&apos;s</translation>
    </message>
    <message>
        <source>Wh&amp;at:</source>
        <translation>W&amp;at:</translation>
    </message>
    <message>
        <source>What (action)</source>
        <translation>Wat (actie)</translation>
    </message>
    <message>
        <source>Acco&amp;unt:</source>
        <translation>Acco&amp;unt:</translation>
    </message>
    <message>
        <source>Any account</source>
        <translation>Elk account</translation>
    </message>
    <message>
        <source>Account id</source>
        <translation>Accountnummer</translation>
    </message>
    <message>
        <source>Fro&amp;m</source>
        <translation>Va&amp;naf</translation>
    </message>
    <message>
        <source>From (local time)</source>
        <translation>Vanaf (lokale tijd)</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Tot</translation>
    </message>
    <message>
        <source>To (local time)</source>
        <translation>Tot (lokale tijd)</translation>
    </message>
    <message>
        <source>&amp;Show events</source>
        <translation>&amp;Gebeurtenissen tonen</translation>
    </message>
    <message>
        <source>Show &amp;everything</source>
        <translation>Alles &amp;weergeven</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>Auditgebeurtenissen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>&amp;CSV exporteren…</translation>
    </message>
    <message>
        <source>Saves the events of this filter as CSV, oldest first, readable only by you</source>
        <translation>Slaat de gebeurtenissen van dit filter op als CSV, oudste eerst, alleen door u te lezen</translation>
    </message>
    <message>
        <source>Export &amp;JSON…</source>
        <translation>&amp;JSON exporteren…</translation>
    </message>
    <message>
        <source>Saves the events of this filter as JSON with the filter and the range it covers, readable only by you</source>
        <translation>Slaat de gebeurtenissen van dit filter op als JSON, met het filter en het bereik dat het dekt, alleen door u te lezen</translation>
    </message>
    <message>
        <source>Verify chai&amp;n</source>
        <translation>&amp;Keten controleren</translation>
    </message>
    <message>
        <source>Recomputes every event&apos;s hash and names the first broken link. The check is itself recorded in the log.</source>
        <translation>Berekent de hash van elke gebeurtenis opnieuw en noemt de eerste verbroken schakel. De controle wordt zelf ook in het logboek vastgelegd.</translation>
    </message>
    <message>
        <source>Verify against chec&amp;kpoint…</source>
        <translation>Met checkpoint contro&amp;leren…</translation>
    </message>
    <message>
        <source>Also checks the log against a checkpoint note signed by a CTO (art32ctl audit checkpoint): a rewritten or cut tail no longer matches it.</source>
        <translation>Controleert het logboek ook tegen een door een CTO ondertekend checkpoint (art32ctl audit checkpoint): een herschreven of afgeknipt einde komt er niet meer mee overeen.</translation>
    </message>
    <message>
        <source>An account id is a positive number.</source>
        <translation>Een accountnummer is een positief getal.</translation>
    </message>
    <message>
        <source>The end of the time range must come after its start.</source>
        <translation>Het einde van de periode moet na het begin liggen.</translation>
    </message>
    <message>
        <source>Loading events…</source>
        <translation>Gebeurtenissen laden…</translation>
    </message>
    <message>
        <source>The audit log is empty.</source>
        <translation>Het auditlogboek is leeg.</translation>
    </message>
    <message>
        <source>No event matches this filter. &quot;Show everything&quot; lists every event.</source>
        <translation>Geen gebeurtenis past bij dit filter. „Alles weergeven” toont elke gebeurtenis.</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) of account %1 shown, newest first: every read and change of it</source>
        <translation>
            <numerusform>%n gebeurtenis van account %1 getoond, nieuwste eerst: elke keer dat het gelezen of gewijzigd is</numerusform>
            <numerusform>%n gebeurtenissen van account %1 getoond, nieuwste eerst: elke keer dat het gelezen of gewijzigd is</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) shown, newest first</source>
        <translation>
            <numerusform>%n gebeurtenis getoond, nieuwste eerst</numerusform>
            <numerusform>%n gebeurtenissen getoond, nieuwste eerst</numerusform>
        </translation>
    </message>
    <message>
        <source>%1; scroll down for older ones</source>
        <translation>%1; scroll omlaag voor oudere</translation>
    </message>
    <message>
        <source>Save audit export</source>
        <translation>Auditexport opslaan</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-bestanden (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-bestanden (*.json)</translation>
    </message>
    <message>
        <source>Exporting events…</source>
        <translation>Gebeurtenissen exporteren…</translation>
    </message>
    <message>
        <source>Export cancelled; no file was left behind.</source>
        <translation>Export geannuleerd; er is geen bestand achtergebleven.</translation>
    </message>
    <message>
        <source>Exported no events to %1 (none match the filter; the log was at seq %2).</source>
        <translation>Geen gebeurtenissen geëxporteerd naar %1 (geen enkele past bij het filter; het logboek stond op seq %2).</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s), seq %1 to %2, to %3, readable only by you. It covers the log up to seq %4.</source>
        <translation>
            <numerusform>%n gebeurtenis geëxporteerd, seq %1 tot en met %2, naar %3, alleen door u te lezen. De export dekt het logboek tot en met seq %4.</numerusform>
            <numerusform>%n gebeurtenissen geëxporteerd, seq %1 tot en met %2, naar %3, alleen door u te lezen. De export dekt het logboek tot en met seq %4.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checkpoint of %1 at seq %2 (hash %3) covers it: hand over its note with the export.</source>
        <translation>Het checkpoint van %1 bij seq %2 (hash %3) dekt de export: geef de checkpointnotitie samen met de export af.</translation>
    </message>
    <message>
        <source>No checkpoint covers it yet: ask a CTO for one (art32ctl audit checkpoint) and hand over its note with the export.</source>
        <translation>Nog geen checkpoint dekt de export: vraag een CTO er een te maken (art32ctl audit checkpoint) en geef de notitie samen met de export af.</translation>
    </message>
    <message>
        <source>Open checkpoint note</source>
        <translation>Checkpointnotitie openen</translation>
    </message>
    <message>
        <source>Checkpoint notes (*.txt *.note *.checkpoint);;All files (*)</source>
        <translation>Checkpointnotities (*.txt *.note *.checkpoint);;Alle bestanden (*)</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>Kon %1 niet lezen: %2</translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>De auditketen wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>Verifying the audit chain: %1 of %2 events…</source>
        <translation>De auditketen wordt gecontroleerd: %1 van %2 gebeurtenissen…</translation>
    </message>
    <message>
        <source>Verify cancelled: no verdict.</source>
        <translation>Controle geannuleerd: geen oordeel.</translation>
    </message>
    <message>
        <source>an edited row</source>
        <translation>een gewijzigde rij</translation>
    </message>
    <message>
        <source>a missing row</source>
        <translation>een ontbrekende rij</translation>
    </message>
    <message>
        <source>a mismatch with the checkpoint</source>
        <translation>een verschil met het checkpoint</translation>
    </message>
    <message>
        <source>The audit log is empty: nothing to break.</source>
        <translation>Het auditlogboek is leeg: er is niets om te breken.</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact up to seq %1 (%n event(s) checked from seq %2).</source>
        <translation>
            <numerusform>Keten intact tot en met seq %1 (%n gebeurtenis gecontroleerd vanaf seq %2).</numerusform>
            <numerusform>Keten intact tot en met seq %1 (%n gebeurtenissen gecontroleerd vanaf seq %2).</numerusform>
        </translation>
    </message>
    <message>
        <source>Chain broken at seq %1: %2. %3 Intact up to seq %4.</source>
        <translation>Keten verbroken bij seq %1: %2. %3 Intact tot en met seq %4.</translation>
    </message>
</context>
<context>
    <name>art32::ui::BackupsView</name>
    <message>
        <source>Verified</source>
        <translation>Geverifieerd</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Aanwezig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Mislukt</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Ontbreekt</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Back-ups</translation>
    </message>
    <message>
        <source>The last 30 days</source>
        <translation>De laatste 30 dagen</translation>
    </message>
    <message>
        <source>&amp;Run backup now</source>
        <translation>Nu &amp;back-up maken</translation>
    </message>
    <message>
        <source>&amp;Verify latest backup</source>
        <translation>Laatste back-up &amp;verifiëren</translation>
    </message>
    <message>
        <source>Restore &amp;drill</source>
        <translation>&amp;Hersteloefening</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Checks the repository and restores the latest backup into a scratch copy that a temporary server must open; the live database is not touched.</source>
        <translation>Controleert de repository en zet de laatste back-up terug in een tijdelijke kopie die een tijdelijke server moet openen; de live database wordt niet aangeraakt.</translation>
    </message>
    <message>
        <source>A timed restore rehearsal, recorded against the recovery promise of 48 working hours.</source>
        <translation>Een getimede hersteloefening, vastgelegd tegen de hersteltoezegging van 48 werkuren.</translation>
    </message>
    <message>
        <source>No backups yet — Run backup now</source>
        <translation>Nog geen back-ups — maak nu een back-up</translation>
    </message>
    <message>
        <source>No backups yet — a CTO or sysadmin can run one now</source>
        <translation>Nog geen back-ups — een CTO of systeembeheerder kan er nu een maken</translation>
    </message>
    <message>
        <source>Backend: pgBackRest, stanza &quot;%1&quot;.</source>
        <translation>Backend: pgBackRest, stanza &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Your role reads the backup status; a CTO or sysadmin runs, verifies and drills.</source>
        <translation>Uw rol leest de back-upstatus; een CTO of systeembeheerder maakt, verifieert en oefent.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Grootte</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Toestand</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s)</source>
        <translation>
            <numerusform>%n back-up</numerusform>
            <numerusform>%n back-ups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s)</source>
        <translation>
            <numerusform>%n mislukking</numerusform>
            <numerusform>%n mislukkingen</numerusform>
        </translation>
    </message>
    <message>
        <source>no backup was made or kept on this day</source>
        <translation>op deze dag is geen back-up gemaakt of bewaard</translation>
    </message>
    <message>
        <source>The last 30 days: %1 of %2 days with a good backup</source>
        <translation>De laatste 30 dagen: %1 van %2 dagen met een goede back-up</translation>
    </message>
    <message>
        <source>There is no good backup.</source>
        <translation>Er is geen goede back-up.</translation>
    </message>
    <message>
        <source>The last good backup is %1 old (%2).</source>
        <translation>De laatste goede back-up is %1 oud (%2).</translation>
    </message>
    <message>
        <source>No restore drill has been recorded; one is due now.</source>
        <translation>Er is geen hersteloefening vastgelegd; er is er nu een nodig.</translation>
    </message>
    <message>
        <source>an unknown time</source>
        <translation>een onbekende tijd</translation>
    </message>
    <message>
        <source>The last restore drill (%1) failed.</source>
        <translation>De laatste hersteloefening (%1) is mislukt.</translation>
    </message>
    <message>
        <source>The last restore drill (%1) restored in %2, within the promise of 48 working hours.</source>
        <translation>De laatste hersteloefening (%1) zette terug in %2, binnen de toezegging van 48 werkuren.</translation>
    </message>
    <message>
        <source>The last restore drill (%1) took %2, longer than the promise of 48 working hours.</source>
        <translation>De laatste hersteloefening (%1) duurde %2, langer dan de toezegging van 48 werkuren.</translation>
    </message>
    <message>
        <source>The next drill was due %1.</source>
        <translation>De volgende oefening was nodig op %1.</translation>
    </message>
    <message>
        <source>The next drill is due %1.</source>
        <translation>De volgende oefening is nodig op %1.</translation>
    </message>
    <message>
        <source>A failure now must be recovered by %1.</source>
        <translation>Een storing nu moet hersteld zijn op %1.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing is kept longer than %n day(s).</source>
        <translation>
            <numerusform>Niets wordt langer dan %n dag bewaard.</numerusform>
            <numerusform>Niets wordt langer dan %n dagen bewaard.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) kept longer than the retention allows: prune them.</source>
        <translation>
            <numerusform>%n back-up wordt langer bewaard dan de bewaartermijn toestaat: ruim hem op.</numerusform>
            <numerusform>%n back-ups worden langer bewaard dan de bewaartermijn toestaat: ruim ze op.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last %n day(s) are covered.</source>
        <translation>
            <numerusform>De laatste dag is gedekt.</numerusform>
            <numerusform>De laatste %n dagen zijn gedekt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The backups reach back only to %1, not %n day(s).</source>
        <translation>
            <numerusform>De back-ups gaan maar terug tot %1, niet %n dag.</numerusform>
            <numerusform>De back-ups gaan maar terug tot %1, niet %n dagen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No backup covers the last %n day(s).</source>
        <translation>
            <numerusform>Geen back-up dekt de laatste dag.</numerusform>
            <numerusform>Geen back-up dekt de laatste %n dagen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retention: %1</source>
        <translation>Bewaartermijn: %1</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Bezig</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Voltooid</translation>
    </message>
    <message>
        <source>Pruned</source>
        <translation>Opgeruimd</translation>
    </message>
    <message>
        <source>Not verified</source>
        <translation>Niet geverifieerd</translation>
    </message>
    <message>
        <source>Yes, %1</source>
        <translation>Ja, %1</translation>
    </message>
    <message>
        <source>Failed, %1</source>
        <translation>Mislukt, %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>pgBackRest</source>
        <translation>pgBackRest</translation>
    </message>
    <message>
        <source>native</source>
        <translation>eigen</translation>
    </message>
    <message>
        <source>Size over time</source>
        <translation>Grootte door de tijd</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Dag</translation>
    </message>
    <message>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message numerus="yes">
        <source>Backup sizes over the last 30 days: %n backup(s)</source>
        <translation>
            <numerusform>Back-upgroottes over de laatste 30 dagen: %n back-up</numerusform>
            <numerusform>Back-upgroottes over de laatste 30 dagen: %n back-ups</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2%</source>
        <translation>%1 — %2%</translation>
    </message>
    <message>
        <source>Starting the backup</source>
        <translation>De back-up starten</translation>
    </message>
    <message>
        <source>Starting the verification</source>
        <translation>De verificatie starten</translation>
    </message>
    <message>
        <source>Starting the restore drill</source>
        <translation>De hersteloefening starten</translation>
    </message>
    <message>
        <source>Reading pgBackRest&apos;s information</source>
        <translation>De informatie van pgBackRest lezen</translation>
    </message>
    <message>
        <source>Backup cancelled: pgBackRest was stopped, nothing was recorded.</source>
        <translation>Back-up geannuleerd: pgBackRest is gestopt, er is niets vastgelegd.</translation>
    </message>
    <message>
        <source>The backup failed: %1</source>
        <translation>De back-up is mislukt: %1</translation>
    </message>
    <message>
        <source>The backup was made, but could not be recorded: %1</source>
        <translation>De back-up is gemaakt, maar kon niet worden vastgelegd: %1</translation>
    </message>
    <message>
        <source>Backup made and recorded.</source>
        <translation>Back-up gemaakt en vastgelegd.</translation>
    </message>
    <message>
        <source>The result could not be recorded: %1</source>
        <translation>Het resultaat kon niet worden vastgelegd: %1</translation>
    </message>
    <message>
        <source>The verification failed: %1</source>
        <translation>De verificatie is mislukt: %1</translation>
    </message>
    <message>
        <source>The restore drill failed: %1</source>
        <translation>De hersteloefening is mislukt: %1</translation>
    </message>
    <message>
        <source>This window has no backup login for this server: run `art32ctl backup run` as the backup login (the nightly timer does it).</source>
        <translation>Dit venster heeft geen back-uplogin voor deze server: voer `art32ctl backup run` uit als de back-uplogin (de nachtelijke timer doet dat).</translation>
    </message>
    <message>
        <source>Restores the latest backup into a scratch database and compares every table&apos;s rows and checksum with its header; the live database is not touched.</source>
        <translation>Zet de laatste back-up terug in een tijdelijke database en vergelijkt de rijen en de controlesom van elke tabel met de header; de live database wordt niet aangeraakt.</translation>
    </message>
    <message>
        <source>Runs an incremental pgBackRest backup now and records it in the catalogue.</source>
        <translation>Maakt nu een incrementele pgBackRest-back-up en legt die vast in de catalogus.</translation>
    </message>
    <message>
        <source>Backs up the database now: pg_dump, encrypted with the backup key, recorded in the catalogue.</source>
        <translation>Maakt nu een back-up van de database: pg_dump, versleuteld met de back-upsleutel, vastgelegd in de catalogus.</translation>
    </message>
    <message>
        <source>Backend: native (pg_dump, encrypted with this database&apos;s backup key from your keychain, into %1).</source>
        <translation>Backend: eigen (pg_dump, versleuteld met de back-upsleutel van deze database uit uw sleutelhanger, naar %1).</translation>
    </message>
    <message>
        <source>Backend: native. This profile is not the demo and names no pgBackRest stanza, so this window has no backup login: native backups run as the backup login with `art32ctl backup run` (the nightly timer does it). Name a pgBackRest stanza in the profile to run backups from here.</source>
        <translation>Backend: eigen. Dit profiel is niet de demo en noemt geen pgBackRest-stanza, dus dit venster heeft geen back-uplogin: eigen back-ups lopen als de back-uplogin met `art32ctl backup run` (de nachtelijke timer doet dat). Noem een pgBackRest-stanza in het profiel om hier back-ups te maken.</translation>
    </message>
    <message>
        <source>Restore
time</source>
        <translation>Hersteltijd</translation>
    </message>
    <message>
        <source>Erasures
re-applied</source>
        <translation>Wissingen
opnieuw toegepast</translation>
    </message>
    <message>
        <source>This window has no backup login for this server; see the backend line.</source>
        <translation>Dit venster heeft geen back-uplogin voor deze server; zie de regel over de backend.</translation>
    </message>
    <message>
        <source>There is no complete backup to check yet: run one first.</source>
        <translation>Er is nog geen volledige back-up om te controleren: maak er eerst een.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Verlopen</translation>
    </message>
    <message>
        <source>pgBackRest expired this backup itself: it is gone from the repository.</source>
        <translation>pgBackRest heeft deze back-up zelf laten verlopen: hij staat niet meer in de repository.</translation>
    </message>
    <message>
        <source>Verification cancelled: pgBackRest was stopped; the catalogue records the check as cancelled, not as failed.</source>
        <translation>Verificatie geannuleerd: pgBackRest is gestopt; de catalogus legt de controle vast als geannuleerd, niet als mislukt.</translation>
    </message>
    <message>
        <source>Restore drill cancelled: pgBackRest was stopped; the catalogue records the drill as cancelled, not as failed.</source>
        <translation>Hersteloefening geannuleerd: pgBackRest is gestopt; de catalogus legt de oefening vast als geannuleerd, niet als mislukt.</translation>
    </message>
    <message>
        <source>The server refused: %1</source>
        <translation>De server weigerde: %1</translation>
    </message>
    <message>
        <source>Cancelled before it started: nothing was recorded.</source>
        <translation>Geannuleerd voordat het begon: er is niets vastgelegd.</translation>
    </message>
    <message>
        <source>Backing up: %1 written</source>
        <translation>Back-up maken: %1 geschreven</translation>
    </message>
    <message>
        <source>Verifying: restoring into a scratch database, %1 of %2 read</source>
        <translation>Verifiëren: terugzetten in een tijdelijke database, %1 van %2 gelezen</translation>
    </message>
    <message>
        <source>Restore drill: restoring, %1 of %2 read</source>
        <translation>Hersteloefening: terugzetten, %1 van %2 gelezen</translation>
    </message>
    <message>
        <source>Backing up: pg_dump is exporting a snapshot</source>
        <translation>Back-up maken: pg_dump exporteert een momentopname</translation>
    </message>
    <message>
        <source>Verifying: decrypting into a scratch database</source>
        <translation>Verifiëren: ontsleutelen naar een tijdelijke database</translation>
    </message>
    <message>
        <source>Restore drill: decrypting into a scratch database</source>
        <translation>Hersteloefening: ontsleutelen naar een tijdelijke database</translation>
    </message>
    <message>
        <source>Backup cancelled: no file was kept, and the catalogue records the run as cancelled.</source>
        <translation>Back-up geannuleerd: er is geen bestand bewaard en de catalogus legt de run vast als geannuleerd.</translation>
    </message>
    <message>
        <source>Verification cancelled: the scratch database was dropped; the catalogue records the check as cancelled, not as failed.</source>
        <translation>Verificatie geannuleerd: de tijdelijke database is verwijderd; de catalogus legt de controle vast als geannuleerd, niet als mislukt.</translation>
    </message>
    <message>
        <source>Restore drill cancelled: the scratch database was dropped; the catalogue records the drill as cancelled, not as failed.</source>
        <translation>Hersteloefening geannuleerd: de tijdelijke database is verwijderd; de catalogus legt de oefening vast als geannuleerd, niet als mislukt.</translation>
    </message>
    <message>
        <source>Backup written: %1 (%2), recorded in the catalogue.</source>
        <translation>Back-up geschreven: %1 (%2), vastgelegd in de catalogus.</translation>
    </message>
    <message numerus="yes">
        <source>Verified: restored into a scratch database in %1; the rows and checksums of %n table(s) match its header.</source>
        <translation>
            <numerusform>Geverifieerd: in %1 teruggezet in een tijdelijke database; de rijen en controlesommen van %n tabel komen overeen met de header.</numerusform>
            <numerusform>Geverifieerd: in %1 teruggezet in een tijdelijke database; de rijen en controlesommen van %n tabellen komen overeen met de header.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restore drill done: restored in %1; %n erasure(s) re-applied from the ledger.</source>
        <translation>
            <numerusform>Hersteloefening klaar: teruggezet in %1; %n wissing opnieuw toegepast uit het register.</numerusform>
            <numerusform>Hersteloefening klaar: teruggezet in %1; %n wissingen opnieuw toegepast uit het register.</numerusform>
        </translation>
    </message>
    <message>
        <source>No backups yet — run `art32ctl backup run` as the backup login</source>
        <translation>Nog geen back-ups — voer `art32ctl backup run` uit als de back-uplogin</translation>
    </message>
    <message>
        <source>Reported late</source>
        <translation>Laat gemeld</translation>
    </message>
    <message numerus="yes">
        <source>Verified: the backup restored into a scratch copy in %1 and a temporary server opened it; %n erasure(s) re-applied from the ledger.</source>
        <translation>
            <numerusform>Geverifieerd: de back-up is in %1 teruggezet in een tijdelijke kopie en een tijdelijke server opende die; %n wissing opnieuw toegepast uit het register.</numerusform>
            <numerusform>Geverifieerd: de back-up is in %1 teruggezet in een tijdelijke kopie en een tijdelijke server opende die; %n wissingen opnieuw toegepast uit het register.</numerusform>
        </translation>
    </message>
    <message>
        <source>Backup %1 is not a file of the backup directory: it is not opened.</source>
        <translation>Back-up %1 is geen bestand van de back-upmap: hij wordt niet geopend.</translation>
    </message>
    <message>
        <source>Backend: native (pg_dump, encrypted with the backup key of the key file %1, into %2).</source>
        <translation>Backend: eigen (pg_dump, versleuteld met de back-upsleutel uit het sleutelbestand %1, naar %2).</translation>
    </message>
    <message numerus="yes">
        <source>That is more than %n hour(s).</source>
        <translation>
            <numerusform>Dat is meer dan %n uur.</numerusform>
            <numerusform>Dat is meer dan %n uur.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::Console</name>
    <message>
        <source>Locked after %1 minutes without activity.</source>
        <translation>Vergrendeld na %1 minuten zonder activiteit.</translation>
    </message>
    <message>
        <source>Locked because the screen was locked.</source>
        <translation>Vergrendeld omdat het scherm werd vergrendeld.</translation>
    </message>
    <message>
        <source>Locked because the computer is going to sleep.</source>
        <translation>Vergrendeld omdat de computer in slaapstand gaat.</translation>
    </message>
    <message>
        <source>The connection is back. The server ended the unlocked session with the old connection: enter a new code to go on. Unsaved edits are kept.</source>
        <translation>De verbinding is terug. De server heeft de ontgrendelde sessie met de oude verbinding beëindigd: voer een nieuwe code in om verder te gaan. Niet-opgeslagen wijzigingen blijven bewaard.</translation>
    </message>
</context>
<context>
    <name>art32::ui::DecisionsPanel</name>
    <message>
        <source>Decisions</source>
        <translation>Besluiten</translation>
    </message>
    <message>
        <source>Record notify decision</source>
        <translation>Meldbesluit vastleggen</translation>
    </message>
    <message>
        <source>Record inform decision</source>
        <translation>Informeerbesluit vastleggen</translation>
    </message>
    <message>
        <source>Use ground a</source>
        <translation>Grond a gebruiken</translation>
    </message>
    <message>
        <source>Notify the authority</source>
        <translation>Melden bij de toezichthouder</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>(kiezen)</translation>
    </message>
    <message>
        <source>Yes, notify the authority</source>
        <translation>Ja, melden bij de toezichthouder</translation>
    </message>
    <message>
        <source>No, do not notify</source>
        <translation>Nee, niet melden</translation>
    </message>
    <message>
        <source>Rationale of the notify decision</source>
        <translation>Motivering van het meldbesluit</translation>
    </message>
    <message>
        <source>Why: the risk to the people affected as you assess it</source>
        <translation>Waarom: het risico voor de betrokkenen zoals u het inschat</translation>
    </message>
    <message>
        <source>Inform the people affected</source>
        <translation>Betrokkenen informeren</translation>
    </message>
    <message>
        <source>Yes, inform the people affected</source>
        <translation>Ja, de betrokkenen informeren</translation>
    </message>
    <message>
        <source>No, do not inform them</source>
        <translation>Nee, hen niet informeren</translation>
    </message>
    <message>
        <source>Art. 34(3) ground</source>
        <translation>Grond van art. 34 lid 3</translation>
    </message>
    <message>
        <source>(no exemption: high risk not likely)</source>
        <translation>(geen uitzondering: hoog risico niet waarschijnlijk)</translation>
    </message>
    <message>
        <source>a: the data were unintelligible (e.g. encrypted, key not compromised)</source>
        <translation>a: de gegevens waren onbegrijpelijk (bijv. versleuteld, sleutel niet gecompromitteerd)</translation>
    </message>
    <message>
        <source>b: measures taken make the high risk no longer likely</source>
        <translation>b: genomen maatregelen maken het hoge risico niet langer waarschijnlijk</translation>
    </message>
    <message>
        <source>c: informing each person takes disproportionate effort; a public communication instead</source>
        <translation>c: ieder persoon informeren vergt onevenredige inspanning; in plaats daarvan een openbare mededeling</translation>
    </message>
    <message>
        <source>Public communication</source>
        <translation>Openbare mededeling</translation>
    </message>
    <message>
        <source>The text of the public communication (required for ground c)</source>
        <translation>De tekst van de openbare mededeling (verplicht bij grond c)</translation>
    </message>
    <message>
        <source>Rationale of the inform decision</source>
        <translation>Motivering van het informeerbesluit</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Waarom</translation>
    </message>
    <message>
        <source>The form says the data were encrypted or hashed and the key was not compromised: Art. 34(3)(a) may exempt you from informing the people affected.</source>
        <translation>Volgens het formulier waren de gegevens versleuteld of gehasht en is de sleutel niet gecompromitteerd: art. 34 lid 3 sub a kan u vrijstellen van het informeren van de betrokkenen.</translation>
    </message>
    <message>
        <source>Notify the authority (Art. 33)</source>
        <translation>Melden bij de toezichthouder (art. 33)</translation>
    </message>
    <message>
        <source>Inform the people affected (Art. 34)</source>
        <translation>Betrokkenen informeren (art. 34)</translation>
    </message>
    <message>
        <source>History of decisions</source>
        <translation>Geschiedenis van de besluiten</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wie</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Besluit</translation>
    </message>
    <message>
        <source>Each decision is kept as it was recorded; a new one supersedes it. The one in force is marked.</source>
        <translation>Elk besluit blijft bewaard zoals het is vastgelegd; een nieuw besluit vervangt het. Het geldende besluit is gemarkeerd.</translation>
    </message>
    <message>
        <source>Only a CTO records whether the authority is notified. You can record whether the people affected are informed.</source>
        <translation>Alleen een CTO legt vast of er bij de toezichthouder wordt gemeld. U kunt vastleggen of de betrokkenen worden geïnformeerd.</translation>
    </message>
    <message>
        <source>Ground c needs the public communication&apos;s text.</source>
        <translation>Grond c vraagt de tekst van de openbare mededeling.</translation>
    </message>
    <message>
        <source>Notify the authority: yes</source>
        <translation>Melden bij de toezichthouder: ja</translation>
    </message>
    <message>
        <source>Notify the authority: no</source>
        <translation>Melden bij de toezichthouder: nee</translation>
    </message>
    <message>
        <source>Inform the people affected: yes</source>
        <translation>Betrokkenen informeren: ja</translation>
    </message>
    <message>
        <source>Inform the people affected: no</source>
        <translation>Betrokkenen informeren: nee</translation>
    </message>
    <message>
        <source>(Art. 34(3)(%1))</source>
        <translation>(art. 34 lid 3 sub %1)</translation>
    </message>
    <message>
        <source>— in force</source>
        <translation>— geldt</translation>
    </message>
    <message>
        <source>— superseded</source>
        <translation>— vervangen</translation>
    </message>
    <message>
        <source>Public communication: %1</source>
        <translation>Openbare mededeling: %1</translation>
    </message>
    <message>
        <source>No decisions yet.</source>
        <translation>Nog geen besluiten.</translation>
    </message>
    <message>
        <source>Choose yes or no and write why (at least 5 characters) before recording the decision.</source>
        <translation>Kies ja of nee en schrijf waarom (minstens 5 tekens) voordat u het besluit vastlegt.</translation>
    </message>
    <message>
        <source>The decision was not recorded: %1</source>
        <translation>Het besluit is niet vastgelegd: %1</translation>
    </message>
</context>
<context>
    <name>art32::ui::DraftKeeper</name>
    <message>
        <source>Restore</source>
        <translation>Herstellen</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Weggooien</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Unsaved title of a new incident from %1.</source>
        <translation>Niet-opgeslagen titel van een nieuw incident van %1.</translation>
    </message>
    <message numerus="yes">
        <source>Unsaved changes to incident %1 from %2 (%n field(s)).</source>
        <translation>
            <numerusform>Niet-opgeslagen wijzigingen in incident %1 van %2 (%n veld).</numerusform>
            <numerusform>Niet-opgeslagen wijzigingen in incident %1 van %2 (%n velden).</numerusform>
        </translation>
    </message>
    <message>
        <source>Incident %1 was saved by someone since these changes were made (version %2, now %3): check the restored fields before you save.</source>
        <translation>Incident %1 is door iemand opgeslagen nadat deze wijzigingen zijn gemaakt (versie %2, nu %3): controleer de herstelde velden voordat u opslaat.</translation>
    </message>
    <message>
        <source>Could not delete the draft %1.</source>
        <translation>Het concept %1 kon niet worden verwijderd.</translation>
    </message>
    <message>
        <source>The incident was saved, but its draft %1 could not be deleted.</source>
        <translation>Het incident is opgeslagen, maar het concept %1 kon niet worden verwijderd.</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) of incident %1 restored. They are not saved yet.</source>
        <translation>
            <numerusform>%n veld van incident %1 hersteld. Het is nog niet opgeslagen.</numerusform>
            <numerusform>%n velden van incident %1 hersteld. Ze zijn nog niet opgeslagen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::EnrollDialog</name>
    <message>
        <source>Set up %1</source>
        <translation>%1 instellen</translation>
    </message>
    <message>
        <source>Database password</source>
        <translation>Databasewachtwoord</translation>
    </message>
    <message>
        <source>First code</source>
        <translation>Eerste code</translation>
    </message>
    <message>
        <source>The keychain has no database password for %1 yet. Enter the password the CTO gave you; it is stored only in this machine&apos;s keychain.</source>
        <translation>De sleutelhanger heeft nog geen databasewachtwoord voor %1. Voer het wachtwoord in dat u van de CTO kreeg; het wordt alleen in de sleutelhanger van deze machine bewaard.</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Wachtwoord:</translation>
    </message>
    <message>
        <source>Scan this code with your authenticator app (or enter the key below by hand), then type the six-digit code it shows. A new key pair for this machine goes into the keychain.</source>
        <translation>Scan deze code met uw authenticator-app (of voer de sleutel hieronder met de hand in) en typ daarna de code van zes cijfers die de app toont. Een nieuw sleutelpaar voor deze machine gaat in de sleutelhanger.</translation>
    </message>
    <message>
        <source>First &amp;code:</source>
        <translation>Eerste &amp;code:</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Sleutel: %1</translation>
    </message>
    <message>
        <source>&amp;Enroll</source>
        <translation>&amp;Registreren</translation>
    </message>
    <message>
        <source>&amp;Save password</source>
        <translation>Wachtwoord &amp;opslaan</translation>
    </message>
    <message>
        <source>Enter the password first.</source>
        <translation>Voer eerst het wachtwoord in.</translation>
    </message>
</context>
<context>
    <name>art32::ui::EvidenceSection</name>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Bedrijf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Add accounts…</source>
        <translation>Accounts toevoegen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Collect evidence</source>
        <translation>Bewijs verzamelen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wie</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Gebeurtenissen</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Eerste</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Laatste</translation>
    </message>
    <message>
        <source>Link these accounts</source>
        <translation>Deze accounts koppelen</translation>
    </message>
    <message>
        <source>Restore from backup (availability breach)</source>
        <translation>Herstel uit back-up (beschikbaarheidslek)</translation>
    </message>
    <message>
        <source>Put into the report</source>
        <translation>In de melding opnemen</translation>
    </message>
    <message>
        <source>Affected accounts</source>
        <translation>Getroffen accounts</translation>
    </message>
    <message>
        <source>Evidence from the audit log</source>
        <translation>Bewijs uit het auditlogboek</translation>
    </message>
    <message>
        <source>Evidence from</source>
        <translation>Bewijs vanaf</translation>
    </message>
    <message>
        <source>Evidence until</source>
        <translation>Bewijs tot</translation>
    </message>
    <message>
        <source>Collecting evidence</source>
        <translation>Bewijs wordt verzameld</translation>
    </message>
    <message>
        <source>Links the accounts listed above to this incident and fills in questions 6 and 7 from their records.</source>
        <translation>Koppelt de accounts hierboven aan dit incident en vult vraag 6 en 7 in uit hun registraties.</translation>
    </message>
    <message>
        <source>Who read, changed, erased or exported which accounts in the incident&apos;s window. Widen the window if the breach may have started earlier.</source>
        <translation>Wie welke accounts heeft ingezien, gewijzigd, gewist of geëxporteerd in het tijdvak van het incident. Maak het tijdvak ruimer als het datalek eerder begonnen kan zijn.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <source>until</source>
        <translation>tot</translation>
    </message>
    <message>
        <source>Replace the numbers?</source>
        <translation>Aantallen vervangen?</translation>
    </message>
    <message>
        <source>Collect evidence to see who read or changed accounts in this window.</source>
        <translation>Verzamel bewijs om te zien wie in dit tijdvak accounts heeft ingezien of gewijzigd.</translation>
    </message>
    <message>
        <source>Auditors read incidents only.</source>
        <translation>Auditors kunnen incidenten alleen inzien.</translation>
    </message>
    <message>
        <source>Write both ends of the window as times, such as 2026-12-02T09:30, the end after the start.</source>
        <translation>Schrijf beide grenzen van het tijdvak als tijd, zoals 2026-12-02T09:30, het einde na het begin.</translation>
    </message>
    <message>
        <source>Reading the audit log…</source>
        <translation>Auditlogboek wordt gelezen…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw</translation>
    </message>
    <message>
        <source>Cancelled: nothing is listed.</source>
        <translation>Geannuleerd: er staat niets in de lijst.</translation>
    </message>
    <message>
        <source>all accounts</source>
        <translation>alle accounts</translation>
    </message>
    <message>
        <source>accounts %1–%2</source>
        <translation>accounts %1–%2</translation>
    </message>
    <message numerus="yes">
        <source>Nobody read, changed, erased or exported an account in this window (%n event(s) in it).</source>
        <translation>
            <numerusform>Niemand heeft in dit tijdvak een account ingezien, gewijzigd, gewist of geëxporteerd (%n gebeurtenis erin).</numerusform>
            <numerusform>Niemand heeft in dit tijdvak een account ingezien, gewijzigd, gewist of geëxporteerd (%n gebeurtenissen erin).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) read, changed, erased or exported in this window</source>
        <translation>
            <numerusform>%n account ingezien, gewijzigd, gewist of geëxporteerd in dit tijdvak</numerusform>
            <numerusform>%n accounts ingezien, gewijzigd, gewist of geëxporteerd in dit tijdvak</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n event(s) of the audit log).</source>
        <translation>
            <numerusform>(%n gebeurtenis in het auditlogboek).</numerusform>
            <numerusform>(%n gebeurtenissen in het auditlogboek).</numerusform>
        </translation>
    </message>
    <message>
        <source>Only the first %1 rows are listed.</source>
        <translation>Alleen de eerste %1 regels staan in de lijst.</translation>
    </message>
    <message>
        <source>Covered by the signed checkpoint of event %1 (%2, signed by %3).</source>
        <translation>Gedekt door het ondertekende controlepunt van gebeurtenis %1 (%2, ondertekend door %3).</translation>
    </message>
    <message>
        <source>The chain was verified intact up to it (%1, by %2).</source>
        <translation>De keten is tot daar gecontroleerd en intact (%1, door %2).</translation>
    </message>
    <message>
        <source>The chain has not been verified up to it yet: run Verify chain in the Audit log.</source>
        <translation>De keten is nog niet tot daar gecontroleerd: kies Keten controleren in het auditlogboek.</translation>
    </message>
    <message>
        <source>No signed checkpoint covers this window yet: a CTO signs one after its last event (%1) with &quot;art32ctl audit checkpoint&quot;. Until then the evidence rests on the chain alone.</source>
        <translation>Nog geen ondertekend controlepunt dekt dit tijdvak: een CTO ondertekent er een na de laatste gebeurtenis (%1) met &quot;art32ctl audit checkpoint&quot;. Tot dan rust het bewijs alleen op de keten.</translation>
    </message>
    <message>
        <source>The chain was verified intact past the window (%1, by %2).</source>
        <translation>De keten is tot voorbij het tijdvak gecontroleerd en intact (%1, door %2).</translation>
    </message>
    <message>
        <source>No accounts linked yet: add them from the Accounts list, or link those the evidence names.</source>
        <translation>Nog geen accounts gekoppeld: voeg ze toe uit de lijst met accounts, of koppel de accounts die het bewijs noemt.</translation>
    </message>
    <message>
        <source>No accounts linked.</source>
        <translation>Geen accounts gekoppeld.</translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) linked.</source>
        <translation>
            <numerusform>%n account gekoppeld.</numerusform>
            <numerusform>%n accounts gekoppeld.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n newly linked.</source>
        <translation>
            <numerusform>%n nieuw gekoppeld.</numerusform>
            <numerusform>%n nieuw gekoppeld.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Questions 6 and 7 already hold numbers. Replace them with the counts of the linked accounts: %n record(s)</source>
        <translation>
            <numerusform>Vraag 6 en 7 bevatten al aantallen. Vervangen door de aantallen van de gekoppelde accounts: %n registratie</numerusform>
            <numerusform>Vraag 6 en 7 bevatten al aantallen. Vervangen door de aantallen van de gekoppelde accounts: %n registraties</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n person(s)?</source>
        <translation>
            <numerusform>%n persoon?</numerusform>
            <numerusform>%n personen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Questions 6 and 7 now hold the linked accounts&apos; counts (exact). Save the incident to keep them.</source>
        <translation>Vraag 6 en 7 bevatten nu de aantallen van de gekoppelde accounts (exact). Sla het incident op om ze te bewaren.</translation>
    </message>
    <message>
        <source>The numbers you typed in questions 6 and 7 are kept; the empty ones now hold the linked accounts&apos; counts. Save the incident to keep them.</source>
        <translation>De aantallen die u bij vraag 6 en 7 typte blijven staan; de lege velden bevatten nu de aantallen van de gekoppelde accounts. Sla het incident op om ze te bewaren.</translation>
    </message>
    <message>
        <source>Looking for a restore around the incident…</source>
        <translation>Zoeken naar een herstel rond het incident…</translation>
    </message>
    <message>
        <source>The backups catalogue could not be read: %1</source>
        <translation>De catalogus van back-ups kon niet worden gelezen: %1</translation>
    </message>
    <message>
        <source>No restore recorded in this window. A restore or drill recorded in the Backups view during the incident (or the day after) is offered here.</source>
        <translation>Geen herstel vastgelegd in dit tijdvak. Een herstel of oefening die tijdens het incident (of de dag erna) in het overzicht Back-ups is vastgelegd, wordt hier aangeboden.</translation>
    </message>
    <message>
        <source>The restore is in questions 9 and 10 and on the timeline. Save the incident to keep the answers.</source>
        <translation>Het herstel staat bij vraag 9 en 10 en op de tijdlijn. Sla het incident op om de antwoorden te bewaren.</translation>
    </message>
</context>
<context>
    <name>art32::ui::GrantsModel</name>
    <message>
        <source>Revoked %1</source>
        <translation>Ingetrokken %1</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>System administrator</source>
        <translation>Systeembeheerder</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Tot</translation>
    </message>
    <message>
        <source>Granted by</source>
        <translation>Gegeven door</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>Gegeven</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>request %1</source>
        <translation>aanvraag %1</translation>
    </message>
    <message>
        <source>granted without request</source>
        <translation>gegeven zonder aanvraag</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Hoe</translation>
    </message>
</context>
<context>
    <name>art32::ui::IncidentFilters</name>
    <message>
        <source>Filter by severity</source>
        <translation>Filteren op ernst</translation>
    </message>
    <message>
        <source>Any severity</source>
        <translation>Elke ernst</translation>
    </message>
    <message>
        <source>Severity not answered</source>
        <translation>Ernst niet ingevuld</translation>
    </message>
    <message>
        <source>Filter by the 72-hour clock</source>
        <translation>Filteren op de 72-uursklok</translation>
    </message>
    <message>
        <source>Any clock</source>
        <translation>Elke klokstand</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Over de termijn</translation>
    </message>
    <message>
        <source>Due within 24 hours</source>
        <translation>Termijn binnen 24 uur</translation>
    </message>
    <message>
        <source>Clock running</source>
        <translation>Klok loopt</translation>
    </message>
    <message>
        <source>Clock not started</source>
        <translation>Klok niet gestart</translation>
    </message>
    <message>
        <source>Notified or decided not to</source>
        <translation>Gemeld of besloten niet te melden</translation>
    </message>
    <message>
        <source>Filter by assignee</source>
        <translation>Filteren op behandelaar</translation>
    </message>
    <message>
        <source>Any assignee</source>
        <translation>Elke behandelaar</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Geen behandelaar</translation>
    </message>
</context>
<context>
    <name>art32::ui::IncidentsView</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 u %2 min</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Gesloten</translation>
    </message>
    <message>
        <source>Clock not started</source>
        <translation>Klok niet gestart</translation>
    </message>
    <message>
        <source>Due in %1</source>
        <translation>Termijn over %1</translation>
    </message>
    <message>
        <source>Overdue by %1</source>
        <translation>%1 over de termijn</translation>
    </message>
    <message>
        <source>Notified in time</source>
        <translation>Op tijd gemeld</translation>
    </message>
    <message>
        <source>Notified late</source>
        <translation>Te laat gemeld</translation>
    </message>
    <message>
        <source>Not notified (decided)</source>
        <translation>Niet gemeld (besloten)</translation>
    </message>
    <message>
        <source>Open incident</source>
        <translation>Incident openen</translation>
    </message>
    <message>
        <source>Move to state</source>
        <translation>Naar status zetten</translation>
    </message>
    <message>
        <source>Save incident</source>
        <translation>Incident opslaan</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>PDF exporteren…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON exporteren…</translation>
    </message>
    <message>
        <source>Filter by title or assignee</source>
        <translation>Filteren op titel of behandelaar</translation>
    </message>
    <message>
        <source>Filter incidents</source>
        <translation>Incidenten filteren</translation>
    </message>
    <message>
        <source>Filter by state</source>
        <translation>Filteren op status</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle statussen</translation>
    </message>
    <message>
        <source>Open (not closed)</source>
        <translation>Open (niet gesloten)</translation>
    </message>
    <message>
        <source>Title of a new incident</source>
        <translation>Titel van een nieuw incident</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Ernst</translation>
    </message>
    <message>
        <source>72-hour clock</source>
        <translation>72-uursklok</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Behandelaar</translation>
    </message>
    <message>
        <source>Next state</source>
        <translation>Volgende status</translation>
    </message>
    <message>
        <source>(not answered)</source>
        <translation>(niet ingevuld)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nee</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>bijv. %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Incident %1: %2 (%3)</source>
        <translation>Incident %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Not a time: write it as 2026-12-02T09:30 (local time) or with a zone.</source>
        <translation>Geen tijdstip: schrijf het als 2026-12-02T09:30 (lokale tijd) of met een tijdzone.</translation>
    </message>
    <message>
        <source>Write a whole number.</source>
        <translation>Schrijf een geheel getal.</translation>
    </message>
    <message>
        <source>The number cannot be negative.</source>
        <translation>Het getal kan niet negatief zijn.</translation>
    </message>
    <message>
        <source>Write a number such as 0.25.</source>
        <translation>Schrijf een getal zoals 0.25.</translation>
    </message>
    <message>
        <source>At most cannot be less than at least.</source>
        <translation>Het maximum kan niet kleiner zijn dan het minimum.</translation>
    </message>
    <message>
        <source>Hint: the data were unintelligible and the key was not compromised, so Art. 34(3)(a) may exempt you from informing the people affected. Record it as the decision&apos;s ground.</source>
        <translation>Tip: de gegevens waren onbegrijpelijk en de sleutel is niet gecompromitteerd, dus art. 34 lid 3 sub a AVG kan u vrijstellen van het informeren van de betrokkenen. Leg dat vast als grond van het besluit.</translation>
    </message>
    <message>
        <source>ENISA (2013) advises: SE = %1 × %2 + %3 = %4, severity %5. You decide question 9.</source>
        <translation>ENISA (2013) adviseert: SE = %1 × %2 + %3 = %4, ernst %5. U beslist over vraag 9.</translation>
    </message>
    <message>
        <source>ENISA helper: fill in the context score (1–4) and the ease of identification (0.25, 0.5, 0.75 or 1) for advice on the severity.</source>
        <translation>ENISA-hulp: vul de contextscore (1–4) en de identificeerbaarheid (0.25, 0.5, 0.75 of 1) in voor een advies over de ernst.</translation>
    </message>
    <message>
        <source>Before closing: %1.</source>
        <translation>Nodig voor het sluiten: %1.</translation>
    </message>
    <message>
        <source>No incident selected. Select one above, or open a new one.</source>
        <translation>Geen incident gekozen. Kies er hierboven een, of open een nieuw.</translation>
    </message>
    <message>
        <source>No incident selected. Select one above.</source>
        <translation>Geen incident gekozen. Kies er hierboven een.</translation>
    </message>
    <message>
        <source>Deadline %1 (72 hours after awareness): %2</source>
        <translation>Termijn %1 (72 uur na kennisname): %2</translation>
    </message>
    <message>
        <source>Some fields are not valid yet; they say what is wrong. Nothing was saved.</source>
        <translation>Sommige velden zijn nog niet geldig; ze zeggen wat er mis is. Er is niets opgeslagen.</translation>
    </message>
    <message>
        <source>Not saved: %1 Your input is kept.</source>
        <translation>Niet opgeslagen: %1 Uw invoer blijft staan.</translation>
    </message>
    <message>
        <source>Someone else saved incident %1 meanwhile. Your input is kept; reload to see theirs (your changes will then be lost unless you copy them).</source>
        <translation>Iemand anders heeft incident %1 intussen opgeslagen. Uw invoer blijft staan; laad opnieuw om de hunne te zien (uw wijzigingen gaan dan verloren, tenzij u ze kopieert).</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Opnieuw laden</translation>
    </message>
    <message>
        <source>Someone else changed incident %1 meanwhile.</source>
        <translation>Iemand anders heeft incident %1 intussen gewijzigd.</translation>
    </message>
    <message>
        <source>Export incident as PDF</source>
        <translation>Incident als PDF exporteren</translation>
    </message>
    <message>
        <source>Export incident as JSON</source>
        <translation>Incident als JSON exporteren</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Geëxporteerd naar %1.</translation>
    </message>
    <message>
        <source>Incident %1</source>
        <translation>Incident %1</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kon %1 niet schrijven: %2</translation>
    </message>
    <message>
        <source>Give the new incident a title first.</source>
        <translation>Geef het nieuwe incident eerst een titel.</translation>
    </message>
</context>
<context>
    <name>art32::ui::KeysPanel</name>
    <message>
        <source>The key-encryption key (KEK) wraps every account&apos;s data key; the index key makes exact search possible. Rotating one makes a new version, seals it to everyone who held the old one and moves every row over in batches. Records stay readable throughout; a cancelled rotation resumes where it stopped.</source>
        <translation>De sleutelversleutelingssleutel (KEK) verpakt de gegevenssleutel van elk account; de indexsleutel maakt exact zoeken mogelijk. Roteren maakt een nieuwe versie, verzegelt die voor iedereen die de oude had en zet alle rijen in delen over. Gegevens blijven de hele tijd leesbaar; een geannuleerde rotatie gaat verder waar ze stopte.</translation>
    </message>
    <message>
        <source>Rotate &amp;KEK…</source>
        <translation>&amp;KEK roteren…</translation>
    </message>
    <message>
        <source>Rotate &amp;index key…</source>
        <translation>&amp;Indexsleutel roteren…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>You hold KEK version %1.</source>
        <translation>U heeft KEK-versie %1.</translation>
    </message>
    <message>
        <source>You hold no KEK.</source>
        <translation>U heeft geen KEK.</translation>
    </message>
    <message>
        <source>You hold index key version %1.</source>
        <translation>U heeft indexsleutelversie %1.</translation>
    </message>
    <message>
        <source>You hold no index key.</source>
        <translation>U heeft geen indexsleutel.</translation>
    </message>
    <message>
        <source>A KEK rotation from version %1 to %2, started by %3, is not finished: rotate the KEK to resume it.</source>
        <translation>Een KEK-rotatie van versie %1 naar %2, gestart door %3, is niet af: roteer de KEK om verder te gaan.</translation>
    </message>
    <message>
        <source>An index-key rotation from version %1 to %2, started by %3, is not finished: rotate the index key to resume it.</source>
        <translation>Een rotatie van de indexsleutel van versie %1 naar %2, gestart door %3, is niet af: roteer de indexsleutel om verder te gaan.</translation>
    </message>
    <message>
        <source>Resume &amp;KEK rotation</source>
        <translation>&amp;KEK-rotatie hervatten</translation>
    </message>
    <message>
        <source>Resume &amp;index-key rotation</source>
        <translation>Rotatie van &amp;indexsleutel hervatten</translation>
    </message>
    <message>
        <source>Rotate the KEK</source>
        <translation>De KEK roteren</translation>
    </message>
    <message>
        <source>Rotate the index key</source>
        <translation>De indexsleutel roteren</translation>
    </message>
    <message>
        <source>Make a new KEK, seal it to everyone who holds the current one, and re-wrap every account&apos;s data key with it? This takes a while on large databases; you can cancel and resume later.</source>
        <translation>Een nieuwe KEK maken, die verzegelen voor iedereen die de huidige heeft, en de gegevenssleutel van elk account ermee opnieuw verpakken? Bij grote databases duurt dit even; u kunt annuleren en later hervatten.</translation>
    </message>
    <message>
        <source>Make a new index key, seal it to everyone who holds the current one, and recompute every e-mail and phone search index? You can cancel and resume later.</source>
        <translation>Een nieuwe indexsleutel maken, die verzegelen voor iedereen die de huidige heeft, en elke zoekindex van e-mail en telefoon opnieuw berekenen? U kunt annuleren en later hervatten.</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 van %2 rijen</translation>
    </message>
    <message>
        <source>The KEK is now version %1: %2 account keys re-wrapped in this run. Everyone who held the old KEK holds the new one; the old one is retired.</source>
        <translation>De KEK is nu versie %1: %2 accountsleutels opnieuw verpakt in deze ronde. Iedereen die de oude KEK had, heeft de nieuwe; de oude is buiten gebruik.</translation>
    </message>
    <message>
        <source>The index key is now version %1: %2 search indexes recomputed in this run.</source>
        <translation>De indexsleutel is nu versie %1: %2 zoekindexen opnieuw berekend in deze ronde.</translation>
    </message>
    <message>
        <source>Rotation paused after %1 rows in this run. Every record stays readable; rotate again to resume.</source>
        <translation>Rotatie gepauzeerd na %1 rijen in deze ronde. Alle gegevens blijven leesbaar; roteer opnieuw om te hervatten.</translation>
    </message>
    <message>
        <source>Rotate key-encryption key</source>
        <translation>Sleutelversleutelingssleutel vervangen</translation>
    </message>
    <message>
        <source>Rotate index key</source>
        <translation>Indexsleutel vervangen</translation>
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
        <source>Views</source>
        <translation>Weergaven</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profiel: %1</translation>
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
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Vergrendelen</translation>
    </message>
    <message>
        <source>Lock the console now (Ctrl+L): keys and shown data are wiped</source>
        <translation>Vergrendel de console nu (Ctrl+L): sleutels en getoonde gegevens worden gewist</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hoofdwerkbalk</translation>
    </message>
    <message>
        <source>Auto-lock in %1:%2</source>
        <translation>Automatisch vergrendelen over %1:%2</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Overzicht</translation>
    </message>
    <message>
        <source>&amp;Accounts</source>
        <translation>&amp;Accounts</translation>
    </message>
    <message>
        <source>A&amp;ccess</source>
        <translation>&amp;Toegang</translation>
    </message>
    <message>
        <source>%1 Unsaved edits stay here; reconnect to save them.</source>
        <translation>%1 Niet-opgeslagen wijzigingen blijven hier staan; maak opnieuw verbinding om ze op te slaan.</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Opnieuw verbinden</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Opnieuw verbinden…</translation>
    </message>
    <message>
        <source>A&amp;udit log</source>
        <translation>A&amp;uditlogboek</translation>
    </message>
    <message>
        <source>&amp;Backups</source>
        <translation>&amp;Back-ups</translation>
    </message>
    <message>
        <source>&amp;Incidents</source>
        <translation>&amp;Incidenten</translation>
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
        <translation>
            <numerusform>Versie %1; %n migratie wacht: voer &quot;art32ctl db migrate&quot; uit.</numerusform>
            <numerusform>Versie %1; %n migraties wachten: voer &quot;art32ctl db migrate&quot; uit.</numerusform>
        </translation>
    </message>
    <message>
        <source>Version %1, up to date.</source>
        <translation>Versie %1, actueel.</translation>
    </message>
    <message>
        <source>Encryption keys</source>
        <translation>Versleutelingssleutels</translation>
    </message>
    <message>
        <source>PostgreSQL %1, database %2, unlocked as %3.</source>
        <translation>PostgreSQL %1, database %2, ontgrendeld als %3.</translation>
    </message>
    <message>
        <source>Key-encryption key version %1 is open in guarded memory; it is wiped when the console locks.</source>
        <translation>Sleutelversleutelingssleutel versie %1 is geopend in beschermd geheugen; hij wordt gewist zodra de console vergrendelt.</translation>
    </message>
    <message>
        <source>Auditors hold no encryption keys: personal data stays sealed.</source>
        <translation>Auditors hebben geen versleutelingssleutels: persoonsgegevens blijven verzegeld.</translation>
    </message>
    <message>
        <source>No key-encryption key is sealed to you yet. A CTO gives it with &quot;art32ctl admin seal-keys %1&quot;.</source>
        <translation>Er is nog geen sleutelversleutelingssleutel voor u verzegeld. Een CTO geeft hem met &quot;art32ctl admin seal-keys %1&quot;.</translation>
    </message>
    <message>
        <source>Opened after unlock.</source>
        <translation>Wordt geopend na ontgrendelen.</translation>
    </message>
    <message>
        <source>Administrators</source>
        <translation>Beheerders</translation>
    </message>
    <message>
        <source>Access grants</source>
        <translation>Toegangsrechten</translation>
    </message>
    <message>
        <source>A %1 rotation from version %2 to %3 is not finished: resume it in Access → Keys.</source>
        <translation>Een %1-rotatie van versie %2 naar %3 is niet af: hervat die in Toegang → Sleutels.</translation>
    </message>
    <message>
        <source>KEK</source>
        <translation>KEK</translation>
    </message>
    <message>
        <source>index-key</source>
        <translation>indexsleutel</translation>
    </message>
    <message>
        <source>Checked after unlock.</source>
        <translation>Gecontroleerd na ontgrendelen.</translation>
    </message>
    <message numerus="yes">
        <source>%n administrator(s) not enrolled yet: they cannot unlock.</source>
        <translation>
            <numerusform>%n beheerder nog niet geregistreerd: kan niet ontgrendelen.</numerusform>
            <numerusform>%n beheerders nog niet geregistreerd: kunnen niet ontgrendelen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n administrator(s), all enrolled.</source>
        <translation>
            <numerusform>%n beheerder, geregistreerd.</numerusform>
            <numerusform>%n beheerders, allemaal geregistreerd.</numerusform>
        </translation>
    </message>
    <message>
        <source>No access grant is active.</source>
        <translation>Er is geen toegangsrecht actief.</translation>
    </message>
    <message numerus="yes">
        <source>%n active grant(s), </source>
        <translation>
            <numerusform>%n actief toegangsrecht, </numerusform>
            <numerusform>%n actieve toegangsrechten, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ending within the hour.</source>
        <translation>
            <numerusform>%n loopt binnen het uur af.</numerusform>
            <numerusform>%n lopen binnen het uur af.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active grant(s), none ending within the hour.</source>
        <translation>
            <numerusform>%n actief toegangsrecht, dat niet binnen het uur afloopt.</numerusform>
            <numerusform>%n actieve toegangsrechten, geen loopt binnen het uur af.</numerusform>
        </translation>
    </message>
    <message>
        <source>Integrity scan</source>
        <translation>Integriteitscontrole</translation>
    </message>
    <message>
        <source>Local socket (no network). %1</source>
        <translation>Lokale socket (geen netwerk). %1</translation>
    </message>
    <message>
        <source>%1, server certificate verified (verify-full). %2</source>
        <translation>%1, servercertificaat gecontroleerd (verify-full). %2</translation>
    </message>
    <message>
        <source>Not encrypted over the network. %1</source>
        <translation>Niet versleuteld over het netwerk. %1</translation>
    </message>
    <message numerus="yes">
        <source>%n administrator(s) locked out by wrong codes now.</source>
        <translation>
            <numerusform>%n beheerder is nu buitengesloten door foute codes.</numerusform>
            <numerusform>%n beheerders zijn nu buitengesloten door foute codes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not enrolled yet.</source>
        <translation>
            <numerusform>%n nog niet ingeschreven.</numerusform>
            <numerusform>%n nog niet ingeschreven.</numerusform>
        </translation>
    </message>
    <message>
        <source>No integrity scan recorded yet: run one in Accounts.</source>
        <translation>Nog geen integriteitscontrole vastgelegd: voer er een uit in Accounts.</translation>
    </message>
    <message>
        <source>No integrity scan recorded yet.</source>
        <translation>Nog geen integriteitscontrole vastgelegd.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) failed authentication in the scan of %1 by %2.</source>
        <translation>
            <numerusform>%n item faalde de authenticatie bij de controle van %1 door %2.</numerusform>
            <numerusform>%n items faalden de authenticatie bij de controle van %1 door %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>The last scan (%1, by %2) was cancelled after %L3 accounts.</source>
        <translation>De laatste controle (%1, door %2) is afgebroken na %L3 accounts.</translation>
    </message>
    <message>
        <source>The last scan was %1: run one again.</source>
        <translation>De laatste controle was %1: voer er opnieuw een uit.</translation>
    </message>
    <message>
        <source>The last scan (%1, by %2) covered %L3 of %L4 accounts; none failed.</source>
        <translation>De laatste controle (%1, door %2) besloeg %L3 van %L4 accounts; niets faalde.</translation>
    </message>
    <message>
        <source>Last scan %1 by %2: %L3 accounts and %L4 records, none failed.</source>
        <translation>Laatste controle %1 door %2: %L3 accounts en %L4 gegevens, niets faalde.</translation>
    </message>
</context>
<context>
    <name>art32::ui::ReportsPanel</name>
    <message>
        <source>Reports sent to the authority</source>
        <translation>Meldingen verzonden aan de toezichthouder</translation>
    </message>
    <message>
        <source>Record report sent…</source>
        <translation>Verzonden melding vastleggen…</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>Melding openen</translation>
    </message>
    <message>
        <source>Export report as PDF…</source>
        <translation>Melding als PDF exporteren…</translation>
    </message>
    <message>
        <source>Export report as JSON…</source>
        <translation>Melding als JSON exporteren…</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Melding</translation>
    </message>
    <message>
        <source>Report number</source>
        <translation>Meldingsnummer</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>Verzonden op</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>Vastgelegd door</translation>
    </message>
    <message>
        <source>Each report is frozen as it was sent (Art. 33(4)): the initial notification, then supplements. Open one to see exactly what the authority was told.</source>
        <translation>Elke melding wordt bevroren zoals ze is verzonden (art. 33 lid 4): eerst de eerste melding, dan aanvullingen. Open er een om precies te zien wat de toezichthouder is verteld.</translation>
    </message>
    <message>
        <source>No report sent yet.</source>
        <translation>Nog geen melding verzonden.</translation>
    </message>
    <message>
        <source>A report can be recorded once a CTO has decided to notify the authority.</source>
        <translation>Een melding kan worden vastgelegd zodra een CTO heeft besloten te melden bij de toezichthouder.</translation>
    </message>
    <message>
        <source>Record report sent</source>
        <translation>Verzonden melding vastleggen</translation>
    </message>
    <message>
        <source>This freezes incident %1 as it is saved now as the initial notification. Save the form first: unsaved changes are not part of the report.</source>
        <translation>Dit bevriest incident %1 zoals het nu is opgeslagen als de eerste melding. Sla eerst het formulier op: niet-opgeslagen wijzigingen horen niet bij de melding.</translation>
    </message>
    <message>
        <source>This freezes incident %1 as it is saved now as supplement %2. Save the form first: unsaved changes are not part of the report.</source>
        <translation>Dit bevriest incident %1 zoals het nu is opgeslagen als aanvulling %2. Sla eerst het formulier op: niet-opgeslagen wijzigingen horen niet bij de melding.</translation>
    </message>
    <message>
        <source>The authority&apos;s report number</source>
        <translation>Het meldingsnummer van de toezichthouder</translation>
    </message>
    <message>
        <source>Supplements go under the number of the initial notification.</source>
        <translation>Aanvullingen vallen onder het nummer van de eerste melding.</translation>
    </message>
    <message>
        <source>Report number (meldingsnummer)</source>
        <translation>Meldingsnummer</translation>
    </message>
    <message>
        <source>Sent at (local time)</source>
        <translation>Verzonden op (lokale tijd)</translation>
    </message>
    <message>
        <source>Freeze initial notification</source>
        <translation>Eerste melding bevriezen</translation>
    </message>
    <message>
        <source>Freeze supplement %1</source>
        <translation>Aanvulling %1 bevriezen</translation>
    </message>
    <message>
        <source>The report was not recorded: %1</source>
        <translation>De melding is niet vastgelegd: %1</translation>
    </message>
    <message>
        <source>Incident %1: report %2 as sent (read-only)</source>
        <translation>Incident %1: melding %2 zoals verzonden (alleen lezen)</translation>
    </message>
    <message>
        <source>The report as sent</source>
        <translation>De melding zoals verzonden</translation>
    </message>
    <message>
        <source>Export as PDF…</source>
        <translation>Als PDF exporteren…</translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation>Als JSON exporteren…</translation>
    </message>
    <message>
        <source>Export report as PDF</source>
        <translation>Melding als PDF exporteren</translation>
    </message>
    <message>
        <source>Export report as JSON</source>
        <translation>Melding als JSON exporteren</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Report %1 exported to %2.</source>
        <translation>Melding %1 geëxporteerd naar %2.</translation>
    </message>
    <message>
        <source>Incident %1, report %2</source>
        <translation>Incident %1, melding %2</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Kon %1 niet schrijven: %2</translation>
    </message>
</context>
<context>
    <name>art32::ui::RequestsModel</name>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>System administrator</source>
        <translation>Systeembeheerder</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Voor</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>Aangevraagd</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
</context>
<context>
    <name>art32::ui::SettingsDialog</name>
    <message>
        <source>System default</source>
        <translation>Systeemstandaard</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
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
<context>
    <name>art32::ui::TimelinePanel</name>
    <message>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Notitie toevoegen</translation>
    </message>
    <message>
        <source>Timeline of the incident</source>
        <translation>Tijdlijn van het incident</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wie</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <source>Note for the timeline</source>
        <translation>Notitie voor de tijdlijn</translation>
    </message>
    <message>
        <source>A note for the timeline (kept as written, never edited)</source>
        <translation>Een notitie voor de tijdlijn (bewaard zoals geschreven, nooit bewerkt)</translation>
    </message>
    <message>
        <source>Every change is recorded here as it happens, with who made it; entries are never edited or removed.</source>
        <translation>Elke wijziging wordt hier vastgelegd zodra ze gebeurt, met wie ze maakte; regels worden nooit bewerkt of verwijderd.</translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation>Gewijzigd: %1</translation>
    </message>
    <message>
        <source>State: %1 → %2</source>
        <translation>Status: %1 → %2</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Notitie: %1</translation>
    </message>
    <message>
        <source>Opened: %1</source>
        <translation>Geopend: %1</translation>
    </message>
    <message>
        <source>Decision: notify the authority</source>
        <translation>Besluit: melden bij de toezichthouder</translation>
    </message>
    <message>
        <source>Decision: do not notify the authority</source>
        <translation>Besluit: niet melden bij de toezichthouder</translation>
    </message>
    <message>
        <source>Decision: inform the people affected</source>
        <translation>Besluit: betrokkenen informeren</translation>
    </message>
    <message>
        <source>Decision: do not inform the people affected</source>
        <translation>Besluit: betrokkenen niet informeren</translation>
    </message>
    <message>
        <source>Report sent: initial notification under %1</source>
        <translation>Melding verzonden: eerste melding onder %1</translation>
    </message>
    <message>
        <source>Report sent: supplement %1 under %2</source>
        <translation>Melding verzonden: aanvulling %1 onder %2</translation>
    </message>
    <message>
        <source>Affected accounts: %1</source>
        <translation>Getroffen accounts: %1</translation>
    </message>
    <message>
        <source>No entries yet.</source>
        <translation>Nog geen regels.</translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation>Schrijf eerst de notitie.</translation>
    </message>
    <message>
        <source>The note was not added: %1 It is kept in the field.</source>
        <translation>De notitie is niet toegevoegd: %1 Ze blijft in het veld staan.</translation>
    </message>
</context>
<context>
    <name>art32::ui::UnlockDialog</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>This login has not been enrolled on any device yet. Set it up: a key pair for this machine and a code for your authenticator app.</source>
        <translation>Deze login is nog op geen enkel apparaat geregistreerd. Stel hem in: een sleutelpaar voor deze machine en een code voor uw authenticator-app.</translation>
    </message>
    <message>
        <source>Demo: the code for this profile is printed by &quot;art32ctl demo code --admin %1&quot;.</source>
        <translation>Demo: &quot;art32ctl demo code --admin %1&quot; toont de code voor dit profiel.</translation>
    </message>
    <message>
        <source>Type the 6-digit code your authenticator app shows for this login.</source>
        <translation>Typ de 6-cijferige code die uw authenticator-app voor deze login toont.</translation>
    </message>
    <message>
        <source>A code has only digits; &quot;%1&quot; is not one. Type the 6 digits your authenticator app shows.</source>
        <translation>Een code bestaat alleen uit cijfers; &quot;%1&quot; is geen cijfer. Typ de 6 cijfers die uw authenticator-app toont.</translation>
    </message>
    <message>
        <source>A code has 6 digits; this one has %1.</source>
        <translation>Een code heeft 6 cijfers; deze heeft er %1.</translation>
    </message>
    <message>
        <source>The lock ends by itself then. A CTO can end it sooner by resetting your enrollment (&quot;art32ctl admin reset &lt;login&gt;&quot;); you then enroll again.</source>
        <translation>De blokkade vervalt dan vanzelf. Een CTO kan haar eerder opheffen door uw registratie te resetten (&quot;art32ctl admin reset &lt;login&gt;&quot;); daarna registreert u zich opnieuw.</translation>
    </message>
    <message>
        <source>This code has been used already. Your authenticator shows the next one in %1 s.</source>
        <translation>Deze code is al gebruikt. Uw authenticator toont de volgende over %1 s.</translation>
    </message>
    <message>
        <source>Too many wrong codes: this admin is locked until %1.</source>
        <translation>Te veel verkeerde codes: deze beheerder is geblokkeerd tot %1.</translation>
    </message>
    <message>
        <source>Wrong code. Too many wrong codes in a row: this admin is locked until %1.</source>
        <translation>Verkeerde code. Te veel verkeerde codes achter elkaar: deze beheerder is geblokkeerd tot %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n tries left before a lock of %1.</source>
        <translation>
            <numerusform>Nog %n poging voordat de toegang %1 wordt geblokkeerd.</numerusform>
            <numerusform>Nog %n pogingen voordat de toegang %1 wordt geblokkeerd.</numerusform>
        </translation>
    </message>
</context>
</TS>
