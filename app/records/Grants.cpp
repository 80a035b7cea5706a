#include "records/Grants.h"

#include "store/Database.h"
#include "store/PgWire.h"

#include <QCoreApplication>
#include <pqxx/result>
#include <pqxx/transaction>

namespace art32::grants {

Result<qint64> grant(pqxx::connection_base& conn, const QString& sysadmin, qint64 accountId, const QString& reason,
                     int minutes)
{
    return Database::guarded([&]() -> Result<qint64> {
        pqxx::work tx(conn);
        const long long id
            = tx.exec_params("SELECT art32.grant_access($1, $2, $3, $4)", sysadmin.toStdString(),
                             static_cast<long long>(accountId), reason.trimmed().toStdString(), minutes)[0][0]
                  .as<long long>();
        tx.commit();
        return id;
    });
}

namespace {

// The columns parseGrant reads, in order; states by the server's clock, so the console and may_read_plaintext()
// agree on what has expired.
constexpr const char* kGrantColumns
    = "SELECT g.id, a.login, g.account_id, g.reason, g.granted_by, extract(epoch FROM g.granted_at)::float8, "
      "extract(epoch FROM g.expires_at)::float8, extract(epoch FROM g.revoked_at)::float8, "
      "CASE WHEN g.revoked_at IS NOT NULL THEN 2 WHEN g.expires_at <= art32.now() THEN 1 ELSE 0 END, "
      "coalesce(r.id, 0) "
      "FROM art32.access_grants g JOIN art32.admins a ON a.id = g.admin_id "
      "LEFT JOIN art32.access_requests r ON r.grant_id = g.id ";

QString text(const pqxx::field& f)
{
    return f.is_null() ? QString() : QString::fromStdString(f.as<std::string>());
}

QList<AccessGrant> parseGrants(const pqxx::result& r)
{
    QList<AccessGrant> grants;
    grants.reserve(static_cast<qsizetype>(r.size()));
    for (const auto& row : r) {
        AccessGrant g;
        g.id = row[0].as<long long>();
        g.admin = text(row[1]);
        g.accountId = row[2].as<long long>();
        g.reason = text(row[3]);
        g.grantedBy = text(row[4]);
        g.grantedAt = pgwire::epochTime(row[5]);
        g.expiresAt = pgwire::epochTime(row[6]);
        g.revokedAt = pgwire::epochTime(row[7]);
        g.state = static_cast<AccessGrant::State>(row[8].as<int>());
        g.requestId = row[9].as<long long>();
        grants.append(g);
    }
    return grants;
}

AccessRequest::State requestState(const std::string& s)
{
    if (s == "approved")
        return AccessRequest::State::Approved;
    if (s == "refused")
        return AccessRequest::State::Refused;
    if (s == "expired")
        return AccessRequest::State::Expired;
    if (s == "revoked")
        return AccessRequest::State::Revoked;
    if (s == "withdrawn")
        return AccessRequest::State::Withdrawn;
    return AccessRequest::State::Pending;
}

/** A PostgreSQL array literal of ids, for a bigint[] parameter. */
std::string idArray(const QList<qint64>& ids)
{
    std::string out = "{";
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i)
            out += ',';
        out += std::to_string(ids.at(i));
    }
    return out + "}";
}

} // namespace

Result<QList<AccessGrant>> list(pqxx::connection_base& conn, bool activeOnly, int limit)
{
    return Database::guarded([&]() -> Result<QList<AccessGrant>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r
            = tx.exec_params(std::string(kGrantColumns)
                                 + "WHERE NOT $1 OR (g.revoked_at IS NULL AND g.expires_at > art32.now()) "
                                   "ORDER BY g.granted_at DESC, g.id DESC LIMIT $2",
                             activeOnly, limit);
        return parseGrants(r);
    });
}

Result<QList<AccessGrant>> history(pqxx::connection_base& conn, const GrantFilter& filter)
{
    return Database::guarded([&]() -> Result<QList<AccessGrant>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r = tx.exec_params(
            std::string(kGrantColumns)
                + "WHERE (NOT $1 OR (g.revoked_at IS NULL AND g.expires_at > art32.now())) "
                  "AND ($2 = 0 OR g.account_id = $2) AND ($3 = '' OR a.login = $3) AND ($4 = 0 OR g.id < $4) "
                  "ORDER BY g.id DESC LIMIT $5",
            filter.activeOnly, static_cast<long long>(filter.accountId), filter.admin.trimmed().toStdString(),
            static_cast<long long>(filter.beforeId), qBound(1, filter.limit, 1000));
        return parseGrants(r);
    });
}

Result<qint64> request(pqxx::connection_base& conn, qint64 accountId, const QString& reason, int minutes)
{
    return Database::guarded([&]() -> Result<qint64> {
        pqxx::work tx(conn);
        const long long id
            = tx.exec_params("SELECT art32.request_access($1, $2, $3)", static_cast<long long>(accountId),
                             reason.trimmed().toStdString(), minutes)[0][0]
                  .as<long long>();
        tx.commit();
        return id;
    });
}

Result<qint64> approve(pqxx::connection_base& conn, qint64 requestId, const QString& comment)
{
    return Database::guarded([&]() -> Result<qint64> {
        pqxx::work tx(conn);
        const long long id = tx.exec_params("SELECT art32.approve_access($1, $2)", static_cast<long long>(requestId),
                                            comment.trimmed().toStdString())[0][0]
                                 .as<long long>();
        tx.commit();
        return id;
    });
}

Result<void> refuse(pqxx::connection_base& conn, qint64 requestId, const QString& comment)
{
    return Database::guarded([&]() -> Result<void> {
        pqxx::work tx(conn);
        tx.exec_params("SELECT art32.refuse_access($1, $2)", static_cast<long long>(requestId),
                       comment.trimmed().toStdString());
        tx.commit();
        return {};
    });
}

Result<bool> withdraw(pqxx::connection_base& conn, qint64 requestId)
{
    return Database::guarded([&]() -> Result<bool> {
        pqxx::work tx(conn);
        const bool done
            = tx.exec_params("SELECT art32.withdraw_access_request($1)", static_cast<long long>(requestId))[0][0]
                  .as<bool>();
        tx.commit();
        return done;
    });
}

Result<QList<AccessRequest>> requests(pqxx::connection_base& conn, bool pendingOnly, int limit)
{
    return Database::guarded([&]() -> Result<QList<AccessRequest>> {
        pqxx::read_transaction tx(conn);
        const pqxx::result r = tx.exec_params(
            "SELECT q.id, a.login, q.account_id, q.reason, q.minutes, extract(epoch FROM q.requested_at)::float8, "
            "CASE WHEN q.state = 'approved' AND g.expires_at <= art32.now() THEN 'expired' ELSE q.state END, "
            "q.decided_by, extract(epoch FROM q.decided_at)::float8, q.comment, coalesce(q.grant_id, 0), "
            "extract(epoch FROM g.expires_at)::float8 "
            "FROM art32.access_requests q JOIN art32.admins a ON a.id = q.admin_id "
            "LEFT JOIN art32.access_grants g ON g.id = q.grant_id "
            "WHERE NOT $1 OR q.state = 'pending' "
            "ORDER BY CASE WHEN $1 THEN q.id ELSE -q.id END LIMIT $2",
            pendingOnly, limit);
        QList<AccessRequest> out;
        out.reserve(static_cast<qsizetype>(r.size()));
        for (const auto& row : r) {
            AccessRequest q;
            q.id = row[0].as<long long>();
            q.admin = text(row[1]);
            q.accountId = row[2].as<long long>();
            q.reason = text(row[3]);
            q.minutes = row[4].as<int>();
            q.requestedAt = pgwire::epochTime(row[5]);
            q.state = requestState(row[6].as<std::string>());
            q.decidedBy = text(row[7]);
            q.decidedAt = pgwire::epochTime(row[8]);
            q.comment = text(row[9]);
            q.grantId = row[10].as<long long>();
            q.expiresAt = pgwire::epochTime(row[11]);
            out.append(q);
        }
        return out;
    });
}

Result<QList<AccessStatus>> status(pqxx::connection_base& conn, const QList<qint64>& accountIds)
{
    return Database::guarded([&]() -> Result<QList<AccessStatus>> {
        pqxx::work tx(conn); // it audits expiries it finds on the way
        const pqxx::result r = tx.exec_params(
            "SELECT account_id, may_read, extract(epoch FROM until)::float8, coalesce(seconds_left, 0), "
            "coalesce(request_id, 0), coalesce(requested_minutes, 0) "
            "FROM art32.access_status($1::bigint[])",
            idArray(accountIds));
        tx.commit();
        QList<AccessStatus> out;
        out.reserve(static_cast<qsizetype>(r.size()));
        for (const auto& row : r)
            out.append({ row[0].as<long long>(), row[1].as<bool>(), pgwire::epochTime(row[2]), row[3].as<long long>(),
                         row[4].as<long long>(), row[5].as<int>() });
        return out;
    });
}

Result<int> noteExpired(pqxx::connection_base& conn)
{
    return Database::guarded([&]() -> Result<int> {
        pqxx::work tx(conn);
        const int n = tx.exec("SELECT art32.note_expired_access()")[0][0].as<int>();
        tx.commit();
        return n;
    });
}

Result<bool> revoke(pqxx::connection_base& conn, qint64 grantId)
{
    return Database::guarded([&]() -> Result<bool> {
        pqxx::work tx(conn);
        const bool revoked
            = tx.exec_params("SELECT art32.revoke_access($1)", static_cast<long long>(grantId))[0][0].as<bool>();
        tx.commit();
        return revoked;
    });
}

QString stateName(AccessGrant::State state)
{
    switch (state) {
    case AccessGrant::State::Active:
        return QCoreApplication::translate("art32::Grants", "active");
    case AccessGrant::State::Expired:
        return QCoreApplication::translate("art32::Grants", "expired");
    case AccessGrant::State::Revoked:
        return QCoreApplication::translate("art32::Grants", "revoked");
    }
    return {};
}

QString requestStateName(AccessRequest::State state)
{
    switch (state) {
    case AccessRequest::State::Pending:
        return QCoreApplication::translate("art32::Grants", "pending");
    case AccessRequest::State::Approved:
        return QCoreApplication::translate("art32::Grants", "approved");
    case AccessRequest::State::Refused:
        return QCoreApplication::translate("art32::Grants", "refused");
    case AccessRequest::State::Expired:
        return QCoreApplication::translate("art32::Grants", "expired");
    case AccessRequest::State::Revoked:
        return QCoreApplication::translate("art32::Grants", "revoked");
    case AccessRequest::State::Withdrawn:
        return QCoreApplication::translate("art32::Grants", "withdrawn");
    }
    return {};
}

} // namespace art32::grants
