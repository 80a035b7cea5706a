#include "backup/Status.h"

#include <QTest>

using namespace art32;
using namespace art32::backup;

namespace {

const QTimeZone kAms(QByteArrayLiteral("Europe/Amsterdam"));

// Now: Wednesday 2 December 2026, 10:00 in Amsterdam.
const QDateTime kNow = QDateTime(QDate(2026, 12, 2), QTime(10, 0), kAms).toUTC();

qint64 g_id = 0;

BackupEntry make(int daysAgo, BackupState state = BackupState::Complete, int hour = 2)
{
    BackupEntry e;
    e.id = ++g_id;
    e.label = QStringLiteral("b%1").arg(e.id);
    e.started = QDateTime(kNow.toTimeZone(kAms).date().addDays(-daysAgo), QTime(hour, 0), kAms).toUTC();
    e.finished = state == BackupState::Running ? QDateTime() : e.started.addSecs(600);
    e.state = state;
    e.sizeBytes = 1000;
    e.reported = e.started; // a native run: the server recorded it when it began
    return e;
}

CheckEntry check(const BackupEntry& b, CheckEntry::Kind kind, bool ok, double seconds = 60, qint64 afterSecs = 3600)
{
    CheckEntry c;
    c.id = ++g_id;
    c.backupId = b.id;
    c.kind = kind;
    c.started = b.started.addSecs(afterSecs);
    c.finished = c.started.addSecs(qint64(seconds) + 5);
    c.restoreSeconds = seconds;
    c.ok = ok;
    return c;
}

/** A backup every night for the last `days` days (0 = today), each verified. */
QList<BackupEntry> nightly(int days)
{
    QList<BackupEntry> out;
    for (int i = 0; i < days; ++i)
        out.append(make(i));
    return out;
}

} // namespace

class TestBackupStatus : public QObject
{
    Q_OBJECT

private slots:
    void nothingAtAllIsAFailureEverywhere()
    {
        const Summary s = summarise({}, {}, kNow, WorkingCalendar(), 30);
        QCOMPARE(s.days.size(), 30);
        for (const DayStatus& d : s.days)
            QCOMPARE(d.state, DayState::Missing);
        QCOMPARE(s.days.last().date, QDate(2026, 12, 2));
        QCOMPARE(s.days.first().date, QDate(2026, 11, 3));
        QVERIFY(!s.lastGood);
        QVERIFY(s.ageWarning);
        QVERIFY(!s.lastDrill);
        QVERIFY(s.drillOverdue);
        QVERIFY(!s.drillWithinPromise);
        QVERIFY(!s.retentionCovered);
        QVERIFY(!s.retentionCompliant);
        QVERIFY(!s.healthy());
    }

    void aHealthyMonth()
    {
        const QList<BackupEntry> entries = nightly(30);
        QList<CheckEntry> checks;
        for (const auto& e : entries)
            checks.append(check(e, CheckEntry::Kind::Verify, true));
        checks.append(check(entries[3], CheckEntry::Kind::Drill, true, 1800));
        const Summary s = summarise(entries, checks, kNow, WorkingCalendar(), 30);
        for (const DayStatus& d : s.days)
            QCOMPARE(d.state, DayState::Verified);
        QCOMPARE(s.goodDays, 30);
        QCOMPARE(s.lastGood->id, entries[0].id);
        QCOMPARE(s.lastGoodAgeSeconds, 8 * 3600 - 600); // finished 02:10, now 10:00
        QVERIFY(!s.ageWarning);
        QVERIFY(s.drillWithinPromise);
        QCOMPARE(s.lastDrillRestoreSeconds, 1800.0);
        QCOMPARE(s.nextDrillDue, s.lastDrill->started.addDays(30));
        QVERIFY(!s.drillOverdue);
        QVERIFY(s.retentionCovered);
        QCOMPARE(s.keptPastRetention, 0);
        QVERIFY(s.retentionCompliant);
        QVERIFY(s.healthy());
        // A failure now (Wednesday 10:00) must be recovered by Friday next week 10:00 (48 working hours).
        QCOMPARE(s.recoveryDeadlineIfFailedNow, QDateTime(QDate(2026, 12, 10), QTime(10, 0), kAms).toUTC());
    }

    void eachDayItsOwnState()
    {
        QList<BackupEntry> entries;
        QList<CheckEntry> checks;
        const BackupEntry verified = make(1);
        const BackupEntry present = make(2);
        const BackupEntry failedRun = make(3, BackupState::Failed);
        const BackupEntry failedVerify = make(4);
        const BackupEntry reverified = make(5);
        const BackupEntry stale = make(6, BackupState::Running);
        const BackupEntry pruned = make(7, BackupState::Pruned);
        entries << verified << present << failedRun << failedVerify << reverified << stale << pruned;
        checks << check(verified, CheckEntry::Kind::Verify, true)
               << check(failedVerify, CheckEntry::Kind::Verify, false)
               << check(reverified, CheckEntry::Kind::Verify, false, 60, 100)
               << check(reverified, CheckEntry::Kind::Verify, true, 60, 7200)
               // A restore proves nothing about the backup itself.
               << check(present, CheckEntry::Kind::Restore, true);
        const Summary s = summarise(entries, checks, kNow, WorkingCalendar(), 30);
        auto day = [&](int ago) {
            return s.days[s.days.size() - 1 - ago].state;
        };
        QCOMPARE(day(0), DayState::Missing); // no backup yet today: missing, not OK
        QCOMPARE(day(1), DayState::Verified);
        QCOMPARE(day(2), DayState::Present);
        QCOMPARE(day(3), DayState::Failed);
        QCOMPARE(day(4), DayState::Failed);
        QCOMPARE(day(5), DayState::Verified); // the newest verify counts
        QCOMPARE(day(6), DayState::Failed); // a run that never finished
        QCOMPARE(day(7), DayState::Missing); // pruned: the file is gone
        QCOMPARE(s.goodDays, 3);
        QVERIFY(!s.healthy());
    }

    void aRunningBackupOfTodayIsNoFailureYet()
    {
        const Summary s = summarise({ make(0, BackupState::Running, 9) }, {}, kNow, WorkingCalendar(), 30);
        QCOMPARE(s.days.last().state, DayState::Missing);
        QCOMPARE(s.days.last().failures, 0);
    }

    void lastGoodSkipsFailedVerificationsAndWarnsPast26Hours()
    {
        const BackupEntry old = make(2);
        const BackupEntry bad = make(0);
        const Summary s
            = summarise({ old, bad }, { check(bad, CheckEntry::Kind::Verify, false) }, kNow, WorkingCalendar(), 30);
        QCOMPARE(s.lastGood->id, old.id);
        QVERIFY(s.lastGoodAgeSeconds > 26 * 3600);
        QVERIFY(s.ageWarning);
        // 25 h is fine, 26 h 1 s is not.
        BackupEntry e = make(0);
        e.finished = kNow.addSecs(-25 * 3600);
        QVERIFY(!summarise({ e }, {}, kNow, WorkingCalendar(), 30).ageWarning);
        e.finished = kNow.addSecs(-26 * 3600 - 1);
        QVERIFY(summarise({ e }, {}, kNow, WorkingCalendar(), 30).ageWarning);
    }

    void drillsAgainstThePromise()
    {
        const BackupEntry b = make(1);
        // Within 48 h of restore work: fine; more: outside the promise; a failed drill is due again now.
        Summary s
            = summarise({ b }, { check(b, CheckEntry::Kind::Drill, true, 47 * 3600.0) }, kNow, WorkingCalendar(), 30);
        QVERIFY(s.drillWithinPromise);
        QVERIFY(!s.drillOverdue);
        s = summarise({ b }, { check(b, CheckEntry::Kind::Drill, true, 49 * 3600.0) }, kNow, WorkingCalendar(), 30);
        QVERIFY(!s.drillWithinPromise);
        s = summarise({ b }, { check(b, CheckEntry::Kind::Drill, false, 10) }, kNow, WorkingCalendar(), 30);
        QVERIFY(!s.drillWithinPromise);
        QVERIFY(s.drillOverdue);
        QCOMPARE(s.nextDrillDue, kNow);
        // The last drill 31 days ago: overdue.
        const BackupEntry older = make(40);
        s = summarise({ older }, { check(older, CheckEntry::Kind::Drill, true, 10) }, kNow, WorkingCalendar(), 30);
        QVERIFY(s.drillOverdue);
        QCOMPARE(s.nextDrillDue, s.lastDrill->started.addDays(30));
    }

    void retentionKeptTooLongOrNotCovered()
    {
        // 31 nights: the oldest is past 30 days.
        Summary s = summarise(nightly(31), {}, kNow, WorkingCalendar(), 30);
        QCOMPARE(s.keptPastRetention, 1);
        QVERIFY(s.retentionCovered);
        QVERIFY(!s.retentionCompliant);
        // Only 10 nights: nothing too old, but 30 days are not covered.
        s = summarise(nightly(10), {}, kNow, WorkingCalendar(), 30);
        QCOMPARE(s.keptPastRetention, 0);
        QVERIFY(!s.retentionCovered);
        QVERIFY(!s.retentionCompliant);
        // A failed run past retention is kept too long as well (prune deletes its leftovers).
        s = summarise(nightly(30) << make(35, BackupState::Failed), {}, kNow, WorkingCalendar(), 30);
        QCOMPARE(s.keptPastRetention, 1);
        // Pruned ones no longer count.
        s = summarise(nightly(30) << make(35, BackupState::Pruned), {}, kNow, WorkingCalendar(), 30);
        QVERIFY(s.retentionCompliant);
    }

    void pastRetentionIsExactlyTheOldOnes()
    {
        QList<BackupEntry> all = nightly(33);
        all << make(40, BackupState::Pruned) << make(31, BackupState::Failed);
        const QList<BackupEntry> old = pastRetention(all, kNow, 30);
        QStringList labels;
        for (const auto& e : old)
            labels << e.label;
        QCOMPARE(labels, QStringList({ all[30].label, all[31].label, all[32].label, all[34].label }));
    }

    void namesRoundTrip()
    {
        for (auto b : { Backend::Native, Backend::PgBackRest })
            QCOMPARE(backendFromName(backendName(b)), b);
        for (auto st : { BackupState::Running, BackupState::Complete, BackupState::Failed, BackupState::Pruned })
            QCOMPARE(stateFromName(stateName(st)), st);
        for (auto k : { CheckEntry::Kind::Verify, CheckEntry::Kind::Drill, CheckEntry::Kind::Restore })
            QCOMPARE(kindFromName(kindName(k)), k);
        QVERIFY(!stateFromName(QStringLiteral("ok")));
    }

    // i13-gui (0021): a person's Cancel is no failure and no verification; a set pgBackRest expired is gone.
    void cancelledAndExpiredAreNeitherGoodNorFailed()
    {
        const BackupEntry verified = make(0);
        const BackupEntry cancelledRun = make(0, BackupState::Cancelled, 3);
        const BackupEntry expired = make(2, BackupState::Expired);
        const BackupEntry onlyCancelled = make(1, BackupState::Cancelled);
        CheckEntry ok = check(verified, CheckEntry::Kind::Verify, true);
        CheckEntry drill = check(verified, CheckEntry::Kind::Drill, true, 60, 4000);
        // Later checks that were cancelled: finished, no verdict.
        CheckEntry cancelledVerify = check(verified, CheckEntry::Kind::Verify, false, 0, 5000);
        cancelledVerify.ok.reset();
        cancelledVerify.restoreSeconds.reset();
        cancelledVerify.cancelled = true;
        CheckEntry cancelledDrill = check(verified, CheckEntry::Kind::Drill, false, 0, 6000);
        cancelledDrill.ok.reset();
        cancelledDrill.restoreSeconds.reset();
        cancelledDrill.cancelled = true;
        const Summary s = summarise({ verified, cancelledRun, expired, onlyCancelled },
                                    { ok, drill, cancelledVerify, cancelledDrill }, kNow, WorkingCalendar(), 30);
        QCOMPARE(s.days.last().state, DayState::Verified); // the cancelled check after it changes nothing
        QCOMPARE(s.days.last().failures, 0);
        QCOMPARE(s.days.last().backups, 1);
        QCOMPARE(s.days.at(28).state, DayState::Missing); // a cancelled run alone: no backup that day, no failure
        QCOMPARE(s.days.at(28).failures, 0);
        QCOMPARE(s.days.at(27).state, DayState::Missing); // expired: not present any more
        QVERIFY(s.lastDrill.has_value());
        QCOMPARE(s.lastDrill->id, drill.id); // the cancelled drill is not the last drill
        QVERIFY(s.drillWithinPromise);
        QCOMPARE(s.lastGood->id, verified.id);
        QCOMPARE(s.keptPastRetention, 0);
        QCOMPARE(s.oldestKept, verified.started); // the expired set covers nothing

        // A cancelled check alone is not a verification either.
        const Summary only = summarise({ verified }, { cancelledVerify }, kNow, WorkingCalendar(), 30);
        QCOMPARE(only.days.last().state, DayState::Present);
        QVERIFY(!only.lastDrill.has_value());
        for (auto st : { BackupState::Cancelled, BackupState::Expired })
            QCOMPARE(stateFromName(stateName(st)), std::optional<BackupState>(st));
    }

    // i13-sec (0026): a set the server first heard of more than 26 h after its start is unproven until verified.
    void aLateReportProvesNothingUntilVerified()
    {
        BackupEntry onTime = make(3);
        onTime.reported = onTime.finished.addSecs(2 * 3600); // imported two hours after it finished
        BackupEntry late = make(5); // imported now, five days after
        late.reported = kNow;
        BackupEntry border = make(1);
        border.reported = border.started.addSecs(26 * 3600); // exactly 26 h: still in time
        BackupEntry claimsLongRun = make(2); // "started two days ago, finished an hour ago", reported now
        claimsLongRun.finished = kNow.addSecs(-3600);
        claimsLongRun.reported = kNow;
        BackupEntry unknown = make(4); // no report time (never from the catalogue): not an OK either
        unknown.reported = QDateTime();
        QVERIFY(!reportedLate(onTime));
        QVERIFY(!reportedLate(border));
        QVERIFY(reportedLate(late));
        QVERIFY(reportedLate(claimsLongRun));
        QVERIFY(reportedLate(unknown));
        BackupEntry justPast = border;
        justPast.reported = justPast.reported.addSecs(1);
        QVERIFY(reportedLate(justPast));

        const BackupEntry older = make(8);
        Summary s = summarise({ onTime, late, border, claimsLongRun, unknown, older }, {}, kNow, WorkingCalendar(), 30);
        auto day = [&](int ago) {
            return s.days[s.days.size() - 1 - ago];
        };
        QCOMPARE(day(3).state, DayState::Present);
        QCOMPARE(day(1).state, DayState::Present);
        for (int ago : { 2, 4, 5 }) {
            QCOMPARE(day(ago).state, DayState::ReportedLate);
            QCOMPARE(day(ago).reportedLate, 1);
            QCOMPARE(day(ago).backups, 0);
        }
        QCOMPARE(s.goodDays, 3); // on time, border, older
        QCOMPARE(s.lastGood->id, border.id); // not the late set that "finished an hour ago"
        QVERIFY(!s.healthy());

        // A successful verify or drill of the late set proves it: Verified, and it may be the last good backup.
        s = summarise({ late, claimsLongRun, older },
                      { check(late, CheckEntry::Kind::Verify, true, 60, 5 * 86400),
                        check(claimsLongRun, CheckEntry::Kind::Drill, true, 60, 2 * 86400) },
                      kNow, WorkingCalendar(), 30);
        QCOMPARE(day(5).state, DayState::Verified);
        QCOMPARE(day(2).state, DayState::Verified);
        QCOMPARE(s.lastGood->id, claimsLongRun.id);
        // A failed check of it is a failure; a failed run beside a late set: the failure shows.
        s = summarise({ late, make(5, BackupState::Failed, 4) }, { check(late, CheckEntry::Kind::Verify, false) }, kNow,
                      WorkingCalendar(), 30);
        QCOMPARE(day(5).state, DayState::Failed);
        s = summarise({ late, make(5, BackupState::Failed, 4) }, {}, kNow, WorkingCalendar(), 30);
        QCOMPARE(day(5).state, DayState::Failed);
        QVERIFY(!s.lastGood);
        // Retention is not covered by a late set either.
        QList<BackupEntry> month = nightly(30);
        s = summarise(month, {}, kNow, WorkingCalendar(), 30);
        QVERIFY(s.retentionCovered);
        month.last().reported = kNow;
        month.removeAt(28);
        s = summarise(month, {}, kNow, WorkingCalendar(), 30);
        QVERIFY(!s.retentionCovered);
    }
};

QTEST_GUILESS_MAIN(TestBackupStatus)
#include "tst_backupstatus.moc"
