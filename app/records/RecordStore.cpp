#include "records/RecordStore.h"

#include "auth/KeyRing.h"
#include "core/Logging.h"
#include "records/Rotation.h"
#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <future>
#include <limits>
#include <map>
#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>
#include <tuple>

namespace art32::records {
namespace {

AccountRow accountFrom(const pqxx::row& row)
{
    AccountRow a;
    a.id = row[0].as<long long>();
    a.companyName = QString::fromStdString(row[1].as<std::string>());
    a.plan = QString::fromStdString(row[2].as<std::string>());
    a.status = QString::fromStdString(row[3].as<std::string>());
    a.createdAt = pgwire::epochTime(row[4]);
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

constexpr const char* kRecordColumns = "SELECT id, account_id, contact, kind, version, ciphertext FROM ";

/**
 * Fills rec from a row of kRecordColumns and decrypts it into rec.value, reusing rec's and the bytea
 * buffer's memory (a scan calls this for every record).
 */
void decryptInto(const SecureBytes& dek, const pqxx::row& row, QByteArray& buffer, PlainRecord& rec)
{
    rec.id = row[0].as<long long>();
    rec.accountId = row[1].as<long long>();
    rec.contact = row[2].as<int>();
    rec.kind = static_cast<RecordKind>(row[3].as<int>());
    rec.version = row[4].as<int>();
    const pqxx::field c = row[5];
    rec.intact = pgwire::decodeBytea(c.c_str(), c.size(), buffer)
        && envelope::openRecordInto(dek, rec.accountId, rec.id, rec.kind, buffer, rec.value);
    rec.error = rec.intact ? QString() : envelope::integrityError().message;
}

} // namespace

Result<QList<AccountRow>> fetchAccounts(pqxx::connection_base& conn, AccountOrder order,
                                        const std::optional<AccountRow>& after, int limit, const QString& namePrefix)
{
    return Database::guarded([&]() -> Result<QList<AccountRow>> {
        pqxx::read_transaction tx(conn);
        pqxx::result r;
        // Case does not matter: lower() on both sides, in the C collation, so "bakkerij" finds "Bakkerij de Vries"
        // through the index on (lower(company_name) COLLATE "C", id) (migration 0011), which is also the name order.
        const std::string prefix = namePrefix.toStdString();
        // The LIKE pattern escapes its own wildcards: the prefix is data, not a pattern.
        std::string like = prefix;
        for (std::size_t i = 0; i < like.size(); ++i) {
            if (like[i] == '%' || like[i] == '_' || like[i] == '\\')
                like.insert(i++, 1, '\\');
        }
        like += '%';
        static const std::string kMatches
            = "($2 = '' OR lower(company_name) COLLATE \"C\" LIKE lower($3) COLLATE \"C\") ";
        switch (order) {
        case AccountOrder::Id:
            r = tx.exec_params(std::string(kAccountColumns) + "WHERE id > $1 AND " + kMatches + "ORDER BY id LIMIT $4",
                               after ? after->id : std::numeric_limits<long long>::min(), prefix, like, limit);
            break;
        case AccountOrder::Name:
            r = tx.exec_params(
                std::string(kAccountColumns)
                    + "WHERE (lower(company_name) COLLATE \"C\", id) > (lower($4) COLLATE \"C\", $5) AND " + kMatches
                    + "ORDER BY lower(company_name) COLLATE \"C\", id LIMIT $1",
                limit, prefix, like, after ? after->companyName.toStdString() : std::string(),
                after ? after->id : std::numeric_limits<long long>::min());
            break;
        case AccountOrder::Created:
            r = tx.exec_params(std::string(kAccountColumns) + "WHERE (created_at, id) > (to_timestamp($4), $5) AND "
                                   + kMatches + "ORDER BY created_at, id LIMIT $1",
                               limit, prefix, like,
                               after ? static_cast<double>(after->createdAt.toMSecsSinceEpoch()) / 1000.0
                                     : -62135596800.0, // 0001-01-01, before any account
                               after ? after->id : std::numeric_limits<long long>::min());
            break;
        }
        QList<AccountRow> rows;
        rows.reserve(static_cast<qsizetype>(r.size()));
        for (const auto& row : r)
            rows.append(accountFrom(row));
        return rows;
    });
}

Result<AccountTotal> accountTotal(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<AccountTotal> {
        pqxx::read_transaction tx(conn);
        // The planner's estimate costs nothing; a count of a large table costs a scan. reltuples is -1 before the
        // first ANALYZE.
        const double estimate
            = tx.exec("SELECT reltuples FROM pg_catalog.pg_class WHERE oid = 'art32.accounts'::regclass")[0][0]
                  .as<double>();
        AccountTotal total;
        if (estimate >= static_cast<double>(AccountTotal::kExactBelow)) {
            total.count = static_cast<qint64>(estimate + 0.5);
            total.estimated = true;
        } else {
            total.count = tx.exec("SELECT count(*) FROM art32.accounts")[0][0].as<long long>();
        }
        return total;
    });
}

Result<std::optional<ScanResult>> lastScan(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<std::optional<ScanResult>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r = tx.exec(
            "SELECT extract(epoch FROM at)::float8, actor::text, (detail->>'accounts')::bigint, "
            "(detail->>'records')::bigint, (detail->>'failed')::bigint, (detail->>'accounts_in_database')::bigint, "
            "(detail->>'cancelled')::boolean FROM art32.audit_events WHERE action = 'records.scan_result' "
            "ORDER BY seq DESC LIMIT 1");
        if (r.empty())
            return std::optional<ScanResult>();
        ScanResult s;
        s.at = pgwire::epochTime(r[0][0]);
        s.by = QString::fromStdString(r[0][1].as<std::string>());
        s.accounts = r[0][2].as<long long>();
        s.records = r[0][3].as<long long>();
        s.failed = r[0][4].as<long long>();
        s.accountsInDatabase = r[0][5].as<long long>();
        s.cancelled = r[0][6].as<bool>();
        return std::optional<ScanResult>(s);
    });
}

Result<std::optional<AccountRow>> accountById(pqxx::connection_base& conn, qint64 id)
{
    return Database::guarded([&]() -> Result<std::optional<AccountRow>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r
            = tx.exec_params(std::string(kAccountColumns) + "WHERE id = $1", static_cast<long long>(id));
        if (r.empty())
            return std::optional<AccountRow>();
        return std::optional<AccountRow>(accountFrom(r[0]));
    });
}

Result<QList<AccountRow>> accountsByIds(pqxx::connection_base& conn, const QList<qint64>& ids)
{
    if (ids.isEmpty())
        return QList<AccountRow>();
    const std::vector<long long> wanted(ids.cbegin(), ids.cend());
    return Database::guarded([&]() -> Result<QList<AccountRow>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r = tx.exec_params(std::string(kAccountColumns) + "WHERE id = ANY($1::bigint[]) ORDER BY id",
                                              pgwire::param(pgwire::int8Array(wanted)));
        QList<AccountRow> out;
        out.reserve(static_cast<qsizetype>(r.size()));
        for (const auto& row : r)
            out.append(accountFrom(row));
        return out;
    });
}

Result<QList<qint64>> findAccounts(pqxx::connection_base& conn, const KeyRing& ring, RecordKind kind,
                                   const QString& value)
{
    if (ring.indexVersions().isEmpty())
        return Error { QStringLiteral("keys.missing"),
                       QCoreApplication::translate("art32::RecordStore",
                                                   "You hold no index key: exact search is not "
                                                   "available to you.") };
    // Every version held: during an index rotation some rows still carry the old one.
    std::vector<long long> versions;
    std::vector<QByteArray> digests;
    for (int version : ring.indexVersions()) {
        versions.push_back(version);
        digests.push_back(
            ring.withIndexKey(version, [&](const SecureBytes& key) { return envelope::blindIndex(key, kind, value); })
                .value());
    }
    return Database::guarded([&]() -> Result<QList<qint64>> {
        // Requested (audited, and counted against a sysadmin's hourly limit) and committed before it is answered.
        pqxx::work request(conn);
        const long long id = request
                                 .exec_params("SELECT art32.request_search($1::smallint, $2::bigint[]::integer[], $3)",
                                              static_cast<int>(kind), pgwire::param(pgwire::int8Array(versions)),
                                              pgwire::param(pgwire::byteaArray(digests)))[0][0]
                                 .as<long long>();
        request.commit();
        pqxx::read_transaction tx(conn);
        QList<qint64> ids;
        for (const auto& row : tx.exec_params("SELECT art32.search_result($1)", id))
            ids.append(row[0].as<long long>());
        return ids;
    });
}

SessionKeeper::SessionKeeper(pqxx::connection_base& conn)
    : m_conn(conn)
{ }

Result<void> SessionKeeper::tick()
{
    auto until = Database::guarded([&]() -> Result<bool> {
        pqxx::work tx(m_conn);
        const bool extended = !tx.exec("SELECT art32.keep_alive()")[0][0].is_null();
        tx.commit();
        return extended;
    });
    if (!until)
        return until.error();
    if (until.value()) {
        m_unlocked = true;
        return {};
    }
    if (!m_unlocked)
        return {}; // never unlocked: a superuser, whose reads need no unlock
    return Error { QStringLiteral("unlock.expired"),
                   QCoreApplication::translate("art32::RecordStore",
                                               "The server locked this session before the work was done (idle "
                                               "expiry, a lock elsewhere or a disabled admin), so it stopped there. "
                                               "Unlock again and run it again.") };
}

Result<OpenedRead> openRead(pqxx::connection_base& conn, ReadWhy why, qint64 firstAccount, qint64 lastAccount)
{
    static const char* const names[] = { "reveal", "save", "scan", "export", "rotation" };
    return Database::guarded([&]() -> Result<OpenedRead> {
        // Its own transaction, committed before any read: the server's audit event cannot be rolled back.
        pqxx::work tx(conn);
        const pqxx::row r = tx.exec_params("SELECT read_id, accounts, records FROM art32.open_read($1, $2, $3)",
                                           names[static_cast<int>(why)], static_cast<long long>(firstAccount),
                                           static_cast<long long>(lastAccount))[0];
        tx.commit();
        if (r[0].is_null()) // refused, and the refusal is audited (records.refused)
            return Error { QStringLiteral("access.refused"),
                           QCoreApplication::translate("art32::RecordStore",
                                                       "The server refused to show this account's personal data: "
                                                       "you have no access to it now. The refusal is in the audit "
                                                       "log. Ask a CTO for access with \"Request access…\".") };
        return OpenedRead { r[0].as<long long>(), r[1].as<long long>(), r[2].as<long long>() };
    });
}

namespace {

Result<QList<PlainRecord>> readAccount(pqxx::connection_base& conn, const KeyRing& ring, qint64 accountId, ReadWhy why)
{
    // Opened (and audited) first: if the server refuses, nothing is read.
    auto opened = openRead(conn, why, accountId, accountId);
    if (!opened)
        return opened.error();
    return Database::guarded([&]() -> Result<QList<PlainRecord>> {
        pqxx::read_transaction tx(conn);
        const long long id = accountId;
        const pqxx::result key = tx.exec_params("SELECT kek_version, wrapped_dek FROM art32.read_keys($1, $2, $3, 1)",
                                                opened->id, id - 1, id);
        const pqxx::result rows
            = tx.exec_params(std::string(kRecordColumns) + "art32.read_records($1, $2, $3)", opened->id, id - 1, id);
        tx.commit();
        if (key.empty())
            return Error { QStringLiteral("records.no_key"),
                           QCoreApplication::translate("art32::RecordStore",
                                                       "This account has no key: its data was erased, or you may not "
                                                       "read it.") };
        auto dek = openDek(ring, accountId, key[0][0].as<int>(), pgwire::bytes(key[0][1]));
        if (!dek)
            return dek.error();
        QList<PlainRecord> out;
        QByteArray buffer;
        for (const auto& row : rows) {
            PlainRecord rec;
            decryptInto(dek.value(), row, buffer, rec);
            out.append(rec);
        }
        std::stable_sort(out.begin(), out.end(), [](const PlainRecord& a, const PlainRecord& b) {
            return std::tie(a.contact, a.kind) < std::tie(b.contact, b.kind);
        });
        return out;
    });
}

} // namespace

Result<QList<PlainRecord>> reveal(pqxx::connection_base& conn, const KeyRing& ring, qint64 accountId)
{
    return readAccount(conn, ring, accountId, ReadWhy::Reveal);
}

namespace {

struct Fetched
{
    pqxx::result keys; ///< account_id, kek_version, wrapped_dek, in account order
    pqxx::result rows; ///< kRecordColumns of those accounts, in account order
};

/** Decrypts one fetched batch (on the scan's helper thread): one DEK buffer, reused account after account. */
void decryptBatch(const KeyRing& ring, const Fetched& batch, const ScanSink& sink, ScanTotals& totals)
{
    ring.withEveryKek([&](const auto& kekOf) {
        SecureBytes dek(32);
        QByteArray wrapped;
        QByteArray buffer;
        PlainRecord rec;
        const std::size_t n = batch.rows.size();
        std::size_t r = 0;
        for (const auto& k : batch.keys) {
            const qint64 accountId = k[0].as<long long>();
            const int kekVersion = k[1].as<int>();
            const SecureBytes* kek = kekOf(kekVersion);
            QString why;
            if (!kek) {
                why = QCoreApplication::translate("art32::RecordStore",
                                                  "This account's key is wrapped with KEK version %1, which you "
                                                  "do not hold.")
                          .arg(kekVersion);
            } else {
                const pqxx::field w = k[2];
                auto opened = pgwire::decodeBytea(w.c_str(), w.size(), wrapped)
                    ? envelope::unwrapDekInto(*kek, accountId, wrapped, dek)
                    : Result<void>(envelope::integrityError());
                if (!opened)
                    why = opened.error().message;
            }
            const bool keyOpen = why.isEmpty();
            if (!keyOpen) {
                PlainRecord failed;
                failed.accountId = accountId;
                failed.error = why;
                sink(failed);
            }
            for (; r < n; ++r) {
                const auto row = batch.rows[static_cast<pqxx::result::size_type>(r)];
                const qint64 recordAccount = row[1].as<long long>();
                if (recordAccount > accountId)
                    break;
                ++totals.records;
                if (!keyOpen || recordAccount != accountId)
                    continue; // the key failed (reported above), or a record without a key row
                decryptInto(dek, row, buffer, rec);
                sink(rec);
            }
        }
        totals.records += static_cast<qint64>(n - r);
        totals.accounts += static_cast<qint64>(batch.keys.size());
        return 0;
    });
}

} // namespace

Result<ScanTotals> scan(pqxx::connection_base& conn, const KeyRing& ring, qint64 firstAccount, qint64 lastAccount,
                        const ScanSink& sink, const std::function<void(qint64)>& progress,
                        const std::atomic_bool* cancel, int batchAccounts, ReadWhy why)
{
    auto opened = openRead(conn, why, firstAccount, lastAccount);
    if (!opened)
        return opened.error();
    const long long readId = opened->id;
    ScanTotals totals; // written by one batch task at a time, read here only after it finished
    SessionKeeper keeper(conn);
    std::future<void> pending;
    auto finishPending = [&] {
        if (pending.valid())
            pending.get(); // rethrows what the batch threw
    };
    try {
        long long after = firstAccount == std::numeric_limits<qint64>::min() ? firstAccount : firstAccount - 1;
        for (;;) {
            if (cancel && cancel->load())
                break;
            if (auto alive = keeper.tick(); !alive) {
                finishPending();
                qCWarning(lcRecords) << "scan stopped: the session was locked after" << totals.accounts << "of"
                                     << opened->accounts << "accounts";
                return alive.error();
            }
            Fetched batch;
            {
                // No transaction: two fewer round trips per batch, and the reads need no common snapshot (a key
                // re-wrapped between them still opens the same DEK; an account erased in between has no records).
                pqxx::nontransaction tx(conn);
                batch.keys
                    = tx.exec_params("SELECT account_id, kek_version, wrapped_dek FROM art32.read_keys($1, $2, $3, $4)",
                                     readId, after, static_cast<long long>(lastAccount), batchAccounts);
                if (batch.keys.empty())
                    break;
                const long long last = batch.keys[batch.keys.size() - 1][0].as<long long>();
                batch.rows = tx.exec_params(std::string(kRecordColumns) + "art32.read_records($1, $2, $3)", readId,
                                            after, last);
                after = last;
            }
            finishPending();
            if (progress)
                progress(totals.accounts);
            pending = std::async(std::launch::async, [&ring, &sink, &totals, batch = std::move(batch)] {
                decryptBatch(ring, batch, sink, totals);
            });
        }
        finishPending();
        if (progress)
            progress(totals.accounts);
        totals.expectedAccounts = opened->accounts;
        totals.expectedRecords = opened->records;
        // The read functions filter at the time they read: a revoked grant or an erased account leaves rows out, and
        // the loop then ends as if it were done. Only the count taken when the read was opened tells.
        if (!(cancel && cancel->load()) && totals.accounts < opened->accounts) {
            qCWarning(lcRecords) << "scan incomplete:" << totals.accounts << "of" << opened->accounts << "accounts";
            return Error { QStringLiteral("records.incomplete"),
                           QCoreApplication::translate("art32::RecordStore",
                                                       "The scan stopped early: it covered %1 of the %2 accounts it "
                                                       "counted when it started (access was revoked, the session "
                                                       "was locked or accounts were erased while it ran). Nothing "
                                                       "was changed; run it again.")
                               .arg(totals.accounts)
                               .arg(opened->accounts) };
        }
        return totals;
    } catch (const std::exception& e) {
        if (pending.valid())
            pending.wait();
        return Database::describe(e);
    }
}

Result<VerifyReport> verifyAll(pqxx::connection_base& conn, const KeyRing& ring,
                               const std::function<void(qint64)>& progress, const std::atomic_bool* cancel)
{
    VerifyReport report;
    auto totals = scan(
        conn, ring, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(),
        [&](const PlainRecord& rec) {
            if (!rec.intact) {
                PlainRecord failed = rec;
                failed.value.clear();
                report.failures.append(failed);
            }
        },
        progress, cancel);
    if (!totals) {
        qCWarning(lcRecords) << "integrity scan failed:" << totals.error().code;
        return totals.error();
    }
    report.accounts = totals->accounts;
    report.records = totals->records;
    report.expectedAccounts = totals->expectedAccounts;
    report.expectedRecords = totals->expectedRecords;
    report.cancelled = cancel && cancel->load();
    // Metadata every admin may read: how many accounts there are, so a report of a few says it covers only those.
    auto inDatabase = Database::guarded([&]() -> Result<qint64> {
        pqxx::read_transaction tx(conn);
        return tx.exec("SELECT count(*) FROM art32.accounts WHERE status <> 'erased'")[0][0].as<long long>();
    });
    if (!inDatabase)
        return inDatabase.error();
    report.accountsInDatabase = inDatabase.value();
    // The outcome becomes an audit event, which the Overview's scan tile reads (migration 0011). Not recording it
    // leaves the tile older, not the report wrong: the scan's own answer stands.
    const auto recorded = Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.scan_finished($1, $2, $3, $4, $5)", static_cast<long long>(report.accounts),
                       static_cast<long long>(report.records), static_cast<long long>(report.failures.size()),
                       static_cast<long long>(report.accountsInDatabase), report.cancelled);
        tx.commit();
        return {};
    });
    if (!recorded)
        qCWarning(lcRecords) << "scan result not recorded:" << recorded.error().code;
    qCInfo(lcRecords) << "integrity scan" << (cancel && cancel->load() ? "cancelled" : "done") << ":" << report.accounts
                      << "accounts," << report.records << "records," << report.failures.size() << "failed";
    return report;
}

QString describe(const VerifyReport& r)
{
    const int accounts = static_cast<int>(r.accounts);
    const int recordCount = static_cast<int>(r.records);
    const int failures = static_cast<int>(r.failures.size());
    const QString failed = failures == 0
        ? QCoreApplication::translate("art32::RecordStore", "none failed authentication")
        : QCoreApplication::translate("art32::RecordStore", "%n failed authentication", nullptr, failures);
    const QString records = QCoreApplication::translate("art32::RecordStore", "%n record(s)", nullptr, recordCount);
    if (r.cancelled)
        return QCoreApplication::translate("art32::RecordStore",
                                           "Cancelled after %n of the %1 accounts you have access to and %2: %3.",
                                           nullptr, accounts)
            .arg(r.expectedAccounts)
            .arg(records, failed);
    if (r.expectedAccounts < r.accountsInDatabase)
        return QCoreApplication::translate("art32::RecordStore",
                                           "Checked %n of %1 accounts (the ones you have access to) and %2: %3.",
                                           nullptr, accounts)
            .arg(r.accountsInDatabase)
            .arg(records, failed);
    return QCoreApplication::translate("art32::RecordStore", "Checked all %n account(s) and %1: %2.", nullptr, accounts)
        .arg(records, failed);
}

} // namespace art32::records

namespace art32::records {

Result<int> save(pqxx::connection_base& conn, const KeyRing& ring, const PlainRecord& record, const QByteArray& value)
{
    auto opened = openRead(conn, ReadWhy::Save, record.accountId, record.accountId);
    if (!opened)
        return opened.error();
    return Database::guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        const long long id = record.accountId;
        const pqxx::result key = tx.exec_params(
            "SELECT kek_version, dek_version, wrapped_dek FROM art32.read_keys($1, $2, $3, 1)", opened->id, id - 1, id);
        if (key.empty())
            return Error { QStringLiteral("records.no_key"),
                           QCoreApplication::translate("art32::RecordStore",
                                                       "This account has no key: its data was erased, or you may not "
                                                       "change it.") };
        auto dek = openDek(ring, record.accountId, key[0][0].as<int>(), pgwire::bytes(key[0][2]));
        if (!dek)
            return dek.error();
        const QByteArray env = envelope::sealRecord(dek.value(), static_cast<std::uint32_t>(key[0][1].as<int>()),
                                                    record.accountId, record.id, record.kind, value);
        const bool indexed = record.kind == RecordKind::Email || record.kind == RecordKind::Phone;
        QByteArray digest;
        if (indexed) {
            auto d = ring.withIndexKey(ring.indexVersion(), [&](const SecureBytes& k) {
                return envelope::blindIndex(k, record.kind, QString::fromUtf8(value));
            });
            if (!d)
                return d.error();
            digest = d.value();
        }
        const pqxx::binarystring envBytes = pgwire::param(env);
        const pqxx::binarystring digestBytes = pgwire::param(digest);
        int version = 0;
        try {
            version = indexed
                ? tx.exec_params("SELECT art32.save_record($1, $2, $3, $4, $5)", static_cast<long long>(record.id),
                                 record.version, envBytes, ring.indexVersion(), digestBytes)[0][0]
                      .as<int>()
                : tx.exec_params("SELECT art32.save_record($1, $2, $3, NULL, NULL)", static_cast<long long>(record.id),
                                 record.version, envBytes)[0][0]
                      .as<int>();
        } catch (const pqxx::sql_error& e) {
            // The ring went stale under this session: a rotation retired the index key it holds (0010).
            if (e.sqlstate() == rotation::kRetiredVersionState)
                return rotation::retiredVersionError();
            throw;
        }
        tx.commit();
        return version;
    });
}

Result<bool> remove(pqxx::connection_base& conn, const PlainRecord& record)
{
    return Database::guarded([&]() -> Result<bool> {
        pqxx::work tx(conn);
        const bool done = tx.exec_params("SELECT art32.delete_record($1, $2)", static_cast<long long>(record.id),
                                         record.version)[0][0]
                              .as<bool>();
        tx.commit();
        return done;
    });
}

Result<QDateTime> erase(pqxx::connection_base& conn, qint64 accountId, const QString& confirm)
{
    return Database::guarded([&]() -> Result<QDateTime> {
        pqxx::work tx(conn);
        const double until = tx.exec_params("SELECT extract(epoch FROM art32.erase_account($1, $2))::float8",
                                            static_cast<long long>(accountId), confirm.trimmed().toStdString())[0][0]
                                 .as<double>();
        tx.commit();
        return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(until * 1000.0), Qt::UTC);
    });
}

QString validate(RecordKind kind, const QString& value)
{
    const QString v = value.trimmed();
    if (v.isEmpty())
        return QCoreApplication::translate("art32::RecordStore", "Enter a value, or delete the record instead.");
    if (v.size() > 1000)
        return QCoreApplication::translate("art32::RecordStore", "This value is too long (at most 1000 characters).");
    switch (kind) {
    case RecordKind::Email: {
        static const QRegularExpression re(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
        return re.match(v).hasMatch()
            ? QString()
            : QCoreApplication::translate("art32::RecordStore", "This is not an e-mail address (name@example.nl).");
    }
    case RecordKind::Phone: {
        const QString n = envelope::normalise(RecordKind::Phone, v);
        return n.size() >= 9 && n.size() <= 16
            ? QString()
            : QCoreApplication::translate("art32::RecordStore", "This is not a phone number (e.g. 06-12345678).");
    }
    case RecordKind::DateOfBirth: {
        const QDate d = QDate::fromString(v, Qt::ISODate);
        if (!d.isValid())
            return QCoreApplication::translate("art32::RecordStore", "Give the date as YYYY-MM-DD.");
        return d > QDate::currentDate() || d.year() < 1900
            ? QCoreApplication::translate("art32::RecordStore", "This date of birth cannot be right.")
            : QString();
    }
    case RecordKind::Name:
    case RecordKind::Address:
    case RecordKind::Notes:
        break;
    }
    return QString();
}

QString kindName(RecordKind kind)
{
    switch (kind) {
    case RecordKind::Name:
        return QCoreApplication::translate("art32::RecordStore", "Name");
    case RecordKind::Email:
        return QCoreApplication::translate("art32::RecordStore", "E-mail");
    case RecordKind::Phone:
        return QCoreApplication::translate("art32::RecordStore", "Phone");
    case RecordKind::Address:
        return QCoreApplication::translate("art32::RecordStore", "Address");
    case RecordKind::DateOfBirth:
        return QCoreApplication::translate("art32::RecordStore", "Date of birth");
    case RecordKind::Notes:
        return QCoreApplication::translate("art32::RecordStore", "Notes");
    }
    return QString();
}

Result<QByteArray> exportSubject(pqxx::connection_base& conn, const KeyRing& ring, const QString& email,
                                 const QString& exportedBy)
{
    static const char* const keys[] = { "", "name", "email", "phone", "address", "date_of_birth", "notes" };
    const QString wanted = envelope::normalise(RecordKind::Email, email);
    auto accounts = findAccounts(conn, ring, RecordKind::Email, wanted);
    if (!accounts)
        return accounts.error();
    QJsonArray holdings;
    // Every account the search found is read, or the export fails: it never leaves one out quietly.
    SessionKeeper keeper(conn);
    for (qint64 accountId : accounts.value()) {
        if (auto alive = keeper.tick(); !alive)
            return alive.error();
        auto revealed = readAccount(conn, ring, accountId, ReadWhy::Export); // each read audited by the server
        if (!revealed)
            return revealed.error();
        QSet<int> contacts;
        for (const PlainRecord& r : revealed.value()) {
            if (r.intact && r.kind == RecordKind::Email
                && envelope::normalise(RecordKind::Email, QString::fromUtf8(r.value)) == wanted)
                contacts.insert(r.contact);
        }
        auto account = accountById(conn, accountId);
        QList<int> sorted(contacts.cbegin(), contacts.cend());
        std::sort(sorted.begin(), sorted.end());
        for (int contact : sorted) {
            QJsonObject person;
            person[QStringLiteral("account_id")] = QString::number(accountId);
            if (account && account.value())
                person[QStringLiteral("company")] = account.value()->companyName;
            QJsonObject data;
            for (const PlainRecord& r : revealed.value()) {
                if (r.contact != contact)
                    continue;
                data[QLatin1String(keys[static_cast<int>(r.kind)])]
                    = r.intact ? QString::fromUtf8(r.value) : QStringLiteral("(integrity error)");
            }
            person[QStringLiteral("personal_data")] = data;
            holdings.append(person);
        }
    }
    QJsonObject doc;
    doc[QStringLiteral("subject")] = wanted;
    doc[QStringLiteral("exported_at")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    doc[QStringLiteral("exported_by")] = exportedBy;
    doc[QStringLiteral("controller_note")]
        = QStringLiteral("GDPR Art. 15 access / Art. 20 portability export by Art32 Console");
    doc[QStringLiteral("holdings")] = holdings;
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

} // namespace art32::records
