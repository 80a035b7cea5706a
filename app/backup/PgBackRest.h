#pragma once

#include "backup/Status.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>
#include <atomic>
#include <functional>
#include <optional>

namespace pqxx {
class connection_base;
}

namespace art32::pgbackrest {

/**
 * A stanza's status code as `pgbackrest info` reports it (pgBackRest's info command: 0–6 and 99). Only Ok means the
 * stanza has backups; every other code is a failure to show, never an OK.
 */
enum class StanzaStatus {
    Ok = 0,
    MissingStanzaPath = 1,
    NoValidBackups = 2,
    MissingStanzaData = 3,
    Mixed = 4, ///< different across repositories
    DatabaseMismatch = 5, ///< database mismatch across repositories
    BackupNotFound = 6, ///< the requested backup set was not found
    Other = 99,
};

/** The status in words (translated); an unknown code says so with its number. */
QString describeStatus(int code);

enum class BackupType { Full, Diff, Incr };
QString typeKey(BackupType type); ///< "full", "diff", "incr"

/** One backup set of a stanza. Sizes are bytes; pgBackRest writes them as JSON integers of any size. */
struct Backup
{
    QString label; ///< e.g. 20261127-155305F_20261127-155310D
    BackupType type = BackupType::Full;
    QDateTime start; ///< UTC
    QDateTime stop; ///< UTC
    quint64 databaseSize = 0; ///< the database as restored
    quint64 databaseDelta = 0; ///< what this backup copied from the database
    quint64 repoSize = 0; ///< the set in the repository (compressed), all it needs
    quint64 repoDelta = 0; ///< what this backup added to the repository
    QString archiveStart; ///< first WAL segment the backup needs
    QString archiveStop; ///< last WAL segment the backup needs
    QString lsnStart;
    QString lsnStop;
    QString prior; ///< the backup this one depends on (diff/incr); empty for a full
    QStringList references;
    bool error = false; ///< pgBackRest found errors (page checksums) while copying: not a good backup
    QString pgBackRestVersion;
};

/** One repository's view of the stanza. */
struct Repo
{
    int key = 0;
    int code = 0;
    QString message;
    QString cipher;
};

/** One stanza of `pgbackrest info --output=json`. */
struct Stanza
{
    QString name;
    int statusCode = int(StanzaStatus::Other);
    QString statusMessage; ///< pgBackRest's own English words
    bool backupLockHeld = false; ///< a backup or expire is running now
    std::optional<bool> restoreLockHeld; ///< reported by pgBackRest versions that know a restore lock
    QString cipher;
    QList<Repo> repos;
    QString archiveMin; ///< oldest WAL segment in the archive (empty: none)
    QString archiveMax;
    QString pgVersion; ///< of the stanza's current database
    quint64 systemId = 0;
    QList<Backup> backups; ///< oldest first, as pgBackRest lists them

    /** The newest backup without the error flag, if any. */
    const Backup* lastGood() const;
};

/**
 * Parses the output of `pgbackrest info --output=json`. Malformed, truncated or mistyped JSON is an error
 * ("pgbackrest.json"), as is a number that does not fit 64 bits; an empty list too ("pgbackrest.no_stanza"):
 * nothing read is never an empty OK. A stanza whose status is not OK parses (its status says why).
 */
Result<QList<Stanza>> parseInfo(const QByteArray& json);

/**
 * The stanza named from parsed info, checked: a missing stanza ("pgbackrest.missing_stanza"), one without valid
 * backups ("pgbackrest.no_backups") and any other status but OK ("pgbackrest.status") are errors with the status
 * in words.
 */
Result<Stanza> healthyStanza(const QList<Stanza>& stanzas, const QString& name);

/** How to run pgBackRest for one stanza. */
struct Target
{
    QString stanza;
    QString configPath; ///< --config; empty: pgBackRest's default
    /** Runs pgBackRest through this (e.g. {"runuser", "-u", "postgres", "--"}); empty: directly, as this user. */
    QStringList launcher;
    QString program = QStringLiteral("pgbackrest");
};

/** Progress of a running command: percent done (0–100) when pgBackRest reported one, and what it is doing. */
using Progress = std::function<void(double percent, const QString& what)>;

/** Outcome of a restore rehearsal: the scratch copy was restored, started and answered, then removed. */
struct RestoreCheck
{
    QString label; ///< the backup set restored
    qint64 restoreMs = 0; ///< pgbackrest restore until the server answered
    qint64 totalMs = 0; ///< including the server's stop and the clean-up
    QString serverVersion; ///< what the temporary server answered
    qint64 tables = 0; ///< user tables it counted in the database
    int erasuresReapplied = 0; ///< accounts of RestoreOptions::erasures whose keys or records the copy still held
};

/** Options for restoreCheck. */
struct RestoreOptions
{
    QString scratchParent; ///< the scratch data directory goes under here (a fresh directory, removed after)
    QString database = QStringLiteral("postgres"); ///< the database the temporary server is asked about
    QString user = QStringLiteral("postgres"); ///< a superuser of the backed-up cluster, to ask the copy
    QString pgBinDir; ///< pg_ctl and psql; empty: /usr/lib/postgresql/<stanza's version>/bin
    QString label; ///< the set to restore; empty: the latest
    int port = 0; ///< for the temporary server's socket name; 0: one chosen from the process id
    // The erasure ledger (i13-ledger): re-applied in the copy once it answers, as a restore would, and counted.
    QList<qint64> erasures; ///< account ids (backup::erasuresToReapply); empty: nothing to re-apply
    QString erasureDatabase; ///< the art32 database in the copy; empty: database
};

/**
 * Runs pgBackRest commands for one stanza, blocking (worker threads and the CLI only). Every command runs in the C
 * locale and is judged by its exit code; a cancel stops it (SIGTERM, then SIGKILL) with "pgbackrest.cancelled".
 */
class Runner
{
public:
    explicit Runner(Target target);

    const Target& target() const { return m_target; }

    /** `info --output=json` parsed and checked (healthyStanza). */
    Result<Stanza> info(const std::atomic_bool* cancel = nullptr) const;
    /** `info` parsed but unchecked: the stanza as reported, even when it has no valid backups. */
    Result<Stanza> rawInfo(const std::atomic_bool* cancel = nullptr) const;
    /** `backup --type=...`; returns the new set's label (info before and after). */
    Result<QString> backup(BackupType type, const Progress& progress, const std::atomic_bool* cancel) const;
    /** `verify`: pgBackRest checks every file of the repository against its checksums. */
    Result<void> verify(const Progress& progress, const std::atomic_bool* cancel) const;
    /**
     * A drill: `restore` of a set into a fresh scratch data directory, a temporary server on a private socket
     * (no TCP, no archiving: it never writes to the repository), a query it must answer, then the server stopped
     * and the directory removed, also on failure or cancel. Never touches the live cluster's directory.
     */
    Result<RestoreCheck> restoreCheck(const RestoreOptions& options, const Progress& progress,
                                      const std::atomic_bool* cancel) const;

    /** Runs pgBackRest with the target's launcher, stanza and config, then these arguments. */
    Result<QByteArray> run(const QStringList& arguments, const Progress& progress, const std::atomic_bool* cancel,
                           int timeoutMs = 6 * 3600 * 1000) const;

private:
    Target m_target;
};

/**
 * A backup set as the status model's entry (backend PgBackRest): times from pgBackRest's record, the size the set
 * takes in the repository (unknown when past 2^63 - 1, which the catalogue's bigint cannot hold), failed when
 * pgBackRest flagged errors in it.
 */
backup::BackupEntry toEntry(const Backup& backup, const Stanza& stanza);

/**
 * Records every set of the stanza in the catalogue (art32.backup_import: once per label, again updates it), so the
 * status model sees pgBackRest's backups next to the native ones. Returns the catalogue ids by label. When the
 * repository answered for the stanza, the complete sets it no longer lists (pgBackRest expired them) are marked
 * expired (catalogue::expireMissing), so they are not counted as present.
 */
Result<QMap<QString, qint64>> importInto(pqxx::connection_base& conn, const Stanza& stanza);

} // namespace art32::pgbackrest
