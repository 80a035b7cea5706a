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

Result<QList<AccessGrant>> list(pqxx::connection_base& conn, bool activeOnly, int limit)
{
    return Database::guarded([&]() -> Result<QList<AccessGrant>> {
        pqxx::read_transaction tx(conn);
        // States by the server's clock, so the console and may_read_plaintext() agree on what has expired.
        const pqxx::result r = tx.exec_params(
            "SELECT g.id, a.login, g.account_id, g.reason, g.granted_by, extract(epoch FROM g.granted_at)::float8, "
            "extract(epoch FROM g.expires_at)::float8, extract(epoch FROM g.revoked_at)::float8, "
            "CASE WHEN g.revoked_at IS NOT NULL THEN 2 WHEN g.expires_at <= art32.now() THEN 1 ELSE 0 END "
            "FROM art32.access_grants g JOIN art32.admins a ON a.id = g.admin_id "
            "WHERE NOT $1 OR (g.revoked_at IS NULL AND g.expires_at > art32.now()) "
            "ORDER BY g.granted_at DESC, g.id DESC LIMIT $2",
            activeOnly, limit);
        QList<AccessGrant> grants;
        grants.reserve(static_cast<qsizetype>(r.size()));
        for (const auto& row : r) {
            AccessGrant g;
            g.id = row[0].as<long long>();
            g.admin = QString::fromStdString(row[1].as<std::string>());
            g.accountId = row[2].as<long long>();
            g.reason = QString::fromStdString(row[3].as<std::string>());
            g.grantedBy = QString::fromStdString(row[4].as<std::string>());
            g.grantedAt = pgwire::epochTime(row[5]);
            g.expiresAt = pgwire::epochTime(row[6]);
            g.revokedAt = pgwire::epochTime(row[7]);
            g.state = static_cast<AccessGrant::State>(row[8].as<int>());
            grants.append(g);
        }
        return grants;
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

} // namespace art32::grants
