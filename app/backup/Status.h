#pragma once

#include "core/WorkingHours.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace art32::backup {

/** Where a backup lives: a native art32bak file or a pgBackRest repository. */
enum class Backend { Native, PgBackRest };

/**
 * A backup's life: a run that has not finished, a complete backup, a failed run, one deleted by prune, a run its
 * login cancelled (no file; neither a backup nor a failure), or a pgBackRest set its repository no longer holds
 * (expired by pgBackRest's own retention: gone, never counted as present).
 */
enum class BackupState { Running, Complete, Failed, Pruned, Cancelled, Expired };

/** The age past which the last good backup is a warning, and past which a report of a backup proves nothing. */
constexpr int kMaxAgeHours = 26;

/** One verify, drill or restore of a backup (art32.backup_checks). */
struct CheckEntry
{
    enum class Kind { Verify, Drill, Restore };

    qint64 id = 0;
    qint64 backupId = 0;
    Kind kind = Kind::Verify;
    QDateTime started; ///< UTC, the server's
    QDateTime finished; ///< invalid while it runs
    std::optional<double> restoreSeconds; ///< how long the restore itself took
    std::optional<bool> ok; ///< empty while it runs, and for a cancelled check (no verdict)
    bool cancelled = false; ///< stopped by its login (finished, no verdict): counts as neither a pass nor a failure
    QString error;
    int erasuresReapplied = 0;
    QString recordedBy;
};

/** One backup (art32.backups). */
struct BackupEntry
{
    qint64 id = 0;
    Backend backend = Backend::Native;
    QString label; ///< the file name for native, the backup label for pgBackRest
    QString file; ///< native: the path written (its directory names the run's; never opened: see fileIn)
    QDateTime started; ///< UTC, the server's
    QDateTime finished;
    std::optional<qint64> sizeBytes;
    QString serverVersion;
    QMap<QString, qint64> rowCounts; ///< per table, from the header
    BackupState state = BackupState::Running;
    QString error;
    QString recordedBy;
    /**
     * When the server first recorded it, by its own clock (0026): a native run at its start, an imported pgBackRest
     * set at its first import. An imported set's start and finish are its reporter's word; this is not.
     */
    QDateTime reported;
    // The erasure ledger file's anchor a native run recorded when it finished (0026; 0: none recorded).
    int ledgerEntries = 0;
    QString ledgerHead; ///< hex chain value after ledgerEntries entries
    QString ledgerKeyId; ///< hex id of the ledger key that chain is under (ledger::keyIdHex)
};

/**
 * Where a native backup's file is in `backupDir`: `<backupDir>/<label>`, only when the label is a plain file name
 * ending in .art32bak (no directory part, not hidden). The row's recorded path is never opened nor deleted: a
 * backup operator chose it (review 20; 0029 refuses such a begin, this refuses rows recorded before). nullopt: not a
 * file of this directory.
 */
std::optional<QString> fileIn(const BackupEntry& e, const QString& backupDir);

/**
 * The one rule for a late report: a backup the server first heard of more than `hours` after its start, and so long
 * after it finished, for example a set imported for a past day. The server cannot see a pgBackRest repository, so
 * such a backup is unproven: it is never Present and never the last good backup until a verify or drill of it
 * succeeds. A backup without a report time counts as late (missing data is never an OK). Migration 0026 audits
 * each import with the same test.
 */
bool reportedLate(const BackupEntry& e, int hours = kMaxAgeHours);

/** A day of the strip. Missing data is a failure, never an OK: a day without a kept backup is Missing. */
enum class DayState {
    Missing, ///< no complete backup started that day (shown as a failure)
    Present, ///< a complete backup, never verified
    Verified, ///< a complete backup whose latest verify or drill succeeded
    Failed, ///< only failed runs, or backups whose latest verify failed
    ReportedLate, ///< only backups reported late (reportedLate) and not verified since: unproven, not a good day
};

struct DayStatus
{
    QDate date; ///< in the calendar's zone
    DayState state = DayState::Missing;
    int backups = 0; ///< complete backups started that day
    int failures = 0; ///< failed runs and failed verifications of that day's backups
    int reportedLate = 0; ///< complete backups of that day reported late and never verified (not in `backups`)
};

/** What the status view and `backup status` show. Every "bad" flag is also set when the data is missing. */
struct Summary
{
    QList<DayStatus> days; ///< the last `stripDays` days, oldest first, ending with today
    int goodDays = 0; ///< days of the strip that are Present or Verified

    /** Newest complete, kept backup whose latest check did not fail and that was reported in time or verified. */
    std::optional<BackupEntry> lastGood;
    qint64 lastGoodAgeSeconds = -1; ///< -1 without one
    bool ageWarning = true; ///< older than `maxAgeHours`, or none at all

    std::optional<CheckEntry> lastDrill; ///< newest finished drill
    double lastDrillRestoreSeconds = -1; ///< -1 without one
    bool drillWithinPromise = false; ///< the last drill succeeded and restored within the promise
    QDateTime nextDrillDue; ///< the last drill + the interval, or now when there is none
    bool drillOverdue = true;
    /** A failure now must be recovered by this instant: now + the promise in working hours. */
    QDateTime recoveryDeadlineIfFailedNow;

    int keptPastRetention = 0; ///< kept (not pruned) backups older than the retention
    QDateTime oldestKept; ///< oldest kept complete backup (invalid without one)
    bool retentionCovered = false; ///< the oldest good kept backup reaches back retention - 1 days
    bool retentionCompliant = false; ///< nothing kept too long AND the retention actually covered

    /** Everything fine: no missing day, a recent backup, a drill in time, retention kept. */
    bool healthy() const;
};

struct SummaryOptions
{
    int stripDays = 30;
    int maxAgeHours = kMaxAgeHours; ///< warn when the last good backup is older; also the late-report limit
    int promiseWorkingHours = 48; ///< the seed's recovery promise
    int drillIntervalDays = 30; ///< a drill is due this long after the last one
    int staleRunHours = 24; ///< a run still "running" after this long died: a failure
};

/**
 * The status model, pure: the same entries, instant and calendar give the same summary. Entries in any order;
 * checks of backups not in `entries` are ignored. `now` is the server's time when read from the catalogue.
 */
Summary summarise(const QList<BackupEntry>& entries, const QList<CheckEntry>& checks, const QDateTime& now,
                  const WorkingCalendar& calendar, int retentionDays, const SummaryOptions& options = {});

/**
 * How long a finished check's restore took: its measured restore time, else the check's own wall time. Restore work
 * is done during working hours, so this wall time counts as working time against the recovery promise.
 */
double restoreSecondsOf(const CheckEntry& check);
/** Whether a restore of that many seconds keeps the promise of promiseWorkingHours (the seed: 48). */
bool withinRecoveryPromise(double restoreSeconds, int promiseWorkingHours);

/** Backups past retention at `now` (kept, started before now - retentionDays): what prune deletes. */
QList<BackupEntry> pastRetention(const QList<BackupEntry>& entries, const QDateTime& now, int retentionDays);

QString backendName(Backend b); ///< "native", "pgbackrest" (the catalogue's words)
std::optional<Backend> backendFromName(const QString& name);
QString stateName(BackupState s); ///< "running", "complete", "failed", "pruned", "cancelled", "expired"
std::optional<BackupState> stateFromName(const QString& name);
QString kindName(CheckEntry::Kind k); ///< "verify", "drill", "restore"
std::optional<CheckEntry::Kind> kindFromName(const QString& name);

} // namespace art32::backup
