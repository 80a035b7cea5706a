#include "records/RecordStore.h"

#include "auth/KeyRing.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <map>
#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction>

namespace art32::records {
namespace {

template<typename F> auto guarded(F&& f) -> decltype(f())
{
    try {
        return f();
    } catch (const std::exception& e) {
        return Database::describe(e);
    }
}

QByteArray bytes(const pqxx::field& f)
{
    const pqxx::binarystring b(f);
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}

AccountRow accountFrom(const pqxx::row& row)
{
    AccountRow a;
    a.id = row[0].as<long long>();
    a.companyName = QString::fromStdString(row[1].as<std::string>());
    a.plan = QString::fromStdString(row[2].as<std::string>());
    a.status = QString::fromStdString(row[3].as<std::string>());
    a.createdAt = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(row[4].as<double>() * 1000.0), Qt::UTC);
    return a;
}

constexpr const char* kAccountColumns
    = "SELECT id, company_name, plan, status, extract(epoch FROM created_at)::float8 FROM art32.accounts ";

/** Opens a DEK with the KEK version it names; the error says which when the ring lacks it. */
Result<SecureBytes> openDek(const KeyRing& ring, qint64 accountId, int kekVersion, const QByteArray& wrapped)
{
    auto dek = ring.withKek(kekVersion,
                            [&](const SecureBytes& kek) { return envelope::unwrapDek(kek, accountId, wrapped); });
    if (!dek)
        return dek.error();
    return std::move(dek).value();
}

PlainRecord decrypt(const SecureBytes& dek, const pqxx::row& row)
{
    PlainRecord r;
    r.id = row["id"].as<long long>();
    r.accountId = row["account_id"].as<long long>();
    r.contact = row["contact"].as<int>();
    r.kind = static_cast<RecordKind>(row["kind"].as<int>());
    r.version = row["version"].as<int>();
    auto plain = envelope::openRecord(dek, r.accountId, r.id, r.kind, bytes(row["ciphertext"]));
    r.intact = plain.ok();
    if (plain)
        r.value = plain.value();
    else
        r.error = plain.error().message;
    return r;
}

constexpr const char* kRecordColumns = "SELECT id, account_id, contact, kind, version, ciphertext FROM art32.records ";

} // namespace

Result<QList<AccountRow>> fetchAccounts(pqxx::connection_base& conn, AccountOrder order,
                                        const std::optional<AccountRow>& after, int limit, const QString& namePrefix)
{
    return guarded([&]() -> Result<QList<AccountRow>> {
        pqxx::read_transaction tx(conn);
        pqxx::result r;
        const std::string prefix = namePrefix.toStdString();
        // The LIKE pattern escapes its own wildcards: the prefix is data, not a pattern.
        std::string like = prefix;
        for (std::size_t i = 0; i < like.size(); ++i) {
            if (like[i] == '%' || like[i] == '_' || like[i] == '\\')
                like.insert(i++, 1, '\\');
        }
        like += '%';
        switch (order) {
        case AccountOrder::Id:
            r = tx.exec_params(std::string(kAccountColumns)
                                   + "WHERE id > $1 AND ($2 = '' OR company_name COLLATE \"C\" LIKE $3) "
                                     "ORDER BY id LIMIT $4",
                               after ? after->id : std::numeric_limits<long long>::min(), prefix, like, limit);
            break;
        case AccountOrder::Name:
            r = tx.exec_params(std::string(kAccountColumns)
                                   + "WHERE (company_name COLLATE \"C\", id) > ($1 COLLATE \"C\", $2) "
                                     "AND ($3 = '' OR company_name COLLATE \"C\" LIKE $4) "
                                     "ORDER BY company_name COLLATE \"C\", id LIMIT $5",
                               after ? after->companyName.toStdString() : std::string(),
                               after ? after->id : std::numeric_limits<long long>::min(), prefix, like, limit);
            break;
        case AccountOrder::Created:
            r = tx.exec_params(std::string(kAccountColumns)
                                   + "WHERE (created_at, id) > (to_timestamp($1), $2) "
                                     "AND ($3 = '' OR company_name COLLATE \"C\" LIKE $4) "
                                     "ORDER BY created_at, id LIMIT $5",
                               after ? static_cast<double>(after->createdAt.toMSecsSinceEpoch()) / 1000.0
                                     : -62135596800.0, // 0001-01-01, before any account
                               after ? after->id : std::numeric_limits<long long>::min(), prefix, like, limit);
            break;
        }
        QList<AccountRow> rows;
        rows.reserve(static_cast<qsizetype>(r.size()));
        for (const auto& row : r)
            rows.append(accountFrom(row));
        return rows;
    });
}

Result<std::optional<AccountRow>> accountById(pqxx::connection_base& conn, qint64 id)
{
    return guarded([&]() -> Result<std::optional<AccountRow>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r
            = tx.exec_params(std::string(kAccountColumns) + "WHERE id = $1", static_cast<long long>(id));
        if (r.empty())
            return std::optional<AccountRow>();
        return std::optional<AccountRow>(accountFrom(r[0]));
    });
}

Result<QList<qint64>> findAccounts(pqxx::connection_base& conn, const KeyRing& ring, RecordKind kind,
                                   const QString& value)
{
    const int version = ring.indexVersion();
    auto digest
        = ring.withIndexKey(version, [&](const SecureBytes& key) { return envelope::blindIndex(key, kind, value); });
    if (!digest)
        return digest.error();
    return guarded([&]() -> Result<QList<qint64>> {
        pqxx::read_transaction tx(conn);
        const QByteArray d = digest.value();
        const pqxx::result r = tx.exec_params(
            "SELECT DISTINCT account_id FROM art32.blind_index WHERE kind = $1 AND index_version = $2 AND digest = $3 "
            "ORDER BY account_id",
            static_cast<int>(kind), version, pqxx::binarystring(d.constData(), static_cast<std::size_t>(d.size())));
        QList<qint64> ids;
        for (const auto& row : r)
            ids.append(row[0].as<long long>());
        return ids;
    });
}

Result<QList<PlainRecord>> reveal(pqxx::connection_base& conn, const KeyRing& ring, qint64 accountId)
{
    return guarded([&]() -> Result<QList<PlainRecord>> {
        pqxx::work tx(conn);
        // Audited first: if the server refuses, nothing is read.
        tx.exec_params("SELECT art32.record_reveal($1)", static_cast<long long>(accountId));
        const pqxx::result key
            = tx.exec_params("SELECT kek_version, wrapped_dek FROM art32.account_keys WHERE account_id = $1",
                             static_cast<long long>(accountId));
        const pqxx::result rows
            = tx.exec_params(std::string(kRecordColumns) + "WHERE account_id = $1 ORDER BY contact, kind, id",
                             static_cast<long long>(accountId));
        tx.commit();
        if (key.empty())
            return Error { QStringLiteral("records.no_key"),
                           QCoreApplication::translate("art32::RecordStore",
                                                       "This account has no key: its data was erased, or you may not "
                                                       "read it.") };
        auto dek = openDek(ring, accountId, key[0][0].as<int>(), bytes(key[0][1]));
        if (!dek)
            return dek.error();
        QList<PlainRecord> out;
        for (const auto& row : rows)
            out.append(decrypt(dek.value(), row));
        return out;
    });
}

Result<VerifyReport> verifyAll(pqxx::connection_base& conn, const KeyRing& ring,
                               const std::function<void(qint64)>& progress, const std::atomic_bool* cancel)
{
    return guarded([&]() -> Result<VerifyReport> {
        VerifyReport report;
        long long after = std::numeric_limits<long long>::min();
        constexpr int kBatch = 2000;
        for (;;) {
            if (cancel && cancel->load())
                break;
            pqxx::read_transaction tx(conn);
            const pqxx::result keys = tx.exec_params(
                "SELECT account_id, kek_version, wrapped_dek FROM art32.account_keys WHERE account_id > $1 "
                "ORDER BY account_id LIMIT $2",
                after, kBatch);
            if (keys.empty())
                break;
            const long long last = keys[keys.size() - 1][0].as<long long>();
            const pqxx::result rows = tx.exec_params(
                std::string(kRecordColumns) + "WHERE account_id > $1 AND account_id <= $2 ORDER BY account_id", after,
                last);
            std::map<qint64, std::optional<SecureBytes>> deks;
            for (const auto& k : keys) {
                const qint64 id = k[0].as<long long>();
                auto dek = openDek(ring, id, k[1].as<int>(), bytes(k[2]));
                if (dek) {
                    deks[id] = std::move(dek).value();
                } else {
                    deks[id] = std::nullopt;
                    PlainRecord failed;
                    failed.accountId = id;
                    failed.error = dek.error().message;
                    report.failures.append(failed);
                }
            }
            for (const auto& row : rows) {
                ++report.records;
                const qint64 account = row["account_id"].as<long long>();
                auto it = deks.find(account);
                if (it == deks.end() || !it->second)
                    continue; // the account's key failed (reported above) or is gone (erased)
                PlainRecord r = decrypt(*it->second, row);
                if (!r.intact)
                    report.failures.append(r);
            }
            report.accounts += static_cast<qint64>(keys.size());
            after = last;
            if (progress)
                progress(report.accounts);
        }
        return report;
    });
}

} // namespace art32::records
