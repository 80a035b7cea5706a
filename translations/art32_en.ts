<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>art32::RecordStore</name>
    <message numerus="yes">
        <source>%n failed authentication</source>
        <translation>
            <numerusform>%n failed authentication</numerusform>
            <numerusform>%n failed authentication</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled after %n of the %1 accounts you have access to and %2: %3.</source>
        <translation>
            <numerusform>Cancelled after %n of the %1 accounts you have access to and %2: %3.</numerusform>
            <numerusform>Cancelled after %n of the %1 accounts you have access to and %2: %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked %n of %1 accounts (the ones you have access to) and %2: %3.</source>
        <translation>
            <numerusform>Checked %n of %1 accounts (the ones you have access to) and %2: %3.</numerusform>
            <numerusform>Checked %n of %1 accounts (the ones you have access to) and %2: %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked all %n account(s) and %1: %2.</source>
        <translation>
            <numerusform>Checked all %n account and %1: %2.</numerusform>
            <numerusform>Checked all %n accounts and %1: %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::incidents</name>
    <message numerus="yes">
        <source>within the promise of %n working hour(s)</source>
        <translation>
            <numerusform>within the promise of %n working hour</numerusform>
            <numerusform>within the promise of %n working hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>beyond the promise of %n working hour(s)</source>
        <translation>
            <numerusform>beyond the promise of %n working hour</numerusform>
            <numerusform>beyond the promise of %n working hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::timefmt</name>
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
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::AccessView</name>
    <message numerus="yes">
        <source>Requests (%n pending)</source>
        <translation>
            <numerusform>Requests (%n pending)</numerusform>
            <numerusform>Requests (%n pending)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::AccountPanel</name>
    <message numerus="yes">
        <source>Personal data revealed (the read is audited). Hides in %n s.</source>
        <translation>
            <numerusform>Personal data revealed (the read is audited). Hides in %n s.</numerusform>
            <numerusform>Personal data revealed (the read is audited). Hides in %n s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied. The clipboard is cleared in %n s, or when the console locks.</source>
        <translation>
            <numerusform>Copied. The clipboard is cleared in %n s, or when the console locks.</numerusform>
            <numerusform>Copied. The clipboard is cleared in %n s, or when the console locks.</numerusform>
        </translation>
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
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::AccountPicker</name>
    <message numerus="yes">
        <source>%n account(s) shown</source>
        <translation>
            <numerusform>%n account shown</numerusform>
            <numerusform>%n accounts shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n account(s)</source>
        <translation>
            <numerusform>Add %n account</numerusform>
            <numerusform>Add %n accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::AccountsView</name>
    <message numerus="yes">
        <source>%n account(s) shown</source>
        <translation>
            <numerusform>%n account shown</numerusform>
            <numerusform>%n accounts shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Integrity scan: %n account(s) checked…</source>
        <translation>
            <numerusform>Integrity scan: %n account checked…</numerusform>
            <numerusform>Integrity scan: %n accounts checked…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Integrity scan: %n item(s) failed authentication: %1</source>
        <translation>
            <numerusform>Integrity scan: %n item failed authentication: %1</numerusform>
            <numerusform>Integrity scan: %n items failed authentication: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%L1 of about %Ln account(s)</source>
        <translation>
            <numerusform>%L1 of about %Ln account</numerusform>
            <numerusform>%L1 of about %Ln accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%L1 of %Ln account(s)</source>
        <translation>
            <numerusform>%L1 of %Ln account</numerusform>
            <numerusform>%L1 of %Ln accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::AuditView</name>
    <message numerus="yes">
        <source>%n event(s) of account %1 shown, newest first: every read and change of it</source>
        <translation>
            <numerusform>%n event of account %1 shown, newest first: every read and change of it</numerusform>
            <numerusform>%n events of account %1 shown, newest first: every read and change of it</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) shown, newest first</source>
        <translation>
            <numerusform>%n event shown, newest first</numerusform>
            <numerusform>%n events shown, newest first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s), seq %1 to %2, to %3, readable only by you. It covers the log up to seq %4.</source>
        <translation>
            <numerusform>Exported %n event, seq %1 to %2, to %3, readable only by you. It covers the log up to seq %4.</numerusform>
            <numerusform>Exported %n events, seq %1 to %2, to %3, readable only by you. It covers the log up to seq %4.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chain intact up to seq %1 (%n event(s) checked from seq %2).</source>
        <translation>
            <numerusform>Chain intact up to seq %1 (%n event checked from seq %2).</numerusform>
            <numerusform>Chain intact up to seq %1 (%n events checked from seq %2).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::BackupsView</name>
    <message numerus="yes">
        <source>%n backup(s)</source>
        <translation>
            <numerusform>%n backup</numerusform>
            <numerusform>%n backups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s)</source>
        <translation>
            <numerusform>%n failure</numerusform>
            <numerusform>%n failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing is kept longer than %n day(s).</source>
        <translation>
            <numerusform>Nothing is kept longer than %n day.</numerusform>
            <numerusform>Nothing is kept longer than %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n backup(s) kept longer than the retention allows: prune them.</source>
        <translation>
            <numerusform>%n backup kept longer than the retention allows: prune them.</numerusform>
            <numerusform>%n backups kept longer than the retention allows: prune them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last %n day(s) are covered.</source>
        <translation>
            <numerusform>The last %n day are covered.</numerusform>
            <numerusform>The last %n days are covered.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The backups reach back only to %1, not %n day(s).</source>
        <translation>
            <numerusform>The backups reach back only to %1, not %n day.</numerusform>
            <numerusform>The backups reach back only to %1, not %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No backup covers the last %n day(s).</source>
        <translation>
            <numerusform>No backup covers the last %n day.</numerusform>
            <numerusform>No backup covers the last %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Backup sizes over the last 30 days: %n backup(s)</source>
        <translation>
            <numerusform>Backup sizes over the last 30 days: %n backup</numerusform>
            <numerusform>Backup sizes over the last 30 days: %n backups</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Verified: restored into a scratch database in %1; the rows and checksums of %n table(s) match its header.</source>
        <translation>
            <numerusform>Verified: restored into a scratch database in %1; the rows and checksums of %n table match its header.</numerusform>
            <numerusform>Verified: restored into a scratch database in %1; the rows and checksums of %n tables match its header.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restore drill done: restored in %1; %n erasure(s) re-applied from the ledger.</source>
        <translation>
            <numerusform>Restore drill done: restored in %1; %n erasure re-applied from the ledger.</numerusform>
            <numerusform>Restore drill done: restored in %1; %n erasures re-applied from the ledger.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Verified: the backup restored into a scratch copy in %1 and a temporary server opened it; %n erasure(s) re-applied from the ledger.</source>
        <translation>
            <numerusform>Verified: the backup restored into a scratch copy in %1 and a temporary server opened it; %n erasure re-applied from the ledger.</numerusform>
            <numerusform>Verified: the backup restored into a scratch copy in %1 and a temporary server opened it; %n erasures re-applied from the ledger.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>That is more than %n hour(s).</source>
        <translation>
            <numerusform>That is more than %n hour.</numerusform>
            <numerusform>That is more than %n hours.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::DraftKeeper</name>
    <message numerus="yes">
        <source>Unsaved changes to incident %1 from %2 (%n field(s)).</source>
        <translation>
            <numerusform>Unsaved changes to incident %1 from %2 (%n field).</numerusform>
            <numerusform>Unsaved changes to incident %1 from %2 (%n fields).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) of incident %1 restored. They are not saved yet.</source>
        <translation>
            <numerusform>%n field of incident %1 restored. They are not saved yet.</numerusform>
            <numerusform>%n fields of incident %1 restored. They are not saved yet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::EvidenceSection</name>
    <message numerus="yes">
        <source>Nobody read, changed, erased or exported an account in this window (%n event(s) in it).</source>
        <translation>
            <numerusform>Nobody read, changed, erased or exported an account in this window (%n event in it).</numerusform>
            <numerusform>Nobody read, changed, erased or exported an account in this window (%n events in it).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) read, changed, erased or exported in this window</source>
        <translation>
            <numerusform>%n account read, changed, erased or exported in this window</numerusform>
            <numerusform>%n accounts read, changed, erased or exported in this window</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n event(s) of the audit log).</source>
        <translation>
            <numerusform>(%n event of the audit log).</numerusform>
            <numerusform>(%n events of the audit log).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) linked.</source>
        <translation>
            <numerusform>%n account linked.</numerusform>
            <numerusform>%n accounts linked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n newly linked.</source>
        <translation>
            <numerusform>%n newly linked.</numerusform>
            <numerusform>%n newly linked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Questions 6 and 7 already hold numbers. Replace them with the counts of the linked accounts: %n record(s)</source>
        <translation>
            <numerusform>Questions 6 and 7 already hold numbers. Replace them with the counts of the linked accounts: %n record</numerusform>
            <numerusform>Questions 6 and 7 already hold numbers. Replace them with the counts of the linked accounts: %n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n person(s)?</source>
        <translation>
            <numerusform>%n person?</numerusform>
            <numerusform>%n people?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::OverviewView</name>
    <message numerus="yes">
        <source>Version %1; %n migration(s) waiting: run &quot;art32ctl db migrate&quot;.</source>
        <translation>
            <numerusform>Version %1; %n migration waiting: run &quot;art32ctl db migrate&quot;.</numerusform>
            <numerusform>Version %1; %n migrations waiting: run &quot;art32ctl db migrate&quot;.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n administrator(s) not enrolled yet: they cannot unlock.</source>
        <translation>
            <numerusform>%n administrator not enrolled yet: they cannot unlock.</numerusform>
            <numerusform>%n administrators not enrolled yet: they cannot unlock.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n administrator(s), all enrolled.</source>
        <translation>
            <numerusform>%n administrator, all enrolled.</numerusform>
            <numerusform>%n administrators, all enrolled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active grant(s), </source>
        <translation>
            <numerusform>%n active grant, </numerusform>
            <numerusform>%n active grants, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ending within the hour.</source>
        <translation>
            <numerusform>%n ending within the hour.</numerusform>
            <numerusform>%n ending within the hour.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active grant(s), none ending within the hour.</source>
        <translation>
            <numerusform>%n active grant, none ending within the hour.</numerusform>
            <numerusform>%n active grants, none ending within the hour.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n administrator(s) locked out by wrong codes now.</source>
        <translation>
            <numerusform>%n administrator locked out by wrong codes now.</numerusform>
            <numerusform>%n administrators locked out by wrong codes now.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not enrolled yet.</source>
        <translation>
            <numerusform>%n not enrolled yet.</numerusform>
            <numerusform>%n not enrolled yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) failed authentication in the scan of %1 by %2.</source>
        <translation>
            <numerusform>%n item failed authentication in the scan of %1 by %2.</numerusform>
            <numerusform>%n items failed authentication in the scan of %1 by %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>art32::ui::UnlockDialog</name>
    <message numerus="yes">
        <source>%n tries left before a lock of %1.</source>
        <translation>
            <numerusform>%n try left before a lock of %1.</numerusform>
            <numerusform>%n tries left before a lock of %1.</numerusform>
        </translation>
    </message>
</context>
</TS>
