#include "backup/Catalogue.h"

#include "store/Database.h"
#include "store/PgWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <pqxx/result>
#include <pqxx/transaction>

namespace art32::backup::catalogue {

namespace {

std::string str(const QString& s)
{
    return s.toStdString();
}

QString text(const pqxx::field& f)
{
    return f.is_null() ? QString() : QString::fromStdString(f.as<std::string>());
}

QMap<QString, qint64> countsFromJson(const QString& json)
{
    QMap<QString, qint64> out;
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), static_cast<qint64>(it.value().toDouble()));
    return out;
}

std::string countsToJson(const QMap<QString, qint64>& counts)
{
    QJsonObject o;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        o.insert(it.key(), static_cast<double>(it.value()));
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

/** A nullable text parameter (libpqxx 6 has no std::optional): nullptr is SQL NULL. */
const char* nullable(const std::optional<std::string>& v)
{
    return v ? v->c_str() : nullptr;
}

template<typename T> std::optional<std::string> maybe(const std::optional<T>& v)
{
    return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

std::optional<std::string> maybe(const QString& v)
{
    return v.isEmpty() ? std::nullopt : std::optional<std::string>(v.toStdString());
}

} // namespace

Result<Snapshot> read(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<Snapshot> {
        pqxx::read_transaction tx(conn);
        Snapshot s;
        // The policy table, not art32.policy_value(): admins may read the table but not execute that function.
        const pqxx::result head
            = tx.exec("SELECT (SELECT p.value FROM art32.policy p WHERE p.key = 'backup_retention_days'), "
                      "extract(epoch FROM art32.now())::float8");
        if (!head[0][0].is_null())
            s.retentionDays = head[0][0].as<int>();
        s.serverNow = pgwire::epochTime(head[0][1]);
        for (const auto& row : tx.exec(
                 "SELECT id, backend, label, file, extract(epoch FROM started_at)::float8, "
                 "extract(epoch FROM finished_at)::float8, size_bytes, server_version, row_counts::text, state, error, "
                 "recorded_by, extract(epoch FROM reported_at)::float8, ledger_entries, ledger_head, ledger_key "
                 "FROM art32.backups ORDER BY started_at DESC, id DESC")) {
            BackupEntry e;
            e.id = row[0].as<long long>();
            e.backend = backendFromName(text(row[1])).value_or(Backend::Native);
            e.label = text(row[2]);
            e.file = text(row[3]);
            e.started = pgwire::epochTime(row[4]);
            e.finished = pgwire::epochTime(row[5]);
            if (!row[6].is_null())
                e.sizeBytes = row[6].as<long long>();
            e.serverVersion = text(row[7]);
            e.rowCounts = countsFromJson(text(row[8]));
            e.state = stateFromName(text(row[9])).value_or(BackupState::Failed);
            e.error = text(row[10]);
            e.recordedBy = text(row[11]);
            e.reported = pgwire::epochTime(row[12]);
            if (!row[13].is_null())
                e.ledgerEntries = row[13].as<int>();
            e.ledgerHead = text(row[14]);
            e.ledgerKeyId = text(row[15]);
            s.entries.append(e);
        }
        for (const auto& row : tx.exec("SELECT id, backup_id, kind, extract(epoch FROM started_at)::float8, "
                                       "extract(epoch FROM finished_at)::float8, restore_seconds, ok, error, "
                                       "erasures_reapplied, recorded_by, cancelled FROM art32.backup_checks "
                                       "ORDER BY started_at DESC, id DESC")) {
            CheckEntry c;
            c.id = row[0].as<long long>();
            c.backupId = row[1].as<long long>();
            c.kind = kindFromName(text(row[2])).value_or(CheckEntry::Kind::Verify);
            c.started = pgwire::epochTime(row[3]);
            c.finished = pgwire::epochTime(row[4]);
            if (!row[5].is_null())
                c.restoreSeconds = row[5].as<double>();
            if (!row[6].is_null())
                c.ok = row[6].as<bool>();
            c.error = text(row[7]);
            c.erasuresReapplied = row[8].as<int>();
            c.recordedBy = text(row[9]);
            c.cancelled = row[10].as<bool>();
            s.checks.append(c);
        }
        return s;
    });
}

Result<Begun> begin(pqxx::connection_base& conn, const QString& label, const QString& file)
{
    return Database::guarded([&]() -> Result<Begun> {
        pqxx::work tx(conn);
        const pqxx::result r = tx.exec_params(
            "SELECT id, extract(epoch FROM started_at)::float8 FROM art32.backup_begin($1, $2)", str(label), str(file));
        tx.commit();
        return Begun { r[0][0].as<long long>(), pgwire::epochTime(r[0][1]) };
    });
}

Result<void> finish(pqxx::connection_base& conn, qint64 id, bool ok, std::optional<qint64> size,
                    const QString& serverVersion, const QMap<QString, qint64>& rowCounts, const QString& error,
                    const LedgerAnchor& anchor)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        const auto sz = maybe(size);
        const auto version = maybe(serverVersion);
        const auto err = maybe(error);
        const bool anchored = anchor.entries > 0;
        const auto entries = anchored ? std::optional<std::string>(std::to_string(anchor.entries)) : std::nullopt;
        const auto head = anchored ? maybe(anchor.head) : std::nullopt;
        const auto keyId = anchored ? maybe(anchor.keyId) : std::nullopt;
        tx.exec_params("SELECT art32.backup_finish($1, $2, $3::bigint, $4, $5::jsonb, $6, $7::integer, $8, $9)",
                       static_cast<long long>(id), ok, nullable(sz), nullable(version), countsToJson(rowCounts),
                       nullable(err), nullable(entries), nullable(head), nullable(keyId));
        tx.commit();
        return {};
    });
}

Result<qint64> import(pqxx::connection_base& conn, const BackupEntry& e)
{
    return Database::guarded([&]() -> Result<qint64> {
        pqxx::work tx(conn);
        const auto sz = maybe(e.sizeBytes);
        const auto finished = e.finished.isValid()
            ? std::optional<std::string>(std::to_string(double(e.finished.toMSecsSinceEpoch()) / 1000.0))
            : std::nullopt;
        const auto err = maybe(e.error);
        const long long id
            = tx.exec_params("SELECT art32.backup_import($1, $2, to_timestamp($3), to_timestamp($4::float8), "
                             "$5::bigint, $6, $7, $8)",
                             str(backendName(e.backend)), str(e.label), double(e.started.toMSecsSinceEpoch()) / 1000.0,
                             nullable(finished), nullable(sz), str(e.serverVersion), e.state == BackupState::Complete,
                             nullable(err))[0][0]
                  .as<long long>();
        tx.commit();
        return static_cast<qint64>(id);
    });
}

Result<qint64> checkBegin(pqxx::connection_base& conn, qint64 backupId, CheckEntry::Kind kind)
{
    return Database::guarded([&]() -> Result<qint64> {
        pqxx::work tx(conn);
        const long long id = tx.exec_params("SELECT art32.backup_check_begin($1, $2)", static_cast<long long>(backupId),
                                            str(kindName(kind)))[0][0]
                                 .as<long long>();
        tx.commit();
        return static_cast<qint64>(id);
    });
}

Result<void> checkFinish(pqxx::connection_base& conn, qint64 checkId, bool ok, std::optional<double> restoreSeconds,
                         int erasures, const QString& error)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        const auto err = maybe(error);
        const auto seconds = maybe(restoreSeconds);
        tx.exec_params("SELECT art32.backup_check_finish($1, $2, $3::float8, $4, $5)", static_cast<long long>(checkId),
                       ok, nullable(seconds), erasures, nullable(err));
        tx.commit();
        return {};
    });
}

Result<void> cancel(pqxx::connection_base& conn, qint64 id, const QString& reason)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.backup_cancelled($1, $2)", static_cast<long long>(id), str(reason));
        tx.commit();
        return {};
    });
}

Result<void> checkCancel(pqxx::connection_base& conn, qint64 checkId, const QString& reason)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.backup_check_cancelled($1, $2)", static_cast<long long>(checkId), str(reason));
        tx.commit();
        return {};
    });
}

Result<int> expireMissing(pqxx::connection_base& conn, const QStringList& presentLabels)
{
    return Database::guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        // The labels as one text[] parameter (JSON, so no quoting of ours reaches the statement).
        QJsonArray labels;
        for (const QString& l : presentLabels)
            labels.append(l);
        const int n = tx.exec_params("SELECT art32.backup_expire_missing('pgbackrest', ARRAY(SELECT "
                                     "jsonb_array_elements_text($1::jsonb)))",
                                     QJsonDocument(labels).toJson(QJsonDocument::Compact).toStdString())[0][0]
                          .as<int>();
        tx.commit();
        return n;
    });
}

Result<void> requested(pqxx::connection_base& conn, const QString& action, qint64 backupId)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        const auto backup = backupId > 0 ? std::optional<std::string>(std::to_string(backupId)) : std::nullopt;
        tx.exec_params("SELECT art32.backup_requested($1, $2::bigint)", str(action), nullable(backup));
        tx.commit();
        return {};
    });
}

Result<void> markPruned(pqxx::connection_base& conn, qint64 id)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.backup_pruned($1)", static_cast<long long>(id));
        tx.commit();
        return {};
    });
}

Result<QList<Erasure>> erasures(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<QList<Erasure>> {
        pqxx::read_transaction tx(conn);
        QList<Erasure> out;
        for (const auto& row :
             tx.exec("SELECT account_id, extract(epoch FROM erased_at)::float8, erased_by, records_deleted, "
                     "extract(epoch FROM backups_until)::float8 FROM art32.backup_erasures()"))
            out.append({ row[0].as<long long>(), pgwire::epochTime(row[1]), text(row[2]), row[3].as<int>(),
                         pgwire::epochTime(row[4]) });
        return out;
    });
}

} // namespace art32::backup::catalogue
