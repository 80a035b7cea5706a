#pragma once

#include "backup/Status.h"
#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace pqxx {
class connection_base;
}

/**
 * The backup catalogue in the database (migration 0014: art32.backups, art32.backup_checks). Every write goes
 * through a definer function that stamps the server's time and checks the caller (an unlocked CTO or sysadmin, a
 * login of art32_backup, or a superuser); reads are open to every unlocked admin and to the backup role.
 */
namespace art32::backup::catalogue {

struct Snapshot
{
    QList<BackupEntry> entries; ///< newest first
    QList<CheckEntry> checks; ///< newest first
    int retentionDays = 30; ///< policy backup_retention_days
    QDateTime serverNow; ///< art32.now(): summarise() against the server's clock
};

/** Everything in the catalogue (it is small: a row a day), with the policy and the server's clock. */
Result<Snapshot> read(pqxx::connection_base& conn);

struct Begun
{
    qint64 id = 0;
    QDateTime started; ///< the server's
};
/** A native run begins: its row, "running". */
Result<Begun> begin(pqxx::connection_base& conn, const QString& label, const QString& file);
/** The erasure ledger file's anchor a run saw (ledger::Anchor, with the ledger key's id): entries 0 is none. */
struct LedgerAnchor
{
    int entries = 0;
    QString head; ///< hex
    QString keyId; ///< hex, ledger::keyIdHex
};
/**
 * ... and ends once: complete with its facts, or failed with one line saying why; with the ledger anchor the run
 * wrote into its header (0026), which restores of the directory's older backups check the ledger file against.
 */
Result<void> finish(pqxx::connection_base& conn, qint64 id, bool ok, std::optional<qint64> size,
                    const QString& serverVersion, const QMap<QString, qint64>& rowCounts, const QString& error,
                    const LedgerAnchor& anchor = {});
/** A backup another tool made (pgBackRest); returns its catalogue id. */
Result<qint64> import(pqxx::connection_base& conn, const BackupEntry& entry);

/** A verify, drill or restore begins; returns the check's id. */
Result<qint64> checkBegin(pqxx::connection_base& conn, qint64 backupId, CheckEntry::Kind kind);
Result<void> checkFinish(pqxx::connection_base& conn, qint64 checkId, bool ok, std::optional<double> restoreSeconds,
                         int erasures, const QString& error);

/** A native run its login stopped (i13-gui, 0021): cancelled, neither a backup nor a failure. */
Result<void> cancel(pqxx::connection_base& conn, qint64 id, const QString& reason);
/** A check its login stopped: finished without a verdict (CheckEntry::cancelled). */
Result<void> checkCancel(pqxx::connection_base& conn, qint64 checkId, const QString& reason);
/** pgBackRest's complete sets not among the labels `pgbackrest info` lists are gone: marked expired; how many. */
Result<int> expireMissing(pqxx::connection_base& conn, const QStringList& presentLabels);
/**
 * The console asks before it runs a native job as the backup login (art32.backup_requested): refused unless this
 * connection is an unlocked CTO or sysadmin; the request is an audit event naming the admin. action: run, verify,
 * drill; backupId 0 for a run.
 */
Result<void> requested(pqxx::connection_base& conn, const QString& action, qint64 backupId);

/** Marks a backup past retention as pruned (after its file was deleted); the server refuses any other. */
Result<void> markPruned(pqxx::connection_base& conn, qint64 id);

struct Erasure
{
    qint64 accountId = 0;
    QDateTime erasedAt;
    QString erasedBy;
    int recordsDeleted = 0;
    QDateTime backupsUntil;
};
/** The erasure ledger of the live database, for re-applying after a restore. */
Result<QList<Erasure>> erasures(pqxx::connection_base& conn);

} // namespace art32::backup::catalogue
