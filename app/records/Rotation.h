#pragma once

#include "auth/KeyKind.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>

namespace pqxx {
class connection_base;
}

namespace art32 {

class KeyRing;

/**
 * Key rotation by an unlocked CTO (DESIGN.md §4.3). rotateKek: a new KEK sealed to everyone who held the old
 * one, then every DEK re-wrapped in batches; rotateIndexKey: a new index key, then every blind index
 * recomputed from the decrypted e-mail and phone records. Each batch is its own transaction; an interrupted
 * rotation (cancel, crash, lost connection) leaves every record readable and resumes where it stopped when
 * called again.
 */
namespace rotation {

struct Outcome
{
    int fromVersion = 0;
    int toVersion = 0;
    qint64 rowsMoved = 0;
    bool finished = false; ///< false when cancelled before the end
    bool joined = false; ///< another CTO had started this rotation (at the same instant, or before)
    /** Set when another run finished the rotation while this one took part: a success all the same. */
    QString finishedBy;
    QDateTime finishedAt;
};

using Progress = std::function<void(qint64 done, qint64 total)>;
/**
 * Reads the caller's sealed keys into the ring again (KeyRing::load with the private key). A rotation calls it when
 * another CTO's rotation started under it, to join with the new key that rotation sealed to this admin.
 */
using ReloadKeys = std::function<Result<void>()>;

/**
 * The server refuses a wrapped DEK or blind index written at a key version that is neither usable now nor the new
 * version of the open rotation with this SQLSTATE (migration 0010, docs/FORMAT.md §7).
 */
inline constexpr const char* kRetiredVersionState = "A3201";
/** The error a write refused with kRetiredVersionState becomes (code keys.retired). */
Error retiredVersionError();

/** The newest usable version of each kind on the server (0: none); a ring loaded before a change is stale. */
struct UsableVersions
{
    int kek = 0;
    int index = 0;
    bool operator==(const UsableVersions& o) const { return kek == o.kek && index == o.index; }
    bool operator!=(const UsableVersions& o) const { return !(*this == o); }
};
Result<UsableVersions> usableVersions(pqxx::connection_base& conn);

/** What the caller holds and what is under way, for the console's Keys page. */
struct KeyStatus
{
    int kekVersion = 0; ///< newest KEK version sealed to the caller (0: none)
    int indexVersion = 0;
    /** Rotations started and not finished: kind with from and to versions. */
    struct Open
    {
        KeyKind kind = KeyKind::Kek;
        int fromVersion = 0;
        int toVersion = 0;
        QString startedBy;
    };
    QList<Open> open;
};
Result<KeyStatus> status(pqxx::connection_base& conn);

// Batches: a KEK batch is 20000 small rows (about 5 MB in flight; larger batches amortise the per-statement
// work, at 1M keys 6.9 us per key against 7.6-8.7 with 5000); an index batch carries ciphertexts, so it stays smaller.

// Each moves every row not at the new version (rows left at older versions by an earlier rotation too). Two runs
// may overlap: the second joins the open rotation (with reload, also one started at the same instant), and a run
// whose rotation another run finished reports that (finishedBy) as success.

Result<Outcome> rotateKek(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                          const Progress& progress = {}, const std::atomic_bool* cancel = nullptr, int batch = 20000,
                          const ReloadKeys& reload = {});
Result<Outcome> rotateIndexKey(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                               const Progress& progress = {}, const std::atomic_bool* cancel = nullptr,
                               int batch = 5000, const ReloadKeys& reload = {});

} // namespace rotation
} // namespace art32
