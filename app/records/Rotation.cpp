#include "records/Rotation.h"

#include "auth/Enrollment.h"
#include "auth/KeyRing.h"
#include "crypto/Keys.h"
#include "records/Envelope.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <optional>
#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

namespace art32::rotation {
namespace {

QByteArray bytes(const pqxx::field& f)
{
    const pqxx::binarystring b(f);
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}

pqxx::binarystring bin(const QByteArray& b)
{
    return pqxx::binarystring(b.constData(), static_cast<std::size_t>(b.size()));
}

/** PostgreSQL array literals for a batch: bigint[] and bytea[] (hex), passed as bind parameters. */
std::string idArray(const std::vector<long long>& ids)
{
    std::string s = "{";
    for (std::size_t i = 0; i < ids.size(); ++i)
        s += (i ? "," : "") + std::to_string(ids[i]);
    return s + "}";
}

std::string byteaArray(const std::vector<QByteArray>& values)
{
    std::string s = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            s += ",";
        s += values[i].isNull() ? std::string("NULL") : "\"\\\\x" + values[i].toHex().toStdString() + "\"";
    }
    return s + "}";
}

/**
 * The open rotation of this kind, or a new one: a fresh key sealed to me and to every other holder of the
 * current version. The new key joins the ring either way.
 */
Result<Outcome> beginOrResume(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                              const char* kind)
{
    Outcome o;
    pqxx::read_transaction look(conn);
    const pqxx::result open = look.exec_params(
        "SELECT from_version, to_version FROM art32.key_rotations WHERE kind = $1 AND finished_at IS NULL",
        std::string(kind));
    look.commit();
    if (!open.empty()) {
        o.fromVersion = open[0][0].as<int>();
        o.toVersion = open[0][1].as<int>();
        const bool held = std::string(kind) == "kek"
            ? ring.withKek(o.toVersion, [](const SecureBytes&) { return 0; }).ok()
            : ring.withIndexKey(o.toVersion, [](const SecureBytes&) { return 0; }).ok();
        if (!held)
            return Error { QStringLiteral("rotation.key_missing"),
                           QCoreApplication::translate(
                               "art32::Rotation",
                               "A rotation is in progress but its new key is not sealed to you: "
                               "the CTO who started it must resume it.") };
        return o;
    }
    SecureBytes fresh = keys::randomKey();
    std::vector<std::string> holders;
    {
        pqxx::work tx(conn);
        o.toVersion = tx.exec_params("SELECT art32.rotation_start($1, $2)", std::string(kind),
                                     bin(keys::seal(fresh, myPublicKey)))[0][0]
                          .as<int>();
        o.fromVersion = o.toVersion - 1;
        for (const auto& row : tx.exec_params("SELECT art32.key_holders($1, $2)", std::string(kind), o.fromVersion))
            holders.push_back(row[0].as<std::string>());
        // The successor goes to everyone who held the old key (auditors never do), in the same transaction.
        for (const std::string& login : holders) {
            const pqxx::result pk = tx.exec_params("SELECT public_key FROM art32.admins WHERE login = $1", login);
            if (pk.empty() || pk[0][0].is_null() || bytes(pk[0][0]) == myPublicKey)
                continue;
            tx.exec_params("SELECT art32.seal_key_for($1, $2, $3, $4)", login, std::string(kind), o.toVersion,
                           bin(keys::seal(fresh, bytes(pk[0][0]))));
        }
        tx.commit();
    }
    ring.insert(QString::fromLatin1(kind), o.toVersion, std::move(fresh));
    return o;
}

/**
 * The frame both rotations share: begin (or resume), count what is left, then batches, each its own
 * transaction, until a batch finds nothing (finish) or cancel is set (stop, resumable). batchWork(tx, o,
 * after) handles the rows after `after`, advances it, and returns how many moved, or nothing when there
 * were no rows left.
 */
template<typename BatchWork>
Result<Outcome> drive(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey, const char* kind,
                      const char* countSql, BatchWork&& batchWork, const Progress& progress,
                      const std::atomic_bool* cancel)
{
    try {
        auto begun = beginOrResume(conn, ring, myPublicKey, kind);
        if (!begun)
            return begun;
        Outcome o = begun.value();
        qint64 total = 0;
        {
            pqxx::read_transaction tx(conn);
            total = tx.exec_params(countSql, o.fromVersion)[0][0].as<long long>();
        }
        long long after = std::numeric_limits<long long>::min();
        for (;;) {
            if (cancel && cancel->load())
                return o;
            pqxx::work tx(conn);
            Result<std::optional<long long>> moved = batchWork(tx, o, after);
            if (!moved)
                return moved.error();
            if (!moved.value())
                break;
            o.rowsMoved += *moved.value();
            tx.commit();
            if (progress)
                progress(o.rowsMoved, total);
        }
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.rotation_finish($1)", std::string(kind));
        tx.commit();
        o.finished = true;
        return o;
    } catch (const std::exception& e) {
        return Database::describe(e);
    }
}

} // namespace

Result<Outcome> rotateKek(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                          const Progress& progress, const std::atomic_bool* cancel, int batch)
{
    auto rewrapBatch = [&](pqxx::work& tx, const Outcome& o, long long& after) -> Result<std::optional<long long>> {
        const pqxx::result rows
            = tx.exec_params("SELECT account_id, wrapped_dek FROM art32.account_keys WHERE kek_version = $1 "
                             "AND account_id > $2 ORDER BY account_id LIMIT $3",
                             o.fromVersion, after, batch);
        if (rows.empty())
            return std::optional<long long>();
        std::vector<long long> ids;
        std::vector<QByteArray> wrapped;
        ids.reserve(rows.size());
        wrapped.reserve(rows.size());
        auto rewrapped = ring.withKek(o.fromVersion, [&](const SecureBytes& oldKek) -> Result<void> {
            auto inner = ring.withKek(o.toVersion, [&](const SecureBytes& newKek) -> Result<void> {
                SecureBytes dek(32); // one buffer for the batch
                for (const auto& row : rows) {
                    const long long id = row[0].as<long long>();
                    auto opened = envelope::unwrapDekInto(oldKek, id, bytes(row[1]), dek);
                    if (!opened)
                        return Error { opened.error().code,
                                       QCoreApplication::translate("art32::Rotation",
                                                                   "The key of account %1 does not open: rotation "
                                                                   "stopped. Run the integrity scan.")
                                           .arg(id) };
                    ids.push_back(id);
                    wrapped.push_back(envelope::wrapDek(newKek, static_cast<std::uint32_t>(o.toVersion), id, dek));
                }
                return {};
            });
            if (!inner)
                return inner.error();
            return inner.value();
        });
        if (!rewrapped)
            return rewrapped.error();
        if (!rewrapped.value())
            return rewrapped.value().error();
        after = ids.back();
        return std::optional<long long>(tx.exec_params("SELECT art32.rewrap_deks($1::bigint[], $2::bytea[], $3, $4)",
                                                       idArray(ids), byteaArray(wrapped), o.fromVersion,
                                                       o.toVersion)[0][0]
                                            .as<long long>());
    };
    return drive(conn, ring, myPublicKey, "kek", "SELECT count(*) FROM art32.account_keys WHERE kek_version = $1",
                 rewrapBatch, progress, cancel);
}

Result<Outcome> rotateIndexKey(pqxx::connection_base& conn, KeyRing& ring, const QByteArray& myPublicKey,
                               const Progress& progress, const std::atomic_bool* cancel, int batch)
{
    auto reindexBatch = [&](pqxx::work& tx, const Outcome& o, long long& after) -> Result<std::optional<long long>> {
        // The indexed records with their account's wrapped DEK: decrypt, normalise, hash with the new key.
        const pqxx::result rows
            = tx.exec_params("SELECT i.record_id, r.account_id, r.kind, r.ciphertext, k.kek_version, k.wrapped_dek "
                             "FROM art32.blind_index i JOIN art32.records r ON r.id = i.record_id "
                             "JOIN art32.account_keys k ON k.account_id = r.account_id "
                             "WHERE i.index_version = $1 AND i.record_id > $2 ORDER BY i.record_id LIMIT $3",
                             o.fromVersion, after, batch);
        if (rows.empty())
            return std::optional<long long>();
        std::vector<long long> ids;
        std::vector<QByteArray> digests; // a null digest drops the index of a record that does not decrypt
        SecureBytes dek(32); // one buffer: records come grouped by account
        long long dekAccount = -1;
        bool dekOpen = false;
        for (const auto& row : rows) {
            const long long recordId = row[0].as<long long>();
            const long long accountId = row[1].as<long long>();
            const auto kind = static_cast<RecordKind>(row[2].as<int>());
            after = recordId;
            ids.push_back(recordId);
            if (accountId != dekAccount) {
                dekAccount = accountId;
                auto opened = ring.withKek(row[4].as<int>(), [&](const SecureBytes& kek) {
                    return envelope::unwrapDekInto(kek, accountId, bytes(row[5]), dek);
                });
                dekOpen = opened && opened.value();
            }
            auto plain = dekOpen ? envelope::openRecord(dek, accountId, recordId, kind, bytes(row[3]))
                                 : Result<QByteArray>(Error {});
            if (!plain) {
                digests.push_back(QByteArray());
                continue;
            }
            digests.push_back(ring.withIndexKey(o.toVersion,
                                                [&](const SecureBytes& key) {
                                                    return envelope::blindIndex(key, kind,
                                                                                QString::fromUtf8(plain.value()));
                                                })
                                  .value());
        }
        return std::optional<long long>(tx.exec_params("SELECT art32.reindex($1::bigint[], $2::bytea[], $3, $4)",
                                                       idArray(ids), byteaArray(digests), o.fromVersion,
                                                       o.toVersion)[0][0]
                                            .as<long long>());
    };
    return drive(conn, ring, myPublicKey, "index", "SELECT count(*) FROM art32.blind_index WHERE index_version = $1",
                 reindexBatch, progress, cancel);
}

} // namespace art32::rotation
