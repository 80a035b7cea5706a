#include "backup/Status.h"

#include <QDir>
#include <QHash>
#include <QRegularExpression>
#include <algorithm>

namespace art32::backup {

namespace {

bool kept(const BackupEntry& e)
{
    return e.state == BackupState::Complete;
}

/** The newest finished check of each backup of the given kinds (all kinds when empty). */
QHash<qint64, CheckEntry> latestChecks(const QList<CheckEntry>& checks)
{
    QHash<qint64, CheckEntry> out;
    for (const CheckEntry& c : checks) {
        if (!c.ok.has_value() || c.cancelled || c.kind == CheckEntry::Kind::Restore)
            continue; // a restore proves the target, not the backup's state; running or cancelled checks prove nothing
        auto it = out.find(c.backupId);
        if (it == out.end() || it->started < c.started || (it->started == c.started && it->id < c.id))
            out.insert(c.backupId, c);
    }
    return out;
}

} // namespace

std::optional<QString> fileIn(const BackupEntry& e, const QString& backupDir)
{
    // The same rule as art32.backup_begin (0029): a letter or digit first, then letters, digits, '.', '_', '-'.
    // \A and \z: the whole string, like PostgreSQL's ^ and $ (PCRE's $ also matches before a final newline).
    static const QRegularExpression plain(QStringLiteral("\\A[A-Za-z0-9][A-Za-z0-9._-]{0,190}\\.art32bak\\z"));
    if (backupDir.isEmpty() || !plain.match(e.label).hasMatch())
        return std::nullopt;
    return QDir(backupDir).filePath(e.label);
}

bool reportedLate(const BackupEntry& e, int hours)
{
    return !e.reported.isValid() || !e.started.isValid() || e.started.secsTo(e.reported) > qint64(hours) * 3600;
}

bool Summary::healthy() const
{
    const bool everyDay = std::all_of(days.begin(), days.end(), [](const DayStatus& d) {
        return d.state == DayState::Present || d.state == DayState::Verified;
    });
    return everyDay && !ageWarning && drillWithinPromise && !drillOverdue && retentionCompliant;
}

Summary summarise(const QList<BackupEntry>& entries, const QList<CheckEntry>& checks, const QDateTime& now,
                  const WorkingCalendar& calendar, int retentionDays, const SummaryOptions& options)
{
    Summary s;
    const QDateTime nowUtc = now.toUTC();
    const QTimeZone zone = calendar.config().zone;
    const QHash<qint64, CheckEntry> latest = latestChecks(checks);

    auto failedCheck = [&](const BackupEntry& e) {
        const auto it = latest.constFind(e.id);
        return it != latest.constEnd() && it->ok == false;
    };
    auto verified = [&](const BackupEntry& e) {
        const auto it = latest.constFind(e.id);
        return it != latest.constEnd() && it->ok == true;
    };
    // Good: kept, its latest check did not fail, and either verified or reported in time.
    auto unproven = [&](const BackupEntry& e) {
        return !verified(e) && reportedLate(e, options.maxAgeHours);
    };

    // 1. The strip: each local day of the last stripDays, today last.
    const QDate today = nowUtc.toTimeZone(zone).date();
    QHash<QDate, int> index;
    for (int i = options.stripDays - 1; i >= 0; --i) {
        DayStatus d;
        d.date = today.addDays(-i);
        index.insert(d.date, s.days.size());
        s.days.append(d);
    }
    QList<bool> anyVerified(s.days.size(), false);
    for (const BackupEntry& e : entries) {
        const auto it = index.constFind(e.started.toTimeZone(zone).date());
        if (it == index.constEnd())
            continue;
        DayStatus& d = s.days[*it];
        const bool staleRun
            = e.state == BackupState::Running && e.started.secsTo(nowUtc) > qint64(options.staleRunHours) * 3600;
        if (e.state == BackupState::Failed || staleRun) {
            ++d.failures;
        } else if (kept(e)) {
            if (failedCheck(e)) {
                ++d.failures;
            } else if (unproven(e)) {
                ++d.reportedLate;
            } else {
                ++d.backups;
                if (verified(e))
                    anyVerified[*it] = true;
            }
        }
    }
    for (int i = 0; i < s.days.size(); ++i) {
        DayStatus& d = s.days[i];
        if (d.backups > 0)
            d.state = anyVerified[i] ? DayState::Verified : DayState::Present;
        else if (d.failures > 0)
            d.state = DayState::Failed;
        else if (d.reportedLate > 0)
            d.state = DayState::ReportedLate;
        else
            d.state = DayState::Missing;
        if (d.backups > 0)
            ++s.goodDays;
    }

    // 2. The last good backup and its age.
    for (const BackupEntry& e : entries) {
        if (!kept(e) || failedCheck(e) || unproven(e) || !e.finished.isValid() || e.finished > nowUtc)
            continue;
        if (!s.lastGood || s.lastGood->finished < e.finished)
            s.lastGood = e;
    }
    if (s.lastGood) {
        s.lastGoodAgeSeconds = s.lastGood->finished.secsTo(nowUtc);
        s.ageWarning = s.lastGoodAgeSeconds > qint64(options.maxAgeHours) * 3600;
    }

    // 3. The last drill against the promise, and the next one due.
    for (const CheckEntry& c : checks) {
        if (c.kind != CheckEntry::Kind::Drill || !c.ok.has_value() || c.cancelled || !c.finished.isValid())
            continue;
        if (!s.lastDrill || s.lastDrill->started < c.started)
            s.lastDrill = c;
    }
    s.recoveryDeadlineIfFailedNow = calendar.deadline(nowUtc, options.promiseWorkingHours);
    if (s.lastDrill) {
        s.lastDrillRestoreSeconds = restoreSecondsOf(*s.lastDrill);
        s.drillWithinPromise
            = *s.lastDrill->ok && withinRecoveryPromise(s.lastDrillRestoreSeconds, options.promiseWorkingHours);
        s.nextDrillDue = s.lastDrill->started.addDays(options.drillIntervalDays);
        s.drillOverdue = !*s.lastDrill->ok || s.nextDrillDue < nowUtc;
        if (!*s.lastDrill->ok)
            s.nextDrillDue = nowUtc; // a failed drill is repeated now
    } else {
        s.nextDrillDue = nowUtc;
        s.drillOverdue = true;
    }

    // 4. Retention: nothing older kept, and the whole period covered.
    const QDateTime limit = nowUtc.addDays(-retentionDays);
    QDateTime oldestGood;
    for (const BackupEntry& e : entries) {
        if (!kept(e) && e.state != BackupState::Failed)
            continue;
        if (e.started < limit)
            ++s.keptPastRetention;
        if (!kept(e))
            continue;
        if (!s.oldestKept.isValid() || e.started < s.oldestKept)
            s.oldestKept = e.started;
        if (!failedCheck(e) && !unproven(e) && (!oldestGood.isValid() || e.started < oldestGood))
            oldestGood = e.started;
    }
    s.retentionCovered = oldestGood.isValid() && oldestGood <= nowUtc.addDays(-(retentionDays - 1));
    s.retentionCompliant = s.keptPastRetention == 0 && s.retentionCovered;
    return s;
}

double restoreSecondsOf(const CheckEntry& check)
{
    return check.restoreSeconds.value_or(double(check.started.secsTo(check.finished)));
}

bool withinRecoveryPromise(double restoreSeconds, int promiseWorkingHours)
{
    return restoreSeconds <= double(promiseWorkingHours) * 3600;
}

QList<BackupEntry> pastRetention(const QList<BackupEntry>& entries, const QDateTime& now, int retentionDays)
{
    QList<BackupEntry> out;
    const QDateTime limit = now.toUTC().addDays(-retentionDays);
    for (const BackupEntry& e : entries) {
        if ((e.state == BackupState::Complete || e.state == BackupState::Failed) && e.started < limit)
            out.append(e);
    }
    return out;
}

QString backendName(Backend b)
{
    return b == Backend::Native ? QStringLiteral("native") : QStringLiteral("pgbackrest");
}

std::optional<Backend> backendFromName(const QString& name)
{
    if (name == QLatin1String("native"))
        return Backend::Native;
    if (name == QLatin1String("pgbackrest"))
        return Backend::PgBackRest;
    return std::nullopt;
}

QString stateName(BackupState s)
{
    switch (s) {
    case BackupState::Running:
        return QStringLiteral("running");
    case BackupState::Complete:
        return QStringLiteral("complete");
    case BackupState::Failed:
        return QStringLiteral("failed");
    case BackupState::Pruned:
        return QStringLiteral("pruned");
    case BackupState::Cancelled:
        return QStringLiteral("cancelled");
    case BackupState::Expired:
        return QStringLiteral("expired");
    }
    Q_UNREACHABLE();
}

std::optional<BackupState> stateFromName(const QString& name)
{
    for (BackupState s : { BackupState::Running, BackupState::Complete, BackupState::Failed, BackupState::Pruned,
                           BackupState::Cancelled, BackupState::Expired }) {
        if (stateName(s) == name)
            return s;
    }
    return std::nullopt;
}

QString kindName(CheckEntry::Kind k)
{
    switch (k) {
    case CheckEntry::Kind::Verify:
        return QStringLiteral("verify");
    case CheckEntry::Kind::Drill:
        return QStringLiteral("drill");
    case CheckEntry::Kind::Restore:
        return QStringLiteral("restore");
    }
    Q_UNREACHABLE();
}

std::optional<CheckEntry::Kind> kindFromName(const QString& name)
{
    for (auto k : { CheckEntry::Kind::Verify, CheckEntry::Kind::Drill, CheckEntry::Kind::Restore }) {
        if (kindName(k) == name)
            return k;
    }
    return std::nullopt;
}

} // namespace art32::backup
