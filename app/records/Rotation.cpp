#include "records/Rotation.h"

#include "auth/Enrollment.h"
#include "auth/KeyRing.h"
#include "core/Logging.h"
#include "crypto/Keys.h"
#include "records/Envelope.h"
#include "records/RecordStore.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <future>
#include <limits>
#include <optional>
#include <pqxx/binarystring>
#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/transaction>

namespace art32::rotation {
namespace {

bool holds(const KeyRing& ring, KeyKind kind, int version)
{
    return kind == KeyKind::Kek ? ring.withKek(version, [](const SecureBytes&) { return 0; }).ok()
                                : ring.withIndexKey(version, [](const SecureBytes&) { return 0; }).ok();
}

/** The new version sealed to every registered platform key that lacks it (the finish refuses until then). */
void sealToPlatform(pqxx::transaction_base& tx, KeyKind kind, int version, const SecureBytes& key)
{
    for (const auto& row :
         tx.exec_params("SELECT login, public_key FROM art32.platform_keys_without($1, $2)", keyKindKey(kind), version))
        tx.exec_params("SELECT art32.seal_key_for_platform($1, $2, $3, $4)", row[0].as<std::string>(), keyKindKey(kind),
                       version, pgwire::param(keys::seal(key, pgwire::bytes(row[1]))));
}

/**
 * Joins the open rotation of this kind: its new key must be in the ring (reloaded once if it is not: a rotation
 * started under this session seals it to every holder of the old one). The platform keys registered meanwhile get
 * the new key too. false when none is open.
 */
Result<bool> join(pqxx::connection_base& conn, KeyRing& ring, KeyKind kind, const ReloadKeys& reload, Outcome& o)
{
    QString startedBy;
    {
        pqxx::read_transaction look(conn);
        const pqxx::result open = look.exec_params("SELECT from_version, to_version, started_by FROM "
                                                   "art32.key_rotations WHERE kind = $1 AND finished_at IS NULL",
                                                   keyKindKey(kind));
        look.commit();
        if (open.empty())
            return false;
        o.fromVersion = open[0][0].as<int>();
        o.toVersion = open[0][1].as<int>();
        startedBy = QString::fromStdString(open[0][2].as<std::string>());
    }
    if (!holds(ring, kind, o.toVersion) && reload) {
        if (auto r = reload(); !r)
            return r.error();
    }
    auto sealed = (kind == KeyKind::Kek ? ring.withKek(o.toVersion,
                                                       [&](const SecureBytes& key) {
                                                           pqxx::work tx(conn);
                                                           sealToPlatform(tx, kind, o.toVersion, key);
                                                           tx.commit();
                                                           return 0;
                                                       })
                                        : ring.withIndexKey(o.toVersion, [&](const SecureBytes& key) {
                                              pqxx::work tx(conn);
                                              sealToPlatform(tx, kind, o.toVersion, key);
                                              tx.commit();
                                              return 0;
                                          }));
    if (!sealed)
        return Error { QStringLiteral("rotation.key_missing"),
                       QCoreApplication::translate("art32::Rotation",
                                                   "A rotation started by %1 is in progress but its new key is not "
                                                   "sealed to you: %1 must resume it.")
                           .arg(startedBy) };
    qCInfo(lcRecords) << keyKindKey(kind) << "rotation" << o.fromVersion << "->" << o.toVersion << "joined";
    return true;
}

/**
 * The open rotation of this kind, or a new one: a fresh key sealed to me, to every other holder of the current
 * version and to every registered platform key. The new key joins the ring either way. Two CTOs starting at the same
 * instant: the server lets one win (object_in_use for the other), and the other joins.
 */
Result<Outcome> beginOrResume(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey, KeyKind kind,
                              const ReloadKeys& reload)
{
    Outcome o;
    auto joined = join(conn, ring, kind, reload, o);
    if (!joined)
        return joined.error();
    if (joined.value())
        return o;
    SecureBytes fresh = keys::randomKey();
    std::vector<std::string> holders;
    try {
        pqxx::work tx(conn);
        o.toVersion = tx.exec_params("SELECT art32.rotation_start($1, $2)", keyKindKey(kind),
                                     pgwire::param(keys::seal(fresh, myPublicKey)))[0][0]
                          .as<int>();
        o.fromVersion = tx.exec_params("SELECT from_version FROM art32.key_rotations WHERE kind = $1 AND "
                                       "to_version = $2",
                                       keyKindKey(kind), o.toVersion)[0][0]
                            .as<int>();
        for (const auto& row : tx.exec_params("SELECT art32.key_holders($1, $2)", keyKindKey(kind), o.fromVersion))
            holders.push_back(row[0].as<std::string>());
        // The successor goes to everyone who held the old key (auditors never do), in the same transaction.
        for (const std::string& login : holders) {
            const pqxx::result pk = tx.exec_params("SELECT public_key FROM art32.admins WHERE login = $1", login);
            if (pk.empty() || pk[0][0].is_null() || pgwire::bytes(pk[0][0]) == myPublicKey)
                continue;
            tx.exec_params("SELECT art32.seal_key_for($1, $2, $3, $4)", login, keyKindKey(kind), o.toVersion,
                           pgwire::param(keys::seal(fresh, pgwire::bytes(pk[0][0]))));
        }
        sealToPlatform(tx, kind, o.toVersion, fresh);
        tx.commit();
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() != "55006")
            throw;
        // Another CTO's rotation_start won: "already running, started by … at …". Join it.
        qCInfo(lcRecords) << keyKindKey(kind) << "rotation started by someone else at the same time: joining";
        Outcome other;
        auto again = join(conn, ring, kind, reload, other);
        if (!again)
            return again.error();
        if (!again.value())
            throw; // gone again already: the caller's retry starts afresh
        other.joined = true;
        return other;
    }
    ring.insert(kind, o.toVersion, std::move(fresh));
    return o;
}

/** Who finished the rotation to this version, when another run did; nothing while it is open (or unknown). */
std::optional<std::pair<QString, QDateTime>> finishedElsewhere(pqxx::connection_base& conn, KeyKind kind, int to)
{
    if (to <= 0)
        return std::nullopt;
    try {
        pqxx::read_transaction tx(conn);
        const pqxx::result r = tx.exec_params("SELECT coalesce(finished_by, started_by), extract(epoch FROM "
                                              "finished_at)::float8 FROM art32.key_rotations "
                                              "WHERE kind = $1 AND to_version = $2 AND finished_at IS NOT NULL",
                                              keyKindKey(kind), to);
        if (r.empty())
            return std::nullopt;
        return std::make_pair(QString::fromStdString(r[0][0].as<std::string>()),
                              QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(r[0][1].as<double>() * 1000)));
    } catch (const std::exception&) {
        return std::nullopt; // the connection is gone too: the original error says more
    }
}

/** One batch on its way through the pipeline: the rows' ids, their new values, and the values they had. */
struct Batch
{
    std::vector<long long> ids;
    std::vector<QByteArray> values; ///< the new wrapped DEK or digest; null drops a blind index
    std::vector<QByteArray> old; ///< what the row held when read: the write skips rows changed since
    long long last = 0;
};

/**
 * The frame both rotations share: begin (or resume), then batches until none is left, then finish.
 * read(tx, o, readId, after) returns the next rows in key order (through the read opened for the rotation);
 * compute(rows, o) turns them into a Batch (the crypto, on a helper thread); write(tx, o, batch) stores it and returns
 * how many rows moved. The crypto of one batch runs while the server stores the one before it, so the slower of the two
 * sets the pace, not their sum. Each write is its own transaction; cancel stops between batches and resuming picks up
 * from the rows still at the old version.
 */
template<typename Read, typename Compute, typename Write>
Result<Outcome> drive(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey, KeyKind kind,
                      Read&& read, Compute&& compute, Write&& write, const Progress& progress,
                      const std::atomic_bool* cancel, const ReloadKeys& reload)
{
    std::future<Result<Batch>> pending;
    Outcome o;
    try {
        auto begun = beginOrResume(conn, ring, myPublicKey, kind, reload);
        if (!begun)
            return begun;
        o = begun.value();
        // The read of every key (and, for the index, every record) is opened and audited before the first batch.
        auto opened = records::openRead(conn, records::ReadWhy::Rotation, std::numeric_limits<qint64>::min(),
                                        std::numeric_limits<qint64>::max());
        if (!opened)
            return opened.error();
        const long long readId = opened->id;
        // A rotation of a million rows outlasts the idle expiry: it keeps its own session alive between batches,
        // and stops with unlock.expired (rather than finding no rows and failing at the finish) if it is locked.
        records::SessionKeeper keeper(conn);
        if (auto alive = keeper.tick(); !alive)
            return alive.error();
        qint64 total = 0;
        {
            pqxx::read_transaction tx(conn);
            total = tx.exec_params("SELECT art32.rotation_remaining($1)", keyKindKey(kind))[0][0].as<long long>();
        }
        qCInfo(lcRecords) << keyKindKey(kind) << "rotation" << o.fromVersion << "->" << o.toVersion << ":" << total
                          << "rows to move";
        auto start = [&](pqxx::result rows) {
            return std::async(std::launch::async, [&compute, versions = o, rows = std::move(rows)]() -> Result<Batch> {
                try {
                    return compute(rows, versions);
                } catch (const std::exception& e) {
                    return Database::describe(e);
                }
            });
        };
        // Passes from the first key on; a row changed while its batch was computed is skipped and left at the
        // old version, so another pass takes it (a pass that moves nothing ends the loop either way).
        for (int pass = 0; pass < 3; ++pass) {
            const qint64 movedBefore = o.rowsMoved;
            long long after = std::numeric_limits<long long>::min();
            {
                pqxx::read_transaction tx(conn);
                pending = start(read(tx, o, readId, after));
            }
            for (;;) {
                Result<Batch> ready = pending.get();
                if (!ready)
                    return ready.error();
                if (ready->ids.empty() || (cancel && cancel->load()))
                    break;
                after = ready->last;
                pqxx::work tx(conn);
                pending = start(read(tx, o, readId, after)); // the next batch's crypto overlaps this batch's write
                o.rowsMoved += write(tx, o, ready.value());
                tx.commit();
                if (progress)
                    progress(o.rowsMoved, total);
                if (auto alive = keeper.tick(); !alive)
                    return alive.error(); // pending's future waits for its batch when it goes
            }
            if (cancel && cancel->load()) {
                qCInfo(lcRecords) << keyKindKey(kind) << "rotation cancelled after" << o.rowsMoved << "rows";
                return o;
            }
            // Finishing counts what still uses the old version (object_in_use when anything does): a row
            // skipped by this pass sends us round again, unless the pass moved nothing at all.
            try {
                pqxx::work tx(conn);
                tx.exec_params("SELECT art32.rotation_finish($1)", keyKindKey(kind));
                tx.commit();
                o.finished = true;
                qCInfo(lcRecords) << keyKindKey(kind) << "rotation to version" << o.toVersion
                                  << "finished:" << o.rowsMoved << "rows moved";
                return o;
            } catch (const pqxx::sql_error& e) {
                if (e.sqlstate() != "55006" || o.rowsMoved == movedBefore || pass == 2)
                    throw;
            }
        }
        return o;
    } catch (const std::exception& e) {
        if (pending.valid())
            pending.wait(); // it reads the rows and keys this frame owns
        // Another run (a second console, another CTO) finished this rotation while this one took part: its batches
        // and its finish found the rotation closed. The rotation succeeded; say who finished it.
        if (const auto other = finishedElsewhere(conn, kind, o.toVersion)) {
            o.finished = true;
            o.finishedBy = other->first;
            o.finishedAt = other->second;
            qCInfo(lcRecords) << keyKindKey(kind) << "rotation to version" << o.toVersion
                              << "was finished by another run";
            return o;
        }
        const Error error = Database::describe(e);
        qCWarning(lcRecords) << keyKindKey(kind) << "rotation failed:" << error.code;
        return error;
    }
}

} // namespace

Result<KeyStatus> status(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<KeyStatus> {
        KeyStatus s;
        pqxx::read_transaction tx(conn);
        // RLS shows the caller's own sealed keys only: these are the versions this admin holds.
        for (const auto& row : tx.exec("SELECT kind, max(version) FROM art32.sealed_keys GROUP BY kind"))
            (row[0].as<std::string>() == keyKindKey(KeyKind::Kek) ? s.kekVersion : s.indexVersion) = row[1].as<int>();
        for (const auto& row : tx.exec("SELECT kind, from_version, to_version, started_by FROM art32.key_rotations "
                                       "WHERE finished_at IS NULL ORDER BY kind")) {
            KeyKind kind = KeyKind::Kek;
            if (!keyKindFromKey(QString::fromStdString(row[0].as<std::string>()), &kind))
                continue; // a kind this console does not know: not one it can resume
            s.open.append(
                { kind, row[1].as<int>(), row[2].as<int>(), QString::fromStdString(row[3].as<std::string>()) });
        }
        return s;
    });
}

Error retiredVersionError()
{
    return { QStringLiteral("keys.retired"),
             QCoreApplication::translate("art32::Rotation",
                                         "A key rotation retired the key version this session used, so the server "
                                         "refused the change. Try again: the console reloads the keys sealed to you "
                                         "first.") };
}

Result<UsableVersions> usableVersions(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<UsableVersions> {
        pqxx::read_transaction tx(conn);
        const pqxx::row r
            = tx.exec("SELECT coalesce(max(version) FILTER (WHERE kind = 'kek'), 0), coalesce(max(version) FILTER "
                      "(WHERE kind = 'index'), 0) FROM art32.key_versions WHERE retired_at IS NULL")[0];
        return UsableVersions { r[0].as<int>(), r[1].as<int>() };
    });
}

Result<Outcome> rotateKek(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                          const Progress& progress, const std::atomic_bool* cancel, int batch, const ReloadKeys& reload)
{
    // Every key not at the new version yet, whichever older version it names.
    auto read = [&](pqxx::transaction_base& tx, const Outcome&, long long readId, long long after) {
        return tx.exec_params("SELECT account_id, wrapped_dek, kek_version FROM art32.rotation_keys($1, $2, $3)",
                              readId, after, batch);
    };
    auto compute = [&](const pqxx::result& rows, const Outcome& o) -> Result<Batch> {
        Batch b;
        b.ids.reserve(rows.size());
        b.values.reserve(rows.size());
        b.old.reserve(rows.size());
        auto rewrapped = ring.withEveryKek([&](const auto& kekOf) -> Result<void> {
            const SecureBytes* newKek = kekOf(o.toVersion);
            if (!newKek)
                return Error { QStringLiteral("rotation.key_missing"),
                               QCoreApplication::translate("art32::Rotation",
                                                           "The new KEK version %1 is not sealed to you.")
                                   .arg(o.toVersion) };
            SecureBytes dek(32); // one buffer for the batch
            envelope::NoncePool nonces(static_cast<int>(rows.size()));
            for (const auto& row : rows) {
                const long long id = row[0].as<long long>();
                const int version = row[2].as<int>();
                const SecureBytes* oldKek = kekOf(version);
                if (!oldKek)
                    return Error { QStringLiteral("rotation.kek_missing"),
                                   QCoreApplication::translate("art32::Rotation",
                                                               "Account %1's key is wrapped with KEK version %2, "
                                                               "which is not sealed to you: rotation stopped. Run "
                                                               "the integrity scan.")
                                       .arg(id)
                                       .arg(version) };
                QByteArray old = pgwire::bytes(row[1]);
                auto opened = envelope::unwrapDekInto(*oldKek, id, old, dek);
                if (!opened)
                    return Error { opened.error().code,
                                   QCoreApplication::translate("art32::Rotation",
                                                               "The key of account %1 does not open: rotation "
                                                               "stopped. Run the integrity scan.")
                                       .arg(id) };
                b.ids.push_back(id);
                b.values.push_back(
                    envelope::wrapDek(*newKek, static_cast<std::uint32_t>(o.toVersion), id, dek, nonces.next()));
                b.old.push_back(std::move(old));
            }
            return {};
        });
        if (!rewrapped)
            return rewrapped.error();
        if (!b.ids.empty())
            b.last = b.ids.back();
        return b;
    };
    auto write = [](pqxx::work& tx, const Outcome& o, const Batch& b) {
        return static_cast<qint64>(
            tx.exec_params("SELECT art32.rewrap_deks($1::bigint[], $2::bytea[], $3::bytea[], $4, $5)",
                           pgwire::param(pgwire::int8Array(b.ids)), pgwire::param(pgwire::byteaArray(b.values)),
                           pgwire::param(pgwire::byteaArray(b.old)), o.fromVersion, o.toVersion)[0][0]
                .as<long long>());
    };
    return drive(conn, ring, myPublicKey, KeyKind::Kek, read, compute, write, progress, cancel, reload);
}

Result<Outcome> rotateIndexKey(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                               const Progress& progress, const std::atomic_bool* cancel, int batch,
                               const ReloadKeys& reload)
{
    // The indexed records with their account's wrapped DEK: decrypt, normalise, hash with the new key.
    auto read = [&](pqxx::transaction_base& tx, const Outcome&, long long readId, long long after) {
        return tx.exec_params("SELECT record_id, account_id, kind, ciphertext, kek_version, wrapped_dek, digest "
                              "FROM art32.rotation_indexed($1, $2, $3)",
                              readId, after, batch);
    };
    auto compute = [&](const pqxx::result& rows, const Outcome& o) -> Result<Batch> {
        Batch b;
        SecureBytes dek(32); // one buffer: records come grouped by account
        long long dekAccount = -1;
        bool dekOpen = false;
        auto hashed = ring.withIndexKey(o.toVersion, [&](const SecureBytes& indexKey) -> Result<void> {
            for (const auto& row : rows) {
                const long long recordId = row[0].as<long long>();
                const long long accountId = row[1].as<long long>();
                const auto kind = static_cast<RecordKind>(row[2].as<int>());
                b.ids.push_back(recordId);
                b.old.push_back(pgwire::bytes(row[6]));
                if (accountId != dekAccount) {
                    dekAccount = accountId;
                    const int kekVersion = row[4].as<int>();
                    auto opened = ring.withKek(kekVersion, [&](const SecureBytes& kek) {
                        return envelope::unwrapDekInto(kek, accountId, pgwire::bytes(row[5]), dek);
                    });
                    // A KEK this session does not hold (one rotated since it unlocked) says nothing about the
                    // record: stop rather than drop a good index.
                    if (!opened && opened.error().code == kKeyMissing)
                        return Error { QStringLiteral("rotation.kek_missing"),
                                       QCoreApplication::translate("art32::Rotation",
                                                                   "Account %1's key is wrapped with KEK version %2, "
                                                                   "which this session does not hold: lock, unlock "
                                                                   "and rotate again.")
                                           .arg(accountId)
                                           .arg(kekVersion) };
                    dekOpen = opened.ok(); // a DEK that does not open: its index goes, and the scan names it
                }
                auto plain = dekOpen ? envelope::openRecord(dek, accountId, recordId, kind, pgwire::bytes(row[3]))
                                     : Result<QByteArray>(Error {});
                // A null digest drops the index of a record that does not decrypt (the integrity scan names it).
                b.values.push_back(plain ? envelope::blindIndex(indexKey, kind, QString::fromUtf8(plain.value()))
                                         : QByteArray());
            }
            return {};
        });
        if (!hashed)
            return hashed.error();
        if (!b.ids.empty())
            b.last = b.ids.back();
        return b;
    };
    auto write = [](pqxx::work& tx, const Outcome& o, const Batch& b) {
        return static_cast<qint64>(
            tx.exec_params("SELECT art32.reindex($1::bigint[], $2::bytea[], $3::bytea[], $4, $5)",
                           pgwire::param(pgwire::int8Array(b.ids)), pgwire::param(pgwire::byteaArray(b.values)),
                           pgwire::param(pgwire::byteaArray(b.old)), o.fromVersion, o.toVersion)[0][0]
                .as<long long>());
    };
    return drive(conn, ring, myPublicKey, KeyKind::Index, read, compute, write, progress, cancel, reload);
}

} // namespace art32::rotation
