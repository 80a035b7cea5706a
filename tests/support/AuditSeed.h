#pragma once

#include "TestSupport.h"
#include "audit/Chain.h"

#include <QByteArray>
#include <QDateTime>
#include <QRegularExpression>
#include <QString>
#include <QTimeZone>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/stream_to>
#include <pqxx/transaction>
#include <string>
#include <tuple>
#include <vector>

namespace art32::test {

/**
 * Appends events to a database's audit chain as if they had happened (tests and benchmarks, as superuser): `rows`
 * is a query yielding (actor, action, object, detail) in order. Each becomes the next seq, 1 ms after the one
 * before (the first 1 s after the log's last event), with account_id derived as the chain trigger derives it and a
 * valid prev_hash/hash computed here with the console's own encoding (audit::encode, docs/FORMAT.md), so a verify
 * finds the chain intact. Written by COPY with the chain trigger (which stamps session_user and the time, so no
 * made-up actor could pass) off for this transaction only: a million events take seconds, not the half hour the
 * trigger's SQL encoding would. Returns the number of events written.
 */
inline long long seedAuditEvents(const QString& database, const std::string& rows)
{
    pqxx::connection c(superuserProfile(database).connectionString());
    pqxx::work tx(c);
    const pqxx::result last = tx.exec("SELECT seq, hash, (extract(epoch FROM at) * 1000000)::bigint FROM "
                                      "art32.audit_events ORDER BY seq DESC LIMIT 1");
    qint64 seq = 0;
    QByteArray prev = audit::genesis();
    qint64 micros = QDateTime::currentMSecsSinceEpoch() * 1000;
    if (!last.empty()) {
        seq = last[0][0].as<long long>();
        const pqxx::binarystring h(last[0][1]);
        prev = QByteArray(reinterpret_cast<const char*>(h.data()), static_cast<qsizetype>(h.size()));
        micros = last[0][2].as<long long>();
    }
    micros += 1000000;
    // audit_account_of, inline: a call of that function per row would cost more than all the rest.
    const pqxx::result r = tx.exec(
        "SELECT r.actor::text, r.action, r.object, r.detail::jsonb::text, "
        "CASE WHEN r.detail::jsonb ->> 'account' ~ '^-?[0-9]{1,18}$' THEN (r.detail::jsonb ->> 'account')::bigint "
        "WHEN (r.action LIKE 'records.%' OR r.action LIKE 'account.%' OR r.action LIKE 'access.%') "
        "AND r.object ~ '^-?[0-9]{1,18}$' THEN r.object::bigint END "
        "FROM ("
        + rows + ") r (actor, action, object, detail)");
    tx.exec("ALTER TABLE art32.audit_events DISABLE TRIGGER audit_events_chain");
    {
        pqxx::stream_to out(tx, "art32.audit_events",
                            std::vector<std::string> { "seq", "at", "actor", "action", "object", "detail", "account_id",
                                                       "prev_hash", "hash" });
        std::vector<std::string> fields(9);
        std::vector<const char*> values(9);
        for (const auto& row : r) {
            audit::Event e;
            e.seq = ++seq;
            micros += 1000;
            e.atMicros = micros;
            e.actor = QString::fromUtf8(row[0].c_str());
            e.action = QString::fromUtf8(row[1].c_str());
            if (!row[2].is_null())
                e.object = QString::fromUtf8(row[2].c_str());
            e.detail = QByteArray(row[3].c_str(), static_cast<qsizetype>(row[3].size()));
            if (!row[4].is_null())
                e.accountId = row[4].as<long long>();
            const QByteArray hash = audit::chainHash(prev, audit::encode(e));
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(micros / 1000, QTimeZone::utc());
            fields[0] = std::to_string(e.seq);
            fields[1] = at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toStdString() + "."
                + QStringLiteral("%1").arg(micros % 1000000, 6, 10, QLatin1Char('0')).toStdString() + "+00";
            fields[2] = row[0].c_str();
            fields[3] = row[1].c_str();
            fields[4] = row[2].is_null() ? std::string() : row[2].c_str();
            fields[5] = row[3].c_str();
            fields[6] = row[4].is_null() ? std::string() : row[4].c_str();
            fields[7] = "\\x" + prev.toHex().toStdString();
            fields[8] = "\\x" + hash.toHex().toStdString();
            for (int i = 0; i < 9; ++i)
                values[i] = fields[i].c_str();
            if (row[2].is_null())
                values[4] = nullptr;
            if (row[4].is_null())
                values[6] = nullptr;
            out << std::make_tuple(values[0], values[1], values[2], values[3], values[4], values[5], values[6],
                                   values[7], values[8]);
            prev = hash;
        }
        out.complete();
    }
    tx.exec("ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_chain");
    tx.commit();
    return static_cast<long long>(r.size());
}

} // namespace art32::test
