#pragma once

#include "backup/Ledger.h"
#include "backup/Status.h"
#include "core/Result.h"
#include "crypto/SecureBytes.h"
#include "keychain/Keychain.h"
#include "store/Profile.h"

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <atomic>
#include <functional>

namespace art32 {
class Database;
}

/**
 * The native backend (DESIGN.md §5, docs/FORMAT.md "Native backups"): `pg_dump -Fc` streamed through libsodium's
 * crypto_secretstream into `<dir>/<UTC timestamp>.art32bak`, written under a temporary name, fsynced and renamed
 * only when complete; verified by a real restore into a scratch database; restored with the erasure ledger
 * re-applied. The backup key is not the KEK: a backup job never holds the KEK.
 */
namespace art32::backup {

/** Per table ("schema.table"): rows and a content checksum (docs/FORMAT.md), from one snapshot. */
struct TableSum
{
    qint64 rows = 0;
    QString checksum; ///< decimal: the sum over the table's rows of each row's hash, made as `method` says
    /**
     * "record": hash_record_extended(row, 0), each column hashed by its type's own hash function (headers from
     * 2026-12-02 on); "text": hashtextextended(row::text, 0), for a table with a column type that has no hash
     * function (json, point, xml), and for every table of older headers, which name no method.
     */
    QString method;
    bool operator==(const TableSum& o) const { return rows == o.rows && checksum == o.checksum; }
};
using TableSums = QMap<QString, TableSum>;

/** The file's header (plaintext at the start, and again inside the encrypted stream's last message). */
struct Header
{
    int formatVersion = 1;
    QString database;
    QDateTime started; ///< UTC (the catalogue's start, the server's clock)
    QDateTime finished; ///< UTC
    QString serverVersion;
    TableSums tables;
    qint64 catalogueId = 0; ///< art32.backups.id of this run (0: not recorded)
    int ledgerEntries = 0; ///< the erasure ledger file's length when the backup was made (ledger::Anchor)
    QString ledgerHead; ///< its chain value after that many entries (hex; empty: none)
    int compressLevel = -1; ///< pg_dump's --compress of the stream (-1: not recorded, older files)
    QString codec; ///< how the stream itself is compressed: "zstd" (format 2) or empty (format 1: as pg_dump wrote it)
    int codecLevel = 0; ///< the codec's level (informational)

    QByteArray toJson() const;
    static Result<Header> fromJson(const QByteArray& json);
    QMap<QString, qint64> rowCounts() const;
};

/** The 32-byte backup key: random, held in guarded memory. */
SecureBytes generateKey();
/** The key as text (64 hex digits and a newline), for a key file. */
QByteArray keyToText(const SecureBytes& key);
Result<SecureBytes> keyFromText(const QByteArray& text);
/** Writes a new key file, 0600, refusing to overwrite unless force (backup.keyfile.exists). */
Result<void> writeKeyFile(const QString& path, const SecureBytes& key, bool force);
/**
 * Reads a key file, refusing one that others can read or write, or that belongs to someone else
 * (backup.keyfile.mode), or that is missing (backup.key.missing).
 */
Result<SecureBytes> readKeyFile(const QString& path);
/** The keychain entry of a profile's backup key: one per database the profile reaches. */
QString keychainName(const Profile& profile);

/** Reads a keychain entry and answers once (a blocking reader answers before it returns). */
using KeychainRead = std::function<void(const QString& entry, Keychain::Callback done)>;
/**
 * The one lookup of the backup key, for `art32ctl backup` and the Backups view: the explicit key file (--key-file)
 * when given, else the profile's key file (Profile::backupKeyFile) when it names one, else the running user's
 * keychain (keychainName). A named key file is the only place looked: one that is missing or others can read is an
 * error (never a silent fall back to the keychain). Every error is translated and says where it looked, never the
 * key. done runs once, on the thread readKeychain answers on.
 */
void loadKey(const Profile& profile, const QString& explicitFile, const KeychainRead& readKeychain,
             const std::function<void(Result<SecureBytes>)>& done);
/** The same, blocking (Keychain::readNow): the command line and tests. */
Result<SecureBytes> loadKey(const Profile& profile, const QString& explicitFile, Keychain& keychain);

/** What a backup run, verify or restore needs from its caller. */
struct Target
{
    Profile connection; ///< the dump/restore login: a superuser or a role with pg_read_all_data and BYPASSRLS
    QString pgBinDir; ///< where pg_dump and pg_restore are
    QString backupDir; ///< created 0700 when missing
    /**
     * How `run` compresses (docs/FORMAT.md §10, the measurements in bench/bench_backup.cpp). By default pg_dump writes
     * its archive uncompressed and the run compresses the stream with zstd at level 1 before encrypting it (format
     * 2): most of an Art32 database is ciphertext, which no codec shrinks, and zstd gives up on it several times
     * faster than pg_dump's zlib. Codec::PgDump is the older way (format 1): pg_dump's own zlib at compressLevel.
     */
    enum class Codec { Zstd, PgDump };
    Codec codec = Codec::Zstd;
    int compressLevel = 1; ///< zstd's level (1-19) with Codec::Zstd, pg_dump's --compress (0-9) with Codec::PgDump
};
// password (both calls below): the login's password for pg_dump/pg_restore (PGPASSWORD in their environment
// only) and for the scratch connection; nullptr when the login needs none (peer, .pgpass).

using Progress = std::function<void(qint64 bytes)>;

/**
 * What a verify, drill or restore is doing: the restore itself (Progress reports its bytes), then comparing the
 * restored tables with the header, then re-applying the erasure ledger (when it has entries).
 */
enum class Phase { Restore, Compare, Reapply };
/** A phase in words, translated ("Comparing the restored tables with the header…"). */
QString phaseText(Phase phase);

struct RunResult
{
    QString file; ///< the final path
    Header header;
    qint64 sizeBytes = 0;
    qint64 catalogueId = 0;
    int ledgerAdded = 0; ///< erasures appended to the ledger file by this run
};

/**
 * Runs one backup: records it in the catalogue (running), exports a snapshot, counts and checksums every table in
 * that snapshot while pg_dump -Fc --snapshot streams through the encryption, then writes the header, fsyncs,
 * renames and records the run complete (or failed, with why). db is the same login's connection.
 */
Result<RunResult> run(Database& db, const Target& target, const SecureBytes& key, const Progress& progress = {},
                      const std::atomic_bool* cancel = nullptr, const SecureBytes* password = nullptr);

/** The plaintext header of a file, checked for form only (no key needed, nothing decrypted). */
Result<Header> readHeader(const QString& file);

struct RestoreResult
{
    Header header;
    double restoreSeconds = 0; ///< decrypt + pg_restore
    TableSums restored; ///< counted in the restored copy
    int erasuresReapplied = 0;
    qint64 checkId = 0; ///< the catalogue's check (0: the file is not in the catalogue)
    // The erasure ledger (i13-ledger): what was merged and re-applied.
    bool ledgerLive = false; ///< the live ledger was read
    bool ledgerFile = false; ///< the ledger file was read (and brought up to date when the live one was read)
    int ledgerEntries = 0; ///< erasures in the merged ledger
    int ledgerOnlyInFile = 0; ///< of those, known only to the file (the live database gone, or its ledger cut)
};

enum class Mode {
    Verify, ///< into a scratch database, compare, re-apply the erasure ledger, drop it (never writes the live database)
    Drill, ///< like Verify, timed against the promise
    Restore, ///< into the named database, then re-apply the erasure ledger
};

struct RestoreOptions
{
    Mode mode = Mode::Verify;
    QString targetDatabase; ///< Restore: the database to restore into (created when missing)
    bool force = false; ///< Restore: replace a database that is not empty
    // The erasure ledger (i13-ledger). The live ledger and the file (ledger::pathIn(backupDir) unless ledgerFile)
    // are merged and re-applied; a restore with neither refuses (backup.ledger.none) unless noLedger.
    bool liveReachable = true; ///< false: db is the server's maintenance database, the live one is gone
    bool noLedger = false; ///< restore without re-applying any erasure (erased accounts may come back)
    QString ledgerFile; ///< empty: the backup directory's
    std::function<void(Phase)> phase; ///< called as each phase begins (on restore's thread); may be empty
};

/**
 * Decrypts the file into pg_restore. Truncation (backup.truncated), tampering (backup.tampered) and a wrong key
 * (backup.wrongkey) are distinct errors; a restored copy whose counts or checksums differ from the header is
 * backup.mismatch. Recorded in the catalogue (kind verify, drill or restore) when the file is in it.
 */
Result<RestoreResult> restore(Database& db, const Target& target, const QString& file, const SecureBytes& key,
                              const RestoreOptions& options, const Progress& progress = {},
                              const std::atomic_bool* cancel = nullptr, const SecureBytes* password = nullptr);

struct PruneResult
{
    QStringList deletedFiles; ///< paths removed
    QList<qint64> prunedEntries; ///< catalogue ids marked pruned
    QStringList skipped; ///< past retention but not ours to delete (pgBackRest manages its own)
};

/**
 * Deletes exactly the backups past retention: the catalogue's kept native backups started before
 * server now - retention days (file removed, row marked pruned), and stray .art32bak files in the directory whose
 * header start is that old. Everything newer stays.
 */
Result<PruneResult> prune(Database& db, const QString& backupDir, bool dryRun = false);

/**
 * Brings the ledger file of the backup directory up to date with the live ledger (`backup ledger sync`, and the
 * start of every run): appends what the file lacks, then seals it. db: a backup operator's connection.
 */
Result<ledger::SyncResult> syncLedger(Database& db, const QString& backupDir, const SecureBytes& key);

/**
 * `backup ledger check` (review 20): the backup directory's ledger file, authenticated, sealed, and checked against
 * the newest anchor the catalogue recorded for this directory and key (the check a restore makes while the live
 * database is reachable, ledger::checkAnchor): a file cut back past it is refused naming both lengths and the anchor's
 * row and login. The file's `exists` is false when there is none and no anchor expects one. db: an operator's.
 */
Result<ledger::File> checkLedger(Database& db, const QString& backupDir, const SecureBytes& key);

/**
 * The account ids a restore must erase again, for a pgBackRest drill (pgbackrest::RestoreOptions::erasures): the live
 * ledger merged with the backup directory's ledger file, which is checked and brought up to date; key nullptr (a
 * caller without the backup key): the live ledger alone.
 */
Result<QList<qint64>> erasuresToReapply(Database& db, const QString& backupDir, const SecureBytes* key);

/** Row counts and checksums of every table of the database the connection is in, in its current snapshot. */
Result<TableSums> tableSums(Database& db, const TableSums* like = nullptr);

} // namespace art32::backup
