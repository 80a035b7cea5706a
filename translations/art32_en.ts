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
