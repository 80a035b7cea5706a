#pragma once

#include "auth/KeyKind.h"
#include "core/Result.h"

#include <QByteArray>
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
};

using Progress = std::function<void(qint64 done, qint64 total)>;

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

Result<Outcome> rotateKek(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                          const Progress& progress = {}, const std::atomic_bool* cancel = nullptr, int batch = 20000);
Result<Outcome> rotateIndexKey(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                               const Progress& progress = {}, const std::atomic_bool* cancel = nullptr,
                               int batch = 5000);

} // namespace rotation
} // namespace art32
