#pragma once

#include "core/Result.h"
#include "crypto/SecureBytes.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace pqxx {
class connection_base;
}

/**
 * The erasure ledger outside the database and outside the backups (DESIGN.md §5, docs/FORMAT.md "Erasure ledger
 * file"): an append-only text file in the backup directory, one line per erasure (account id, erasure time, until
 * when backups hold its ciphertext, the audit event's seq; never personal data), each line authenticated by a keyed
 * BLAKE2b chain under a key derived from the backup key, every write closed by a seal line. A changed, removed or
 * reordered line is backup.ledger.tampered; a file cut inside a line or after the last seal is
 * backup.ledger.truncated; a cut back to an earlier seal is caught against the anchor every backup's header carries
 * (the ledger's length and chain value when the backup was made) and against the live ledger when it is reachable.
 *
 * Who writes it: every `backup run`, `verify`, `drill` and `restore` (the live ledger merged in first), and
 * `backup ledger sync` (hourly timer): the backup key's holder, which the erasing CTO is not.
 */
namespace art32::backup::ledger {

struct Entry
{
    qint64 accountId = 0;
    QDateTime erasedAt; ///< UTC, milliseconds
    QDateTime backupsUntil; ///< UTC, milliseconds
    qint64 auditSeq = 0; ///< the account.erase event (0: unknown)
};

/** The file as read and checked. */
struct File
{
    bool exists = false;
    QList<Entry> entries; ///< in file order
    QList<QByteArray> chain; ///< per entry: its MAC (32 bytes), the chain value after it
};

/** Where a backup directory keeps its ledger. */
QString pathIn(const QString& backupDir);

/** Reads and authenticates a ledger file; a missing file is File{exists = false}. */
Result<File> read(const QString& path, const SecureBytes& backupKey);

/** The anchor a backup's header records: how long the ledger was and its chain value after the last entry. */
struct Anchor
{
    int entries = 0;
    QByteArray head; ///< hex; empty when entries == 0
};
Anchor anchorOf(const File& file);
/**
 * The file must hold at least the anchor's entries, and the anchor's entry must carry the anchor's chain value.
 * source: empty for the anchor of the backup being restored; else a phrase naming where the newer anchor comes from
 * (the catalogue row and the login that recorded it, or an authenticated header): the messages then name it, both
 * lengths, and that either the file was cut back or the anchor is false (review 20).
 */
Result<void> checkAnchor(const File& file, const Anchor& anchor, const QString& path,
                         const QString& source = QString());
/** The ledger key's id (32 hex digits, as on the file's first line) for a backup key; empty for a malformed key. */
QString keyIdHex(const SecureBytes& backupKey);

struct SyncResult
{
    int added = 0; ///< entries appended now
    int total = 0; ///< entries in the file afterwards
    int onlyInFile = 0; ///< entries the file has and the live ledger lacks (a restored or tampered live ledger)
    Anchor anchor;
};

/**
 * Appends the live entries the file lacks (by account id), then a seal; creates the file (0600) when missing. The
 * file is locked (flock) and checked before anything is appended: a damaged file is never extended.
 */
Result<SyncResult> sync(const QString& path, const SecureBytes& backupKey, const QList<Entry>& live);

/** The live ledger: art32.backup_ledger() (migration 0022), for backup operators. */
Result<QList<Entry>> live(pqxx::connection_base& conn);

/** The union of both (by account id; the live entry wins where both have one). */
QList<Entry> merge(const QList<Entry>& live, const QList<Entry>& file);

} // namespace art32::backup::ledger
